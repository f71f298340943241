"""Camera timestamps: ISO 8601 (Hikvision) and epoch seconds (Frigate), always made aware."""
from __future__ import annotations

import math
from datetime import datetime, timezone

from casework.clock import CENTER_TZ

EARLIEST = datetime(2000, 1, 1, tzinfo=timezone.utc)
LATEST = datetime(2100, 1, 1, tzinfo=timezone.utc)


def iso_time(value: object, *, field: str, received_at: datetime) -> tuple[datetime, str | None]:
    """(moment, note). No offset: read in Asia/Shanghai and noted. Missing or unreadable: the
    center's receipt time, noted; an alarm is never refused for its clock."""
    if not isinstance(value, str) or not value.strip():
        return received_at, f"{field} missing; the time of receipt is used"
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        return received_at, f"{field} {value.strip()[:40]!r} is not ISO 8601; the time of receipt is used"
    if moment.tzinfo is None:
        return moment.replace(tzinfo=CENTER_TZ), f"{field} had no UTC offset; read as Asia/Shanghai"
    return moment, None


def epoch_time(value: float | None) -> datetime | None:
    """Seconds since the epoch (UTC) → aware datetime; None for absent or absurd values."""
    if value is None or not math.isfinite(value):
        return None
    try:
        moment = datetime.fromtimestamp(value, tz=timezone.utc)
    except (OverflowError, OSError, ValueError):
        return None
    return moment if EARLIEST <= moment < LATEST else None
