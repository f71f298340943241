"""The six rates (六率), one definition each: numerator, denominator, period, and which states count.

Period: cases *received* in [start, end) (Asia/Shanghai days at the caller's choice). Merged cases are
duplicates of another case and count nowhere. "Resolved" (办结: a result was given) is not "closed"
(归档: filed after visit-back); a closed case was resolved first, so it counts as resolved.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Integer, and_, case, func, or_, select
from sqlalchemy.orm import Session

from .models import Case


@dataclass(frozen=True)
class RateDefinition:
    key: str
    zh: str
    en: str
    numerator: str
    denominator: str


RATES = (
    RateDefinition("sign", "签收率", "sign-for rate",
                   "cases signed for (签收, at any time)", "cases received in the period, less merged"),
    RateDefinition("feedback", "反馈率", "feedback rate",
                   "cases whose party was contacted with feedback (联系/反馈)", "cases received, less merged"),
    RateDefinition("diversion", "分流率", "diversion rate",
                   "cases routed to a department or dispatched to a unit (分流/派单)", "cases signed for"),
    RateDefinition("return", "回流率", "return rate",
                   "cases returned to the center by the handler (回流)", "cases routed or dispatched"),
    RateDefinition("closure", "办结率", "closure rate",
                   "cases resolved (办结; closed cases were resolved first)", "cases received, less merged"),
    RateDefinition("complaint", "投诉率", "complaint rate",
                   "cases visited back (回访) with a complaint or 'dissatisfied'", "cases visited back"),
)


# what each count of a period means, once: the rates' numerators and denominators, and the briefing's
# drill-down ("the cases behind this figure") use these same conditions
COUNTED: dict[str, Any] = {
    "signed": Case.signed_at.is_not(None),
    "contacted": Case.contacted_at.is_not(None),
    "dispatched": Case.dispatched_at.is_not(None),
    "returned": Case.returned_at.is_not(None),
    "resolved": Case.resolved_at.is_not(None),
    "visited": Case.visited_at.is_not(None),
    "complaints": and_(Case.visited_at.is_not(None), Case.complaint.is_(True)),
}


def _counts_columns() -> list[Any]:
    return [func.count().label("received"),
            *(func.sum(case((condition, 1), else_=0)).cast(Integer).label(name)
              for name, condition in COUNTED.items())]


def received_in(start: datetime, end: datetime) -> Any:
    """The cases a period is about: received in [start, end), less merged."""
    if start >= end:
        raise ValueError("the period's start must come before its end")
    return and_(Case.received_at >= start, Case.received_at < end, Case.status != "merged")


def rates_from_counts(counts: dict[str, int]) -> dict[str, dict[str, Any]]:
    pairs = {
        "sign": ("signed", "received"), "feedback": ("contacted", "received"),
        "diversion": ("dispatched", "signed"), "return": ("returned", "dispatched"),
        "closure": ("resolved", "received"), "complaint": ("complaints", "visited"),
    }
    result = {}
    for definition in RATES:
        top, bottom = pairs[definition.key]
        numerator, denominator = int(counts.get(top) or 0), int(counts.get(bottom) or 0)
        result[definition.key] = {
            "numerator": numerator, "denominator": denominator,
            "rate": numerator / denominator if denominator else None,
        }
    return result


def six_rates(session: Session, start: datetime, end: datetime, *, township_code: str | None = None,
              department: str | None = None) -> dict[str, Any]:
    statement = select(*_counts_columns()).where(received_in(start, end))
    if township_code:
        statement = statement.where(Case.township_code == township_code)
    if department:
        statement = statement.where(Case.department == department)
    counts = dict(session.execute(statement).one()._mapping)
    return {"counts": {k: int(v or 0) for k, v in counts.items()}, "rates": rates_from_counts(counts)}


def six_rates_by(session: Session, start: datetime, end: datetime, *, by: str) -> dict[str, dict[str, Any]]:
    """Per township (`by="township_code"`) or department (`by="department"`)."""
    if by not in ("township_code", "department", "channel", "category"):
        raise ValueError("group by township_code, department, channel or category")
    key = getattr(Case, by)
    rows = session.execute(select(key.label("key"), *_counts_columns()).where(received_in(start, end)).group_by(key))
    grouped = {}
    for row in rows:
        counts = {k: int(v or 0) for k, v in row._mapping.items() if k != "key"}
        grouped[row.key or "unassigned"] = {"counts": counts, "rates": rates_from_counts(counts)}
    return grouped


ON_TIME = (
    RateDefinition("on_time_sign", "按时签收率", "on-time sign-for rate",
                   "sign clocks stopped by signing before their deadline",
                   "sign clocks whose outcome is known: stopped by signing, or breached"),
    RateDefinition("on_time_closure", "按时办结率", "on-time closure rate",
                   "closure clocks stopped by closing before their deadline",
                   "closure clocks whose outcome is known: stopped by closing, or breached"),
)
_ON_TIME_KINDS = {"on_time_sign": ("sign", "sign"), "on_time_closure": ("closure", "close")}


def on_time_rates(session: Session, start: datetime, end: datetime, *, township_code: str | None = None,
                  department: str | None = None) -> dict[str, dict[str, Any]]:
    """Read from the SLA clocks themselves, so the rate and the countdown can never disagree. On time:
    stopped by the finishing action no later than the deadline. A clock still running and not yet
    breached has no outcome and counts nowhere; one stopped by a merge neither."""
    from .models import SlaClockRow  # the clocks live beside the cases

    # one pass over the period's clocks of both kinds (a join per kind would walk the cases twice)
    kinds = {kind: (key, action) for key, (kind, action) in _ON_TIME_KINDS.items()}
    finished = or_(*(and_(SlaClockRow.kind == kind, SlaClockRow.stop_reason == action)
                     for kind, (_key, action) in kinds.items()))
    finished = and_(SlaClockRow.state == "stopped", finished)
    statement = (
        select(SlaClockRow.kind,
               func.sum(case((and_(finished, SlaClockRow.breached_at.is_(None),
                                   SlaClockRow.stopped_at <= SlaClockRow.deadline), 1), else_=0)),
               func.sum(case((finished | SlaClockRow.breached_at.is_not(None), 1), else_=0)))
        .join(Case, Case.id == SlaClockRow.case_id)
        .where(received_in(start, end), SlaClockRow.kind.in_(tuple(kinds)))
        .group_by(SlaClockRow.kind)
    )
    if township_code:
        statement = statement.where(Case.township_code == township_code)
    if department:
        statement = statement.where(Case.department == department)
    counted = {kind: (int(n or 0), int(d or 0)) for kind, n, d in session.execute(statement)}
    result = {}
    for key, (kind, _action) in _ON_TIME_KINDS.items():
        numerator, denominator = counted.get(kind, (0, 0))
        result[key] = {"numerator": numerator, "denominator": denominator,
                       "rate": numerator / denominator if denominator else None}
    return result
