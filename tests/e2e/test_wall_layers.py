"""The wall's map layers, panels, layouts and 复盘 in Chromium, against a real server process:
an event appears on the map and in the stream; a camera alarm flashes its camera and opens its picture;
a video loss turns its camera dark in place; an early warning fills the panel and the risk measure;
drill to a township and back; replay shows its banner and never takes live events; no personal data
in anything the wall room receives."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
import requests
from sqlalchemy import select

from bench.alarm_intake import JPEG, hikvision_xml
from casework.actions import do_unit_status
from casework.clock import SystemClock
from casework.envelope import Envelope
from casework.models import Unit
from casework.store import make_store
from casework.store.outbox import enqueue
from tests.e2e.server import start_server
from tests.e2e.test_wall_live import demand

pytestmark = pytest.mark.browser

PERSONAL = ("13812345678", "王小明", "小区门口路灯坏了", "511725199001011234")


@pytest.fixture
def server(tmp_path):  # noqa: ANN001, ANN201
    running = start_server(tmp_path)
    running.store = make_store(f"sqlite:///{tmp_path / 'e2e.db'}")  # the test writes insight's events as insight would
    yield running
    running.store.dispose()
    running.stop()


def open_wall(browser, server, query: str = "", width: int = 1920, height: int = 1080):  # noqa: ANN001, ANN201
    page = browser.new_page(viewport={"width": width, "height": height})
    page.goto(f"{server.base}/wall?token={server.token}{query}")
    page.wait_for_function("window.SmartBrainLive && window.SmartBrainLive.streams.wall"
                           " && window.SmartBrainLive.streams.wall.state"
                           " && window.SmartBrainLive.streams.wall.connected === true"
                           " && document.querySelector('.wall-overlay')", timeout=30_000)
    return page


def raise_warning(server, n: int, township: str = "511725001", level: str = "red") -> None:  # noqa: ANN001
    now = SystemClock().now()
    body = {"id": f"W-e2e-{n}", "title": f"渠江街道路灯类诉求激增 联系人王小明 13812345678（{n}）",
            "where": {"township_code": township, "township_name": "渠江街道", "village_code": "511725001001",
                      "village_name": "庆丰社区"},
            "observed": 14, "expected": 3, "level": level, "case_ids": ["C1", "C2", "C3"],
            "reporter": {"name": "王小明", "phone": "13812345678"}}
    with server.store.transaction() as session:
        enqueue(session, Envelope.new("warning.raised", subject_id=body["id"], occurred_at=now, received_at=now,
                                      data={"warning": body}, actor="insight"))


def post_alarm(server, n: int = 1, camera: int = 1) -> requests.Response:  # noqa: ANN001
    xml = hikvision_xml(n, camera, "fielddetection")
    return requests.post(f"{server.base}/api/v1/alarms/hikvision", headers={"Authorization": f"Bearer {server.token}"},
                         files={"fielddetection": ("a.xml", xml, "application/xml"),
                                "picture": ("p.jpg", JPEG, "image/jpeg")}, timeout=10)


def test_an_event_appears_on_the_map_and_in_the_stream_and_its_pulse_stops(browser, server):
    page = open_wall(browser, server)
    assert page.locator(".wall-overlay .incidents").count() == 0
    answer = server.post("hotline12345", demand(1))
    assert answer.status_code == 201, answer.text
    case_id = answer.json()["id"]
    page.locator(".ticker-item", has_text="路灯不亮第1号").wait_for(timeout=10_000)
    page.wait_for_function("document.querySelectorAll('.wall-overlay .incidents').length === 1", timeout=10_000)
    assert page.locator(".wall-overlay .incidents[data-beat^='pulse']").count() == 1  # it pulses
    point = page.locator(".wall-overlay .incidents").first
    box, map_box = point.bounding_box(), page.locator("#wall-map").bounding_box()
    assert map_box["x"] < box["x"] < map_box["x"] + map_box["width"]  # drawn inside the map
    assert map_box["y"] < box["y"] < map_box["y"] + map_box["height"]
    page.wait_for_function("window.SmartBrainLive.streams.wall.state.recent[0].id === " + repr(case_id))
    page.wait_for_function("""() => { const d = document.querySelector('#wall-map .js-plotly-plot').data[0];
        return d.z[d.locations.indexOf('511725001')] === 1; }""", timeout=10_000)  # 渠江街道: one open case
    # the arrival pulses a few times, stepped by the wall's beat timer (no CSS animation, which would have
    # Chromium render every display frame), then nothing runs: an idle wall animates nothing
    assert page.evaluate("document.getAnimations().length") == 0
    page.wait_for_function("window.SmartBrainWall.beating() === 0", timeout=15_000)
    assert page.locator(".wall-overlay [data-beat]").count() == 0
    page.close()


FILLS = """() => [...document.querySelectorAll('#wall-map path.choroplethlocation')].map(p => p.getAttribute('fill'))"""


def test_the_map_fill_changes_in_place_when_a_demand_arrives(browser, server):
    """A township's colour is set on its existing path, with Plotly's own colour for the value: no redraw of the
    map (no restyle, no plotly_afterplot), the same node; hover's value follows. A busier township than the scale's
    top redraws it once, with the colorbar."""
    page = open_wall(browser, server)
    page.wait_for_function("window.SmartBrainWall.perf.restyles >= 1 && window.SmartBrainWall.perf.afterplots >= 1")
    page.wait_for_timeout(1500)  # the figures' first push and its redraw of the point layers
    page.evaluate("""() => { const gd = document.querySelector('#wall-map .js-plotly-plot');
        const i = gd.data[0].locations.indexOf('511725001');
        window.__path = [...gd.querySelectorAll('path.choroplethlocation')].find(p => p.__data__.index === i);
        window.__before = { fill: window.__path.getAttribute('fill'), restyles: window.SmartBrainWall.perf.restyles,
                            afterplots: window.SmartBrainWall.perf.afterplots }; }""")
    assert server.post("hotline12345", demand(1)).status_code == 201
    page.wait_for_function("window.__path.getAttribute('fill') !== window.__before.fill", timeout=10_000)
    state = page.evaluate("""() => { const gd = document.querySelector('#wall-map .js-plotly-plot'), p = window.SmartBrainWall.perf;
        const i = gd.data[0].locations.indexOf('511725001');
        const node = [...gd.querySelectorAll('path.choroplethlocation')].find(n => n.__data__.index === i);
        const scale = JSON.parse(document.querySelector('.wall').dataset.scales).open;
        return { same: node === window.__path, connected: window.__path.isConnected, z: gd.data[0].z[i], hover: node.__data__.z,
                 fill: node.getAttribute('fill'), expected: window.SmartBrainWall.painter(scale, 0, 5)(1),
                 zmax: gd._fullData[0].zmax, restyles: p.restyles - window.__before.restyles,
                 afterplots: p.afterplots - window.__before.afterplots }; }""")
    assert state["same"] and state["connected"], state  # the same path element, painted in place
    assert state["z"] == 1 and state["hover"] == 1 and state["zmax"] == 5, state
    assert state["fill"] == state["expected"], state
    assert state["restyles"] == 0 and state["afterplots"] == 0, state  # no Plotly redraw
    fills = page.evaluate(FILLS)
    page.evaluate("""() => { const gd = document.querySelector('#wall-map .js-plotly-plot');
        return window.Plotly.restyle(gd, { z: [gd.data[0].z.slice()] }, [0]); }""")
    assert page.evaluate(FILLS) == fills  # Plotly's own rendering of the same values: the same colours

    # six open cases in one township: above the scale's top (5), so the colorbar is redrawn, once
    before = page.evaluate("window.SmartBrainWall.perf.restyles")
    for n in range(2, 7):
        assert server.post("hotline12345", demand(n)).status_code == 201
    page.wait_for_function("""() => { const d = document.querySelector('#wall-map .js-plotly-plot').data[0];
        return d.z[d.locations.indexOf('511725001')] === 6; }""", timeout=10_000)
    page.wait_for_timeout(1200)
    assert page.evaluate("document.querySelector('#wall-map .js-plotly-plot')._fullData[0].zmax") == 6
    assert 1 <= page.evaluate("window.SmartBrainWall.perf.restyles") - before <= 2
    fills = page.evaluate(FILLS)
    page.evaluate("""() => { const gd = document.querySelector('#wall-map .js-plotly-plot');
        return window.Plotly.restyle(gd, { z: [gd.data[0].z.slice()] }, [0]); }""")
    assert page.evaluate(FILLS) == fills
    page.close()


def test_a_camera_alarm_flashes_the_camera_and_opens_its_picture(browser, server):
    page = open_wall(browser, server)
    assert page.locator(".wall-overlay .cameras").count() > 30  # every registered camera with a position
    answer = post_alarm(server)
    assert answer.status_code in (200, 201), answer.text
    page.locator(".wall-overlay .cameras.alarm[data-beat^='flash']").wait_for(state="attached", timeout=10_000)
    page.locator("#wall-camera-popup.open img[src^='blob:']").wait_for(state="attached", timeout=15_000)
    assert page.locator("#wall-camera-popup.open").is_visible()
    assert "渠江街道" in page.locator("#wall-camera-popup .popup-title").inner_text()
    page.wait_for_function("document.querySelectorAll('.wall-overlay .cameras.alarm').length === 1", timeout=10_000)
    page.locator(".alert-item.open").first.wait_for(timeout=5_000)
    page.close()


def post_status(server, n: int, state: str, camera: int = 1) -> requests.Response:  # noqa: ANN001
    """Hikvision `videoloss`: inactive is the device's heartbeat, active a lost picture."""
    return requests.post(f"{server.base}/api/v1/alarms/hikvision", data=hikvision_xml(n, camera, "videoloss", state),
                         headers={"Authorization": f"Bearer {server.token}", "Content-Type": "application/xml"},
                         timeout=10)


