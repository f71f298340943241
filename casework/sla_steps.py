"""The timer consumer: one SLA step (warning, breach, escalation step) per call, under the case's lock.

A timer only says "clock X may be due, fence F". `do_sla_due` locks the case and then the clock row
(the order do_case_action uses), and lets the clock decide (`SlaClock.fire`): a stale fence, an early or
duplicated timer, a stopped clock all do nothing. A step writes the clock, its `sla.*` event to the
outbox and, when the step escalates (notify township/county) or supervises (督办), the `escalate` /
`supervise` marks on the case with a CaseEvent, as an officer's action would.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from .actions import _locked_case, _record
from .case_clocks import note_calendar_gap, refresh_next_deadline, write_clock
from .clock import Clock
from .marks import ESCALATION_LEVELS, apply_mark, default_supervision_deadline
from .models import Case, SlaClockRow
from .sla import CalendarOutOfRange, Fired, SlaClock, TimerEntry, clock_from_row
from .store.outbox import enqueue
from .transitions import MARKS

SLA_ACTOR = "sla"
# 督办 ordered by an escalation step: answer within this (an officer sets their own via the API)
# whom a step notifies -> the escalation level the case is raised to (department and center: notice only)
NOTIFY_LEVEL = {"township": "township", "county": "county"}


def do_sla_due(session: Session, clock_id: str, fence: int, *, clock: Clock) -> bool:
    """Take the step a timer announces, if it is still due. True when a step was taken."""
    case_id = session.scalar(select(SlaClockRow.case_id).where(SlaClockRow.id == clock_id))
    if case_id is None:
        return False
    case = _locked_case(session, case_id)
    row = session.get(SlaClockRow, clock_id, with_for_update=True, populate_existing=True)
    if row is None:
        return False
    now = clock.now()
    current = clock_from_row(row)
    fired = _fire(case, current, fence, now)
    if fired is None:
        return False
    write_clock(session, fired.clock, row)
    others = session.scalars(select(SlaClockRow).where(SlaClockRow.case_id == case.id,
                                                       SlaClockRow.id != clock_id)).all()
    refresh_next_deadline(case, [fired.clock, *map(clock_from_row, others)])
    enqueue(session, fired.event.envelope(received_at=now, actor=SLA_ACTOR))
    for step in fired.event.data.get("escalations", ()):
        _escalate(session, case, step, clock_id=clock_id, kind=current.kind, clock=clock)
    return True


def _fire(case: Case, current: SlaClock, fence: int, now: datetime) -> Fired | None:
    try:
        return current.fire(fence, now)
    except CalendarOutOfRange as error:
        # the step is due, but the step after it lies beyond the known calendar: take this step and
        # schedule nothing after it (noted on the case) rather than lose the breach
        taken = _steps_this_fire_takes(current)
        note_calendar_gap(case, f"{current.kind} clock: escalation after step {taken} not scheduled", error)
        short = replace(current, policy=replace(current.policy, escalation=current.policy.escalation[:taken]))
        fired = short.fire(fence, now)
        if fired is None:
            return None
        return Fired(replace(fired.clock, policy=current.policy), fired.event)


def _steps_this_fire_takes(current: SlaClock) -> int:
    """How many escalation steps the clock will have taken after its due step."""
    if current.breached_at is not None:
        return current.escalation_level + 1
    steps = current.policy.escalation
    return next((i for i, step in enumerate(steps) if step.after_seconds > 0), len(steps))


def _escalate(session: Session, case: Case, step: dict[str, Any], *, clock_id: str, kind: str,
              clock: Clock) -> None:
    """The `escalate` and `supervise` marks a step calls for, each with its CaseEvent."""
    now = clock.now()
    marks: list[tuple[str, dict[str, Any]]] = []
    level = NOTIFY_LEVEL.get(step.get("notify"))
    if level is not None and ESCALATION_LEVELS.index(level) > case.escalation_level:
        marks.append(("escalate", {"level": level}))
    if step.get("supervise"):
        marks.append(("supervise", {"deadline": default_supervision_deadline(now).isoformat()}))
    for action, data in marks:
        if case.status not in MARKS[action]:
            continue
        apply_mark(case, action, data, now=now)
        case.version += 1
        case.updated_at = now
        data = {**data, "clock_id": clock_id, "kind": kind, "step": step.get("level"), "note": step.get("note")}
        _record(session, case, "case.updated", action, case.status, actor=SLA_ACTOR, clock=clock, data=data)


def running_timer_entries(session: Session, *, due_before: datetime | None = None) -> list[TimerEntry]:
    """Timers the running clocks need (those due before `due_before`, if given): for a re-arm."""
    statement = select(SlaClockRow.id, SlaClockRow.due_at, SlaClockRow.fence).where(
        SlaClockRow.state == "running", SlaClockRow.due_at.is_not(None))
    if due_before is not None:
        statement = statement.where(SlaClockRow.due_at < due_before)
    return [TimerEntry(row.id, row.due_at, row.fence) for row in session.execute(statement)]
