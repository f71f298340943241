"""Read side of GET requests / requests/<id> / tokens/<token>: published cases as GeoReport requests.

Reads only (a reading session; every write goes through `casework.actions.do_intake`). Only the
channels the endpoint publishes are listed (by default Open311's own requests: a 12345 caller did not
publish his call). Free text is masked (phone and ID-card numbers) as on the public wall.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import parse_qsl

from sqlalchemy import select
from sqlalchemy.orm import Session

from casework.clock import CENTER_TZ, as_utc
from casework.models import Case
from casework.privacy import mask_text
from casework.transitions import OPEN_STATUSES, STATUSES

from .services import ServiceCatalog

CLOSED_STATUSES = tuple(s for s in STATUSES if s not in OPEN_STATUSES)
STATUS_NOTES = {"received": "已受理", "signed": "已签收，正在办理", "dispatched": "已派遣处置", "on_site": "处置人员已到现场",
                "resolved": "已办结", "closed": "已办结归档", "returned": "已退回，重新办理"}


@dataclass(frozen=True)
class RequestQuery:
    channels: tuple[str, ...]
    ids: tuple[str, ...] = ()  # when given, every other filter is ignored (the spec)
    categories: tuple[str, ...] | None = None
    statuses: tuple[str, ...] | None = None  # "open" / "closed"
    start: datetime | None = None
    end: datetime | None = None  # inclusive
    updated_after: datetime | None = None
    updated_before: datetime | None = None
    limit: int = 1000
    offset: int = 0


def find_requests(session: Session, query: RequestQuery) -> list[Case]:
    statement = select(Case).where(Case.channel.in_(query.channels))
    if query.ids:
        statement = statement.where(Case.id.in_(query.ids))
        return list(session.scalars(statement.order_by(Case.received_at.desc())))
    if query.categories is not None:
        statement = statement.where(Case.category.in_(query.categories))
    if query.statuses:
        wanted = [s for name in query.statuses for s in (OPEN_STATUSES if name == "open" else CLOSED_STATUSES)]
        statement = statement.where(Case.status.in_(wanted))
    for column, low, high in ((Case.received_at, query.start, query.end),
                              (Case.updated_at, query.updated_after, query.updated_before)):
        if low is not None:
            statement = statement.where(column >= low)
        if high is not None:
            statement = statement.where(column <= high)
    statement = statement.order_by(Case.received_at.desc(), Case.id.desc()).offset(query.offset).limit(query.limit)
    return list(session.scalars(statement))


def find_by_token(session: Session, token: str) -> Case | None:
    return session.scalar(select(Case).where(Case.channel == "open311", Case.external_id == token))


def as_request(case: Case, catalog: ServiceCatalog) -> dict[str, Any]:
    """A case in the GeoReport v2 request shape, fields in the spec's order."""
    service = catalog.for_category(case.category)
    status = "closed" if case.status in CLOSED_STATUSES else "open"
    notes = STATUS_NOTES.get(case.status)
    if case.status == "merged":
        notes = f"Duplicate request. 重复诉求，已并入 {case.merged_into}" if case.merged_into else "Duplicate request."
    form = dict(parse_qsl(case.raw)) if case.channel == "open311" else {}
    closed_at = case.closed_at or case.resolved_at or case.merged_at
    media = next((a["url"] for a in case.attachments or [] if a.get("url")), None)
    return {
        "service_request_id": case.id,
        "status": status,
        "status_notes": notes,
        "service_name": service.name if service else case.category,
        "service_code": service.code if service else None,
        "description": mask_text(case.content),
        "agency_responsible": case.department,
        "service_notice": None,
        "requested_datetime": w3(case.received_at),
        "updated_datetime": w3(closed_at if status == "closed" and closed_at else case.updated_at),
        "expected_datetime": None,
        "address": case.address,
        "address_id": form.get("address_id"),
        "zipcode": None,
        "lat": case.lat,
        "long": case.lon,
        "media_url": media,
    }


def w3(moment: datetime | None) -> str | None:
    """W3C date-time with the center's offset, to the second: 2026-11-23T09:58:00+08:00."""
    return None if moment is None else as_utc(moment).astimezone(CENTER_TZ).isoformat(timespec="seconds")
