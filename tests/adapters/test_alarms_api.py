"""`GET /api/v1/alerts`, `GET /api/v1/cameras`, the demo camera registry and the 0002 migration."""
from __future__ import annotations

import threading

import pytest
from sqlalchemy import inspect, select

from casework.alarms import CameraSpec, demo_camera_specs, do_register_camera, seed_cameras
from casework.models import Camera
from casework.store import make_store
from casework.store.migrate import alembic_config, upgrade
from casework.tokens import Principal
from tests.adapters.test_hikvision import AUTH, EXAMPLES, app, client, post_xml, rows, with_fields  # noqa: F401

VMD = (EXAMPLES / "vmd.xml").read_bytes()
INTRUSION = (EXAMPLES / "fielddetection_human.xml").read_bytes()


def get(client, path: str, headers: dict | None = None):  # noqa: ANN001, ANN201
    return client.get(path, headers=AUTH if headers is None else headers)


# --- cameras ------------------------------------------------------------------------------------------

def test_the_demo_registry_covers_every_township(client, app):
    answer = get(client, "/api/v1/cameras?limit=500")
    assert answer.status_code == 200
    cameras = answer.json["cameras"]
    assert len(cameras) == 43 and answer.json["next"] is None
    townships = {t["code"] for t in app.runtime.region.townships}
    assert {c["township_code"] for c in cameras} == townships
    assert {c["source_system"] for c in cameras} == {"雪亮", "天网", "部门"}
    assert all(c["known"] and c["lon"] and c["lat"] for c in cameras)
    assert sum(1 for c in cameras if c["village_code"]) >= 40  # placed by the region's village lookup
    nvr = [c for c in cameras if c["serial_number"]]
    assert len(nvr) == 4 and len({c["channel"] for c in nvr}) == 4 and len({c["mac_address"] for c in nvr}) == 1


def test_seeding_twice_adds_nothing(app, clock):
    with app.runtime.store.transaction() as session:
        assert seed_cameras(session, app.runtime.region, clock) == 0
    assert len(demo_camera_specs(app.runtime.region)) == 43


def test_cameras_page_by_cursor(client, app):
    seen, cursor = [], None
    while True:
        answer = get(client, "/api/v1/cameras?limit=10" + (f"&after={cursor}" if cursor else ""))
        seen += [c["id"] for c in answer.json["cameras"]]
        cursor = answer.json["next"]
        if cursor is None:
            break
    assert len(seen) == 43 and seen == sorted(seen) and len(set(seen)) == 43


def test_unknown_cameras_are_listed_and_filterable(client, app):
    post_xml(client, VMD)
    unknown = get(client, "/api/v1/cameras?known=false").json["cameras"]
    assert len(unknown) == 1 and unknown[0]["source_system"] == "未登记" and unknown[0]["status"] == "online"
    assert len(get(client, "/api/v1/cameras?known=true&limit=500").json["cameras"]) == 43
    assert [c["id"] for c in get(client, "/api/v1/cameras?status=online").json["cameras"]] == [unknown[0]["id"]]
    township = get(client, "/api/v1/cameras?township=511725001").json["cameras"]
    assert len(township) == 5 and {c["township_code"] for c in township} == {"511725001"}


def test_registering_adopts_a_flagged_camera(client, app, clock):
    alert = post_xml(client, INTRUSION).json["alert"]
    with app.runtime.store.transaction() as session:
        summary, created = do_register_camera(session, CameraSpec(
            id="CAM-NEW", name="庆丰社区北门", source_system="天网", vendor="hikvision", channel="1",
            mac_address="ac:b9:2f:49:44:75", township_code="511725001"), clock=clock)
    assert created and summary["id"] == alert["camera"]["id"] and summary["known"] is True  # alerts stay linked
    assert summary["name"] == "庆丰社区北门"
    again = post_xml(client, with_fields(INTRUSION, activePostCount="2")).json
    assert again["camera"]["known"] is True and again["alert"]["id"] == alert["id"]


# --- alerts -------------------------------------------------------------------------------------------

def test_alerts_newest_first_with_filters(client, app, clock):
    vmd = post_xml(client, VMD).json["alert"]
    clock.advance(minutes=10)
    intrusion = post_xml(client, INTRUSION).json["alert"]
    post_xml(client, with_fields(VMD, eventState="inactive", activePostCount="2"))  # nothing open to end: noted
    answer = get(client, "/api/v1/alerts")
    assert [a["id"] for a in answer.json["alerts"]] == [intrusion["id"], vmd["id"]]
    assert answer.json["alerts"][0]["camera"]["name"] == "COUR NORD"
    assert [a["id"] for a in get(client, f"/api/v1/alerts?camera={vmd['camera']['id']}").json["alerts"]] \
        == [vmd["id"]]
    assert [a["id"] for a in get(client, "/api/v1/alerts?since=2026-11-23T10:05:00").json["alerts"]] \
        == [intrusion["id"]]  # no offset: Asia/Shanghai
    assert [a["id"] for a in get(client, "/api/v1/alerts?since=2026-11-23T02:05:00%2B00:00").json["alerts"]] \
        == [intrusion["id"]]
    assert get(client, "/api/v1/alerts?status=ended").json["alerts"] == []


