"""Today's figures for the wall: counts and the six rates over one local day."""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from .clock import CENTER_TZ
from .models import Case
from .rates import on_time_rates, six_rates
from .transitions import OPEN_STATUSES


def local_day(moment: datetime) -> tuple[datetime, datetime]:
    start = moment.astimezone(CENTER_TZ).replace(hour=0, minute=0, second=0, microsecond=0)
    return start, start + timedelta(days=1)


def today_figures(session: Session, now: datetime) -> dict[str, Any]:
    """Received today, open now, resolved today, on-site resolution share, channel mix, six rates."""
    start, end = local_day(now)
    resolved_today = and_(Case.resolved_at >= start, Case.resolved_at < end)
    resolved = session.scalar(select(func.count()).select_from(Case).where(resolved_today)) or 0
    on_site = session.scalar(select(func.count()).select_from(Case)
                             .where(resolved_today, Case.on_site_at.is_not(None))) or 0
    open_now = session.scalar(select(func.count()).select_from(Case).where(Case.status.in_(OPEN_STATUSES))) or 0
    channels = dict(session.execute(
        select(Case.channel, func.count()).where(Case.received_at >= start, Case.received_at < end)
        .group_by(Case.channel)).all())
    rates = six_rates(session, start, end)
    return {
        "date": start.date().isoformat(),
        "received": rates["counts"]["received"],
        "open": open_now,
        "resolved": resolved,
        # 现场办结率: of the cases resolved today, the share a unit resolved after reaching the site
        "on_site_resolution": on_site / resolved if resolved else None,
        "channels": {k: int(v) for k, v in channels.items()},
        "rates": rates["rates"],
        "on_time": on_time_rates(session, start, end),
    }
