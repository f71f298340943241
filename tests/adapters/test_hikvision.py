"""`POST /api/v1/alarms/hikvision`: real ISAPI pushes, storms, heartbeats, and every hostile body."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from sqlalchemy import func, select

from adapters.http_alarms import make_alarms_blueprint
from casework.alarms import DEMO_NVR_SERIAL, AlarmPicture, AlarmReceipt, CameraSpec, do_register_camera, seed_cameras
from casework.models import Alert, Camera, Case, OutboxEvent
from casework.settings import Settings
from casework.tokens import Principal
from dashboard.server import create_app
from realtime.runtime import build_runtime

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "adapters" / "hikvision" / "examples"
TOKEN = "test-token-0123456789abcdef"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
URL = "/api/v1/alarms/hikvision"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + b"\x00" * 200 + b"\xff\xd9"


@pytest.fixture
def app(sqlite_url, clock):  # noqa: ANN001, ANN201
    settings = Settings(DATABASE_URL=sqlite_url, SMARTBRAIN_DEMO_TOKEN=TOKEN)
    runtime = build_runtime(settings, clock=clock)
    smartbrain = create_app(settings, runtime=runtime)
    if "alarms" not in smartbrain.flask.blueprints:  # until dashboard/server.py registers it
        smartbrain.flask.register_blueprint(make_alarms_blueprint(runtime))
    with runtime.store.transaction() as session:
        seed_cameras(session, runtime.region, clock)
    yield smartbrain
    runtime.stop()


@pytest.fixture
def client(app):  # noqa: ANN001, ANN201
    return app.flask.test_client()


def sample(name: str) -> bytes:
    return (EXAMPLES / name).read_bytes()


def stored(app) -> dict[str, int]:  # noqa: ANN001
    with app.runtime.store.reading() as s:
        return {m.__tablename__: s.scalar(select(func.count()).select_from(m))
                for m in (Camera, Alert, AlarmReceipt, AlarmPicture, Case, OutboxEvent)}


def rows(app, model, *where):  # noqa: ANN001, ANN002, ANN201
    with app.runtime.store.reading() as s:
        return s.scalars(select(model).where(*where)).all()


def post_xml(client, xml: bytes | str, content_type: str = "application/xml"):  # noqa: ANN001, ANN201
    data = xml.encode() if isinstance(xml, str) else xml
    return client.post(URL, data=data, content_type=content_type, headers=AUTH)


def with_fields(xml: bytes, **values: str) -> bytes:
    """The sample with some elements' text replaced (activePostCount=3, dateTime=...)."""
    text = xml.decode()
    for key, value in values.items():
        text, n = re.subn(rf"<{key}>[^<]*</{key}>", f"<{key}>{value}</{key}>", text)
        assert n == 1, key
    return text.encode()


def multipart(*parts: tuple[dict[str, str], bytes], boundary: str = "MIME_boundary") -> tuple[bytes, str]:
    chunks = []
    for headers, data in parts:
        head = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
        chunks.append(f"--{boundary}\r\n{head}\r\n".encode() + data + b"\r\n")
    return b"".join(chunks) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def xml_part(xml: bytes, name: str = "fielddetection") -> tuple[dict[str, str], bytes]:
    return {"Content-Disposition": f'form-data; name="{name}"', "Content-Type": "application/xml"}, xml


def picture_part(data: bytes = JPEG, name: str = "fielddetectionImage") -> tuple[dict[str, str], bytes]:
    return {"Content-Disposition": f'form-data; name="{name}"; filename="{name}.jpg"',
            "Content-Type": "image/jpeg"}, data


# --- the real samples -------------------------------------------------------------------------------

def test_motion_detection_opens_an_alert_and_no_case(client, app):
    before = stored(app)
    answer = post_xml(client, sample("vmd.xml"))
    assert answer.status_code == 201, answer.json
    assert answer.json["outcome"] == "opened"
    alert = answer.json["alert"]
    assert alert["kind"] == "motion" and alert["count"] == 1 and alert["case_id"] is None
    assert alert["occurred_at"] == "2025-03-05T18:47:40.000+08:00"  # 10:47:40Z
    after = stored(app)
    assert after["cases"] == before["cases"]
    assert after["alerts"] == 1 and after["alarm_receipts"] == 1 and after["outbox"] == 1


