"""The terms a clock runs by, copied from the policy when it starts (a snapshot).

Editing policies.yaml never moves a running deadline: a clock only ever reads its own snapshot,
including the office hours and its lifecycle (what stops, pauses and resumes it).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import time
from typing import Any

from .working_time import TimeMeasure, measure_for, office_time
from .limits import Metric
from .policy import ClockTerms, PolicyBook

SNAPSHOT_VERSION = 1


@dataclass(frozen=True, slots=True)
class StepTerms:
    """One escalation step: due `after_seconds` of `metric` time past the deadline."""

    metric: Metric
    after_seconds: float
    after: str  # as written, e.g. "4 working hours"
    notify: str
    supervise: bool
    note: str | None


@dataclass(frozen=True, slots=True)
class PolicySnapshot:
    kind: str
    title: str
    rule_id: str
    book_version: int
    limit: str  # as written, e.g. "5 working days"
    metric: Metric
    budget_seconds: float
    warn_share: float
    escalation_name: str | None
    escalation: tuple[StepTerms, ...]
    stops_on: tuple[str, ...]
    pauses_on: tuple[str, ...]
    resumes_on: tuple[str, ...]
    timezone: str
    office_hours: tuple[tuple[time, time], ...]

    @classmethod
    def take(cls, book: PolicyBook, *, kind: str, rule_id: str, terms: ClockTerms) -> "PolicySnapshot":
        spec = book.kinds[kind]
        spans, tz = book.calendar.office_hours, book.calendar.timezone
        day = office_time(spans, tz).day_seconds
        ladder = book.escalations.get(terms.escalation, ()) if terms.escalation else ()
        return cls(
            kind=kind, title=spec.title, rule_id=rule_id, book_version=book.version,
            limit=str(terms.limit), metric=terms.limit.metric, budget_seconds=terms.limit.seconds(day),
            warn_share=terms.warn_at_share if terms.warn_at_share is not None else book.warn_at_share,
            escalation_name=terms.escalation,
            escalation=tuple(
                StepTerms(metric=step.after.metric, after_seconds=step.after.seconds(day), after=str(step.after),
                          notify=step.notify, supervise=step.supervise, note=step.note)
                for step in ladder
            ),
            stops_on=tuple(spec.stops_on), pauses_on=tuple(spec.pauses_on), resumes_on=tuple(spec.resumes_on),
            timezone=tz, office_hours=tuple(spans),
        )

    def measure(self, metric: Metric | None = None) -> TimeMeasure:
        return measure_for(metric or self.metric, self.office_hours, self.timezone)

    def to_json(self) -> dict[str, Any]:
        """Plain JSON for the `sla_clocks.policy` column."""
        return {
            "v": SNAPSHOT_VERSION, "kind": self.kind, "title": self.title, "rule_id": self.rule_id,
            "book_version": self.book_version, "limit": self.limit, "metric": self.metric,
            "budget_seconds": self.budget_seconds, "warn_share": self.warn_share,
            "escalation_name": self.escalation_name,
            "escalation": [
                {"metric": s.metric, "after_seconds": s.after_seconds, "after": s.after, "notify": s.notify,
                 "supervise": s.supervise, "note": s.note}
                for s in self.escalation
            ],
            "stops_on": list(self.stops_on), "pauses_on": list(self.pauses_on),
            "resumes_on": list(self.resumes_on), "timezone": self.timezone,
            "office_hours": [[b.strftime("%H:%M:%S"), e.strftime("%H:%M:%S")] for b, e in self.office_hours],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "PolicySnapshot":
        if data.get("v") != SNAPSHOT_VERSION:
            raise ValueError(f"policy snapshot version {data.get('v')!r} is not {SNAPSHOT_VERSION}")
        return cls(
            kind=data["kind"], title=data["title"], rule_id=data["rule_id"], book_version=data["book_version"],
            limit=data["limit"], metric=data["metric"], budget_seconds=float(data["budget_seconds"]),
            warn_share=float(data["warn_share"]), escalation_name=data["escalation_name"],
            escalation=tuple(StepTerms(**step) for step in data["escalation"]),
            stops_on=tuple(data["stops_on"]), pauses_on=tuple(data["pauses_on"]),
            resumes_on=tuple(data["resumes_on"]), timezone=data["timezone"],
            office_hours=tuple((time.fromisoformat(b), time.fromisoformat(e)) for b, e in data["office_hours"]),
        )


