"""`do_*` actions: the only writers. Each appends a CaseEvent and an outbox row in one transaction."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .case_clocks import follow_action, insert_clocks, start_clocks
from .clock import Clock
from .envelope import Envelope
from .ids import new_id
from .inbound import InboundReport
from .models import Case, CaseEvent, Dispatch, Unit
from .sla import PolicyBook
from .store.deferred import held_rows, insert_row, is_deferring, write_held
from .store.outbox import enqueue, enqueue_now
from .marks import apply_mark
from .transitions import MARKS, STATUS_TIMESTAMP, target_of
from .views import case_summary, unit_summary

UNIT_STATUSES = ("available", "accepted", "en_route", "on_site", "off_duty")
UNIT_REPORTS = (*UNIT_STATUSES, "finished")  # what a unit may report; "finished" makes it available
_CASES, _CASE_EVENTS = Case.__table__, CaseEvent.__table__


class NotFound(LookupError):
    pass


class VersionConflict(Exception):
    """Someone acted first: the caller's `version` is not the case's current one."""

    def __init__(self, case: Case, expected: int) -> None:
        super().__init__(f"case {case.id} is at version {case.version}, not {expected}")
        self.current = case_summary(case)
        self.expected = expected


class UnitUnavailable(Exception):
    pass


# reads a new case before it is stored and fills what it finds (insight: category, risk, repeat link);
# given by the composition root, so casework knows no model
IntakeEnricher = Callable[[Session, Case], None]


@dataclass(frozen=True)
class IntakeResult:
    case: dict[str, Any]
    created: bool


def do_intake(session: Session, report: InboundReport, *, clock: Clock, actor: str = "system",
              policies: PolicyBook | None = None, enricher: IntakeEnricher | None = None) -> IntakeResult:
    """Create the case for a demand, or return the one that `(channel, external_id)` already made.

    With `policies`, the case's SLA clocks start (from when the demand was received, never later than
    now); without, the case has none (tools and tests that do not care about time limits).

    The case, its SLA clocks, its CaseEvent and its outbox row are Core inserts (the hot path of every
    channel: the ORM's unit of work cost most of an intake's CPU); the clocks are noted for the timers,
    which arm them after commit as for every other writer (`casework.case_clocks.insert_clocks`). With
    `enricher`, the new case is read and annotated before it is stored (in the same transaction)."""
    existing = _by_external_id(session, report.channel, report.external_id)
    if existing is not None:
        return IntakeResult(case=case_summary(existing), created=False)
    now = clock.now()
    case = case_from_report(report, now=now)
    if enricher is not None:
        enricher(session, case)
    if session.get_bind().dialect.name == "sqlite" or is_deferring(session):
        # SQLite: writers hold the write lock from BEGIN IMMEDIATE, the lookup above cannot race; a group
        # commit's batch: its inserts are written at its end, where a race fails the batch and each
        # unit runs again alone, in the savepoint below
        _insert_case(session, case, now=now, policies=policies)
    else:
        try:
            with session.begin_nested():  # a rolled-back savepoint also drops the clock rows it added
                _insert_case(session, case, now=now, policies=policies)
        except IntegrityError:
            return _already_taken(session, report)
    summary = case_summary(case)
    _record(session, case, "case.created", "intake", None, actor=actor, clock=clock, data={}, summary=summary,
            core=True)
    return IntakeResult(case=summary, created=True)


def case_from_report(report: InboundReport, *, now: datetime) -> Case:
    """The one place a report becomes a case (not yet stored): every channel's demand passes here."""
    location = report.location
    return Case(
        id=new_id(now),
        channel=report.channel,
        external_id=report.external_id,
        title=report.title,
        content=report.content,
        category=report.category,
        urgency=report.urgency,
        status="received",
        version=1,
        reporter_name=report.reporter.name if report.reporter else None,
        reporter_phone=report.reporter.phone if report.reporter else None,
        lon=location.lon if location else None,
        lat=location.lat if location else None,
        address=location.address if location else None,
        township_code=report.township_code,
        village_code=report.village_code,
        escalation_level=0,
        complaint=False,
        received_at=report.received_at,
        created_at=now,
        updated_at=now,
        raw=report.raw,
        notes=list(report.notes),
        attachments=[a.model_dump() for a in report.attachments],
        category_source="source" if report.category else None,
        risk_score=0,
        risk_reasons=[],
        relation_reasons=[],
    )


