"""Read side: what screens and the API ask of the database. Plain dicts out."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import Case, CaseEvent, Dispatch, SlaClockRow, Unit
from .sla import CalendarOutOfRange, clock_from_row
from .transitions import OPEN_STATUSES, STATUSES, allowed_actions
from .views import _iso, case_detail, case_summary, unit_summary

MAX_PAGE = 500


@dataclass(frozen=True)
class CaseFilter:
    status: str | None = None  # a status, or "open"
    township_code: str | None = None
    channel: str | None = None
    category: str | None = None
    department: str | None = None
    limit: int = 100
    before: str | None = None  # cursor: the last case id of the previous page

    def __post_init__(self) -> None:
        if self.status not in (None, "open", *STATUSES):
            raise ValueError(f"status must be 'open' or one of {STATUSES}")
        if not 1 <= self.limit <= MAX_PAGE:
            raise ValueError(f"limit must be between 1 and {MAX_PAGE}")


def list_cases(session: Session, query: CaseFilter) -> dict[str, Any]:
    statement = select(Case)
    if query.status == "open":
        statement = statement.where(Case.status.in_(OPEN_STATUSES))
    elif query.status:
        statement = statement.where(Case.status == query.status)
    for column, value in ((Case.township_code, query.township_code), (Case.channel, query.channel),
                          (Case.category, query.category), (Case.department, query.department)):
        if value:
            statement = statement.where(column == value)
    if query.before:
        statement = statement.where(Case.id < query.before)
    rows = session.scalars(statement.order_by(Case.id.desc()).limit(query.limit + 1)).all()
    page = rows[: query.limit]
    return {"cases": [case_summary(c) for c in page],
            "next": page[-1].id if len(rows) > query.limit and page else None}


def case_with_history(session: Session, case_id: str, *, now: datetime | None = None) -> dict[str, Any] | None:
    """The case, its history, dispatches and SLA clocks (`remaining_seconds` at `now`, when given)."""
    case = session.get(Case, case_id)
    if case is None:
        return None
    events = session.scalars(select(CaseEvent).where(CaseEvent.case_id == case_id)
                             .order_by(CaseEvent.version, CaseEvent.id)).all()
    dispatches = session.scalars(select(Dispatch).where(Dispatch.case_id == case_id)
                                 .order_by(Dispatch.issued_at)).all()
    return {
        **case_detail(case),
        "allowed_actions": sorted(allowed_actions(case.status)),
        "history": [{"event_id": e.id, "action": e.action, "actor": e.actor, "from": e.from_status,
                     "to": e.to_status, "version": e.version, "at": _iso(e.occurred_at), "data": e.data}
                    for e in events],
        "dispatches": [{"id": d.id, "unit_id": d.unit_id, "actor": d.actor, "status": d.status,
                        "issued_at": _iso(d.issued_at)} for d in dispatches],
        "clocks": case_clocks(session, case_id, now=now),
    }


def case_clocks(session: Session, case_id: str, *, now: datetime | None = None) -> list[dict[str, Any]]:
    """A case's SLA clocks, oldest first: what runs, until when, and how it went."""
    rows = session.scalars(select(SlaClockRow).where(SlaClockRow.case_id == case_id)
                           .order_by(SlaClockRow.started_at, SlaClockRow.id)).all()
    clocks = []
    for row in rows:
        clock = clock_from_row(row)
        try:
            remaining = round(clock.remaining(now)) if now is not None else None
        except CalendarOutOfRange:
            remaining = None
        clocks.append({
            "id": clock.id, "kind": clock.kind, "title": clock.policy.title, "attempt": clock.attempt,
            "state": clock.state, "outcome": clock.outcome, "limit": clock.policy.limit,
            "metric": clock.policy.metric, "policy": clock.policy.rule_id,
            "started_at": _iso(clock.started_at), "deadline": _iso(clock.deadline), "warn_at": _iso(clock.warn_at),
            "remaining_seconds": remaining, "warned_at": _iso(clock.warned_at),
            "breached_at": _iso(clock.breached_at), "escalation_level": clock.escalation_level,
            "stopped_at": _iso(clock.stopped_at), "stop_reason": clock.stop_reason,
        })
    return clocks


def list_units(session: Session, *, status: str | None = None) -> list[dict[str, Any]]:
    statement = select(Unit).order_by(Unit.township_code, Unit.name)
    if status:
        statement = statement.where(Unit.status == status)
    return [unit_summary(u) for u in session.scalars(statement)]


RELATED_WINDOW_DAYS = 30


def related_cases(session: Session, case_id: str, *, limit: int = 8) -> list[dict[str, Any]]:
    """Repeat demands (重复诉求): other cases from the same caller, or at the same village, within a window."""
    from datetime import timedelta

    from sqlalchemy import or_

    case = session.get(Case, case_id)
    if case is None:
        return []
    same = []
    if case.reporter_phone:
        same.append(Case.reporter_phone == case.reporter_phone)
    if case.village_code:
        same.append(Case.village_code == case.village_code)
    if not same:
        return []
    window = timedelta(days=RELATED_WINDOW_DAYS)
    rows = session.scalars(
        select(Case).where(or_(*same), Case.id != case.id,
                           Case.received_at >= case.received_at - window,
                           Case.received_at <= case.received_at + window)
        .order_by(Case.received_at.desc()).limit(limit)
    ).all()
    return [{**case_summary(r), "same_caller": bool(case.reporter_phone) and r.reporter_phone == case.reporter_phone}
            for r in rows]


def assigned_case(session: Session, unit_id: str) -> dict[str, Any] | None:
    """The case a unit was last sent to and has not finished (派单 or 到场)."""
    case = session.scalar(select(Case).where(Case.unit_id == unit_id, Case.status.in_(("dispatched", "on_site")))
                          .order_by(Case.dispatched_at.desc()).limit(1))
    return case_summary(case) if case else None
