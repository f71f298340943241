"""The wall in Chromium while Redis goes away and comes back: it says it is stale, intake keeps
accepting, and what was accepted meanwhile reaches the wall once Redis is back."""
from __future__ import annotations

import pytest

from tests.conftest import unavailable
from tests.e2e.server import start_server
from tests.e2e.test_wall_live import demand, open_wall
from tests.scale.cluster import RedisServer

pytestmark = [pytest.mark.browser, pytest.mark.postgres, pytest.mark.redis]


def test_the_wall_shows_stale_while_redis_is_away_then_gets_what_was_held(browser, postgres_url, tmp_path):
    try:
        redis_server = RedisServer(tmp_path)
    except RuntimeError as error:
        unavailable(str(error))
    redis_server.start()
    server = start_server(tmp_path, database_url=postgres_url, redis_url=redis_server.url)
    try:
        page = open_wall(browser, server)
        page.locator(".wall-status.live").wait_for(timeout=15_000)
        redis_server.stop()
        page.locator(".wall-status.stale").wait_for(timeout=15_000)
        assert server.post("hotline12345", demand(71)).status_code == 201  # accepted and kept meanwhile
        page.screenshot(path=str(tmp_path / "wall-redis-away.png"))
        redis_server.start()
        page.locator(".ticker-item", has_text="路灯不亮第71号").wait_for(timeout=30_000)
        page.locator(".wall-status.live").wait_for(timeout=15_000)
        assert page.locator(".ticker-item", has_text="路灯不亮第71号").count() == 1
        page.close()
    finally:
        server.stop()
        redis_server.stop()
