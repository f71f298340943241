"""`POST /api/v1/alarms/frigate` and the MQTT subscriber: lifecycles, zones, collapsing, hostile bodies."""
from __future__ import annotations

import json
import threading
import uuid
from pathlib import Path

import pytest
from sqlalchemy import select

from casework.alarms import AlarmReceipt
from casework.models import Alert, Case, OutboxEvent
from tests.adapters.test_hikvision import AUTH, app, client, rows, stored  # noqa: F401  (fixtures)
from tests.conftest import unavailable

EXAMPLES = Path(__file__).resolve().parents[2] / "adapters" / "frigate" / "examples"
URL = "/api/v1/alarms/frigate"
START = 1795399080.0  # 2026-11-23T09:58:00+08:00


def documented_message() -> dict:
    """The `frigate/events` example from Frigate's MQTT documentation (the file wraps it in a list)."""
    return json.loads((EXAMPLES / "mqtt_frigate_events.json").read_text())[0]


def api_event() -> dict:
    return json.loads((EXAMPLES / "api_event.json").read_text())


def message(kind: str, *, event_id: str = "1795399080.1-abc123", camera: str = "qu_station_square",
            label: str = "person", zones: list[str] | None = None, frame: float = 1.0) -> dict:
    body = documented_message()
    body["type"] = kind
    for side in ("before", "after"):
        obj = body[side]
        obj.update(id=event_id, camera=camera, label=label, start_time=START, frame_time=START + frame,
                   end_time=START + frame if kind == "end" and side == "after" else None,
                   current_zones=list(zones or []), entered_zones=list(zones or []))
    return body


def post(client, body: dict):  # noqa: ANN001, ANN201
    return client.post(URL, json=body, headers=AUTH)


def test_the_documented_message_opens_an_alert_and_a_case(client, app):
    answer = post(client, documented_message())
    assert answer.status_code == 201, answer.json
    alert = answer.json["alert"]
    assert alert["kind"] == "person" and alert["zones"] == ["driveway", "yard"]
    assert alert["occurred_at"] == "2020-12-05T07:19:22.082+08:00"  # the after.frame_time
    assert answer.json["camera"]["name"] == "front_door" and answer.json["camera"]["known"] is False
    [case] = rows(app, Case)
    assert case.channel == "camera" and "人员进入警戒区" in case.title and "John Smith" in case.content
    [receipt] = rows(app, AlarmReceipt)
    assert receipt.external_id == "1607123955.475377-mxklsc" and receipt.state == "update"


def test_lifecycle_new_update_end_is_one_alert(client, app, clock):
    new = post(client, message("new", zones=[]))
    assert new.status_code == 201 and new.json["alert"]["case_id"] is None  # a person, but in no zone yet
    assert new.json["camera"]["known"] is True and new.json["camera"]["township_code"]
    clock.advance(seconds=3)
    update = post(client, message("update", zones=["square"], frame=3.0))
    assert update.status_code == 200 and update.json["outcome"] == "updated"
    assert update.json["case_created"] and update.json["alert"]["zones"] == ["square"]
    clock.advance(seconds=20)
    end = post(client, message("end", zones=["square"], frame=23.0))
    assert end.status_code == 200 and end.json["outcome"] == "ended"
    assert end.json["alert"]["status"] == "ended" and end.json["alert"]["count"] == 1
    again = post(client, message("end", zones=["square"], frame=23.0))
    assert again.status_code == 200 and again.json["outcome"] == "duplicate"
    assert len(rows(app, Alert)) == 1 and len(rows(app, Case)) == 1 and len(rows(app, AlarmReceipt)) == 3
    repeat = [r.envelope["data"]["repeat"] for r in rows(app, OutboxEvent) if r.type == "alert.raised"]
    assert repeat == [False, True, True]  # opened; case attached; ended


def test_other_objects_of_one_camera_collapse_and_update_by_their_id(client, app, clock):
    post(client, message("new", event_id="a-1"))
    clock.advance(seconds=40)
    second = post(client, message("new", event_id="b-2"))
    assert second.status_code == 200 and second.json["outcome"] == "collapsed"
    assert second.json["alert"]["count"] == 2
    clock.advance(minutes=10)  # long past the window: the id still finds its alert
    update = post(client, message("update", event_id="b-2", zones=["gate"], frame=600.0))
    assert update.json["outcome"] == "updated" and update.json["alert"]["id"] == second.json["alert"]["id"]
    assert update.json["alert"]["count"] == 2


def test_labels_are_separate_alerts_and_only_person_or_car_in_a_zone_opens_a_case(client, app):
    car = post(client, message("new", event_id="car-1", label="car"))
    dog = post(client, message("new", event_id="dog-1", label="dog", zones=["square"]))
    parked = post(client, message("new", event_id="car-2", label="car", zones=["square"], camera="qu_school_gate"))
    assert car.json["alert"]["case_id"] is None and dog.json["alert"]["case_id"] is None
    assert parked.json["alert"]["case_id"] is not None and "车辆进入警戒区" in rows(app, Case)[0].title
    assert sorted(a.kind for a in rows(app, Alert)) == ["car", "car", "dog"]