def _insert_case(session: Session, case: Case, *, now: datetime, policies: PolicyBook | None) -> None:
    # the clocks first: starting them sets the case's next deadline; their rows after the case's
    clocks = start_clocks(case, at=min(case.received_at, now), policies=policies) if policies is not None else []
    insert_row(session, _CASES, {column.key: getattr(case, column.key) for column in _CASES.columns})
    insert_clocks(session, clocks)


def do_case_action(
    session: Session,
    case_id: str,
    action: str,
    *,
    expected_version: int,
    clock: Clock,
    actor: str,
    data: dict[str, Any] | None = None,
    policies: PolicyBook | None = None,
) -> dict[str, Any]:
    """Move a case through the lifecycle; `expected_version` makes concurrent officers safe.

    With `policies`, the case's SLA clocks follow the action (locked after the case, as the timer step
    locks them)."""
    case = _locked_case(session, case_id)
    if case.version != expected_version:
        raise VersionConflict(case, expected_version)
    data = dict(data or {})
    source = case.status
    target = target_of(action, source)
    now = clock.now()
    if action in MARKS:
        apply_mark(case, action, data, now=now)
    elif action == "dispatch":
        _dispatch_unit(session, case, data, actor=actor, clock=clock, policies=policies)
    elif action == "route":
        if not data.get("department"):
            raise ValueError("route needs a department")
        case.department = data["department"]
    elif action == "merge":
        if not data.get("into"):
            raise ValueError("merge needs the case it merges into")
        case.merged_into = data["into"]
    if target != source:
        case.status = target
        setattr(case, STATUS_TIMESTAMP[target], now)
    if policies is not None:
        follow_action(session, case, action, at=now, policies=policies)
    case.version += 1
    case.updated_at = now
    _record(session, case, "case.updated", action, source, actor=actor, clock=clock, data=data)
    return case_summary(case)


def do_set_risk(session: Session, case_id: str, *, score: int, level: str, reasons: list[dict[str, Any]],
                clock: Clock, actor: str = "insight") -> dict[str, Any] | None:
    """Store a re-computed risk code (赋分赋码) on a case and tell the screens (`case.updated`, action
    "risk"); nothing when it is unchanged. Moves the version, as every recorded change does (an SLA
    step too), so screens that apply newer versions only take it."""
    case = _locked_case(session, case_id)
    if (case.risk_score, case.risk_level, case.risk_reasons) == (score, level, reasons):
        return None
    previous = {"score": case.risk_score, "level": case.risk_level}
    case.risk_score, case.risk_level, case.risk_reasons = score, level, reasons
    case.version += 1
    case.updated_at = clock.now()
    _record(session, case, "case.updated", "risk", case.status, actor=actor, clock=clock,
            data={"risk": {"score": score, "level": level}, "previous": previous})
    return case_summary(case)


def do_unit_status(
    session: Session, unit_id: str, status: str, *, clock: Clock, actor: str,
    lon: float | None = None, lat: float | None = None, policies: PolicyBook | None = None,
) -> dict[str, Any]:
    if status not in UNIT_REPORTS:
        raise ValueError(f"unit status must be one of {UNIT_REPORTS}")
    unit = session.get(Unit, unit_id, with_for_update=True)
    if unit is None:
        raise NotFound(f"unit {unit_id} not found")
    now = clock.now()
    unit.status = "available" if status == "finished" else status
    if status == "on_site":
        _arrive_at_dispatched_case(session, unit.id, clock=clock, actor=actor, policies=policies)
    if lon is not None and lat is not None:
        unit.lon, unit.lat = lon, lat
    unit.version += 1
    unit.updated_at = now
    summary = unit_summary(unit)
    envelope = Envelope.new("unit.updated", subject_id=unit.id, occurred_at=now, received_at=now,
                            data={"unit": summary}, actor=actor)
    enqueue(session, envelope)
    return summary


