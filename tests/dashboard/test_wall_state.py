"""The wall's state beside the open cases (cameras, units, alerts, warnings), 复盘 replay, masking of
every event kind the wall shows, and its figures (categories, arrival curve, hotspots)."""
from __future__ import annotations

import copy
from datetime import datetime, timedelta, timezone

import pytest

from casework.actions import do_case_action, do_intake, do_unit_status
from casework.alarms import CameraAlarm, CameraStatus, demo_camera_specs, do_alarm, do_camera_status, seed_cameras
from casework.envelope import Envelope
from casework.figures import arrival_curve, category_mix, hotspot_points
from casework.privacy import mask_event_data
from casework.seed import seed_demo
from casework.store.outbox import enqueue, events_after
from geo.region import load_region
from realtime.bus import InProcessBus
from realtime.relay import OutboxRelay
from realtime.replay import BadPeriod, count_events, parse_period, parse_speed, replay_base, replay_events
from realtime.snapshot import apply_events, take_snapshot
from tests.factories import report

PERSONAL = ("张三丰", "13812345678", "511725199001011234")


def publish(store, clock) -> None:  # noqa: ANN001
    OutboxRelay(store, InProcessBus(), clock).run_once()


def warning_event(clock, n: int, **fields) -> Envelope:  # noqa: ANN001, ANN003
    now = clock.now()
    body = {"id": f"W-{n}", "title": f"渠江街道路灯类诉求激增，联系人张三丰13812345678 第{n}次",
            "where": {"township_code": "511725001", "township_name": "渠江街道",
                      "village_code": "511725001001", "village_name": "庆丰社区"},
            "observed": 12, "expected": 3, "level": "orange", "case_ids": ["C1", "C2"],
            "reporter": {"name": "张三丰", "phone": "13812345678"}, **fields}
    return Envelope.new("warning.raised", subject_id=f"W-{n}", occurred_at=now, received_at=now,
                        data={"warning": body}, actor="insight")


@pytest.fixture
def county(store, clock):  # noqa: ANN001, ANN201
    region = load_region("qu-county")
    with store.transaction() as s:
        seed_demo(s, region, clock=clock)
        seed_cameras(s, region, clock)
    return region


def test_warning_and_alert_payloads_are_masked_for_the_wall(clock):
    masked = mask_event_data(warning_event(clock, 1).data)
    assert not any(p in str(masked) for p in PERSONAL)
    assert masked["warning"]["where"]["township_name"] == "渠江街道" and masked["warning"]["level"] == "orange"
    flat = mask_event_data({"title": "身份证511725199001011234 的人反映", "level": 3})
    assert "511725199001011234" not in str(flat)
    alert = mask_event_data({"alert": {"id": "A", "notes": ["值班员 13812345678 已核实"], "camera": {}}})
    assert "13812345678" not in str(alert)


def test_a_public_case_is_placed_to_about_100_metres():
    from casework.privacy import mask_case

    public = mask_case({"id": "X", "title": "t", "lon": 106.967712, "lat": 30.842519, "reporter": {}})
    assert (public["lon"], public["lat"]) == (106.968, 30.843)


def test_wall_snapshot_plus_alert_unit_and_warning_events_equals_a_fresh_one(store, clock, county):
    publish(store, clock)
    with store.reading() as s:
        old = take_snapshot(s, clock=clock, public=True)
        unit_id = next(iter(old["units"]))
    assert old["cameras"] and old["units"] and old["warnings"] == [] and old["alerts"] == []
    assert all(set(c) == {"id", "name", "status", "lon", "lat", "t"} for c in old["cameras"].values())  # no IP/MAC
    clock.advance(seconds=30)
    with store.transaction() as s:
        do_intake(s, report(received_at=clock.now()), clock=clock)
        do_unit_status(s, unit_id, "en_route", clock=clock, actor="u", lon=106.95, lat=30.85)
        enqueue(s, warning_event(clock, 1))
        enqueue(s, warning_event(clock, 2, level="red"))
    publish(store, clock)
    with store.reading() as s:
        events = [{**e.wire(), "data": mask_event_data(e.wire()["data"])} for e in events_after(s, old["seq"])]
        fresh = take_snapshot(s, clock=clock, public=True)
    applied = apply_events(copy.deepcopy(old), events)
    assert applied == fresh
    assert [w["id"] for w in applied["warnings"]] == ["W-2", "W-1"]
    assert applied["units"][unit_id]["lon"] == 106.95 and applied["units"][unit_id]["s"] == "en_route"
    assert not any(p in str(applied) for p in PERSONAL)


