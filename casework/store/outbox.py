"""The transactional outbox: events are written with the change and published after commit."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from ..envelope import Envelope
from ..models import OutboxEvent


def enqueue(session: Session, envelope: Envelope, *, stream: str = "county") -> None:
    session.add(
        OutboxEvent(
            event_id=envelope.event_id,
            stream=stream,
            type=envelope.type,
            envelope=envelope.model_dump(mode="json"),
            created_at=envelope.received_at,
        )
    )


# session.info key: this transaction wrote outbox rows (the relay is kicked after its commit,
# realtime.runtime); ORM rows are noticed at flush, Core rows say so here
WROTE_OUTBOX = "outbox"


def enqueue_now(session: Session, envelope: Envelope, *, stream: str = "county") -> None:
    """`enqueue` as a Core insert, executed at once (the intake path; no ORM object to flush)."""
    session.execute(insert(OutboxEvent.__table__), {
        "event_id": envelope.event_id, "stream": stream, "type": envelope.type,
        "envelope": envelope.model_dump(mode="json"), "created_at": envelope.received_at,
    })
    session.info[WROTE_OUTBOX] = True


def assign_sequence(session: Session, *, limit: int = 500) -> int:
    """Give the next committed events their stream sequence numbers, in commit-visible order.

    Run by the single relay leader; the numbers are gap-free, so a screen that sees a jump knows it
    missed something.
    """
    rows = session.scalars(
        select(OutboxEvent).where(OutboxEvent.seq.is_(None)).order_by(OutboxEvent.id).limit(limit)
    ).all()
    if not rows:
        return 0
    last = session.scalar(select(func.max(OutboxEvent.seq))) or 0
    for offset, row in enumerate(rows, start=1):
        row.seq = last + offset
    return len(rows)


def unpublished(session: Session, *, limit: int = 500) -> Sequence[OutboxEvent]:
    return session.scalars(
        select(OutboxEvent)
        .where(OutboxEvent.seq.is_not(None), OutboxEvent.published_at.is_(None))
        .order_by(OutboxEvent.seq)
        .limit(limit)
    ).all()


def mark_published(session: Session, seqs: Sequence[int], at: datetime) -> None:
    if seqs:
        session.execute(
            update(OutboxEvent).where(OutboxEvent.seq.in_(list(seqs))).values(published_at=at)
        )


def events_after(session: Session, seq: int, *, limit: int = 1000) -> list[Envelope]:
    """Everything a screen missed since `seq` (Socket.IO has no replay)."""
    rows = session.scalars(
        select(OutboxEvent)
        .where(OutboxEvent.seq > seq, OutboxEvent.published_at.is_not(None))
        .order_by(OutboxEvent.seq)
        .limit(limit)
    ).all()
    return [as_envelope(row) for row in rows]


def last_seq(session: Session) -> int:
    return session.scalar(
        select(func.max(OutboxEvent.seq)).where(OutboxEvent.published_at.is_not(None))
    ) or 0


def as_envelope(row: OutboxEvent) -> Envelope:
    envelope = Envelope.model_validate(row.envelope)
    envelope.seq = row.seq
    return envelope
