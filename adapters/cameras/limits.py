"""Size limits for camera pushes. An event document is a few KB; a snapshot a few hundred."""
from __future__ import annotations

MAX_DOCUMENT_BYTES = 256 * 1024  # one EventNotificationAlert or Frigate event, XML or JSON
MAX_PICTURE_BYTES = 2 * 1024 * 1024  # each picture part of a multipart push
MAX_PICTURES = 4  # Hikvision sends one per detection; NVRs sometimes a background picture too
MAX_PARTS = 8
MAX_XML_DEPTH = 32
# the whole request: the document, the pictures and multipart overhead
MAX_BODY_BYTES = MAX_DOCUMENT_BYTES + MAX_PICTURES * MAX_PICTURE_BYTES + 64 * 1024


def megabytes(size: int) -> str:
    return f"{round(size / 1024 / 1024, 1):g} MB" if size >= 1024 * 1024 else f"{size // 1024} KB"
