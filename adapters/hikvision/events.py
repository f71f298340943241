"""ISAPI event types → our alarm kinds, and which of them are intrusions (the case rule)."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class EventKind:
    kind: str
    title: str
    intrusion: bool = False  # a rule drawn on the device (zone or line) was broken: a case


EVENTS: dict[str, EventKind] = {
    "vmd": EventKind("motion", "移动侦测"),
    "motiondetection": EventKind("motion", "移动侦测"),
    "fielddetection": EventKind("intrusion", "区域入侵", intrusion=True),
    "linedetection": EventKind("line_crossing", "越界侦测", intrusion=True),
    "regionentrance": EventKind("region_entrance", "进入区域", intrusion=True),
    "regionexiting": EventKind("region_exit", "离开区域"),
    "io": EventKind("io_alarm", "报警输入"),
    "pir": EventKind("pir", "红外感应"),
    "tamperdetection": EventKind("tamper", "视频遮挡"),
    "shelteralarm": EventKind("tamper", "视频遮挡"),
    "scenechangedetection": EventKind("scene_change", "场景变更"),
    "facedetection": EventKind("face", "人脸侦测"),
    "audioexception": EventKind("audio", "音频异常"),
    "unattendedbaggage": EventKind("left_object", "物品遗留"),
    "attendedbaggage": EventKind("object_removal", "物品拿取"),
    "loitering": EventKind("loitering", "徘徊侦测"),
    "group": EventKind("gathering", "人员聚集"),
    "rapidmove": EventKind("rapid_move", "快速移动"),
    "parking": EventKind("parking", "违章停车"),
}

# Not alarms: they say whether the camera is alive and seeing. Hikvision devices send `videoloss`
# with eventState "inactive" every few seconds as their heartbeat; "active" means the picture is gone.
STATUS_EVENTS = ("videoloss", "heartbeat")

TARGETS = {"human": "人员", "vehicle": "车辆"}


def event_kind(event_type: str) -> tuple[EventKind, bool]:
    """(kind, known): an event type missing from the table still becomes an alarm, never a case."""
    key = event_type.lower()
    if key in EVENTS:
        return EVENTS[key], True
    return EventKind(key[:32] or "unknown", f"设备报警（{event_type[:40]}）"), False
