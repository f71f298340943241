"""Core inserts a group commit writes once per table for its whole batch (`executemany`).

    with deferring(session):                   # the group commit, around a batch of units
        insert_row(session, table, row)        # held; without `deferring`: executed at once
    # leaving the block wrote every held row, tables in the order they were first used

Each statement a writer executes releases and re-takes the GIL; under load the re-take waits behind the
process's other threads, so one `executemany` per table instead of one insert per row and table is what
keeps the single writer from becoming the queue. Rows are written before any ORM flush of the same
session (an ORM row may refer to them: the SLA clocks refer to their case), so the order is kept
whatever the units do in between. Until written, held rows are invisible to queries: `held_rows`
lets a writer look at them (the intake's idempotency check does).
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Table, event, insert
from sqlalchemy.orm import Session

_KEY = "smartbrain.deferred_inserts"


@contextmanager
def deferring(session: Session) -> Iterator[None]:
    session.info[_KEY] = {}
    try:
        yield
        write_held(session)
    finally:
        session.info.pop(_KEY, None)


def insert_row(session: Session, table: Table, row: dict[str, Any]) -> None:
    held = session.info.get(_KEY)
    if held is None:
        session.execute(insert(table), row)
    else:
        held.setdefault(table, []).append(row)


def is_deferring(session: Session) -> bool:
    return _KEY in session.info


def held_rows(session: Session, table: Table) -> list[dict[str, Any]]:
    held = session.info.get(_KEY)
    return held.get(table, []) if held else []


def write_held(session: Session) -> None:
    held = session.info.get(_KEY)
    if not held:
        return
    tables = list(held.items())
    held.clear()
    connection = session.connection()
    for table, rows in tables:
        connection.execute(insert(table), rows)


@event.listens_for(Session, "before_flush")
def _write_before_orm_rows(session: Session, _context, _instances) -> None:  # noqa: ANN001
    write_held(session)
