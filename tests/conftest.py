"""Shared fixtures: a frozen clock, migrated databases, real services (required under CI=true)."""
from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import datetime, timezone

import pytest

from casework.clock import FrozenClock
from casework.store import Store, make_store
from casework.store.migrate import upgrade
from tests.services import POSTGRES_URL, REDIS_URL, postgres_schema, redis_db

IN_CI = os.environ.get("CI", "").lower() == "true"


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
    try:
        context = postgres_schema()
        url = context.__enter__()
    except Exception as error:  # noqa: BLE001
        unavailable(f"PostgreSQL at {POSTGRES_URL}: {error}")
    try:
        yield url
    finally:
        context.__exit__(None, None, None)


@pytest.fixture
def pg_store(postgres_url: str) -> Iterator[Store]:
    store = make_store(postgres_url)
    yield store
    store.dispose()


def scratch_redis(url: str) -> Iterator[str]:
    """Yield an emptied Redis database (a fixture body); skip, or fail under CI, when Redis is down."""
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except Exception as error:  # noqa: BLE001
        unavailable(f"Redis at {url}: {error}")
    with redis_db(url) as ready:
        yield ready


@pytest.fixture
def redis_url() -> Iterator[str]:
    yield from scratch_redis(REDIS_URL)


@pytest.fixture
def app(sqlite_url, clock):  # noqa: ANN001, ANN201
    """The whole app (Flask + Socket.IO + Dash) on a migrated SQLite file, frozen clock, not started."""
    from casework.settings import Settings
    from dashboard.server import create_app
    from realtime.runtime import build_runtime
    from tests.factories import TOKEN

    settings = Settings(DATABASE_URL=sqlite_url, SMARTBRAIN_DEMO_TOKEN=TOKEN)
    runtime = build_runtime(settings, clock=clock)
    smartbrain = create_app(settings, runtime=runtime)
    yield smartbrain
    runtime.stop()


@pytest.fixture
def client(app):  # noqa: ANN001, ANN201
    return app.flask.test_client()