def test_a_video_loss_turns_the_camera_dark_on_the_wall_without_a_reload(browser, server):
    page = open_wall(browser, server)
    beat = post_status(server, 1, "inactive")
    assert beat.status_code == 200 and beat.json()["outcome"] == "status", beat.text
    camera_id = beat.json()["camera"]["id"]
    point = f".wall-overlay .cameras[data-id={camera_id!r}]"
    page.wait_for_function(f"window.SmartBrainLive.streams.wall.state.cameras[{camera_id!r}].status === 'online'",
                           timeout=10_000)  # its first heartbeat: unknown → online, told as camera.status
    assert "offline" not in page.locator(point).get_attribute("class")
    page.evaluate("window.__sameDocument = true")
    snapshots = page.evaluate("window.SmartBrainLive.streams.wall.stats.snapshots")

    lost = post_status(server, 2, "active")
    assert lost.status_code == 200 and lost.json()["camera"]["status"] == "video_lost", lost.text
    page.locator(point + ".offline").wait_for(state="attached", timeout=10_000)
    assert page.locator(".wall-overlay .cameras.offline").count() == 1
    assert page.evaluate("window.__sameDocument === true")  # in place: no reload
    assert page.evaluate("window.SmartBrainLive.streams.wall.stats.snapshots") == snapshots  # no new snapshot either

    back = post_status(server, 3, "inactive")
    assert back.status_code == 200 and back.json()["camera"]["status"] == "online", back.text
    page.wait_for_function(f"!document.querySelector({point!r}).classList.contains('offline')", timeout=10_000)
    assert page.evaluate("window.__sameDocument === true")
    page.close()


