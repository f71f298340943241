"""A Frigate tracked object → a `CameraAlarm`. Labels are Frigate's (COCO) object names."""
from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

from casework.alarms import CameraAlarm, CameraRef, CameraStatus

from ..cameras.times import epoch_time

LABELS = {"person": "人员", "car": "车辆", "motorcycle": "摩托车", "bicycle": "自行车", "bus": "客车",
          "truck": "货车", "dog": "犬只", "cat": "猫", "fire": "烟火"}
# the case rule: a person or a car inside a zone the center drew in Frigate
CASE_LABELS = ("person", "car")


def tracked_to_alarm(*, event_id: str, camera: str, label: str, lifecycle: str, zones: list[str],
                     sub_label: Any, score: float | None, false_positive: bool | None,
                     start_time: float, frame_time: float | None, end_time: float | None,
                     raw: str, received_at: datetime) -> CameraAlarm | CameraStatus:
    ref = CameraRef(vendor="frigate", name=camera)
    notes: list[str] = []
    moment = epoch_time(end_time if lifecycle == "end" else frame_time) or epoch_time(start_time)
    if moment is None:
        moment = received_at
        notes.append("start_time unreadable; the time of receipt is used")
    if false_positive:
        return CameraStatus(source="frigate", camera=ref, status="online", event_type=f"events/{lifecycle}",
                            occurred_at=moment, notes=("false positive: no alarm",))
    label = label.lower()
    name = LABELS.get(label, label)
    zones = list(dict.fromkeys(zones))
    title = f"{name}进入警戒区" if zones else f"{name}出现"
    who = _sub_label(sub_label)
    description = "；".join(filter(None, [
        f"Frigate 目标 {label}" + (f"（{who}）" if who else "") + (f"，置信度 {score:.2f}" if score else ""),
        f"区域：{'、'.join(zones)}" if zones else "",
    ]))
    key_parts = [event_id, lifecycle, repr(frame_time), repr(end_time), ",".join(sorted(zones)), label]
    return CameraAlarm(
        source="frigate", camera=ref, kind=label[:32], event_type=f"events/{lifecycle}", state=lifecycle,
        occurred_at=moment, dedup_key="frigate:" + hashlib.sha1("|".join(key_parts).encode()).hexdigest(),
        title=title, raw=raw, external_id=event_id, label=label[:32], zones=tuple(z[:64] for z in zones),
        ends=lifecycle == "end", opens_alert=True, opens_case=label in CASE_LABELS and bool(zones),
        description=description[:2000], notes=tuple(notes),
    )


def _sub_label(value: Any) -> str:
    """Frigate sends a name, or [name, score], or nothing."""
    if isinstance(value, list) and value:
        value = value[0]
    return value[:64] if isinstance(value, str) else ""


__all__ = ["CASE_LABELS", "LABELS", "tracked_to_alarm"]