def test_an_api_event_object_is_accepted_once(client, app):
    answer = post(client, api_event())
    assert answer.status_code == 201, answer.json
    assert answer.json["alert"]["status"] == "ended" and answer.json["alert"]["zones"] == ["driveway", "yard"]
    assert answer.json["case_created"]
    again = post(client, api_event())
    assert again.status_code == 200 and again.json["outcome"] == "duplicate"


def test_false_positive_is_no_alarm(client, app):
    body = message("update", zones=["square"])
    body["after"]["false_positive"] = True
    answer = post(client, body)
    assert answer.status_code == 200 and answer.json["outcome"] == "status"
    assert stored(app)["alerts"] == 0


HOSTILE = [
    ("list", dict(data=(EXAMPLES / "mqtt_frigate_events.json").read_bytes(), content_type="application/json"),
     400, "not a list"),
    ("invalid json", dict(data=b'{"type": "new", ', content_type="application/json"), 400, "invalid JSON"),
    ("xml", dict(data=b"<event/>", content_type="application/xml"), 415, "not accepted"),
    ("multipart", dict(data=b"--x--", content_type="multipart/form-data; boundary=x"), 415, "not accepted"),
    ("neither shape", dict(data=b'{"hello": "world"}', content_type="application/json"), 422, "neither"),
    ("too big", dict(data=b'{"pad": "' + b"x" * (300 * 1024) + b'"}', content_type="application/json"), 413,
     "larger than 256 KB"),
]


@pytest.mark.parametrize("name,request_kwargs,status,reason", HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_bodies_get_a_clear_4xx_and_change_nothing(client, app, name, request_kwargs, status, reason):
    post(client, message("new"))
    before = stored(app)
    answer = client.post(URL, headers=AUTH, **request_kwargs)
    assert answer.status_code == status, answer.json
    assert reason in answer.json["error"]
    assert stored(app) == before


def test_every_field_error_is_listed(client, app):
    body = message("bogus")
    del body["after"]["camera"]
    body["after"]["start_time"] = "yesterday"
    body["before"]["id"] = 7
    answer = post(client, body)
    assert answer.status_code == 422
    fields = {e["field"] for e in answer.json["errors"]}
    assert {"type", "after.camera", "after.start_time", "before.id"} <= fields
    assert stored(app)["alerts"] == 0


def test_before_and_after_must_be_one_object(client, app):
    body = message("update")
    body["before"]["id"] = "someone-else"
    answer = post(client, body)
    assert answer.status_code == 422 and "different tracked objects" in json.dumps(answer.json)


def test_wrong_scope(client, app):
    from casework.tokens import Principal

    app.runtime.tokens.add("hikvision-only-token-000", Principal("hik", frozenset({"intake:hikvision"})))
    answer = client.post(URL, json=message("new"), headers={"Authorization": "Bearer hikvision-only-token-000"})
    assert answer.status_code == 403 and stored(app)["alerts"] == 0


# --- MQTT: the real broker ---------------------------------------------------------------------------

@pytest.fixture
def broker() -> tuple[str, int]:
    import socket

    try:
        socket.create_connection(("127.0.0.1", 1883), timeout=2).close()
    except OSError as error:
        unavailable(f"Mosquitto at 127.0.0.1:1883: {error}")
    return "127.0.0.1", 1883


def test_mqtt_messages_are_stored_then_acknowledged(app, broker):
    import paho.mqtt.publish as publish

    from adapters.cameras.intake import AlarmIntake
    from adapters.frigate.mqtt import FrigateSubscriber

    intake = AlarmIntake(app.runtime)
    done = threading.Event()
    outcomes = []

    def submit(parsed):  # noqa: ANN001, ANN202
        outcome = intake.submit(parsed, actor="channel:frigate-mqtt")
        outcomes.append(outcome.outcome)
        if len(outcomes) == 2:
            done.set()
        return outcome

    prefix = f"test-{uuid.uuid4().hex[:8]}"
    subscriber = FrigateSubscriber(submit, app.runtime.clock, host=broker[0], port=broker[1], topic_prefix=prefix,
                                   client_id=f"smartbrain-test-{uuid.uuid4().hex[:8]}")
    subscriber.start()
    try:
        assert subscriber.subscribed.wait(10), "no subscription"
        msgs = [{"topic": f"{prefix}/events", "payload": b"not json", "qos": 1},
                {"topic": f"{prefix}/events", "payload": json.dumps(message("new")), "qos": 1},
                {"topic": f"{prefix}/events", "payload": json.dumps(message("update", zones=["square"], frame=2.0)),
                 "qos": 1}]
        publish.multiple(msgs, hostname=broker[0], port=broker[1])
        assert done.wait(10), outcomes
    finally:
        subscriber.stop()
    assert outcomes == ["opened", "updated"]
    assert subscriber.accepted == 2 and subscriber.refused == 1
    [alert] = rows(app, Alert)
    assert alert.case_id is not None and alert.zones == ["square"]
    with app.runtime.store.reading() as s:
        assert s.scalar(select(Case.channel)) == "camera"
