"""Shared fixtures: a frozen clock, migrated databases, real services (required under CI=true)."""
from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import datetime, timezone

import pytest

from casework.clock import FrozenClock
from casework.store import Store, make_store
from casework.store.migrate import upgrade

IN_CI = os.environ.get("CI", "").lower() == "true"
POSTGRES_URL = os.environ.get("DATABASE_URL_TEST", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("REDIS_URL_TEST", "redis://127.0.0.1:6379/15")


def unavailable(reason: str) -> None:
    """Skip on a laptop without the service; fail in CI, where skipping hides a broken setup."""
    if IN_CI:
        pytest.fail(f"required in CI: {reason}")
    pytest.skip(reason)


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(datetime(2026, 11, 23, 2, 0, tzinfo=timezone.utc))  # 10:00 in Shanghai


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    url = f"sqlite:///{tmp_path / 'smartbrain.db'}"
    upgrade(url)
    return url


@pytest.fixture
def store(sqlite_url: str) -> Iterator[Store]:
    store = make_store(sqlite_url)
    yield store
    store.dispose()


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh schema on the real PostgreSQL server, dropped afterwards."""
    import sqlalchemy as sa

    try:
        admin = sa.create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            schema = f"t_{uuid.uuid4().hex[:12]}"
            connection.execute(sa.text(f"CREATE SCHEMA {schema}"))
    except Exception as error:  # noqa: BLE001
        unavailable(f"PostgreSQL at {POSTGRES_URL}: {error}")
    separator = "&" if "?" in POSTGRES_URL else "?"
    url = f"{POSTGRES_URL}{separator}options=-csearch_path%3D{schema}"
    upgrade(url)
    yield url
    with admin.connect() as connection:
        connection.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))
    admin.dispose()


@pytest.fixture
def pg_store(postgres_url: str) -> Iterator[Store]:
    store = make_store(postgres_url)
    yield store
    store.dispose()


@pytest.fixture
def redis_url() -> Iterator[str]:
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except Exception as error:  # noqa: BLE001
        unavailable(f"Redis at {REDIS_URL}: {error}")
    client.flushdb()
    yield REDIS_URL
    client.flushdb()
    client.close()
