"""SlaClock <-> the columns of its `sla_clocks` row (casework.models.SlaClockRow), without importing it."""
from __future__ import annotations

from typing import Any

from ..clock import as_utc
from .clock_state import SlaClock
from .snapshot import PolicySnapshot

_TIMES = ("started_at", "running_since", "paused_at", "deadline", "warn_at", "due_at", "warned_at",
          "breached_at", "escalation_anchor", "stopped_at")
_PLAIN = ("id", "case_id", "kind", "attempt", "state", "consumed_seconds", "paused_seconds",
          "escalation_level", "stop_reason", "fence")


def clock_columns(clock: SlaClock) -> dict[str, Any]:
    """Column values for an insert or update of the clock's row."""
    values = {name: getattr(clock, name) for name in _PLAIN + _TIMES}
    values["policy"] = clock.policy.to_json()
    return values


def clock_from_row(row: Any) -> SlaClock:
    """The clock a row (or any object with those attributes) stores."""
    values = {name: getattr(row, name) for name in _PLAIN}
    values.update({name: (None if getattr(row, name) is None else as_utc(getattr(row, name))) for name in _TIMES})
    return SlaClock(policy=PolicySnapshot.from_json(row.policy), **values)
