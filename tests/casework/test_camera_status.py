"""`do_camera_status`: a status change writes one `camera.status` outbox event, a heartbeat that changes
nothing writes none, and the event carries no device address for the wall to leak."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from casework.alarms import CameraRef, CameraSpec, CameraStatus, do_camera_status, do_register_camera
from casework.models import Camera, OutboxEvent
from casework.privacy import mask_event_data

SPEC = CameraSpec(id="CAM-T-01", name="渠江街道中心路口", source_system="雪亮", vendor="hikvision", channel="1",
                  ip_address="10.25.1.64", mac_address="c0:56:e3:25:01:40", serial_number="DS-2CD-T0001",
                  lon=106.9677, lat=30.8425, address="中心路口", township_code="511725001",
                  village_code="511725001001")
DEVICE = ("10.25.1.64", "c0:56:e3:25:01:40", "DS-2CD-T0001")


def report(status: str, at: datetime, mac: str = "c0:56:e3:25:01:40") -> CameraStatus:
    ref = CameraRef(vendor="hikvision", channel="1", mac_address=mac, ip_address="10.25.1.64")
    return CameraStatus(source="hikvision", camera=ref, status=status,
                        event_type="videoloss" if status == "video_lost" else "heartBeat", occurred_at=at)


def status_events(store) -> list[OutboxEvent]:  # noqa: ANN001
    with store.reading() as s:
        return s.scalars(select(OutboxEvent).where(OutboxEvent.type == "camera.status")
                         .order_by(OutboxEvent.id)).all()


def beat(store, clock, status: str, **kwargs):  # noqa: ANN001, ANN003, ANN201
    with store.transaction() as s:
        return do_camera_status(s, report(status, clock.now(), **kwargs), clock=clock, actor="hikvision")


def test_a_change_writes_one_event_and_a_repeat_heartbeat_none(store, clock):
    with store.transaction() as s:
        do_register_camera(s, SPEC, clock=clock)
        s.execute(Camera.__table__.update().values(status="online"))  # it has been beating for a while
    beat(store, clock, "online")
    assert status_events(store) == []  # nothing changed: no event

    clock.advance(seconds=10)
    outcome = beat(store, clock, "video_lost")
    assert outcome.outcome == "status" and outcome.camera["status"] == "video_lost"
    [lost] = status_events(store)
    assert lost.envelope["data"] == {
        "camera": {"id": "CAM-T-01", "status": "video_lost", "lon": 106.9677, "lat": 30.8425,
                   "township_code": "511725001"},
        "previous": "online"}
    assert lost.envelope["context"] == {"id": "CAM-T-01", "parent_id": None, "actor": "hikvision"}

    for _ in range(3):  # the device keeps reporting the loss: still one event
        clock.advance(seconds=10)
        beat(store, clock, "video_lost")
    assert len(status_events(store)) == 1

    clock.advance(seconds=10)
    beat(store, clock, "online")
    clock.advance(seconds=10)
    beat(store, clock, "online")
    events = status_events(store)
    assert [(e.envelope["data"]["previous"], e.envelope["data"]["camera"]["status"]) for e in events] == [
        ("online", "video_lost"), ("video_lost", "online")]
    with store.reading() as s:
        assert s.scalar(select(OutboxEvent.type).where(OutboxEvent.type != "camera.status")) is None


def test_a_first_heartbeat_is_a_change(store, clock):
    with store.transaction() as s:
        do_register_camera(s, SPEC, clock=clock)  # registered: status unknown
    beat(store, clock, "online")
    beat(store, clock, "online")
    [event] = status_events(store)
    assert event.envelope["data"]["previous"] == "unknown" and event.envelope["data"]["camera"]["status"] == "online"


def test_a_heartbeat_from_an_unregistered_camera_is_flagged_and_told_once(store, clock):
    beat(store, clock, "online", mac="02:00:00:00:00:01")
    beat(store, clock, "online", mac="02:00:00:00:00:01")
    [event] = status_events(store)
    camera = event.envelope["data"]["camera"]
    assert camera["id"].startswith("U-") and camera["lon"] is None and camera["status"] == "online"


def test_the_event_carries_no_device_address_and_the_wall_mask_keeps_it_so(store, clock):
    with store.transaction() as s:
        do_register_camera(s, SPEC, clock=clock)
    beat(store, clock, "video_lost")
    [event] = status_events(store)
    assert not any(value in str(event.envelope) for value in DEVICE)
    assert SPEC.name not in str(event.envelope["data"])  # id, status, position, township only
    leaky = {"camera": {"id": "C", "status": "offline", "lon": 1.0, "lat": 2.0, "township_code": "T",
                        "ip_address": "10.25.1.64", "mac_address": "c0:56:e3:25:01:40",
                        "serial_number": "DS-2CD-T0001"}, "previous": "online"}
    masked = mask_event_data(leaky)
    assert not any(value in str(masked) for value in DEVICE)
    assert masked["camera"] == {"id": "C", "status": "offline", "lon": 1.0, "lat": 2.0, "township_code": "T"}
