"""Persistence: engine, sessions, outbox and migrations."""
from .engine import Store, make_store

__all__ = ["Store", "make_store"]
