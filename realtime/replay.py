"""复盘: replay a past period of the event log on the wall, apart from the live stream.

The wall in replay mode never opens the live socket. It takes `replay_base` (the wall's state as it
stood when the period began: open cases rebuilt from the cases' status timestamps, the latest alerts
and warnings logged before it), then the period's events from the log in sequence order, masked as
the `wall` room sees them, and plays them at the chosen speed in the browser."""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from flask import Blueprint, Response, jsonify, request, session as cookie
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from casework.clock import CENTER_TZ, iso_local
from casework.figures import period_figures
from casework.models import Case, OutboxEvent
from casework.privacy import mask_case, mask_event_data
from casework.rates import RATES
from casework.store.outbox import as_envelope
from casework.views import case_summary

from .snapshot import RECENT_LIMIT, open_entry, public_title
from .wall_state import ALERT_LIMIT, public_alert, wall_extras

PAGE_LIMIT = 1000
MAX_PERIOD = timedelta(days=31)
MAX_SPEED = 3600.0


class BadPeriod(ValueError):
    """A replay period or speed that cannot be played; the message says why."""


def parse_period(start: str | None, end: str | None) -> tuple[datetime, datetime]:
    """ISO 8601 times; without an offset they are read as Asia/Shanghai local time."""
    if not start or not end:
        raise BadPeriod("a replay needs both from and to (ISO 8601, e.g. 2026-11-23T08:00)")
    try:
        moments = [datetime.fromisoformat(value.replace("Z", "+00:00")) for value in (start, end)]
    except ValueError as error:
        raise BadPeriod(f"from/to must be ISO 8601 times: {error}") from None
    first, last = (m if m.tzinfo else m.replace(tzinfo=CENTER_TZ) for m in moments)
    if last <= first:
        raise BadPeriod("to must be after from")
    if last - first > MAX_PERIOD:
        raise BadPeriod(f"a replay covers at most {MAX_PERIOD.days} days")
    return first, last


def parse_speed(value: str | float | None) -> float:
    try:
        speed = float(value if value is not None else 60)
    except (TypeError, ValueError):
        raise BadPeriod("speed must be a number (60 = one hour a minute)") from None
    if not 0 < speed <= MAX_SPEED:
        raise BadPeriod(f"speed must be above 0 and at most {MAX_SPEED:.0f}")
    return speed


def _closed_by(moment: datetime):  # noqa: ANN202
    """The case had left the open statuses by `moment`."""
    return or_(and_(Case.resolved_at.is_not(None), Case.resolved_at <= moment),
               and_(Case.closed_at.is_not(None), Case.closed_at <= moment),
               and_(Case.merged_at.is_not(None), Case.merged_at <= moment))


def replay_base(session: Session, start: datetime) -> dict[str, Any]:
    """The wall's state at `start`, in the shape of a public snapshot. Versions are 0 so every replayed
    event of a case applies; a case resolved then returned before `start` counts as closed (the
    timestamps keep only the latest of each status)."""
    seq = session.scalar(select(func.max(OutboxEvent.seq)).where(OutboxEvent.created_at < start)) or 0
    rows = session.execute(
        select(Case.id, Case.township_code, Case.village_code, Case.title, Case.reporter_name)
        .where(Case.received_at < start, ~_closed_by(start))).all()
    recent = session.scalars(select(Case).where(Case.received_at < start)
                             .order_by(Case.received_at.desc(), Case.id.desc()).limit(RECENT_LIMIT)).all()
    local = start.astimezone(CENTER_TZ)
    day_start = local.replace(hour=0, minute=0, second=0, microsecond=0)
    received = session.scalar(select(func.count()).select_from(Case)
                              .where(Case.received_at >= day_start, Case.received_at < start)) or 0
    extras = wall_extras(session, before_seq=seq)
    alert_rows = session.scalars(
        select(OutboxEvent).where(OutboxEvent.type == "alert.raised", OutboxEvent.seq <= seq)
        .order_by(OutboxEvent.seq.desc()).limit(ALERT_LIMIT)).all()
    extras["alerts"] = [public_alert(r.envelope["data"]["alert"]) for r in alert_rows
                        if isinstance((r.envelope.get("data") or {}).get("alert"), dict)]
    extras["units"] = {}  # positions are not kept over time: units appear as the period reports them
    return {
        "seq": seq,
        "open": {r.id: open_entry(0, r.township_code, "received", None, public_title(r.title, r.reporter_name),
                                  r.village_code) for r in rows},
        "recent": [mask_case({**case_summary(c), "version": 0}) for c in recent],
        "today": {"date": day_start.date().isoformat(), "received": received},
        **extras,
        "replay": {"from": iso_local(start), "now": iso_local(start)},
    }


