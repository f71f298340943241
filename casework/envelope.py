"""The one envelope every event travels in (bus, outbox, Socket.IO)."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from .clock import iso_local
from .ids import new_id

SCHEMA_VERSION = 1

# the Socket.IO event types (../shared/ARCHITECTURE.md, "Contracts"); `camera.status`: a camera's status
# changed (data: `camera` {id, status, lon, lat, township_code} and `previous`; adapters/README.md)
EVENT_TYPES = (
    "case.created",
    "case.updated",
    "alert.raised",
    "camera.status",
    "sla.warning",
    "sla.breached",
    "unit.updated",
    "warning.raised",
)


class EventContext(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    parent_id: str | None = None
    actor: str = "system"


class Envelope(BaseModel):
    model_config = ConfigDict(extra="forbid")

    event_id: str
    type: str
    occurred_at: datetime
    received_at: datetime
    context: EventContext
    schema_version: int = SCHEMA_VERSION
    data: dict[str, Any] = Field(default_factory=dict)
    seq: int | None = None  # per-stream sequence number, given by the relay on publish

    @classmethod
    def new(
        cls,
        type: str,
        *,
        subject_id: str,
        occurred_at: datetime,
        received_at: datetime,
        data: dict[str, Any],
        actor: str = "system",
        parent_id: str | None = None,
    ) -> "Envelope":
        if type not in EVENT_TYPES:
            raise ValueError(f"unknown event type {type!r}")
        return cls(
            event_id=new_id(received_at),
            type=type,
            occurred_at=occurred_at,
            received_at=received_at,
            context=EventContext(id=subject_id, parent_id=parent_id, actor=actor),
            data=data,
        )

    def wire(self) -> dict[str, Any]:
        """The Socket.IO payload: the envelope flattened with `id`, `seq` and a local `ts`."""
        return {
            "type": self.type,
            "event_id": self.event_id,
            "seq": self.seq,
            "ts": iso_local(self.received_at),
            "occurred_at": iso_local(self.occurred_at),
            "id": self.context.id,
            "actor": self.context.actor,
            "data": self.data,
        }