def _arrive_at_dispatched_case(session: Session, unit_id: str, *, clock: Clock, actor: str,
                               policies: PolicyBook | None) -> None:
    """A unit reporting itself on site puts the case it was sent to on site (到场)."""
    case = session.scalar(select(Case).where(Case.unit_id == unit_id, Case.status == "dispatched")
                          .order_by(Case.dispatched_at.desc()).limit(1))
    if case is not None:
        do_case_action(session, case.id, "arrive", expected_version=case.version, clock=clock, actor=actor,
                       policies=policies)


def _dispatch_unit(session: Session, case: Case, data: dict[str, Any], *, actor: str, clock: Clock,
                   policies: PolicyBook | None) -> None:
    unit_id = data.get("unit_id")
    if not unit_id:
        raise ValueError("dispatch needs a unit_id")
    unit = session.get(Unit, unit_id, with_for_update=True)
    if unit is None:
        raise NotFound(f"unit {unit_id} not found")
    if unit.status != "available":
        raise UnitUnavailable(f"unit {unit.name} is {unit.status}")
    now = clock.now()
    session.add(Dispatch(id=new_id(now), case_id=case.id, unit_id=unit.id, actor=actor, issued_at=now))
    case.unit_id = unit.id
    do_unit_status(session, unit.id, "en_route", clock=clock, actor=actor, policies=policies)


def _record(
    session: Session, case: Case, event_type: str, action: str, source: str | None,
    *, actor: str, clock: Clock, data: dict[str, Any], summary: dict[str, Any] | None = None,
    core: bool = False,
) -> None:
    """The CaseEvent and the outbox row of a change; `core`: as Core inserts (the case is not in the
    session, see do_intake)."""
    now = clock.now()
    envelope = Envelope.new(
        event_type, subject_id=case.id, occurred_at=case.received_at if action == "intake" else now,
        received_at=now, actor=actor, data={"action": action, "case": summary or case_summary(case), **data},
    )
    event = dict(id=envelope.event_id, case_id=case.id, type=event_type, action=action, actor=actor,
                 from_status=source, to_status=case.status, version=case.version, occurred_at=now, data=data)
    if core:
        insert_row(session, _CASE_EVENTS, event)
        enqueue_now(session, envelope)
        return
    session.add(CaseEvent(**event))
    enqueue(session, envelope)


def _already_taken(session: Session, report: InboundReport) -> IntakeResult:
    """A concurrent request with the same key committed first: answer with its case."""
    existing = _by_external_id(session, report.channel, report.external_id)
    if existing is None:
        raise LookupError(f"intake of {report.channel}/{report.external_id} conflicted, yet no case has that key")
    return IntakeResult(case=case_summary(existing), created=False)


_BY_EXTERNAL_ID = select(_CASES.c.id).where(_CASES.c.channel == bindparam("channel"),
                                            _CASES.c.external_id == bindparam("external_id"))


def _by_external_id(session: Session, channel: str, external_id: str) -> Case | None:
    if any(row["channel"] == channel and row["external_id"] == external_id for row in held_rows(session, _CASES)):
        write_held(session)  # the same demand twice in one group commit: the second finds the first
    # on the session's connection: a Core lookup skips the ORM's execute path (and its autoflush)
    found = session.connection().scalar(_BY_EXTERNAL_ID, {"channel": channel, "external_id": external_id})
    return None if found is None else session.get(Case, found)


def _locked_case(session: Session, case_id: str) -> Case:
    case = session.get(Case, case_id, with_for_update=True)
    if case is None:
        raise NotFound(f"case {case_id} not found")
    return case