def replay_events(session: Session, start: datetime, end: datetime, *, after: int = 0,
                  limit: int = PAGE_LIMIT) -> list[dict[str, Any]]:
    rows = session.scalars(
        select(OutboxEvent).where(OutboxEvent.created_at >= start, OutboxEvent.created_at < end,
                                  OutboxEvent.seq.is_not(None), OutboxEvent.seq > after)
        .order_by(OutboxEvent.seq).limit(limit)).all()
    wire = [as_envelope(row).wire() for row in rows]
    return [{**w, "data": mask_event_data(w["data"])} for w in wire]


def count_events(session: Session, start: datetime, end: datetime) -> dict[str, int]:
    rows = session.execute(select(OutboxEvent.type, func.count())
                           .where(OutboxEvent.created_at >= start, OutboxEvent.created_at < end)
                           .group_by(OutboxEvent.type)).all()
    return {kind: int(n) for kind, n in rows}


def make_replay_blueprint(runtime: Any) -> Blueprint:  # noqa: ANN401 - the Runtime
    blueprint = Blueprint("replay", __name__)

    def _refusal() -> tuple[Response, int] | None:
        token = request.headers.get("Authorization", "").removeprefix("Bearer ").strip() or None
        principal = runtime.principal(token=token, username=None if token else cookie.get("user"))
        if principal is None:
            return jsonify(error="sign in, or send a valid bearer token"), 401
        if not principal.may("live:wall"):
            return jsonify(error="token may not read room wall"), 403
        return None

    def _period() -> tuple[datetime, datetime]:
        return parse_period(request.args.get("from"), request.args.get("to"))

    @blueprint.get("/api/v1/live/replay/base")
    def base() -> Response | tuple[Response, int]:
        if refusal := _refusal():
            return refusal
        try:
            start, _end = _period()
        except BadPeriod as error:
            return jsonify(error=str(error)), 400
        with runtime.store.reading() as session:
            return jsonify(replay_base(session, start))

    @blueprint.get("/api/v1/live/replay/events")
    def events() -> Response | tuple[Response, int]:
        if refusal := _refusal():
            return refusal
        try:
            start, end = _period()
            after = int(request.args.get("after", "0"))
        except BadPeriod as error:
            return jsonify(error=str(error)), 400
        except ValueError:
            return jsonify(error="after must be an integer sequence number"), 400
        with runtime.store.reading() as session:
            page = replay_events(session, start, end, after=after)
        return jsonify(events=page, complete=len(page) < PAGE_LIMIT)

    @blueprint.get("/api/v1/live/replay/figures")
    def figures() -> Response | tuple[Response, int]:
        if refusal := _refusal():
            return refusal
        try:
            start, end = _period()
        except BadPeriod as error:
            return jsonify(error=str(error)), 400
        with runtime.store.reading() as session:
            result = period_figures(session, start, end)
        result.pop("open")  # that is the count now, not then: the replaying wall counts its own
        definitions = {r.key: {"zh": r.zh, "en": r.en, "numerator": r.numerator, "denominator": r.denominator}
                       for r in RATES}
        return jsonify({**result, "leader": None, "definitions": definitions, "heat": {}, "curve": None,
                        "period": {"from": iso_local(start), "to": iso_local(end)}})

    return blueprint


__all__ = ["BadPeriod", "count_events", "make_replay_blueprint", "parse_period", "parse_speed", "replay_base",
           "replay_events"]
