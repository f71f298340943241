"""Transport: event bus, outbox relay, Socket.IO push, snapshots. Redis is transport, never truth."""
