"""What a case's lifecycle action does to its SLA clocks.

Open clocks follow their own snapshot (what stops, pauses and resumes them); new clocks start for the
kinds the case's resolved policy runs and whose `starts_on` lists the action. A kind that is already
open is not started twice; a kind started again after it stopped (e.g. `order` after a `return`)
gets the next attempt number.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from .clock_state import SlaClock
from .selector import ResolvedPolicy
from .vocabulary import LIFECYCLE_ACTIONS

Operation = Literal["start", "stop", "pause", "resume"]


@dataclass(frozen=True, slots=True)
class ClockOperation:
    op: Operation
    kind: str
    clock_id: str | None  # None for "start"
    reason: str  # the action


def operations_for(action: str, *, clocks: Iterable[SlaClock], policy: ResolvedPolicy) -> list[ClockOperation]:
    """The clock operations one action means for a case (stops and pauses first, then starts)."""
    if action not in LIFECYCLE_ACTIONS:
        raise ValueError(f"unknown lifecycle action {action!r}; known: {', '.join(LIFECYCLE_ACTIONS)}")
    clocks = list(clocks)
    operations: list[ClockOperation] = []
    for clock in clocks:
        terms = clock.policy
        if not clock.is_open:
            continue
        if action in terms.stops_on:
            operations.append(ClockOperation("stop", clock.kind, clock.id, action))
        elif action in terms.pauses_on and clock.state == "running":
            operations.append(ClockOperation("pause", clock.kind, clock.id, action))
        elif action in terms.resumes_on and clock.state == "paused":
            operations.append(ClockOperation("resume", clock.kind, clock.id, action))
    stopping = {o.kind for o in operations if o.op == "stop"}
    open_kinds = {c.kind for c in clocks if c.is_open} - stopping
    for kind in policy.starting_on(action):
        if kind not in open_kinds:
            operations.append(ClockOperation("start", kind, None, action))
    return operations


def apply_operations(case_id: str, operations: Iterable[ClockOperation], *, clocks: Iterable[SlaClock],
                     policy: ResolvedPolicy, at: datetime) -> list[SlaClock]:
    """The clocks the operations change or create (unchanged clocks are not returned)."""
    by_id = {c.id: c for c in clocks}
    attempts: dict[str, int] = {}
    for clock in by_id.values():
        attempts[clock.kind] = max(attempts.get(clock.kind, 0), clock.attempt)
    changed: dict[str, SlaClock] = {}
    for operation in operations:
        if operation.op == "start":
            attempt = attempts.get(operation.kind, 0) + 1
            attempts[operation.kind] = attempt
            clock = SlaClock.start(case_id=case_id, kind=operation.kind, policy=policy.snapshot(operation.kind),
                                   at=at, attempt=attempt)
        else:
            current = changed.get(operation.clock_id) or by_id[operation.clock_id]
            if operation.op == "stop":
                clock = current.stop(at, operation.reason)
            elif operation.op == "pause":
                clock = current.pause(at)
            else:
                clock = current.resume(at)
        changed[clock.id] = clock
    return list(changed.values())


def on_case_action(case_id: str, action: str, *, at: datetime, clocks: Iterable[SlaClock],
                   policy: ResolvedPolicy) -> list[SlaClock]:
    """One call for the action writer: the case's clocks after `action` at `at` (changed and new only)."""
    clocks = list(clocks)
    operations = operations_for(action, clocks=clocks, policy=policy)
    return apply_operations(case_id, operations, clocks=clocks, policy=policy, at=at)