def test_intrusion_with_a_human_target_opens_a_case(client, app):
    answer = post_xml(client, sample("fielddetection_human.xml"))
    assert answer.status_code == 201, answer.json
    alert = answer.json["alert"]
    assert alert["kind"] == "intrusion" and alert["label"] == "human" and alert["zones"] == ["region3"]
    assert answer.json["case_created"] and alert["case_id"]
    [case] = rows(app, Case)
    assert case.id == alert["case_id"] and case.channel == "camera" and case.external_id == alert["id"]
    assert "区域入侵（人员）" in case.title and case.urgency == "urgent"
    assert "EventNotificationAlert" in case.raw
    events = {row.type: row.envelope for row in rows(app, OutboxEvent)}
    assert sorted(events) == ["alert.raised", "case.created"]
    assert events["alert.raised"]["data"]["alert"]["case_id"] == case.id  # one event, the case already on it


def test_nvr_channel_is_its_own_camera_named_by_serial(client, app):
    first = post_xml(client, sample("nvr_2_fielddetection.xml"))
    assert first.status_code == 201, first.json
    camera = first.json["camera"]
    assert camera["serial_number"].startswith("DS-7608NXI-I0/0P/S0000000000CCRRJ")
    assert camera["channel"] == "34" and camera["known"] is False
    other = post_xml(client, with_fields(sample("nvr_2_fielddetection.xml"), channelID="35"))
    assert other.status_code == 201 and other.json["camera"]["id"] != camera["id"]
    assert other.json["camera"]["serial_number"] == camera["serial_number"]


def test_io_alarm_is_an_alert_without_a_case(client, app):
    answer = post_xml(client, sample("cam1_DS-2CD2T46G2-ISU_io_notification.xml"))
    assert answer.status_code == 201
    assert answer.json["alert"]["kind"] == "io_alarm" and answer.json["alert"]["case_id"] is None
    assert answer.json["camera"]["name"] == "Cam 1"


def test_registered_camera_places_the_alert_and_its_case(client, app, clock):
    with app.runtime.store.transaction() as session:
        do_register_camera(session, CameraSpec(
            id="CAM-TEST-01", name="渠江街道庆丰社区路口", source_system="雪亮", vendor="hikvision", channel="1",
            mac_address="ac:b9:2f:49:44:75", lon=106.9677, lat=30.8425, township_code="511725001",
            village_code="511725001001", address="庆丰社区路口"), clock=clock)
    answer = post_xml(client, sample("fielddetection_human.xml"))
    assert answer.status_code == 201
    assert answer.json["camera"]["id"] == "CAM-TEST-01" and answer.json["camera"]["known"] is True
    [case] = rows(app, Case)
    assert case.township_code == "511725001" and case.lon == pytest.approx(106.9677)


def test_seeded_nvr_channel_is_known_by_serial(client, app):
    xml = with_fields(sample("nvr_2_fielddetection.xml"), channelID="33")
    xml = xml.replace(b"DS-7608NXI-I0/0P/S0000000000CCRRJ00000000WCVU\n    </serialNumber>",
                      DEMO_NVR_SERIAL.encode() + b"</serialNumber>")
    answer = post_xml(client, xml)
    assert answer.status_code == 201, answer.json
    assert answer.json["camera"]["known"] is True and answer.json["camera"]["id"].endswith("-NVR1")


# --- bodies: JSON, multipart, charsets, times ------------------------------------------------------

def sample_as_json() -> dict:
    return {"ipAddress": "10.25.3.64", "macAddress": "c0:56:e3:25:03:40", "channelID": 1,
            "dateTime": "2026-11-23T09:59:58+08:00", "activePostCount": 1, "eventType": "linedetection",
            "eventState": "active", "eventDescription": "linedetection alarm", "channelName": "天星街道"}


@pytest.mark.parametrize("wrapped", [False, True], ids=["flat", "wrapped"])
def test_json_body_from_a_seeded_camera(client, app, wrapped):
    body = {"EventNotificationAlert": sample_as_json()} if wrapped else sample_as_json()
    answer = client.post(URL, json=body, headers=AUTH)
    assert answer.status_code == 201, answer.json
    assert answer.json["alert"]["kind"] == "line_crossing" and answer.json["case_created"]
    assert answer.json["camera"]["known"] is True and answer.json["camera"]["township_code"] == "511725003"


