"""Sortable ids (ULID) for cases, events and everything else we create."""
from __future__ import annotations

from datetime import datetime

from ulid import ULID


def new_id(at: datetime | None = None) -> str:
    return str(ULID.from_datetime(at) if at is not None else ULID())
