"""Officers' saved views of the queue (per user, server-side) and the built-in ones every officer has.

A view is the queue's filters and its sort. The console applies them in the browser (the queue holds
every open case); this module owns what a view may say, who owns it, and the built-ins."""
from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .access import Principal
from .clock import Clock
from .ids import new_id
from .models import SavedView
from .transitions import OPEN_STATUSES

MAX_VIEWS = 30
SORTABLE = ("risk", "urgency", "title", "channel", "category", "township_code", "status", "received_at",
            "age", "deadline")


class ViewFilters(BaseModel):
    """What the queue shows: every filter is optional; all given filters must hold (AND)."""

    model_config = ConfigDict(extra="forbid")

    status: list[Literal[OPEN_STATUSES]] = []  # type: ignore[valid-type]
    township: str | None = Field(None, max_length=12)
    channel: str | None = Field(None, max_length=16)
    category: str | None = Field(None, max_length=64)
    overdue: bool = False  # an SLA deadline already passed
    urgent: bool = False  # urgent or critical, or risk level red
    text: str = Field("", max_length=100)


class SortKey(BaseModel):
    model_config = ConfigDict(extra="forbid")

    colId: Literal[SORTABLE]  # type: ignore[valid-type]  # noqa: N815 (AG Grid's column state)
    sort: Literal["asc", "desc"]


class ViewRefused(ValueError):
    pass


def built_in_views(principal: Principal) -> list[dict[str, Any]]:
    """我的待签收 (for those who sign), 超时, 紧急/红色, and 本乡镇 for an officer bound to a township."""
    to_sign = ["dispatched"] if principal.department else ["received", "returned"]
    views = [
        {"id": "builtin:to_sign", "filters": ViewFilters(status=to_sign).model_dump(), "sort": []},
    ] if principal.may("cases:sign") else []  # a leader signs nothing
    views += [
        {"id": "builtin:overdue", "filters": ViewFilters(overdue=True).model_dump(),
         "sort": [{"colId": "deadline", "sort": "asc"}]},
        {"id": "builtin:urgent", "filters": ViewFilters(urgent=True).model_dump(), "sort": []},
    ]
    if principal.township_code:
        views.append({"id": "builtin:township",
                      "filters": ViewFilters(township=principal.township_code).model_dump(), "sort": []})
    return [{**view, "name": None, "builtin": True} for view in views]


def list_views(session: Session, username: str) -> list[dict[str, Any]]:
    rows = session.scalars(select(SavedView).where(SavedView.username == username)
                           .order_by(SavedView.created_at, SavedView.id)).all()
    return [_plain(row) for row in rows]


def save_view(session: Session, username: str, name: str, *, filters: dict[str, Any],
              sort: list[dict[str, Any]], clock: Clock) -> dict[str, Any]:
    """Save the view under `name`; the same name again replaces that view (the officer's intent)."""
    name = (name or "").strip()
    if not 1 <= len(name) <= 40:
        raise ViewRefused("a view needs a name of 1 to 40 characters")
    try:
        clean_filters = ViewFilters.model_validate(filters).model_dump()
        clean_sort = [SortKey.model_validate(key).model_dump() for key in sort][:5]
    except ValidationError as error:
        raise ViewRefused(f"a view's filters or sort are not valid: {error.errors()[0]['msg']}") from error
    now = clock.now()
    row = session.scalar(select(SavedView).where(SavedView.username == username, SavedView.name == name))
    if row is None:
        count = session.scalar(select(func.count()).select_from(SavedView).where(SavedView.username == username))
        if count >= MAX_VIEWS:
            raise ViewRefused(f"at most {MAX_VIEWS} saved views per officer; delete one first")
        row = SavedView(id=new_id(now), username=username, name=name, created_at=now)
        session.add(row)
    row.filters, row.sort, row.updated_at = clean_filters, clean_sort, now
    session.flush()
    return _plain(row)


def delete_view(session: Session, username: str, view_id: str) -> None:
    """Delete one of the officer's own views; another officer's or a built-in one is not theirs."""
    row = session.get(SavedView, view_id)
    if row is None or row.username != username:
        raise ViewRefused(f"no saved view {view_id!r} of {username}")
    session.delete(row)


def _plain(row: SavedView) -> dict[str, Any]:
    return {"id": row.id, "name": row.name, "filters": row.filters, "sort": row.sort, "builtin": False}
