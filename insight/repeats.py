"""Repeat and duplicate demands (重复诉求), and the repeat-call rate (重复报警率).

    find_related(session, case) -> Link | None      the open case a new one repeats or may duplicate
    caller_history(session, case) -> CallerHistory  the caller's earlier demands in the window
    repeat_call_rate(session, start, end, township_code=None) -> dict

A new case is compared with the open cases received within `REPEAT_WINDOW` before it (or up to
`DUPLICATE_WINDOW` after: channels deliver late) that share
its caller (phone), its village, or a point within `NEAR_METRES`:
- **duplicate** (疑似重复): the texts are alike (`insight.similarity` ≥ `DUPLICATE_SIMILARITY`) and
  the caller or the place is the same, within `DUPLICATE_WINDOW`; or the texts are nearly the same
  (≥ `SAME_TEXT_SIMILARITY`) anywhere in the same township;
- **repeat** (重复来电): the same caller about anything else still open.
The case keeps a link (`related_case_id`, `relation`, `relation_score`, `relation_reasons`); the
officer decides whether to merge (the `merge` action) or leave them related.

A group commit holds its batch's inserts until the batch ends, so no read sees the cases earlier in the
same batch: the enricher passes them in (`pending=`) and they are judged by the same conditions
(`is_candidate`, `is_earlier_call`).
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import case as when
from sqlalchemy import bindparam, func, or_, select, union
from sqlalchemy.orm import Session

from casework.inbound import InboundReport
from casework.models import Case
from casework.transitions import OPEN_STATUSES

from .risk import CallerHistory
from .similarity import profile, profile_cosine

REPEAT_WINDOW = timedelta(days=30)
DUPLICATE_WINDOW = timedelta(days=7)
NEAR_METRES = 300.0
DUPLICATE_SIMILARITY = 0.45
SAME_TEXT_SIMILARITY = 0.8
MAX_CANDIDATES = 50
RELATIONS = ("duplicate", "repeat")
_DEGREE_METRES = 111_320.0


@dataclass(frozen=True)
class Link:
    case_id: str
    relation: str  # duplicate / repeat
    similarity: float
    reasons: tuple[str, ...]


def case_text(case: Case) -> str:
    return f"{case.title or ''}\n{case.content or ''}"


def report_text(report: InboundReport) -> str:
    """`case_text` of the case the report becomes (`casework.actions.case_from_report` copies both)."""
    return f"{report.title or ''}\n{report.content or ''}"


def find_related(session: Session, case: Case, *, pending: Sequence[Any] = ()) -> Link | None:
    """`pending`: cases of the same batch, not yet written (rows with `_COLUMNS`' attributes)."""
    candidates = _candidates(session, case)
    if pending:
        seen = {row.id for row in candidates}
        extra = [row for row in pending if row.id not in seen and is_candidate(case, row)]
        if extra:  # newest first and as many as the read would give
            candidates = sorted([*candidates, *extra], key=lambda row: row.received_at, reverse=True)[:MAX_CANDIDATES]
    if not candidates:
        return None
    mine = profile(case_text(case))
    phone, village, township, received_at = case.reporter_phone, case.village_code, case.township_code, case.received_at
    best: Link | None = None
    for other in candidates:  # rows of _COLUMNS
        same_caller = bool(phone) and other.reporter_phone == phone
        score = round(profile_cosine(mine, profile(f"{other.title or ''}\n{other.content or ''}")), 4)
        if score < DUPLICATE_SIMILARITY and not same_caller:
            continue  # neither alike nor the same caller: no link, whatever the place
        near = _near(case, other)
        same_village = bool(village) and other.village_code == village
        recent = abs(received_at - other.received_at) <= DUPLICATE_WINDOW
        reasons = [reason for flag, reason in ((same_caller, "同一来电人"), (same_village, "同一村社区"),
                                               (near, f"相距{NEAR_METRES:.0f}米内")) if flag]
        if score >= SAME_TEXT_SIMILARITY and township and other.township_code == township:
            link = Link(other.id, "duplicate", score, (*reasons, f"内容几乎相同({score:.2f})"))
        elif score >= DUPLICATE_SIMILARITY and recent and (same_caller or same_village or near):
            link = Link(other.id, "duplicate", score, (*reasons, f"内容相似({score:.2f})"))
        elif same_caller:
            link = Link(other.id, "repeat", score, tuple(reasons))
        else:
            continue
        if best is None or _better(link, best):
            best = link
    return best


def _better(link: Link, best: Link) -> bool:
    if link.relation != best.relation:
        return link.relation == "duplicate"
    return link.similarity > best.similarity


_COLUMNS = (Case.id, Case.title, Case.content, Case.reporter_phone, Case.village_code, Case.township_code,
            Case.lon, Case.lat, Case.received_at)


def _param(name: str, column):  # noqa: ANN001, ANN202
    return bindparam(name, type_=column.type)


# built once (SQLAlchemy then reuses the compiled form); a missing phone, village or point is NULL and
# matches nothing. One arm per way of being related, each read along its own index (caller, village,
# a township's recent days: the newest MAX_CANDIDATES of each; a township's cases near the point): the
# newest of their union are the newest of all the related cases, found without sorting a busy
# township's every case.
_OPEN_IN_WINDOW = (Case.id != _param("id", Case.id), Case.status.in_(OPEN_STATUSES),
                   Case.received_at >= _param("since", Case.received_at),
                   Case.received_at <= _param("until", Case.received_at))
_ARMS = (
    Case.reporter_phone == _param("phone", Case.reporter_phone),
    Case.village_code == _param("village", Case.village_code),
    # a nearly identical text anywhere in the township (a second channel, a neighbour)
    (Case.township_code == _param("township", Case.township_code))
    & (Case.received_at >= _param("duplicate_since", Case.received_at)),
    (Case.township_code == _param("township", Case.township_code))
    & Case.lon.between(_param("lon_min", Case.lon), _param("lon_max", Case.lon))
    & Case.lat.between(_param("lat_min", Case.lat), _param("lat_max", Case.lat)),
)
# near the point: all the (few) cases inside the box, read along (township, lon); in newest-first order
# the township's days would be walked until 50 of them fell in the box
_ARM_QUERIES = [*(select(*_COLUMNS).where(arm, *_OPEN_IN_WINDOW).order_by(Case.received_at.desc())
                  .limit(MAX_CANDIDATES).subquery() for arm in _ARMS[:3]),
                select(*_COLUMNS).where(_ARMS[3], *_OPEN_IN_WINDOW).subquery()]
_RELATED = union(*(select(*arm.c) for arm in _ARM_QUERIES)).subquery()
_CANDIDATES = select(*_RELATED.c).order_by(_RELATED.c.received_at.desc()).limit(MAX_CANDIDATES)
_HISTORY = select(
    func.count(Case.id),
    func.coalesce(func.sum(when((or_(Case.escalation_level > 0, Case.complaint.is_(True)), 1), else_=0)), 0),
).where(Case.reporter_phone == _param("phone", Case.reporter_phone), Case.id != _param("id", Case.id),
        Case.received_at >= _param("since", Case.received_at), Case.received_at <= _param("until", Case.received_at))


def _candidates(session: Session, case: Case) -> list[Any]:
    """The open cases a new one may repeat: plain rows of `_COLUMNS` (no ORM objects: ~10× cheaper), read
    on the session's connection (Core: no ORM execute path, no autoflush; the cases are Core inserts)."""
    if not (case.reporter_phone or case.village_code or case.township_code):
        return []
    box = {"lon_min": None, "lon_max": None, "lat_min": None, "lat_max": None}
    if case.lon is not None and case.lat is not None:
        dlat = NEAR_METRES / _DEGREE_METRES
        dlon = dlat / max(0.1, math.cos(math.radians(case.lat)))
        box = {"lon_min": case.lon - dlon, "lon_max": case.lon + dlon,
               "lat_min": case.lat - dlat, "lat_max": case.lat + dlat}
    return list(session.connection().execute(_CANDIDATES, {
        "phone": case.reporter_phone or None, "village": case.village_code or None, "township": case.township_code,
        **box, "duplicate_since": case.received_at - DUPLICATE_WINDOW, "id": case.id or "",
        "since": case.received_at - REPEAT_WINDOW, "until": case.received_at + DUPLICATE_WINDOW,
    }))


def _near(case: Case, other: Any) -> bool:
    if None in (case.lon, case.lat, other.lon, other.lat):
        return False
    dy = (case.lat - other.lat) * _DEGREE_METRES
    dx = (case.lon - other.lon) * _DEGREE_METRES * math.cos(math.radians(case.lat))
    return math.hypot(dx, dy) <= NEAR_METRES


def caller_history(session: Session, case: Case, *, pending: Sequence[Any] = ()) -> CallerHistory:
    """`pending`: as for `find_related` (rows with an `escalated` flag too)."""
    if not case.reporter_phone:
        return CallerHistory()
    connection = session.connection()
    earlier, escalated = connection.execute(_HISTORY, {
        "phone": case.reporter_phone, "id": case.id or "", "since": case.received_at - REPEAT_WINDOW,
        "until": case.received_at}).one()
    earlier, escalated = int(earlier or 0), int(escalated or 0)
    calls = [row for row in pending if is_earlier_call(case, row)]
    if calls:  # an idempotency check may have written the batch's rows early: count those once
        written = set(connection.execute(select(Case.id).where(Case.id.in_([row.id for row in calls]))).scalars())
        for row in calls:
            if row.id not in written:
                earlier, escalated = earlier + 1, escalated + int(row.escalated)
    return CallerHistory(earlier=earlier, escalated=escalated)


def is_candidate(case: Case, other: Any) -> bool:
    """`_CANDIDATES`' condition for a row in memory (a case of the same batch, open: just made)."""
    if other.id == case.id or not (case.received_at - REPEAT_WINDOW <= other.received_at
                                   <= case.received_at + DUPLICATE_WINDOW):
        return False
    if case.reporter_phone and other.reporter_phone == case.reporter_phone:
        return True
    if case.village_code and other.village_code == case.village_code:
        return True
    if not case.township_code or other.township_code != case.township_code:
        return False
    return other.received_at >= case.received_at - DUPLICATE_WINDOW or _near(case, other)


def is_earlier_call(case: Case, other: Any) -> bool:
    """`_HISTORY`'s condition for a row in memory."""
    return (bool(case.reporter_phone) and other.reporter_phone == case.reporter_phone and other.id != case.id
            and case.received_at - REPEAT_WINDOW <= other.received_at <= case.received_at)


def repeat_call_rate(session: Session, start: datetime, end: datetime, *,
                     township_code: str | None = None) -> dict[str, Any]:
    """重复报警率: of the demands received in [start, end), the share linked on intake as a repeat of,
    or a possible duplicate of, an open case. An empty period has rate None (nothing to divide)."""
    statement = select(Case.relation, func.count(Case.id)).where(
        Case.received_at >= start, Case.received_at < end)
    if township_code:
        statement = statement.where(Case.township_code == township_code)
    counts = dict(session.execute(statement.group_by(Case.relation)).all())
    total = sum(counts.values())
    repeats = sum(counts.get(relation, 0) for relation in RELATIONS)
    return {
        "rate": round(repeats / total, 4) if total else None,
        "repeats": repeats,
        "duplicates": counts.get("duplicate", 0),
        "total": total,
        "basis": "demands received in the period linked on intake as a repeat (same caller) or a possible "
                 "duplicate (similar text, same caller or place) of an open case",
    }