def test_text_xml_is_accepted(client, app):
    assert post_xml(client, sample("vmd.xml"), "text/xml").status_code == 201


def test_multipart_with_a_picture_keeps_the_picture(client, app):
    body, content_type = multipart(xml_part(sample("fielddetection_human.xml")), picture_part())
    answer = client.post(URL, data=body, content_type=content_type, headers=AUTH)
    assert answer.status_code == 201, answer.json
    [picture_id] = answer.json["pictures"]
    [picture] = rows(app, AlarmPicture)
    assert picture.id == picture_id and picture.data == JPEG and picture.content_type == "image/jpeg"
    [case] = rows(app, Case)
    assert case.attachments == [{"url": f"/api/v1/alarm-pictures/{picture_id}", "kind": "picture", "name": None}]
    fetched = client.get(f"/api/v1/alarm-pictures/{picture_id}", headers=AUTH)
    assert fetched.status_code == 200 and fetched.data == JPEG and fetched.mimetype == "image/jpeg"


def test_multipart_parts_without_types_are_recognised(client, app):
    body, content_type = multipart(({"Content-Disposition": 'form-data; name="vmd"'}, sample("vmd.xml")),
                                   ({"Content-Disposition": 'form-data; name="pic"'}, JPEG),
                                   ({"Content-Disposition": 'form-data; name="extra"', "Content-Type": "text/plain"},
                                    b"hello"))
    answer = client.post(URL, data=body, content_type=content_type, headers=AUTH)
    assert answer.status_code == 201, answer.json
    assert len(answer.json["pictures"]) == 1
    assert any("'extra'" in note and "ignored" in note for note in answer.json["notes"])


def gbk_alarm(declaration: bool) -> bytes:
    head = '<?xml version="1.0" encoding="GBK"?>\n' if declaration else ""
    xml = (head + '<EventNotificationAlert version="2.0" xmlns="http://www.hikvision.com/ver20/XMLSchema">'
           "<ipAddress>10.25.9.64</ipAddress><macAddress>c0:56:e3:25:09:40</macAddress><channelID>1</channelID>"
           "<dateTime>2026-11-23T09:59:00+08:00</dateTime><activePostCount>1</activePostCount>"
           "<eventType>regionEntrance</eventType><eventState>active</eventState>"
           "<eventDescription>进入区域报警</eventDescription><channelName>渠县客运站</channelName>"
           "</EventNotificationAlert>")
    return xml.encode("gbk")


@pytest.mark.parametrize("declaration,content_type", [(True, "application/xml"), (False, "text/xml; charset=GBK")],
                         ids=["declared", "header"])
def test_gbk_xml_is_decoded(client, app, declaration, content_type):
    answer = post_xml(client, gbk_alarm(declaration), content_type)
    assert answer.status_code == 201, answer.json
    assert answer.json["alert"]["kind"] == "region_entrance"
    [receipt] = rows(app, AlarmReceipt)
    assert "进入区域报警" in receipt.raw
    [case] = rows(app, Case)
    assert "进入区域报警" in case.content


def test_timestamp_without_offset_is_read_in_shanghai_and_noted(client, app):
    answer = post_xml(client, with_fields(sample("vmd.xml"), dateTime="2026-11-23T09:58:00"))
    assert answer.status_code == 201
    assert answer.json["alert"]["occurred_at"] == "2026-11-23T09:58:00.000+08:00"
    assert any("Asia/Shanghai" in note for note in answer.json["alert"]["notes"])


def test_unknown_event_type_is_kept_without_a_case(client, app):
    answer = post_xml(client, with_fields(sample("vmd.xml"), eventType="smokeDetection"))
    assert answer.status_code == 201
    assert answer.json["alert"]["kind"] == "smokedetection" and answer.json["alert"]["case_id"] is None
    assert any("not in the table" in note for note in answer.json["notes"])


# --- storms, repeats, idempotency ------------------------------------------------------------------

