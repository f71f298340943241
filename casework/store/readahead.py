"""Answers to lookups a group commit's units are about to make, read for the whole batch at once.

Each statement a writer executes is a round trip to PostgreSQL, and under load each one also waits to
get the GIL back behind the process's other threads: a batch of 20 demands making three lookups each
spent most of its time waiting, not working. A unit may bring a `lookahead` (`GroupCommit`): inside
the batch's transaction, before any unit runs, one statement per kind of lookup answers it for every
unit, and the answers are kept here; the unit then `take`s its answer instead of asking. A lookup that
was not read ahead (other parameters, a lone unit, SQLite, where a lookup is a function call) runs as
before, so a read-ahead changes how many round trips a batch makes, never what a unit finds.

    keep(session, "external_id", key, value)         # the read-ahead, for each unit's key
    found = take(session, "external_id", key)        # the unit: the value, or MISSING (then ask)

The answers are the database as it was when the batch began, before any of its units wrote: the
lookups that read them already account for the batch's own rows (held to its end; see
`casework.store.deferred`), and units asking the same thing get the same answer.
"""
from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from sqlalchemy.orm import Session

_KEY = "smartbrain.read_ahead"
MISSING: Any = object()


def keep(session: Session, kind: str, key: Hashable, value: Any) -> None:
    session.info.setdefault(_KEY, {})[(kind, key)] = value


def take(session: Session, kind: str, key: Hashable) -> Any:
    """The answer read ahead for `(kind, key)` in this transaction; `MISSING` when there is none."""
    answers = session.info.get(_KEY)
    if not answers:
        return MISSING
    return answers.get((kind, key), MISSING)
