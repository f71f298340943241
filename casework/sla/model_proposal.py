"""PROPOSAL — not imported anywhere. The persisted SLA clock, for casework/models.py.

Move `SlaClockRow` into casework/models.py (named `SlaClock` there if preferred) and add an Alembic
migration. Columns mirror casework.sla.clock_state.SlaClock one to one; casework.sla.persistence maps
between them (`clock_columns`, `clock_from_row`).
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Float, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from casework.models import Base


class SlaClockRow(Base):
    __tablename__ = "sla_clocks"
    __table_args__ = (
        UniqueConstraint("case_id", "kind", "attempt", name="uq_sla_clock_case_kind_attempt"),
        # the auditor and the timer rebuild: open clocks by next due moment
        Index("ix_sla_clocks_state_due", "state", "due_at"),
    )

    id: Mapped[str] = mapped_column(String(48), primary_key=True)  # "<case_id>:<kind>:<attempt>"
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    attempt: Mapped[int] = mapped_column(Integer, default=1)
    policy: Mapped[dict[str, Any]] = mapped_column(JSON)  # PolicySnapshot.to_json(): terms frozen at start
    state: Mapped[str] = mapped_column(String(8))  # running / paused / stopped
    started_at: Mapped[datetime]
    running_since: Mapped[datetime | None]
    paused_at: Mapped[datetime | None]
    consumed_seconds: Mapped[float] = mapped_column(Float, default=0.0)  # in the clock's metric
    paused_seconds: Mapped[float] = mapped_column(Float, default=0.0)  # accumulated pause, wall time
    deadline: Mapped[datetime | None]
    warn_at: Mapped[datetime | None]
    due_at: Mapped[datetime | None]  # next timer moment; NULL when nothing is due
    warned_at: Mapped[datetime | None]
    breached_at: Mapped[datetime | None]
    escalation_level: Mapped[int] = mapped_column(Integer, default=0)
    escalation_anchor: Mapped[datetime | None]
    stopped_at: Mapped[datetime | None]
    stop_reason: Mapped[str | None] = mapped_column(String(16))
    fence: Mapped[int] = mapped_column(Integer, default=1)  # fencing token; a timer with another does nothing