def test_a_storm_collapses_into_one_alert_with_a_count(client, app, clock):
    for n in range(1, 11):
        answer = post_xml(client, with_fields(sample("vmd.xml"), activePostCount=str(n)))
        assert answer.status_code == (201 if n == 1 else 200)
        assert answer.json["outcome"] == ("opened" if n == 1 else "collapsed")
        clock.advance(seconds=2)
    [alert] = rows(app, Alert)
    assert alert.count == 10 and alert.status == "open"
    assert len(rows(app, AlarmReceipt)) == 10  # every alarm kept
    assert [r.type for r in rows(app, OutboxEvent)] == ["alert.raised"]  # screens told once within 30 s
    clock.advance(seconds=30)
    assert post_xml(client, with_fields(sample("vmd.xml"), activePostCount="11")).json["alert"]["count"] == 11
    events = rows(app, OutboxEvent)
    assert len(events) == 2 and events[-1].envelope["data"]["repeat"] is True
    assert events[-1].envelope["data"]["alert"]["count"] == 11


def test_after_the_window_a_new_alert_opens_and_the_old_lapses(client, app, clock):
    first = post_xml(client, with_fields(sample("vmd.xml"), activePostCount="1")).json["alert"]
    clock.advance(minutes=5, seconds=1)
    second = post_xml(client, with_fields(sample("vmd.xml"), activePostCount="2"))
    assert second.status_code == 201 and second.json["alert"]["id"] != first["id"]
    statuses = {a.id: a.status for a in rows(app, Alert)}
    assert statuses == {first["id"]: "lapsed", second.json["alert"]["id"]: "open"}


def test_an_intrusion_storm_makes_one_case(client, app, clock):
    for n in range(1, 6):
        post_xml(client, with_fields(sample("fielddetection_human.xml"), activePostCount=str(n)))
        clock.advance(seconds=1)
    assert len(rows(app, Case)) == 1
    [alert] = rows(app, Alert)
    assert alert.count == 5 and alert.case_id == rows(app, Case)[0].id


def test_different_kinds_of_one_camera_are_different_alerts(client, app):
    post_xml(client, sample("fielddetection_human.xml"))
    post_xml(client, with_fields(sample("fielddetection_human.xml"), eventType="linedetection"))
    assert sorted(a.kind for a in rows(app, Alert)) == ["intrusion", "line_crossing"]


def test_the_same_alarm_twice_is_idempotent(client, app):
    first = post_xml(client, sample("fielddetection_human.xml"))
    counts = stored(app)
    again = post_xml(client, sample("fielddetection_human.xml"))
    assert again.status_code == 200 and again.json["outcome"] == "duplicate"
    assert again.json["alert"]["id"] == first.json["alert"]["id"]
    assert again.json["alert"]["count"] == 1
    assert stored(app) == counts


def test_inactive_ends_the_open_alert(client, app, clock):
    post_xml(client, sample("vmd.xml"))
    clock.advance(seconds=5)
    answer = post_xml(client, with_fields(sample("vmd.xml"), eventState="inactive"))
    assert answer.status_code == 200 and answer.json["outcome"] == "ended"
    assert answer.json["alert"]["status"] == "ended" and answer.json["alert"]["count"] == 1
    assert rows(app, OutboxEvent)[-1].envelope["data"]["alert"]["status"] == "ended"


def test_inactive_with_nothing_open_is_only_noted(client, app):
    answer = post_xml(client, with_fields(sample("vmd.xml"), eventState="inactive"))
    assert answer.status_code == 200 and answer.json["outcome"] == "ignored"
    assert stored(app)["alerts"] == 0 and stored(app)["alarm_receipts"] == 1


# --- heartbeats and video loss ---------------------------------------------------------------------

def status_alarm(event_type: str, state: str, mac: str = "c0:56:e3:25:05:40") -> str:
    return ('<EventNotificationAlert version="2.0" xmlns="http://www.hikvision.com/ver20/XMLSchema">'
            f"<ipAddress>10.25.5.64</ipAddress><macAddress>{mac}</macAddress><channelID>1</channelID>"
            "<dateTime>2026-11-23T10:00:00+08:00</dateTime><activePostCount>0</activePostCount>"
            f"<eventType>{event_type}</eventType><eventState>{state}</eventState>"
            "<eventDescription>videoloss alarm</eventDescription></EventNotificationAlert>")


