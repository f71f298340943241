"""A case's SLA clocks in the database: follow its actions, keep the denormalised next deadline.

The rules live in casework.sla (pure); this module reads and writes `sla_clocks` rows for the action
writers (casework.actions) and the timer step (casework.sla_steps). A clock whose times cannot be
computed because the official holiday calendar does not reach that far is skipped, with a note on the
case and a warning in the log: an intake or an officer's action never fails because of the calendar.
"""
from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import Case, SlaClockRow
from .store.deferred import insert_row
from .sla import (
    CalendarOutOfRange, CaseFacts, PolicyBook, SlaClock, apply_operations, clock_columns, clock_from_row,
    operations_for, select_policy,
)

log = logging.getLogger(__name__)

_UNCHANGING = ("id", "case_id", "kind", "attempt", "policy")  # fixed when the clock starts
_CLOCKS = SlaClockRow.__table__
WRITTEN_CLOCKS = "casework.sla_clocks_written"  # session.info: {clock id: SlaClock or SlaClockRow}
_DONE = {"start": "started", "stop": "stopped", "pause": "paused", "resume": "resumed"}


def locked_clock_rows(session: Session, case_id: str) -> list[SlaClockRow]:
    """The case's clock rows, locked (take the case's lock first: casework.actions._locked_case)."""
    statement = (select(SlaClockRow).where(SlaClockRow.case_id == case_id).order_by(SlaClockRow.id)
                 .with_for_update().execution_options(populate_existing=True))
    return list(session.scalars(statement))


def follow_action(session: Session, case: Case, action: str, *, at: datetime, policies: PolicyBook,
                  rows: list[SlaClockRow] | None = None) -> list[SlaClock]:
    """Start, stop, pause or resume the case's clocks for `action` at `at`; returns the changed clocks.

    `rows`: the case's clock rows, already locked (None: lock and read them).
    """
    rows = locked_clock_rows(session, case.id) if rows is None else rows
    by_id = {row.id: row for row in rows}
    changed = _advance(case, action, at=at, policies=policies, clocks={row.id: clock_from_row(row) for row in rows})
    for clock in changed:
        write_clock(session, clock, by_id.get(clock.id))
    return changed


def start_clocks(case: Case, *, at: datetime, policies: PolicyBook) -> list[SlaClock]:
    """A new case's clocks (its intake at `at`), not yet stored: `insert_clocks` writes them after the case's
    row. The case's next deadline is set."""
    return _advance(case, "intake", at=at, policies=policies, clocks={})


def insert_clocks(session: Session, clocks: list[SlaClock]) -> None:
    """Insert new clocks' rows (Core: held to the end of a group commit's batch, after the cases' rows) and
    note them in `session.info[WRITTEN_CLOCKS]`, where the timers find what to arm after commit."""
    for clock in clocks:
        insert_row(session, _CLOCKS, clock_columns(clock))
    note_written(session, clocks)


def note_written(session: Session, clocks: Iterable[Any]) -> None:
    """Clocks (or clock rows) this transaction wrote, by id: armed once it commits, forgotten on rollback."""
    session.info.setdefault(WRITTEN_CLOCKS, {}).update((clock.id, clock) for clock in clocks)


def _advance(case: Case, action: str, *, at: datetime, policies: PolicyBook,
             clocks: dict[str, SlaClock]) -> list[SlaClock]:
    policy = select_policy(policies, CaseFacts.of(case))
    changed: list[SlaClock] = []
    for operation in operations_for(action, clocks=clocks.values(), policy=policy):
        try:
            (clock,) = apply_operations(case.id, [operation], clocks=clocks.values(), policy=policy, at=at)
        except CalendarOutOfRange as error:
            note_calendar_gap(case, f"{operation.kind} clock not {_DONE[operation.op]}", error)
            continue
        clocks[clock.id] = clock
        changed.append(clock)
    refresh_next_deadline(case, clocks.values())
    return changed


def write_clock(session: Session, clock: SlaClock, row: SlaClockRow | None) -> SlaClockRow:
    """Insert the clock's row, or update the row it came from."""
    if row is None:
        row = SlaClockRow(**clock_columns(clock))
        session.add(row)
        return row
    for name, value in clock_columns(clock).items():
        if name not in _UNCHANGING:
            setattr(row, name, value)
    return row


def refresh_next_deadline(case: Case, clocks: Iterable[SlaClock]) -> None:
    """`cases.next_deadline`: the earliest deadline among running clocks; `next_warn_at`: when that
    clock warns (stable while it runs, so a timer step that changes nothing else leaves it alone)."""
    running = [c for c in clocks if c.state == "running" and c.deadline is not None]
    if not running:
        case.next_deadline, case.next_warn_at = None, None
        return
    first = min(running, key=lambda c: (c.deadline, c.id))
    case.next_deadline, case.next_warn_at = first.deadline, warn_moment(first)


def warn_moment(clock: SlaClock) -> datetime | None:
    """When the running clock has used its warn share: its `warn_at` before the warning, and the same
    moment after it (`warn_at` is cleared once warned); the resume time if the share was used earlier."""
    if clock.state != "running" or clock.running_since is None:
        return None
    policy = clock.policy
    left = policy.warn_share * policy.budget_seconds - clock.consumed_seconds
    try:
        return policy.measure().add(clock.running_since, max(0.0, left))
    except CalendarOutOfRange:  # not reached: the deadline, later, was computed with the same calendar
        return clock.warn_at


def note_calendar_gap(case: Case, what: str, error: CalendarOutOfRange) -> None:
    """Say on the case (once) and in the log that a clock could not follow the official calendar."""
    note = (f"{what}: the official holiday calendar for {error.day.year} is not published in this installation "
            f"(chinesecalendar knows {error.first_year}–{error.last_year}); update chinesecalendar")
    log.warning("case %s: %s", case.id, note)
    if note not in (case.notes or []):
        case.notes = [*(case.notes or []), note]
