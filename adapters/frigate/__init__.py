"""Frigate NVR: `frigate/events` messages (type new / update / end, with before and after) and event
objects as `GET /api/events` returns them; over HTTP, or from MQTT with `mqtt.FrigateSubscriber`."""
from __future__ import annotations

from datetime import datetime

from pydantic import ValidationError

from casework.alarms import CameraAlarm, CameraStatus

from ..base import IntakeError, field_errors
from ..cameras.documents import read_document
from ..cameras.limits import MAX_DOCUMENT_BYTES
from .events import tracked_to_alarm
from .schema import ApiEvent, EventMessage


class FrigateAdapter:
    source = "frigate"
    accept = ("json",)
    max_body_bytes = MAX_DOCUMENT_BYTES

    def parse(self, body: bytes, content_type: str, *, received_at: datetime,
              peer: str | None = None) -> CameraAlarm | CameraStatus:
        document = read_document(body, content_type, accept=self.accept)
        return parse_payload(document.data, raw=document.text, received_at=received_at)


def parse_payload(payload: dict, *, raw: str, received_at: datetime) -> CameraAlarm | CameraStatus:
    try:
        if "after" in payload or "type" in payload:
            message = EventMessage.model_validate(payload)
            after = message.after
            return tracked_to_alarm(
                event_id=after.id, camera=after.camera, label=after.label, lifecycle=message.type,
                zones=after.entered_zones or after.current_zones, sub_label=after.sub_label,
                score=after.top_score or after.score, false_positive=after.false_positive,
                start_time=after.start_time, frame_time=after.frame_time, end_time=after.end_time,
                raw=raw, received_at=received_at)
        if "id" in payload and "camera" in payload:
            event = ApiEvent.model_validate(payload)
            return tracked_to_alarm(
                event_id=event.id, camera=event.camera, label=event.label,
                lifecycle="end" if event.end_time is not None else "update", zones=event.zones,
                sub_label=event.sub_label, score=_number(event.data.get("top_score")),
                false_positive=event.false_positive, start_time=event.start_time, frame_time=None,
                end_time=event.end_time, raw=raw, received_at=received_at)
    except ValidationError as error:
        raise IntakeError(422, "the body does not match a Frigate event", field_errors(error)) from error
    raise IntakeError(422, "neither a frigate/events message (type, before, after) nor a Frigate "
                           "event object (id, camera, label, start_time)")


def _number(value: object) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


__all__ = ["FrigateAdapter", "parse_payload"]
