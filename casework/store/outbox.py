"""The transactional outbox: events are written with the change and published after commit."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Row, bindparam, func, insert, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from ..envelope import Envelope
from ..models import OutboxEvent
from .deferred import insert_row

_OUTBOX = OutboxEvent.__table__


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
    """`enqueue` as a Core insert, executed at once, or with its batch in a group commit (the intake
    path; no ORM object to flush)."""
    insert_row(session, _OUTBOX, {
        "event_id": envelope.event_id, "stream": stream, "type": envelope.type,
        "envelope": envelope.model_dump(mode="json"), "created_at": envelope.received_at,
    })
    session.info[WROTE_OUTBOX] = True


def assign_sequence(session: Session | Connection, *, limit: int = 500) -> int:
    """Give the next committed events their stream sequence numbers, in commit-visible order.

    Run by the single relay leader; the numbers are gap-free, so a screen that sees a jump knows it
    missed something. Core statements: the relay runs this for every batch of intakes.
    """
    ids = session.scalars(select(_OUTBOX.c.id).where(_OUTBOX.c.seq.is_(None)).order_by(_OUTBOX.c.id)
                          .limit(limit)).all()
    if not ids:
        return 0
    last = session.scalar(select(func.max(_OUTBOX.c.seq))) or 0
    session.execute(update(_OUTBOX).where(_OUTBOX.c.id == bindparam("row_id")).values(seq=bindparam("row_seq")),
                    [{"row_id": row_id, "row_seq": last + offset} for offset, row_id in enumerate(ids, start=1)])
    return len(ids)


def unpublished(session: Session | Connection, *, limit: int = 500) -> Sequence[Row]:
    """Sequenced, not yet published: rows with `seq` and `envelope` (see `as_envelope`)."""
    return session.execute(
        select(_OUTBOX.c.seq, _OUTBOX.c.envelope)
        .where(_OUTBOX.c.seq.is_not(None), _OUTBOX.c.published_at.is_(None))
        .order_by(_OUTBOX.c.seq)
        .limit(limit)
    ).all()


def mark_published(session: Session | Connection, seqs: Sequence[int], at: datetime) -> None:
    if seqs:
        session.execute(
            update(_OUTBOX).where(_OUTBOX.c.seq.in_(list(seqs))).values(published_at=at)
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


def as_envelope(row: OutboxEvent | Row) -> Envelope:
    envelope = Envelope.model_validate(row.envelope)
    envelope.seq = row.seq
    return envelope