def camera_report(spec, status: str, at: datetime) -> CameraStatus:  # noqa: ANN001
    return CameraStatus(source="hikvision", camera=spec.ref(), status=status,
                        event_type="videoloss" if status == "video_lost" else "heartBeat", occurred_at=at)


def hikvision_alarm(spec, n: int, at: datetime) -> CameraAlarm:  # noqa: ANN001
    return CameraAlarm(source="hikvision", camera=spec.ref(), kind="motion", event_type="VMD", state="active",
                       occurred_at=at, dedup_key=f"test:{spec.id}:{n}", title="移动侦测", raw="<x/>")


def test_camera_status_events_move_the_wall_camera_map_to_a_fresh_snapshot(store, clock, county):
    specs = [s for s in demo_camera_specs(county) if s.vendor == "hikvision"][:3]
    with store.transaction() as s:
        for spec in specs:
            do_camera_status(s, camera_report(spec, "online", clock.now()), clock=clock)
    publish(store, clock)
    with store.reading() as s:
        old = take_snapshot(s, clock=clock, public=True)
    assert {old["cameras"][spec.id]["status"] for spec in specs} == {"online"}
    lost, back, quiet = specs
    clock.advance(seconds=30)
    with store.transaction() as s:
        do_camera_status(s, camera_report(lost, "video_lost", clock.now()), clock=clock)
        do_camera_status(s, camera_report(back, "video_lost", clock.now()), clock=clock)
        do_camera_status(s, camera_report(quiet, "online", clock.now()), clock=clock)  # no change: no event
    clock.advance(seconds=30)
    with store.transaction() as s:
        do_camera_status(s, camera_report(back, "online", clock.now()), clock=clock)
        # an alarm from a camera without a picture leaves it dark, on the wall as in the registry
        do_alarm(s, hikvision_alarm(lost, 1, clock.now()), clock=clock)
    publish(store, clock)
    with store.reading() as s:
        wire = [e.wire() for e in events_after(s, old["seq"])]
        fresh = take_snapshot(s, clock=clock, public=True)
    assert [e["type"] for e in wire] == ["camera.status"] * 3 + ["alert.raised"]
    events = [{**e, "data": mask_event_data(e["data"])} for e in wire]
    assert not any(k in str(events) for k in ("10.25.", "c0:56:e3"))  # device addresses never travel
    applied = apply_events(copy.deepcopy(old), events)
    assert applied == fresh
    assert [applied["cameras"][spec.id]["status"] for spec in specs] == ["video_lost", "online", "online"]
    console = apply_events({"seq": old["seq"], "open": {}, "recent": [], "cases": {}, "today": old["today"]},
                           copy.deepcopy(wire))  # a console's state has no cameras: the event is skipped
    assert "cameras" not in console and console["seq"] == wire[-1]["seq"]


def test_replay_base_is_the_state_when_the_period_began(store, clock):
    start = clock.now()
    with store.transaction() as s:
        before = do_intake(s, report(received_at=clock.now() - timedelta(hours=1)), clock=clock).case["id"]
        closed_before = do_intake(s, report(received_at=clock.now() - timedelta(hours=1)), clock=clock).case["id"]
        do_case_action(s, closed_before, "merge", expected_version=1, clock=clock, actor="a", data={"into": before})
    publish(store, clock)
    clock.advance(minutes=10)
    with store.transaction() as s:
        during = do_intake(s, report(received_at=clock.now()), clock=clock).case["id"]
        do_case_action(s, before, "sign", expected_version=1, clock=clock, actor="a")
    publish(store, clock)
    end = clock.now() + timedelta(minutes=1)
    with store.reading() as s:
        base = replay_base(s, start + timedelta(seconds=1))
        events = replay_events(s, start + timedelta(seconds=1), end)
        counts = count_events(s, start + timedelta(seconds=1), end)
    assert set(base["open"]) == {before}  # the merged one had left; the later one had not come
    assert [e["id"] for e in events] == [during, before] and counts == {"case.created": 1, "case.updated": 1}
    assert all(e["seq"] > base["seq"] for e in events)
    assert not any(p in str(base) + str(events) for p in PERSONAL)
    assert "content" not in str(events)
    assert base["replay"]["from"].startswith("2026-11-23T10:00:01")


