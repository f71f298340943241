"""Early warnings (预警): stored, announced on the bus, and read back by period.

insight computes them (`insight.detector`); this module is the writer and the read side:

    do_raise_warning(session, finding, clock=...)  -> dict   one row + a `warning.raised` outbox event
    last_raised(session, key) -> datetime | None              when the same anomaly was last raised
    warnings_in_period(session, start, end, township_code=None) -> list[dict]   newest first (briefings)
    warning_summary(row) -> dict                               the plain dict events and APIs carry
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .clock import Clock
from .envelope import Envelope
from .ids import new_id
from .models import EarlyWarning
from .store.outbox import enqueue
from .views import _iso

LEVELS = ("red", "orange", "yellow")
FIELDS = ("key", "kind", "category", "township_code", "entity", "level", "window_start", "window_end",
          "observed", "expected", "p_value", "complainants", "baseline", "case_ids", "summary")


def do_raise_warning(session: Session, finding: dict[str, Any], *, clock: Clock,
                     actor: str = "insight") -> dict[str, Any]:
    """Store a warning (`finding` holds every name in FIELDS) and enqueue its `warning.raised` event."""
    missing = [name for name in FIELDS if name not in finding]
    if missing:
        raise ValueError(f"a warning needs {', '.join(missing)}")
    if finding["level"] not in LEVELS:
        raise ValueError(f"warning level must be one of {LEVELS}")
    now = clock.now()
    row = EarlyWarning(id=new_id(now), raised_at=now, **{name: finding[name] for name in FIELDS})
    session.add(row)
    summary = warning_summary(row)
    enqueue(session, Envelope.new("warning.raised", subject_id=row.id, occurred_at=row.window_end,
                                  received_at=now, actor=actor, data={"warning": summary}))
    return summary


def last_raised(session: Session, key: str) -> datetime | None:
    return session.scalar(select(func.max(EarlyWarning.raised_at)).where(EarlyWarning.key == key))


def warnings_in_period(session: Session, start: datetime, end: datetime, *,
                       township_code: str | None = None) -> list[dict[str, Any]]:
    """The warnings raised in [start, end), newest first; with `township_code`, those of one township."""
    statement = select(EarlyWarning).where(EarlyWarning.raised_at >= start, EarlyWarning.raised_at < end)
    if township_code:
        statement = statement.where(EarlyWarning.township_code == township_code)
    return [warning_summary(row) for row in
            session.scalars(statement.order_by(EarlyWarning.raised_at.desc(), EarlyWarning.id.desc()))]


def warning_by_id(session: Session, warning_id: str) -> dict[str, Any] | None:
    row = session.get(EarlyWarning, warning_id)
    return warning_summary(row) if row is not None else None


def warning_summary(row: EarlyWarning) -> dict[str, Any]:
    return {
        "id": row.id, "key": row.key, "kind": row.kind, "category": row.category,
        "township_code": row.township_code, "entity": row.entity, "level": row.level,
        "window_start": _iso(row.window_start), "window_end": _iso(row.window_end),
        "observed": row.observed, "expected": round(row.expected, 3), "p_value": row.p_value,
        "complainants": row.complainants, "baseline": row.baseline, "case_ids": list(row.case_ids),
        "summary": row.summary, "raised_at": _iso(row.raised_at),
    }
