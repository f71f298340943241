"""The wall's figures: counts and the six rates over one local day (or any period), the category mix,
the arrival curve of the last 24 hours against the same weekday's average, and hotspot points."""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from .clock import CENTER_TZ, iso_local
from .models import Case
from .rates import on_time_rates, six_rates
from .transitions import OPEN_STATUSES

CATEGORY_LIMIT = 8  # the wall lists the biggest categories; the rest are summed as "其他"
AVERAGE_WEEKS = 4  # the same weekday's average is taken over this many earlier weeks
HEAT_WINDOWS = {"24h": timedelta(hours=24), "7d": timedelta(days=7), "30d": timedelta(days=30)}


def local_day(moment: datetime) -> tuple[datetime, datetime]:
    start = moment.astimezone(CENTER_TZ).replace(hour=0, minute=0, second=0, microsecond=0)
    return start, start + timedelta(days=1)


def today_figures(session: Session, now: datetime) -> dict[str, Any]:
    """Received today, open now, resolved today, on-site resolution share, channel and category mix,
    six rates."""
    start, end = local_day(now)
    return {"date": start.date().isoformat(), **period_figures(session, start, end)}


def period_figures(session: Session, start: datetime, end: datetime) -> dict[str, Any]:
    """The same figures over any period [start, end): a day for the live wall, a past stretch for 复盘."""
    resolved_in = and_(Case.resolved_at >= start, Case.resolved_at < end)
    received_in = and_(Case.received_at >= start, Case.received_at < end)
    resolved = session.scalar(select(func.count()).select_from(Case).where(resolved_in)) or 0
    on_site = session.scalar(select(func.count()).select_from(Case)
                             .where(resolved_in, Case.on_site_at.is_not(None))) or 0
    open_now = session.scalar(select(func.count()).select_from(Case).where(Case.status.in_(OPEN_STATUSES))) or 0
    channels = dict(session.execute(
        select(Case.channel, func.count()).where(received_in).group_by(Case.channel)).all())
    categories = session.execute(
        select(Case.category, func.count()).where(received_in).group_by(Case.category)).all()
    rates = six_rates(session, start, end)
    return {
        "received": rates["counts"]["received"],
        "open": open_now,
        "resolved": resolved,
        # 现场办结率: of the cases resolved in the period, the share a unit resolved after reaching the site
        "on_site_resolution": on_site / resolved if resolved else None,
        "channels": {k: int(v) for k, v in channels.items()},
        "categories": category_mix(categories),
        "rates": rates["rates"],
        "on_time": on_time_rates(session, start, end),
    }


def category_mix(rows: list[tuple[str | None, int]]) -> list[dict[str, Any]]:
    """Biggest first; beyond `CATEGORY_LIMIT` the rest become one "其他" row; no category reads "未分类"."""
    ordered = sorted(((name or "未分类", int(count)) for name, count in rows), key=lambda r: (-r[1], r[0]))
    head, tail = ordered[:CATEGORY_LIMIT], ordered[CATEGORY_LIMIT:]
    if tail:
        head.append(("其他", sum(count for _, count in tail)))
    return [{"name": name, "count": count} for name, count in head]


def arrival_curve(session: Session, now: datetime, *, weeks: int = AVERAGE_WEEKS) -> dict[str, Any]:
    """Cases received per hour over the last 24 whole-or-current hours, and for each of those hours the
    mean over the same hour of the same weekday in the `weeks` earlier weeks (7, 14, … days before).

    Hour slots are local (Asia/Shanghai); the last slot is the current, unfinished hour."""
    current = now.astimezone(CENTER_TZ).replace(minute=0, second=0, microsecond=0)
    first = current - timedelta(hours=23)
    hours = [first + timedelta(hours=h) for h in range(24)]
    today = _hourly(session, first, current + timedelta(hours=1))
    totals = [0] * 24
    for week in range(1, weeks + 1):
        shift = timedelta(days=7 * week)
        for index, count in enumerate(_hourly(session, first - shift, current + timedelta(hours=1) - shift)):
            totals[index] += count
    return {
        "hours": [iso_local(h) for h in hours],
        "counts": today,
        "average": [round(total / weeks, 2) for total in totals] if weeks else [0.0] * 24,
        "weeks": weeks,
    }


def _hourly(session: Session, start: datetime, end: datetime) -> list[int]:
    counts = [0] * 24
    for (received_at,) in session.execute(
            select(Case.received_at).where(Case.received_at >= start, Case.received_at < end)):
        index = int((received_at - start).total_seconds() // 3600)
        if 0 <= index < 24:
            counts[index] += 1
    return counts


def hotspot_points(session: Session, now: datetime, window: str) -> list[tuple[float, float]]:
    """Where the demands of the last `window` (24h, 7d, 30d) were made: (lon, lat) of each located case."""
    if window not in HEAT_WINDOWS:
        raise ValueError(f"window must be one of {sorted(HEAT_WINDOWS)}")
    rows = session.execute(select(Case.lon, Case.lat).where(
        Case.received_at >= now - HEAT_WINDOWS[window], Case.received_at <= now,
        Case.lon.is_not(None), Case.lat.is_not(None)))
    return [(lon, lat) for lon, lat in rows]