def test_replay_periods_and_speeds_are_checked():
    start, end = parse_period("2026-11-23T08:00", "2026-11-23T12:00")
    assert start.utcoffset() == timedelta(hours=8) and (end - start) == timedelta(hours=4)
    for bad in (("2026-11-23T12:00", "2026-11-23T08:00"), ("2026-11-23", None), ("yesterday", "today"),
                ("2026-01-01T00:00", "2026-03-01T00:00")):
        with pytest.raises(BadPeriod):
            parse_period(*bad)
    assert parse_speed("120") == 120.0
    for bad in ("0", "-1", "fast", "100000"):
        with pytest.raises(BadPeriod):
            parse_speed(bad)


def test_arrival_curve_against_the_same_weekday(store, clock):
    clock.advance(minutes=30)
    now = clock.now()  # Monday 2026-11-23 10:30 Shanghai
    with store.transaction() as s:
        for _ in range(3):
            do_intake(s, report(received_at=now - timedelta(minutes=5)), clock=clock)  # this hour
        do_intake(s, report(received_at=now - timedelta(hours=2)), clock=clock)  # 08:00 slot
        for week in (1, 2):  # the Mondays before, same 10:00 hour: 2 and 6 → average over 4 weeks is 2
            for _ in range(2 if week == 1 else 6):
                do_intake(s, report(received_at=now - timedelta(days=7 * week, minutes=5)), clock=clock)
        do_intake(s, report(received_at=now - timedelta(days=3)), clock=clock)  # another weekday: not counted
    with store.reading() as s:
        curve = arrival_curve(s, now)
    assert curve["hours"][-1].startswith("2026-11-23T10:00") and curve["hours"][0].startswith("2026-11-22T11:00")
    assert curve["counts"][-1] == 3 and curve["counts"][-3] == 1 and sum(curve["counts"]) == 4
    assert curve["average"][-1] == 2.0 and sum(curve["average"]) == 2.0


def test_categories_biggest_first_with_the_rest_summed():
    rows = [(f"类{n}", n) for n in range(1, 12)] + [(None, 5)]
    mix = category_mix(rows)
    assert mix[0] == {"name": "类11", "count": 11} and len(mix) == 9
    assert mix[-1]["name"] == "其他" and sum(r["count"] for r in mix) == sum(range(1, 12)) + 5


def test_hotspot_points_over_a_window(store, clock):
    now = clock.now()
    with store.transaction() as s:
        do_intake(s, report(received_at=now - timedelta(hours=2), location={"lon": 106.97, "lat": 30.84}), clock=clock)
        do_intake(s, report(received_at=now - timedelta(days=3), location={"lon": 106.90, "lat": 30.80}), clock=clock)
    with store.reading() as s:
        assert len(hotspot_points(s, now, "24h")) == 1 and len(hotspot_points(s, now, "7d")) == 2
        with pytest.raises(ValueError):
            hotspot_points(s, now, "1y")


def test_the_replay_command_counts_the_period_and_gives_the_wall_address(sqlite_url, store, clock, monkeypatch,
                                                                          capsys):
    from dashboard.cli import main

    with store.transaction() as s:
        do_intake(s, report(received_at=clock.now()), clock=clock)
    publish(store, clock)
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    assert main(["replay", "--from", "2026-11-23T09:00", "--to", "2026-11-23T11:00", "--speed", "120"]) == 0
    out = capsys.readouterr().out
    assert "1 events" in out and "case.created 1" in out and "60 s at 120x" in out
    assert "/wall?replay=2026-11-23T09%3A00%3A00%2B08%3A00~2026-11-23T11%3A00%3A00%2B08%3A00&speed=120" in out
    assert main(["replay", "--from", "2026-11-23T12:00", "--to", "2026-11-23T11:00"]) == 2
    assert "to must be after from" in capsys.readouterr().err
    assert main(["replay", "--from", "2026-11-20T09:00", "--to", "2026-11-20T10:00"]) == 1  # nothing to play
