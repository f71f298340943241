"""SQLAlchemy 2 models: the database is the truth."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

from .clock import as_utc


class UtcDateTime(TypeDecorator):
    """Aware UTC datetimes on every engine (SQLite keeps no offset)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime refused; use the injected Clock")
        return as_utc(value)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        return None if value is None else as_utc(value)


# BIGINT autoincrement on PostgreSQL, INTEGER PRIMARY KEY (rowid) on SQLite
BigId = BigInteger().with_variant(Integer(), "sqlite")


class Base(DeclarativeBase):
    type_annotation_map = {datetime: UtcDateTime, dict[str, Any]: JSON}


_OPEN_SQL = "status IN ('received', 'signed', 'dispatched', 'on_site', 'returned')"  # transitions.OPEN_STATUSES


class Case(Base):
    __tablename__ = "cases"
    __table_args__ = (
        UniqueConstraint("channel", "external_id", name="uq_case_channel_external"),
        Index("ix_cases_status_received", "status", "received_at"),
        Index("ix_cases_township_status", "township_code", "status"),
        # repeat detection (insight.repeats): the same caller or the same village within a window
        Index("ix_cases_phone_received", "reporter_phone", "received_at"),
        Index("ix_cases_village_received", "village_code", "received_at"),
        Index("ix_cases_township_received", "township_code", "received_at"),  # migration 0010_repeat_lookup
        Index("ix_cases_township_lon", "township_code", "lon"),
        # the briefing's period aggregates (migration 0005_briefing)
        Index("ix_cases_received_at", "received_at"),
        Index("ix_cases_escalated_at", "escalated_at"),
        Index("ix_cases_supervised_at", "supervised_at"),
        Index("ix_cases_open_deadline", "next_deadline", "received_at", "id",
              postgresql_where=text(_OPEN_SQL), sqlite_where=text(_OPEN_SQL)),
    )

    id: Mapped[str] = mapped_column(String(26), primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    external_id: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(200))
    content: Mapped[str] = mapped_column(Text)
    category: Mapped[str | None] = mapped_column(String(64))
    urgency: Mapped[str] = mapped_column(String(16), default="normal")
    status: Mapped[str] = mapped_column(String(16))
    version: Mapped[int] = mapped_column(Integer, default=1)

    reporter_name: Mapped[str | None] = mapped_column(String(64))
    reporter_phone: Mapped[str | None] = mapped_column(String(32))
    lon: Mapped[float | None] = mapped_column(Float)
    lat: Mapped[float | None] = mapped_column(Float)
    address: Mapped[str | None] = mapped_column(String(256))
    township_code: Mapped[str | None] = mapped_column(String(12), index=True)
    village_code: Mapped[str | None] = mapped_column(String(12))
    unit_id: Mapped[str | None] = mapped_column(String(26))
    department: Mapped[str | None] = mapped_column(String(64))
    merged_into: Mapped[str | None] = mapped_column(String(26))

    received_at: Mapped[datetime]
    created_at: Mapped[datetime]
    signed_at: Mapped[datetime | None]
    dispatched_at: Mapped[datetime | None]
    on_site_at: Mapped[datetime | None]
    resolved_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    returned_at: Mapped[datetime | None]
    merged_at: Mapped[datetime | None]
    updated_at: Mapped[datetime]
    # marks that do not move the lifecycle: first contact with the party, escalation, supervision, visit-back
    contacted_at: Mapped[datetime | None]
    escalation_level: Mapped[int] = mapped_column(Integer, default=0)  # 0 center, 1 township, 2 county, 3 leader
    escalated_at: Mapped[datetime | None]
    supervised_at: Mapped[datetime | None]
    supervise_deadline: Mapped[datetime | None]
    leader: Mapped[str | None] = mapped_column(String(64))  # 领导包案
    visited_at: Mapped[datetime | None]
    satisfaction: Mapped[str | None] = mapped_column(String(16))  # satisfied / basic / dissatisfied
    complaint: Mapped[bool] = mapped_column(default=False)
    # denormalised from the running SLA clocks (sla_clocks), kept by the actions and the timer step, so
    # events and queues carry the countdown without reading the clocks: the earliest running deadline
    # and the moment that clock warns (its warn share used)
    next_deadline: Mapped[datetime | None]
    next_warn_at: Mapped[datetime | None]
    # what insight read from the demand on intake (the officer's re-classification may change category):
    # where the category came from (source / model / officer) and the model's confidence in it
    category_confidence: Mapped[float | None] = mapped_column(Float)
    category_source: Mapped[str | None] = mapped_column(String(16))
    # 赋分赋码: 0..100, red / orange / yellow / blue, and why ([{code, label, points, cue?}])
    risk_score: Mapped[int] = mapped_column(Integer, default=0)
    risk_level: Mapped[str | None] = mapped_column(String(8))
    risk_reasons: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    # the open case this one repeats (same caller) or may duplicate (similar text, same place); the
    # officer decides whether to merge
    related_case_id: Mapped[str | None] = mapped_column(String(26))
    relation: Mapped[str | None] = mapped_column(String(16))  # duplicate / repeat
    relation_score: Mapped[float | None] = mapped_column(Float)  # text similarity 0..1
    relation_reasons: Mapped[list[str]] = mapped_column(JSON, default=list)
    entity: Mapped[str | None] = mapped_column(String(64), index=True)  # named shop/estate/employer in the text

    raw: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[list[str]] = mapped_column(JSON, default=list)
    attachments: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)


