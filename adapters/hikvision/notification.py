"""An ISAPI `EventNotificationAlert` (as a dict, from XML or JSON) → a `CameraAlarm` or a `CameraStatus`."""
from __future__ import annotations

import hashlib
import ipaddress
import re
from datetime import datetime
from typing import Any

from casework.alarms import CameraAlarm, CameraRef, CameraStatus, Picture

from ..base import IntakeError
from ..cameras.times import iso_time
from .events import STATUS_EVENTS, TARGETS, event_kind

MAC = re.compile(r"^[0-9a-f]{2}(:[0-9a-f]{2}){5}$")
CHANNEL = re.compile(r"^\d{1,6}$")


def to_alarm(alert: dict[str, Any], *, raw: str, pictures: tuple[Picture, ...], notes: tuple[str, ...],
             received_at: datetime, peer: str | None) -> CameraAlarm | CameraStatus:
    notes = list(notes)
    event_type = _event_type(alert)
    state = _text(alert.get("eventState")).lower() or "active"
    if state not in ("active", "inactive"):
        raise IntakeError(422, "the alert does not match ISAPI EventNotificationAlert",
                          [{"field": "eventState", "message": f"must be active or inactive, not {state[:20]!r}",
                            "type": "enum"}])
    camera = _camera(alert, notes, peer)
    occurred_at, note = iso_time(_text(alert.get("dateTime")) or None, field="dateTime", received_at=received_at)
    notes += [note] if note else []
    if event_type.lower() in STATUS_EVENTS:
        lost = event_type.lower() == "videoloss" and state == "active"
        return CameraStatus(source="hikvision", camera=camera, status="video_lost" if lost else "online",
                            event_type=event_type, occurred_at=occurred_at, notes=tuple(notes))
    kind, known = event_kind(event_type)
    if not known:
        notes.append(f"event type {event_type[:40]!r} is not in the table; kept as an alarm without a case")
    targets, zones = _detections(alert)
    title = kind.title + (f"（{'、'.join(TARGETS.get(t, t) for t in targets)}）" if targets else "")
    description = "；".join(filter(None, [_text(alert.get("eventDescription")),
                                         f"目标：{'、'.join(targets)}" if targets else ""]))
    return CameraAlarm(
        source="hikvision", camera=camera, kind=kind.kind, event_type=event_type, state=state,
        occurred_at=occurred_at, dedup_key=_dedup_key(alert, camera, event_type, state), title=title, raw=raw,
        external_id=_text(alert.get("UUID") or alert.get("uuid"))[:64] or None,
        label=targets[0][:32] if targets else None, zones=zones, ends=state == "inactive",
        opens_alert=state == "active", opens_case=kind.intrusion and state == "active",
        description=description[:2000], notes=tuple(notes), pictures=pictures,
    )


def _event_type(alert: dict[str, Any]) -> str:
    event_type = _text(alert.get("eventType"))
    if event_type.lower() == "duration":  # a long-running alarm names its event inside
        event_type = _text(_dig(alert, "DurationList", "Duration", "relationEvent"))
    if not event_type:
        raise IntakeError(422, "the alert does not match ISAPI EventNotificationAlert",
                          [{"field": "eventType", "message": "Field required", "type": "missing"}])
    if len(event_type) > 64:
        raise IntakeError(422, "the alert does not match ISAPI EventNotificationAlert",
                          [{"field": "eventType", "message": "longer than 64 characters", "type": "string_too_long"}])
    return event_type


def _camera(alert: dict[str, Any], notes: list[str], peer: str | None) -> CameraRef:
    """Device (MAC, serial, IP) + channel: an NVR is one device with many channels."""
    channel = _text(alert.get("channelID") or alert.get("dynChannelID") or alert.get("videoInputChannelID"))
    if not CHANNEL.match(channel):
        notes.append(f"channel {channel[:16]!r} unreadable; the device itself (channel 0) is used"
                     if channel else "no channelID; the device itself (channel 0) is used")
        channel = "0"
    mac = _text(alert.get("macAddress")).lower().replace("-", ":")
    if mac and not MAC.match(mac):
        notes.append(f"macAddress {mac[:20]!r} unreadable; ignored")
        mac = ""
    ip = _ip(_text(alert.get("ipAddress")), notes)
    serial = _text(_dig(alert, "Extensions", "serialNumber") or alert.get("serialNumber"))[:64]
    if not (mac or ip or serial):
        ip = _ip(peer or "", notes)
        notes.append("no device address in the alert; identified by the address it was sent from")
    name = _text(alert.get("channelName"))[:128] or None
    return CameraRef(vendor="hikvision", channel=str(int(channel)), mac_address=mac or None,
                     serial_number=serial or None, ip_address=ip or None, name=name)


def _ip(value: str, notes: list[str]) -> str:
    if not value:
        return ""
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        notes.append(f"ipAddress {value[:45]!r} unreadable; ignored")
        return ""


def _detections(alert: dict[str, Any]) -> tuple[list[str], tuple[str, ...]]:
    """Detection targets (human, vehicle) and the device's region ids, as zones."""
    entries = _dig(alert, "DetectionRegionList", "DetectionRegionEntry")
    entries = entries if isinstance(entries, list) else [entries] if isinstance(entries, dict) else []
    targets, zones = [], []
    for entry in entries:
        target = _text(entry.get("detectionTarget") or entry.get("targetType")).lower()
        if target and target not in targets:
            targets.append(target)
        region = _text(entry.get("regionID"))
        if region:
            zones.append(f"region{region[:8]}")
    target = _text(alert.get("targetType") or alert.get("detectionTarget")).lower()
    if target and target not in targets:
        targets.append(target)
    return targets, tuple(dict.fromkeys(zones))


def _dedup_key(alert: dict[str, Any], camera: CameraRef, event_type: str, state: str) -> str:
    """A retried post repeats all of these; the next post of the same alarm has a new activePostCount."""
    parts = [camera.identity(), event_type.lower(), state, _text(alert.get("dateTime")),
             _text(alert.get("activePostCount")), _text(alert.get("UUID") or alert.get("uuid")),
             _text(_dig(alert, "Extensions", "eventPush"))]
    return "hikvision:" + hashlib.sha1("|".join(parts).encode()).hexdigest()


def _dig(value: Any, *keys: str) -> Any:
    for key in keys:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


def _text(value: Any) -> str:
    if value is None or isinstance(value, (dict, list)):
        return ""
    return str(value).strip()
