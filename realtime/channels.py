"""Names of our Redis pub/sub channels.

Keys live in the database number of `REDIS_URL`; pub/sub channels do not: every client of the Redis
server hears every channel whatever its database. So each channel carries a namespace, by default
`db<N>` of the URL (`SMARTBRAIN_REDIS_NAMESPACE` overrides it), and centers or test runs that share one
Redis on different databases never hear each other's Socket.IO traffic, relay kicks or timer wake-ups.
"""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qs, urlparse


def redis_namespace(redis_url: str | None, configured: str | None = None) -> str:
    if configured:
        return configured
    if not redis_url:
        return "local"
    parsed = urlparse(redis_url)
    db = parse_qs(parsed.query).get("db", [""])[0] or parsed.path.strip("/") or "0"
    return f"db{db}"


@dataclass(frozen=True)
class Channels:
    namespace: str

    @property
    def socketio(self) -> str:
        """Flask-SocketIO's message queue (its default, `flask-socketio`, would be shared by everyone)."""
        return f"smartbrain:{self.namespace}:socketio"

    @property
    def relay_kick(self) -> str:
        """A web process committed outbox rows: the leading relay publishes them now, not at its next poll."""
        return f"smartbrain:{self.namespace}:relay-kick"

    @property
    def timers_wake(self) -> str:
        return f"smartbrain:{self.namespace}:timers-wake"


def channels_for(redis_url: str | None, configured: str | None = None) -> Channels:
    return Channels(redis_namespace(redis_url, configured))
