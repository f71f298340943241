"""Real PostgreSQL and Redis for tests and benchmarks: a throwaway schema, a scratch database number;
and how tests wait for real threads and processes: `until` a condition holds, never a fixed sleep."""
from __future__ import annotations

import os
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

import redis
import sqlalchemy as sa

from casework.store.migrate import upgrade

POSTGRES_URL = os.environ.get("DATABASE_URL_TEST", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("REDIS_URL_TEST", "redis://127.0.0.1:6379/15")

T = TypeVar("T")
_NEVER = threading.Event()  # never set: waiting on it is a bounded pause between polls


def until(predicate: Callable[[], T], timeout: float = 10.0, interval: float = 0.02,
          message: str = "the condition") -> T:
    """Poll `predicate` until it returns something truthy and return that; AssertionError after `timeout` s.

    The predicate is asked once more at the deadline, so a slow poll never loses a last chance; an
    exception it raises (a process that exited early, say) propagates at once."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise AssertionError(f"timed out after {timeout:g} s waiting for {message}")
        _NEVER.wait(min(interval, remaining))


def pace(start: float, n: int, per_second: float) -> None:
    """Hold a load driver to its schedule: return at `start + n / per_second` on `time.monotonic()`,
    at once when already late. Pacing a sender is its schedule, not a test waiting for time to pass."""
    delay = start + n / per_second - time.monotonic()
    if delay > 0:
        _NEVER.wait(delay)


@contextmanager
def postgres_schema() -> Iterator[str]:
    admin = sa.create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    with admin.connect() as connection:
        connection.execute(sa.text(f"CREATE SCHEMA {schema}"))
    url = f"{POSTGRES_URL}?options=-csearch_path%3D{schema}"
    upgrade(url)
    try:
        yield url
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


@contextmanager
def redis_db(url: str = REDIS_URL) -> Iterator[str]:
    """A Redis database emptied before and after use."""
    client = redis.Redis.from_url(url)
    client.flushdb()
    try:
        yield url
    finally:
        client.flushdb()
        client.close()
