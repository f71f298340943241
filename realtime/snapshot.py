"""Screen snapshots and the one way to apply events to them.

A page takes a snapshot (state + the `seq` it includes), then applies events with a higher `seq`.
`apply_events` here is the reference the browser's `assets/live.js` mirrors; a test proves that
snapshot + events equals a fresh snapshot.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from casework.clock import CENTER_TZ, Clock, iso_local
from casework.models import Case
from casework.privacy import mask_case
from casework.store.outbox import last_seq
from casework.transitions import OPEN_STATUSES
from casework.views import case_summary

from .wall_state import apply_wall_event, wall_extras

RECENT_LIMIT = 30
CONSOLE_LIMIT = 5000  # open cases a console holds; beyond that it pages through the API


def local_day_start(moment: datetime) -> datetime:
    local = moment.astimezone(CENTER_TZ)
    return local.replace(hour=0, minute=0, second=0, microsecond=0)


def iso_or_none(moment: datetime | None) -> str | None:
    return None if moment is None else iso_local(moment)


def public_title(title: str, reporter_name: str | None) -> str:
    return mask_case({"title": title, "reporter": {"name": reporter_name}})["title"]


def open_entry(version: int, township: str | None, status: str, deadline: str | None, title: str,
               village: str | None = None) -> dict[str, Any]:
    """What a screen keeps of each open case: enough for the map (township, village), the counts and
    the SLA board."""
    return {"v": version, "t": township, "g": village, "s": status, "d": deadline, "n": title}


def take_snapshot(session: Session, *, clock: Clock, public: bool) -> dict[str, Any]:
    """A consistent picture: every statement reads the same database snapshot."""
    if session.bind.dialect.name == "postgresql":
        session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
    seq = last_seq(session)
    day_start = local_day_start(clock.now())
    open_rows = session.execute(
        select(Case.id, Case.version, Case.township_code, Case.status, Case.next_deadline, Case.title,
               Case.reporter_name, Case.village_code).where(Case.status.in_(OPEN_STATUSES))
    ).all()
    recent = session.scalars(
        select(Case).order_by(Case.received_at.desc(), Case.id.desc()).limit(RECENT_LIMIT)
    ).all()
    received_today = session.scalar(
        select(func.count()).select_from(Case).where(
            Case.received_at >= day_start, Case.received_at < day_start + timedelta(days=1)
        )
    )
    summaries = [case_summary(c) for c in recent]
    snapshot = {
        "seq": seq,
        "open": {row.id: open_entry(row.version, row.township_code, row.status, iso_or_none(row.next_deadline),
                                    public_title(row.title, row.reporter_name) if public else row.title,
                                    row.village_code)
                 for row in open_rows},
        "recent": [mask_case(s) for s in summaries] if public else summaries,
        "today": {"date": day_start.date().isoformat(), "received": received_today or 0},
    }
    if public:
        snapshot.update(wall_extras(session))
    if not public:
        open_cases = session.scalars(
            select(Case).where(Case.status.in_(OPEN_STATUSES)).order_by(Case.id.desc()).limit(CONSOLE_LIMIT)
        ).all()
        snapshot["cases"] = {c.id: case_summary(c) for c in open_cases}
    return snapshot


class Gap(Exception):
    """An event is missing between the state and the batch: take a new snapshot."""


def apply_events(state: dict[str, Any], events: list[dict[str, Any]]) -> dict[str, Any]:
    """Apply wire events (`Envelope.wire()` dicts) in place; idempotent by `seq` and case version."""
    for event in sorted(events, key=lambda e: e["seq"]):
        if event["seq"] <= state["seq"]:
            continue
        if event["seq"] != state["seq"] + 1:
            raise Gap(f"have {state['seq']}, got {event['seq']}")
        if event["type"] in ("case.created", "case.updated"):
            _apply_case(state, event)
        else:
            apply_wall_event(state, event)
        state["seq"] = event["seq"]
    return state


def _apply_case(state: dict[str, Any], event: dict[str, Any]) -> None:
    case = event["data"]["case"]
    known = state["open"].get(case["id"])
    recent_ids = {c["id"] for c in state["recent"]}
    if event["type"] == "case.created" and known is None and case["id"] not in recent_ids:
        day = case["received_at"][:10]
        if day > state["today"]["date"]:
            state["today"] = {"date": day, "received": 0}
        if day == state["today"]["date"]:
            state["today"]["received"] += 1
    if known is None or known["v"] < case["version"]:
        if case["status"] in OPEN_STATUSES:
            state["open"][case["id"]] = open_entry(case["version"], case["township_code"], case["status"],
                                                   case.get("next_deadline"), case["title"],
                                                   case.get("village_code"))
        else:
            state["open"].pop(case["id"], None)
        if "cases" in state:
            if case["status"] in OPEN_STATUSES:
                state["cases"][case["id"]] = case
            else:
                state["cases"].pop(case["id"], None)
    _upsert_recent(state["recent"], case)


def _upsert_recent(recent: list[dict[str, Any]], case: dict[str, Any]) -> None:
    for index, existing in enumerate(recent):
        if existing["id"] == case["id"]:
            if existing["version"] < case["version"]:
                recent[index] = case
            return
    recent.append(case)
    recent.sort(key=lambda c: (c["received_at"], c["id"]), reverse=True)
    del recent[RECENT_LIMIT:]