def test_heartbeat_and_video_loss_change_camera_status_only(client, app, clock):
    before = stored(app)
    beat = post_xml(client, status_alarm("videoloss", "inactive"))
    assert beat.status_code == 200 and beat.json["outcome"] == "status"
    assert beat.json["camera"]["status"] == "online" and beat.json["camera"]["known"] is True
    clock.advance(seconds=5)
    assert post_xml(client, status_alarm("videoloss", "inactive")).json["camera"]["status"] == "online"
    clock.advance(seconds=5)
    lost = post_xml(client, status_alarm("videoloss", "active"))
    assert lost.status_code == 200 and lost.json["camera"]["status"] == "video_lost"
    assert lost.json["camera"]["status_at"] == "2026-11-23T10:00:10.000+08:00"
    clock.advance(seconds=10)
    back = post_xml(client, status_alarm("heartBeat", "active"))
    assert back.json["camera"]["status"] == "online" and back.json["alert"] is None
    after = stored(app)
    # no alert, receipt or case; one camera.status event per change, none for the repeated heartbeat
    assert {k: after[k] - before[k] for k in after} == {**{k: 0 for k in after}, "outbox": 3}
    events = [row.envelope["data"] for row in rows(app, OutboxEvent)]
    assert [(e["previous"], e["camera"]["status"]) for e in events] == [
        ("unknown", "online"), ("online", "video_lost"), ("video_lost", "online")]
    assert all(set(e["camera"]) == {"id", "status", "lon", "lat", "township_code"} for e in events)


def test_heartbeat_from_an_unknown_camera_flags_it(client, app):
    answer = post_xml(client, status_alarm("videoloss", "inactive", mac="02:00:00:00:00:01").replace(
        "10.25.5.64", "192.0.2.7"))
    assert answer.status_code == 200 and answer.json["camera"]["known"] is False
    assert answer.json["camera"]["source_system"] == "未登记" and answer.json["camera"]["status"] == "online"


# --- hostile input: a clear 4xx, nothing stored ----------------------------------------------------

XXE = ('<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
       '<EventNotificationAlert><eventType>&x;</eventType></EventNotificationAlert>')
BOMB = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
        + ']><EventNotificationAlert><eventType>&lol9;</eventType></EventNotificationAlert>')
MISSING_TYPE = ('<EventNotificationAlert><ipAddress>10.0.0.1</ipAddress><channelID>1</channelID>'
                "<eventState>active</eventState></EventNotificationAlert>")
BAD_STATE = MISSING_TYPE.replace("<eventState>active", "<eventType>VMD</eventType><eventState>maybe")


def _big_picture() -> tuple[bytes, str]:
    return multipart(xml_part(b"<EventNotificationAlert/>"), picture_part(JPEG + b"\x00" * (2 * 1024 * 1024)))


def _not_a_picture() -> tuple[bytes, str]:
    return multipart(xml_part(b"<EventNotificationAlert><eventType>VMD</eventType></EventNotificationAlert>"),
                     picture_part(b"MZ\x90\x00 this is an executable"))


