"""One SLA clock as a value: start, pause, resume, stop and fire return a new clock.

Time is counted in the clock's metric (elapsed or office time, see working_time.py). The clock keeps
`consumed_seconds` (used before the current running span) and `running_since`; its deadline, warning
time and `due_at` (the next moment a timer must fire) are computed on every change and stored, so a
timer index and a database row can use them without calendar arithmetic.

Every change raises `fence`: a timer armed with an older fence is stale and `fire` ignores it, so a
duplicated or late timer does nothing. Times earlier than the clock's last change are read as that
change's time (sources' clocks disagree by a few seconds; a clock never runs backwards).
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, Literal

from ..clock import as_utc, iso_local
from .events import BREACHED, ESCALATED, WARNING, SlaEvent
from .snapshot import PolicySnapshot

ClockStateName = Literal["running", "paused", "stopped"]


def clock_id(case_id: str, kind: str, attempt: int) -> str:
    """Deterministic, so a retried action cannot start the same clock twice."""
    return f"{case_id}:{kind}:{attempt}"


@dataclass(frozen=True, slots=True)
class Fired:
    clock: "SlaClock"
    event: SlaEvent


@dataclass(frozen=True, slots=True)
class SlaClock:
    id: str
    case_id: str
    kind: str
    attempt: int
    policy: PolicySnapshot
    state: ClockStateName
    started_at: datetime
    running_since: datetime | None
    paused_at: datetime | None
    consumed_seconds: float  # metric seconds used before `running_since`
    paused_seconds: float  # wall seconds spent paused, for reports
    deadline: datetime | None  # None while paused before a breach
    warn_at: datetime | None
    due_at: datetime | None  # next timer: warning, breach or escalation step; None when nothing is due
    warned_at: datetime | None
    breached_at: datetime | None
    escalation_level: int  # escalation steps taken
    escalation_anchor: datetime | None  # steps count from here: the deadline, shifted by later pauses
    stopped_at: datetime | None
    stop_reason: str | None
    fence: int

    # -- lifecycle -------------------------------------------------------------------------------

    @classmethod
    def start(cls, *, case_id: str, kind: str, policy: PolicySnapshot, at: datetime, attempt: int = 1) -> "SlaClock":
        if kind != policy.kind:
            raise ValueError(f"snapshot is for {policy.kind!r}, not {kind!r}")
        at = as_utc(at)
        clock = cls(
            id=clock_id(case_id, kind, attempt), case_id=case_id, kind=kind, attempt=attempt, policy=policy,
            state="running", started_at=at, running_since=at, paused_at=None, consumed_seconds=0.0,
            paused_seconds=0.0, deadline=None, warn_at=None, due_at=None, warned_at=None, breached_at=None,
            escalation_level=0, escalation_anchor=None, stopped_at=None, stop_reason=None, fence=1,
        )
        return clock._scheduled()

    def pause(self, at: datetime) -> "SlaClock":
        if self.state != "running":
            return self
        at = max(as_utc(at), self.running_since)
        used = self.policy.measure().between(self.running_since, at)
        return replace(self, state="paused", running_since=None, paused_at=at,
                       consumed_seconds=self.consumed_seconds + used, fence=self.fence + 1)._scheduled()

    def resume(self, at: datetime) -> "SlaClock":
        if self.state != "paused":
            return self
        at = max(as_utc(at), self.paused_at)
        pause = at - self.paused_at
        anchor = self.escalation_anchor + pause if self.escalation_anchor is not None else None
        return replace(self, state="running", running_since=at, paused_at=None,
                       paused_seconds=self.paused_seconds + pause.total_seconds(), escalation_anchor=anchor,
                       fence=self.fence + 1)._scheduled()

    def stop(self, at: datetime, reason: str) -> "SlaClock":
        if self.state == "stopped":
            return self
        at = as_utc(at)
        consumed, paused = self.consumed_seconds, self.paused_seconds
        if self.state == "running":
            at = max(at, self.running_since)
            consumed += self.policy.measure().between(self.running_since, at)
        else:
            at = max(at, self.paused_at)
            paused += (at - self.paused_at).total_seconds()
        return replace(self, state="stopped", running_since=None, paused_at=None, consumed_seconds=consumed,
                       paused_seconds=paused, stopped_at=at, stop_reason=reason, warn_at=None, due_at=None,
                       fence=self.fence + 1)

    # -- timers ----------------------------------------------------------------------------------

    def fire(self, fence: int, at: datetime) -> Fired | None:
        """Take the one step that is due: a warning, the breach, or the next escalation step.

        None when the timer is stale (another fence), early, or the clock is not running; the caller
        then does nothing. After a step the clock may be due again at once (several late steps): the
        caller re-arms with the new `due_at` and fires again, one step per transaction.
        """
        at = as_utc(at)
        if self.state != "running" or fence != self.fence or self.due_at is None or self.due_at > at:
            return None
        if self.breached_at is None and self.deadline <= at:
            return self._breach(at)
        if self.breached_at is None:
            clock = replace(self, warned_at=at, fence=self.fence + 1)._scheduled()
            return Fired(clock, self._event(WARNING, self.warn_at, {"stage": "warning"}, clock))
        step = self.policy.escalation[self.escalation_level]
        level = self.escalation_level + 1
        clock = replace(self, escalation_level=level, fence=self.fence + 1)._scheduled()
        due = self.due_at
        return Fired(clock, self._event(ESCALATED, due, {"stage": "escalation",
                                                         "escalations": [_step_data(level, step)]}, clock))

    def _breach(self, at: datetime) -> Fired:
        # steps due at the deadline itself (after 0) go out with the breach, in one event
        level, taken = 0, []
        for step in self.policy.escalation:
            if step.after_seconds > 0:
                break
            level += 1
            taken.append(_step_data(level, step))
        clock = replace(self, breached_at=at, escalation_level=level, escalation_anchor=self.deadline,
                        fence=self.fence + 1)._scheduled()
        return Fired(clock, self._event(BREACHED, self.deadline, {"stage": "breach", "escalations": taken}, clock))

    def _event(self, type_: str, occurred_at: datetime, data: dict[str, Any], after: "SlaClock") -> SlaEvent:
        # case_id, kind and deadline at the top, so screens need not dig into the clock's summary
        summary = after.summary()
        return SlaEvent(type=type_, case_id=self.case_id, clock_id=self.id, occurred_at=occurred_at,
                        data={**data, "case_id": self.case_id, "kind": self.kind, "deadline": summary["deadline"],
                              "clock": summary})

    # -- derived ---------------------------------------------------------------------------------

    @property
    def is_open(self) -> bool:
        return self.state != "stopped"

    @property
    def outcome(self) -> Literal["open", "met", "breached"]:
        if self.breached_at is not None:
            return "breached"
        return "open" if self.is_open else "met"

    def remaining(self, at: datetime) -> float:
        """Seconds of the clock's metric left at `at`; negative once overdue."""
        used = self.consumed_seconds
        if self.state == "running":
            used += self.policy.measure().between(self.running_since, as_utc(at))
        return self.policy.budget_seconds - used

    def used_share(self, at: datetime) -> float:
        budget = self.policy.budget_seconds
        return 1.0 if budget <= 0 else (budget - self.remaining(at)) / budget

    def summary(self) -> dict[str, Any]:
        """Plain data for events and screens (times in the center's zone)."""
        def local(moment: datetime | None) -> str | None:
            return iso_local(moment) if moment is not None else None

        return {
            "id": self.id, "case_id": self.case_id, "kind": self.kind, "title": self.policy.title,
            "attempt": self.attempt, "state": self.state, "limit": self.policy.limit,
            "metric": self.policy.metric, "rule_id": self.policy.rule_id,
            "started_at": local(self.started_at), "deadline": local(self.deadline), "warn_at": local(self.warn_at),
            "remaining_seconds_at_pause": (self.policy.budget_seconds - self.consumed_seconds
                                           if self.state == "paused" else None),
            "warned_at": local(self.warned_at), "breached_at": local(self.breached_at),
            "escalation_level": self.escalation_level, "outcome": self.outcome,
        }

    # -- schedule --------------------------------------------------------------------------------

    def _scheduled(self) -> "SlaClock":
        """Deadline, warning time and next due moment for the clock's current state."""
        if self.state != "running":
            deadline = self.deadline if self.breached_at is not None else None
            return replace(self, deadline=deadline, warn_at=None, due_at=None)
        policy, start = self.policy, self.running_since
        if self.breached_at is None:
            measure = policy.measure()
            deadline = measure.add(start, max(0.0, policy.budget_seconds - self.consumed_seconds))
            warn_at = None
            if self.warned_at is None:
                warn_left = policy.warn_share * policy.budget_seconds - self.consumed_seconds
                warn_at = measure.add(start, max(0.0, warn_left))
            return replace(self, deadline=deadline, warn_at=warn_at, due_at=warn_at or deadline)
        due = None
        if self.escalation_level < len(policy.escalation):
            step = policy.escalation[self.escalation_level]
            due = policy.measure(step.metric).add(self.escalation_anchor, step.after_seconds)
            due = max(due, start)  # a step that fell due during a pause is due on resume
        return replace(self, warn_at=None, due_at=due)


def _step_data(level: int, step: Any) -> dict[str, Any]:
    return {"level": level, "notify": step.notify, "supervise": step.supervise, "after": step.after,
            "note": step.note}

