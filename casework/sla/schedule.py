"""Which clock is due next, and the timer entries that rebuild a timer index."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import NamedTuple

from .clock_state import SlaClock


class TimerEntry(NamedTuple):
    """What a timer index holds for one clock: fire `timer_id` at `due_at` with `fence`."""

    timer_id: str
    due_at: datetime
    fence: int


def timer_entry(clock: SlaClock) -> TimerEntry | None:
    """The timer a clock needs now, or None (paused, stopped, nothing left to escalate)."""
    if clock.due_at is None or clock.state != "running":
        return None
    return TimerEntry(clock.id, clock.due_at, clock.fence)


def timer_entries(clocks: Iterable[SlaClock]) -> list[TimerEntry]:
    return [entry for entry in map(timer_entry, clocks) if entry is not None]


def next_due(clocks: Iterable[SlaClock]) -> TimerEntry | None:
    """The earliest timer among the clocks (ties: by id, for a stable order)."""
    entries = timer_entries(clocks)
    return min(entries, key=lambda e: (e.due_at, e.timer_id)) if entries else None
