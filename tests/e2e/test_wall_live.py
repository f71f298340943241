"""A demand POSTed to intake appears on the wall in Chromium, live, embedded and on PostgreSQL/Redis."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone

import pytest

from tests.e2e.server import start_server

pytestmark = pytest.mark.browser


def demand(n: int, **overrides) -> dict:  # noqa: ANN003
    body = {
        "external_id": f"E2E-{n}",
        "received_at": datetime.now(timezone.utc).isoformat(),
        "title": f"渠江街道庆丰社区路灯不亮第{n}号",
        "content": "小区门口路灯坏了一个星期，晚上出行不安全，请尽快修复。联系电话13812345678",
        "category": "城乡建设",
        "reporter": {"name": "王小明", "phone": "13812345678"},
        "location": {"lon": 106.9677, "lat": 30.8425, "crs": "WGS84", "address": "渠江街道庆丰社区"},
    }
    body.update(overrides)
    return body


@pytest.fixture(params=["embedded", "postgres+redis"])
def server(request, tmp_path):  # noqa: ANN001, ANN201
    if request.param == "embedded":
        running = start_server(tmp_path)
    else:
        database_url = request.getfixturevalue("postgres_url")
        redis_url = request.getfixturevalue("redis_url")
        running = start_server(tmp_path, database_url=database_url, redis_url=redis_url)
    yield running
    running.stop()


def open_wall(browser, server):  # noqa: ANN001, ANN201
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    page.goto(f"{server.base}/wall?token={server.token}")
    page.wait_for_function("window.SmartBrainLive && window.SmartBrainLive.streams.wall"
                           " && window.SmartBrainLive.streams.wall.state"
                           " && window.SmartBrainLive.streams.wall.connected === true", timeout=30_000)
    return page


def test_posted_demand_appears_on_the_wall(browser, server):
    page = open_wall(browser, server)
    answer = server.post("hotline12345", demand(1))
    assert answer.status_code == 201, answer.text
    item = page.locator(".ticker-item", has_text="路灯不亮第1号")
    item.wait_for(timeout=10_000)
    assert "渠江街道" in item.inner_text()
    assert page.locator("#wall-today").inner_text() == "1"
    page_text = page.content()
    assert "13812345678" not in page_text and "王小明" not in page_text
    page.close()


def test_burst_of_1000_events_all_applied(browser, server):
    page = open_wall(browser, server)
    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(lambda n: server.post("hotline12345", demand(n)).status_code, range(1000)))
    assert answers.count(201) == 1000
    page.wait_for_function("window.SmartBrainLive.streams.wall.state.seq >= 1000", timeout=60_000)
    stats = page.evaluate("window.SmartBrainLive.streams.wall.stats")
    assert stats["applied"] == 1000
    assert page.locator("#wall-today").inner_text() == "1000"
    page.close()


def test_wall_recovers_by_itself_after_a_server_restart(browser, tmp_path):
    first = start_server(tmp_path)
    port = int(first.base.rsplit(":", 1)[1])
    try:
        page = open_wall(browser, first)
        assert first.post("hotline12345", demand(1)).status_code == 201
        page.locator(".ticker-item", has_text="路灯不亮第1号").wait_for(timeout=10_000)
    finally:
        first.stop()
    page.locator(".wall-status.stale").wait_for(timeout=15_000)  # it says it is stale
    second = start_server(tmp_path, port=port)  # same database, same address
    try:
        page.wait_for_function("window.SmartBrainLive.streams.wall.connected === true", timeout=30_000)
        assert second.post("hotline12345", demand(2)).status_code == 201
        page.locator(".ticker-item", has_text="路灯不亮第2号").wait_for(timeout=10_000)
        assert page.locator("#wall-today").inner_text() == "2"
        assert page.locator(".wall-status.live").count() == 1
    finally:
        second.stop()
    page.close()


def test_wall_room_payloads_never_carry_personal_data(browser, server):
    page = open_wall(browser, server)
    page.evaluate("""() => { window.__frames = [];
        window.SmartBrainLive.streams.wall.socket.on('events', (batch) => window.__frames.push(JSON.stringify(batch))); }""")
    for n in range(5):
        assert server.post("hotline12345", demand(100 + n)).status_code == 201
    page.wait_for_function("window.__frames.join('').includes('第104号')", timeout=10_000)
    frames = page.evaluate("window.__frames.join('\\n')")
    snapshot = page.evaluate("fetch('/api/v1/live/snapshot?room=wall', {headers: {Authorization: 'Bearer "
                             + server.token + "'}}).then(r => r.text())")
    for text in (frames, snapshot, page.content()):
        assert "13812345678" not in text and "王小明" not in text and "小区门口路灯坏了" not in text