class CaseEvent(Base):
    """The audit trail (留痕): one row per change, never edited."""

    __tablename__ = "case_events"

    id: Mapped[str] = mapped_column(String(26), primary_key=True)  # the event_id
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"), index=True)
    type: Mapped[str] = mapped_column(String(32))
    action: Mapped[str] = mapped_column(String(32))
    actor: Mapped[str] = mapped_column(String(64))
    from_status: Mapped[str | None] = mapped_column(String(16))
    to_status: Mapped[str] = mapped_column(String(16))
    version: Mapped[int] = mapped_column(Integer)
    occurred_at: Mapped[datetime]
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class OutboxEvent(Base):
    """Events written in the same transaction as the change; the relay publishes them after commit."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_unpublished", "published_at", "id"),
                      Index("ix_outbox_type_created", "type", "created_at"),
                      Index("ix_outbox_created_at", "created_at"),  # 复盘 reads a period
                      Index("ix_outbox_type_seq", "type", "seq"))  # the wall's latest warnings

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    event_id: Mapped[str] = mapped_column(String(26), unique=True)
    stream: Mapped[str] = mapped_column(String(32), default="county")
    type: Mapped[str] = mapped_column(String(32))
    envelope: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime]
    seq: Mapped[int | None] = mapped_column(BigInteger, unique=True)
    published_at: Mapped[datetime | None]


class Unit(Base):
    __tablename__ = "units"

    id: Mapped[str] = mapped_column(String(26), primary_key=True)
    name: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(32))
    skills: Mapped[list[str]] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(16), default="available")
    lon: Mapped[float | None] = mapped_column(Float)
    lat: Mapped[float | None] = mapped_column(Float)
    township_code: Mapped[str | None] = mapped_column(String(12))
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime]


class Dispatch(Base):
    __tablename__ = "dispatches"

    id: Mapped[str] = mapped_column(String(26), primary_key=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"), index=True)
    unit_id: Mapped[str] = mapped_column(ForeignKey("units.id"), index=True)
    actor: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default="issued")
    issued_at: Mapped[datetime]


class Camera(Base):
    __tablename__ = "cameras"
    __table_args__ = (
        # how an alarm finds its camera: by MAC, serial or IP with the device channel; Frigate by name
        Index("ix_cameras_vendor_mac_channel", "vendor", "mac_address", "channel"),
        Index("ix_cameras_vendor_serial_channel", "vendor", "serial_number", "channel"),
        Index("ix_cameras_vendor_ip_channel", "vendor", "ip_address", "channel"),
        Index("ix_cameras_vendor_external_name", "vendor", "external_name"),
    )

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(128))
    channel: Mapped[str | None] = mapped_column(String(16))
    source_system: Mapped[str] = mapped_column(String(16))  # 雪亮 / 天网 / 部门
    lon: Mapped[float | None] = mapped_column(Float)
    lat: Mapped[float | None] = mapped_column(Float)
    township_code: Mapped[str | None] = mapped_column(String(12))
    status: Mapped[str] = mapped_column(String(16), default="unknown")
    known: Mapped[bool] = mapped_column(default=True)
    last_seen_at: Mapped[datetime | None]
    vendor: Mapped[str | None] = mapped_column(String(16))  # hikvision / frigate
    ip_address: Mapped[str | None] = mapped_column(String(45))
    mac_address: Mapped[str | None] = mapped_column(String(17))  # lower case, colon separated
    serial_number: Mapped[str | None] = mapped_column(String(64))
    external_name: Mapped[str | None] = mapped_column(String(64))  # the source's own name (Frigate camera)
    address: Mapped[str | None] = mapped_column(String(256))
    village_code: Mapped[str | None] = mapped_column(String(12))
    status_at: Mapped[datetime | None]  # when `status` last changed
    first_seen_at: Mapped[datetime | None]


class Alert(Base):
    __tablename__ = "alerts"
    __table_args__ = (
        # the storm window: the latest alert of one camera and kind
        Index("ix_alerts_camera_kind_last", "camera_id", "kind", "last_at"),
        Index("ix_alerts_status_id", "status", "id"),
    )

    id: Mapped[str] = mapped_column(String(26), primary_key=True)
    source: Mapped[str] = mapped_column(String(16))  # hikvision / frigate
    camera_id: Mapped[str] = mapped_column(ForeignKey("cameras.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16), default="open")
    count: Mapped[int] = mapped_column(Integer, default=1)
    raised_at: Mapped[datetime]
    last_at: Mapped[datetime]
    case_id: Mapped[str | None] = mapped_column(ForeignKey("cases.id"))
    raw: Mapped[str] = mapped_column(Text, default="")
    label: Mapped[str | None] = mapped_column(String(32))  # what was detected: human, vehicle, person, car
    zones: Mapped[list[str]] = mapped_column(JSON, default=list)
    occurred_at: Mapped[datetime | None]  # the device's time of the first alarm
    ended_at: Mapped[datetime | None]
    notified_at: Mapped[datetime | None]  # when the last alert.raised for it was written
    notes: Mapped[list[str]] = mapped_column(JSON, default=list)


class User(Base):
    __tablename__ = "users"

    id: Mapped[str] = mapped_column(String(26), primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(64))
    role: Mapped[str] = mapped_column(String(32))
    department: Mapped[str | None] = mapped_column(String(64))
    township_code: Mapped[str | None] = mapped_column(String(12))
    password_hash: Mapped[str] = mapped_column(String(200))
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None]
    created_at: Mapped[datetime]


class SlaClockRow(Base):
    """One SLA clock of a case. Columns mirror casework.sla.SlaClock one to one; casework.sla.persistence
    maps between them (`clock_columns`, `clock_from_row`)."""

    __tablename__ = "sla_clocks"
    __table_args__ = (
        UniqueConstraint("case_id", "kind", "attempt", name="uq_sla_clock_case_kind_attempt"),
        # the auditor and the timer rebuild: open clocks by next due moment
        Index("ix_sla_clocks_state_due", "state", "due_at"),
        Index("ix_sla_clocks_breached_at", "breached_at"),
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


class SavedView(Base):
    """An officer's named queue view: the filters and the sort of the console's queue."""

    __tablename__ = "saved_views"
    __table_args__ = (UniqueConstraint("username", "name", name="uq_saved_view_user_name"),)

    id: Mapped[str] = mapped_column(String(26), primary_key=True)
    username: Mapped[str] = mapped_column(String(64), index=True)
    name: Mapped[str] = mapped_column(String(40))
    filters: Mapped[dict[str, Any]] = mapped_column(JSON)
    sort: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class EarlyWarning(Base):
    """An early warning (预警) insight raised: more demands of one kind at one place or about one entity
    than expected, with the statistics and the cases that make it."""

    __tablename__ = "early_warnings"
    __table_args__ = (Index("ix_early_warnings_key_raised", "key", "raised_at"),)

    id: Mapped[str] = mapped_column(String(26), primary_key=True)
    key: Mapped[str] = mapped_column(String(200))  # kind|category|place|entity: one anomaly's identity
    kind: Mapped[str] = mapped_column(String(16))  # spike (category × place) / cluster (one entity)
    category: Mapped[str | None] = mapped_column(String(64))
    township_code: Mapped[str | None] = mapped_column(String(12))
    entity: Mapped[str | None] = mapped_column(String(64))
    level: Mapped[str] = mapped_column(String(8))  # red / orange / yellow
    window_start: Mapped[datetime]
    window_end: Mapped[datetime]
    observed: Mapped[int] = mapped_column(Integer)
    expected: Mapped[float] = mapped_column(Float)
    p_value: Mapped[float] = mapped_column(Float)
    complainants: Mapped[int] = mapped_column(Integer, default=0)
    baseline: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # rolling / last year / test used
    case_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    summary: Mapped[str] = mapped_column(Text)
    raised_at: Mapped[datetime] = mapped_column(index=True)