def test_alerts_page_by_cursor(client, app, clock):
    for n in range(5):
        post_xml(client, with_fields(VMD, activePostCount=str(n)))
        clock.advance(minutes=6)  # each its own alert
    first = get(client, "/api/v1/alerts?limit=2").json
    second = get(client, f"/api/v1/alerts?limit=2&before={first['next']}").json
    third = get(client, f"/api/v1/alerts?limit=2&before={second['next']}").json
    ids = [a["id"] for page in (first, second, third) for a in page["alerts"]]
    assert len(ids) == 5 and ids == sorted(ids, reverse=True) and third["next"] is None
    statuses = [a["status"] for page in (first, second, third) for a in page["alerts"]]
    assert statuses == ["open", "lapsed", "lapsed", "lapsed", "lapsed"]


@pytest.mark.parametrize("query,reason", [
    ("status=closed", "status must be one of"),
    ("since=yesterday", "ISO 8601"),
    ("limit=0", "limit"),
    ("limit=many", "limit"),
    ("page=2", "unknown query parameters"),
])
def test_bad_alert_queries(client, app, query, reason):
    answer = get(client, f"/api/v1/alerts?{query}")
    assert answer.status_code == 400 and reason in answer.json["error"]


def test_bad_camera_queries(client, app):
    assert get(client, "/api/v1/cameras?known=maybe").status_code == 400
    assert get(client, "/api/v1/cameras?status=broken").status_code == 400


@pytest.mark.parametrize("scopes,status", [
    ({"cases:read"}, 200), ({"live:console"}, 200), ({"cases:*"}, 200), ({"alerts:read"}, 200),
    ({"intake:hikvision"}, 403), ({"units:*"}, 403),
])
def test_read_scopes(client, app, scopes, status):
    app.runtime.tokens.add("reader-token-000000000", Principal("reader", frozenset(scopes)))
    headers = {"Authorization": "Bearer reader-token-000000000"}
    assert get(client, "/api/v1/alerts", headers).status_code == status
    assert get(client, "/api/v1/cameras", headers).status_code == status


def test_reads_need_a_token(client):
    assert get(client, "/api/v1/alerts", {}).status_code == 401
    assert get(client, "/api/v1/cameras", {"Authorization": "Bearer unknown-token-000000"}).status_code == 401
    assert get(client, "/api/v1/alarm-pictures/nothing", {}).status_code == 401


def test_unknown_source_and_picture(client):
    assert client.post("/api/v1/alarms/dahua", data=VMD, content_type="application/xml",
                       headers=AUTH).status_code == 404
    assert get(client, "/api/v1/alarm-pictures/01J0000000000000000000000").status_code == 404


# --- the migration --------------------------------------------------------------------------------------

def test_migration_0002_alarms_goes_down_and_up(tmp_path):
    from alembic import command
    from alembic.script import ScriptDirectory

    url = f"sqlite:///{tmp_path / 'm.db'}"
    upgrade(url)
    config = alembic_config(url)
    before = ScriptDirectory.from_config(config).get_revision("0002_alarms").down_revision
    command.downgrade(config, before)
    store = make_store(url)
    tables = set(inspect(store.engine).get_table_names())
    assert "alarm_receipts" not in tables and "vendor" not in {c["name"] for c in inspect(store.engine)
                                                              .get_columns("cameras")}
    store.dispose()
    upgrade(url)
    store = make_store(url)
    columns = {c["name"] for c in inspect(store.engine).get_columns("alerts")}
    assert {"label", "zones", "occurred_at", "ended_at", "notified_at", "notes"} <= columns
    with store.reading() as session:
        assert session.scalars(select(Camera)).all() == []
    store.dispose()


def test_the_registry_rows_match_the_specs(app):
    specs = {s.id: s for s in demo_camera_specs(app.runtime.region)}
    for camera in rows(app, Camera):
        spec = specs[camera.id]
        assert (camera.name, camera.channel, camera.ip_address) == (spec.name, spec.channel, spec.ip_address)


# --- PostgreSQL: concurrent alarms of one camera ----------------------------------------------------

def _concurrently(pg_store, clock, alarms) -> list[str]:  # noqa: ANN001
    from casework.alarms import do_alarm

    outcomes, barrier = [], threading.Barrier(len(alarms))

    def worker(alarm) -> None:  # noqa: ANN001
        barrier.wait()
        with pg_store.transaction() as session:
            outcomes.append(do_alarm(session, alarm, clock=clock).outcome)

    threads = [threading.Thread(target=worker, args=(alarm,)) for alarm in alarms]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(outcomes)


@pytest.mark.postgres
def test_a_concurrent_storm_from_an_unknown_camera_is_one_alert(pg_store, clock):
    from adapters.hikvision import HikvisionAdapter
    from casework.alarms import AlarmReceipt
    from casework.models import Alert, OutboxEvent

    adapter = HikvisionAdapter()

    def parse(xml: bytes):  # noqa: ANN202
        return adapter.parse(xml, "application/xml", received_at=clock.now())

    storm = [parse(with_fields(INTRUSION, activePostCount=str(n))) for n in range(1, 7)]
    assert _concurrently(pg_store, clock, storm) == ["collapsed"] * 5 + ["opened"]
    same = [parse(with_fields(INTRUSION, activePostCount="99"))] * 4
    assert _concurrently(pg_store, clock, same) == ["collapsed"] + ["duplicate"] * 3
    with pg_store.reading() as session:
        [camera] = session.scalars(select(Camera).where(Camera.known.is_(False))).all()
        [alert] = session.scalars(select(Alert)).all()
        assert alert.count == 7 and alert.case_id is not None and alert.camera_id == camera.id
        assert len(session.scalars(select(AlarmReceipt)).all()) == 7
        assert [r.type for r in session.scalars(select(OutboxEvent))].count("alert.raised") == 1