def test_an_early_warning_fills_the_panel_and_the_risk_measure(browser, server):
    page = open_wall(browser, server, "&measure=risk&rotate=600")
    assert "暂无预警" in page.locator("#wall-warnings").inner_text()  # the empty state until insight raises one
    raise_warning(server, 1)
    page.locator(".warning.level-4", has_text="路灯类诉求激增").wait_for(timeout=10_000)
    text = page.locator("#wall-warnings").inner_text()
    assert "渠江街道" in text and "实际 14 / 常态 3" in text and "3 件" in text
    assert "王小明" not in text and "13812345678" not in text
    page.wait_for_function("""() => { const d = document.querySelector('#wall-map .js-plotly-plot').data[0];
        return d.z[d.locations.indexOf('511725001')] === 4; }""", timeout=10_000)
    page.close()


def test_drill_to_a_township_and_back(browser, server):
    page = open_wall(browser, server)
    assert server.post("hotline12345", demand(1)).status_code == 201
    page.wait_for_function("document.querySelectorAll('.wall-overlay .incidents').length === 1", timeout=10_000)
    page.goto(f"{server.base}/wall?token={server.token}&township=511725001")
    page.wait_for_function("""() => { const gd = document.querySelector('#wall-map .js-plotly-plot');
        return gd && gd.data && gd.data[0].locations.length > 1 && gd.data[0].locations.every(c => c.startsWith('511725001'))
               && gd.data[0].locations[0].length === 12; }""", timeout=30_000)
    assert "渠江街道" in page.locator("#wall-map-place").inner_text()
    page.wait_for_function("""() => { const d = document.querySelector('#wall-map .js-plotly-plot').data[0];
        return d.z.reduce((a, b) => a + b, 0) === 1; }""", timeout=10_000)  # the case, in its village
    page.locator(".map-back").click()
    page.wait_for_function("document.querySelector('#wall-map .js-plotly-plot').data[0].locations.length === 37",
                           timeout=10_000)
    assert page.locator(".map-back").is_hidden()
    page.locator("#wall-map path.choroplethlocation").nth(0).click(force=True)  # a click drills again
    page.wait_for_function("document.querySelector('#wall-map .js-plotly-plot').data[0].locations[0].length === 12",
                           timeout=10_000)
    page.close()


