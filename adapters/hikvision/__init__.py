"""Hikvision ISAPI alarm push (报警主机/监听): `EventNotificationAlert` from cameras and NVRs, as XML,
JSON, or multipart/form-data with the document and the detection pictures."""
from __future__ import annotations

from datetime import datetime

from casework.alarms import CameraAlarm, CameraStatus

from ..base import IntakeError
from ..cameras.documents import read_document
from ..cameras.limits import MAX_BODY_BYTES
from .notification import to_alarm


class HikvisionAdapter:
    source = "hikvision"
    accept = ("xml", "json", "multipart")
    max_body_bytes = MAX_BODY_BYTES

    def parse(self, body: bytes, content_type: str, *, received_at: datetime,
              peer: str | None = None) -> CameraAlarm | CameraStatus:
        document = read_document(body, content_type, accept=self.accept)
        alert = document.data
        if document.kind == "xml" and document.root != "EventNotificationAlert":
            raise IntakeError(422, f"expected an EventNotificationAlert document, not {document.root!r}")
        if document.kind == "json" and isinstance(alert.get("EventNotificationAlert"), dict):
            alert = alert["EventNotificationAlert"]
        if not isinstance(alert, dict) or not alert:
            raise IntakeError(422, "the EventNotificationAlert is empty")
        return to_alarm(alert, raw=document.text, pictures=document.pictures, notes=document.notes,
                        received_at=received_at, peer=peer)


__all__ = ["HikvisionAdapter"]
