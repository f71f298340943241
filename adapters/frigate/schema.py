"""Frigate's two shapes: a `frigate/events` MQTT message and an event object from `/api/events`.

Unknown fields are allowed: Frigate adds fields between releases, and we keep the raw payload anyway.
"""
from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator


class TrackedObject(BaseModel):
    """`before` / `after` of a `frigate/events` message."""

    model_config = ConfigDict(extra="allow")

    id: str = Field(..., min_length=1, max_length=64)
    camera: str = Field(..., min_length=1, max_length=64)
    label: str = Field(..., min_length=1, max_length=32)
    sub_label: Any = None
    start_time: float
    end_time: float | None = None
    frame_time: float | None = None
    false_positive: bool | None = False
    top_score: float | None = None
    score: float | None = None
    current_zones: list[str] = Field(default_factory=list, max_length=64)
    entered_zones: list[str] = Field(default_factory=list, max_length=64)
    has_snapshot: bool | None = False
    has_clip: bool | None = False


class EventMessage(BaseModel):
    model_config = ConfigDict(extra="allow")

    type: Literal["new", "update", "end"]
    before: TrackedObject | None = None
    after: TrackedObject

    @model_validator(mode="after")
    def _same_object(self) -> "EventMessage":
        if self.before is not None and self.before.id != self.after.id:
            raise ValueError("before and after describe different tracked objects")
        return self


class ApiEvent(BaseModel):
    """One element of `GET /api/events` (Frigate's EventResponse)."""

    model_config = ConfigDict(extra="allow")

    id: str = Field(..., min_length=1, max_length=64)
    camera: str = Field(..., min_length=1, max_length=64)
    label: str = Field(..., min_length=1, max_length=32)
    sub_label: Any = None
    start_time: float
    end_time: float | None = None
    false_positive: bool | None = False
    zones: list[str] = Field(default_factory=list, max_length=64)
    has_clip: bool | None = False
    has_snapshot: bool | None = False
    data: dict[str, Any] = Field(default_factory=dict)