def test_replay_shows_its_banner_and_never_takes_live_events(browser, server):
    begin = datetime.now(timezone.utc) - timedelta(seconds=2)
    assert server.post("hotline12345", demand(1)).status_code == 201
    raise_warning(server, 1)
    live = open_wall(browser, server, "&rotate=600")  # the warnings panel stays in front
    live.locator(".warning").first.wait_for(timeout=10_000)
    end = datetime.now(timezone.utc) + timedelta(seconds=1)
    period = f"{begin.isoformat()}~{end.isoformat()}".replace("+", "%2B")
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    page.goto(f"{server.base}/wall?token={server.token}&replay={period}&speed=10&rotate=600")
    page.locator(".wall-replay-banner", has_text="复盘").wait_for(timeout=30_000)
    assert "复盘" in page.locator("#wall-status").inner_text()
    page.locator(".ticker-item", has_text="路灯不亮第1号").wait_for(timeout=15_000)  # replayed from the log
    page.locator(".warning", has_text="路灯类诉求激增").wait_for(timeout=15_000)
    page.locator(".wall-replay-banner", has_text="结束").wait_for(timeout=30_000)
    assert page.evaluate("window.SmartBrainLive.streams.wall.socket === undefined")  # no live socket at all
    assert server.post("hotline12345", demand(2)).status_code == 201
    live.locator(".ticker-item", has_text="路灯不亮第2号").wait_for(timeout=10_000)  # the live wall has it
    assert page.locator(".ticker-item", has_text="路灯不亮第2号").count() == 0  # the replay never does
    assert page.locator("#wall-today").inner_text() == "1"
    live.close()
    page.close()


@pytest.mark.parametrize("layout,width,height", [("wide", 3840, 1080), ("tiles", 3840, 2160)])
def test_wide_and_tiled_layouts_show_every_panel(browser, server, layout, width, height):
    page = open_wall(browser, server, f"&layout={layout}", width, height)
    for selector in (".wall-figures", ".wall-map", ".wall-stream", ".focus-warnings", ".focus-categories",
                     ".focus-curve", ".focus-alerts"):
        box = page.locator(selector).bounding_box()
        assert box and box["width"] > 400 and box["height"] > 200, selector
        assert box["x"] + box["width"] <= width + 1 and box["y"] + box["height"] <= height + 1, selector
    if layout == "tiles":  # no panel straddles the seams between the four screens
        for selector in (".wall-figures", ".wall-map", ".wall-stream", ".focus-warnings", ".focus-categories",
                         ".focus-curve", ".focus-alerts"):
            box = page.locator(selector).bounding_box()
            assert box["x"] + box["width"] <= 1920 or box["x"] >= 1920, selector
            assert box["y"] + box["height"] <= 1080 or box["y"] >= 1080, selector
    page.close()


def test_focus_panels_rotate_on_a_single_screen(browser, server):
    page = open_wall(browser, server, "&rotate=5")
    first = page.evaluate("document.querySelector('.focus-panel.active').dataset.focus")
    page.wait_for_function(f"document.querySelector('.focus-panel.active').dataset.focus !== {first!r}", timeout=15_000)
    assert page.locator(".focus-panel.active").count() == 1
    page.close()


def test_no_personal_data_in_any_payload_of_any_kind_sent_to_the_wall(browser, server):
    page = open_wall(browser, server)
    page.evaluate("""() => { window.__frames = [];
        window.SmartBrainLive.streams.wall.socket.on('events', (batch) => window.__frames.push(JSON.stringify(batch))); }""")
    assert server.post("hotline12345", demand(7)).status_code == 201
    assert post_alarm(server, 3, 2).status_code in (200, 201)
    assert post_status(server, 4, "active", camera=3).status_code == 200
    raise_warning(server, 9)
    with server.store.transaction() as session:
        unit_id = session.scalars(select(Unit.id)).first()
        do_unit_status(session, unit_id, "en_route", clock=SystemClock(), actor="e2e", lon=106.95, lat=30.85)
    page.wait_for_function("""() => { const all = window.__frames.join('');
        return ['case.created', 'alert.raised', 'camera.status', 'warning.raised', 'unit.updated']
          .every(k => all.includes(k)); }""",
                           timeout=20_000)
    frames = page.evaluate("window.__frames.join('\\n')")
    fetch = ("(path) => fetch(path, {headers: {Authorization: 'Bearer " + server.token + "'}}).then(r => r.text())")
    now = datetime.now(timezone.utc)
    period = f"from={(now - timedelta(minutes=5)).isoformat()}&to={(now + timedelta(minutes=1)).isoformat()}".replace("+", "%2B")
    answers = [page.evaluate(fetch, path) for path in (
        "/api/v1/live/snapshot?room=wall", "/api/v1/live/events?room=wall&after=0", "/api/v1/live/figures?room=wall",
        f"/api/v1/live/replay/base?{period}", f"/api/v1/live/replay/events?{period}",
        f"/api/v1/live/replay/figures?{period}")]
    assert all(a.startswith("{") for a in answers), answers
    for text in (frames, *answers, page.content()):
        for personal in PERSONAL:
            assert personal not in text, personal
    for text in (frames, answers[0], answers[1]):  # camera addresses stay off the wall
        assert "10.25." not in text and "c0:56:e3" not in text
    page.close()