HOSTILE = [
    ("xxe", dict(data=XXE, content_type="application/xml"), 400, "DTD"),
    ("billion laughs", dict(data=BOMB, content_type="application/xml"), 400, "DTD"),
    ("broken xml", dict(data="<EventNotificationAlert><eventType>VMD", content_type="application/xml"), 400,
     "invalid XML"),
    ("deep xml", dict(data="<a>" * 40 + "</a>" * 40, content_type="application/xml"), 400, "nested"),
    ("wrong document", dict(data=sample("set_alarm_server_payload.xml"), content_type="application/xml"), 422,
     "EventNotificationAlert"),
    ("no event type", dict(data=MISSING_TYPE, content_type="application/xml"), 422, "EventNotificationAlert"),
    ("bad state", dict(data=BAD_STATE, content_type="application/xml"), 422, "EventNotificationAlert"),
    ("empty body", dict(data=b"", content_type="application/xml"), 400, "empty"),
    ("json list", dict(data=b"[{}]", content_type="application/json"), 400, "not a list"),
    ("bad json", dict(data=b"{eventType:", content_type="application/json"), 400, "invalid JSON"),
    ("plain text", dict(data=b"eventType=VMD", content_type="text/plain"), 415, "not accepted"),
    ("form", dict(data=b"eventType=VMD", content_type="application/x-www-form-urlencoded"), 415, "not accepted"),
    ("no content type", dict(data=sample("vmd.xml")), 415, "not accepted"),
    ("latin-1", dict(data=sample("vmd.xml"), content_type="application/xml; charset=latin-1"), 415, "charset"),
    ("utf-8 lie", dict(data=gbk_alarm(False), content_type="application/xml"), 400, "utf-8"),
    ("document too big", dict(data=b"<EventNotificationAlert>" + b" " * (300 * 1024) + b"</EventNotificationAlert>",
                              content_type="application/xml"), 413, "256 KB"),
    ("picture too big", dict(zip(("data", "content_type"), _big_picture())), 413, "picture larger than 2 MB"),
    ("not a picture", dict(zip(("data", "content_type"), _not_a_picture())), 415, "not a JPEG or PNG"),
    ("no document part", dict(zip(("data", "content_type"), multipart(picture_part()))), 400, "without an event"),
    ("two documents", dict(zip(("data", "content_type"), multipart(xml_part(sample("vmd.xml")),
                                                                   xml_part(sample("vmd.xml"))))), 400, "2 event"),
    ("too many pictures", dict(zip(("data", "content_type"), multipart(xml_part(sample("vmd.xml")),
                                                                       *[picture_part()] * 5))), 413, "at most 4"),
    ("no boundary", dict(data=b"--x\r\n", content_type="multipart/form-data"), 400, "boundary"),
    ("cut multipart", dict(data=multipart(xml_part(sample("vmd.xml")))[0][:-20],
                           content_type="multipart/form-data; boundary=MIME_boundary"), 400, "closing boundary"),
    ("body too big", dict(data=b"x" * (9 * 1024 * 1024), content_type="application/xml"), 413, "body larger"),
]


@pytest.mark.parametrize("name,request_kwargs,status,reason", HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_bodies_get_a_clear_4xx_and_change_nothing(client, app, name, request_kwargs, status, reason):
    post_xml(client, sample("vmd.xml"))  # something already stored, which must not change
    before = stored(app)
    with app.runtime.store.reading() as s:
        cameras_before = [(c.id, c.status, c.last_seen_at) for c in s.scalars(select(Camera).order_by(Camera.id))]
    answer = client.post(URL, headers=AUTH, **request_kwargs)
    assert answer.status_code == status, answer.json
    assert reason in answer.json["error"], answer.json
    assert stored(app) == before
    with app.runtime.store.reading() as s:
        assert [(c.id, c.status, c.last_seen_at) for c in s.scalars(select(Camera).order_by(Camera.id))] \
            == cameras_before


def test_missing_event_type_names_the_field(client):
    answer = post_xml(client, MISSING_TYPE)
    assert answer.json["errors"] == [{"field": "eventType", "message": "Field required", "type": "missing"}]


@pytest.mark.parametrize("headers,status", [({}, 401), ({"Authorization": "Bearer not-a-known-token-000"}, 401)])
def test_wrong_token(client, app, headers, status):
    answer = client.post(URL, data=sample("vmd.xml"), content_type="application/xml", headers=headers)
    assert answer.status_code == status and "token" in answer.json["error"]
    assert stored(app)["alerts"] == 0


def test_a_token_for_another_source_is_forbidden(client, app):
    app.runtime.tokens.add("frigate-only-token-0000", Principal("frigate", frozenset({"intake:frigate"})))
    answer = client.post(URL, data=sample("vmd.xml"), content_type="application/xml",
                         headers={"Authorization": "Bearer frigate-only-token-0000"})
    assert answer.status_code == 403 and "intake:hikvision" in answer.json["error"]


def test_the_outbox_row_carries_the_alert(client, app):
    answer = post_xml(client, sample("vmd.xml"))
    [row] = rows(app, OutboxEvent)
    envelope = row.envelope
    assert row.type == envelope["type"] == "alert.raised"
    assert envelope["context"]["id"] == answer.json["alert"]["id"]
    assert envelope["data"]["repeat"] is False and envelope["data"]["alert"]["kind"] == "motion"
    assert envelope["data"]["alert"]["camera"]["known"] is False
    json.dumps(envelope)  # plain JSON all the way
