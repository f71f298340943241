from __future__ import annotations

import pytest
from sqlalchemy import select

from casework.actions import do_case_action, do_intake
from casework.models import OutboxEvent
from realtime.bus import InProcessBus
from realtime.relay import OutboxRelay
from tests.factories import report


class Recorder:
    def __init__(self) -> None:
        self.seqs: list[int] = []

    def __call__(self, batch) -> None:  # noqa: ANN001
        self.seqs.extend(e.seq for e in batch)


class CrashAfterPublish(InProcessBus):
    """Publishes, then dies before the relay can mark the rows published."""

    crash = True

    def publish(self, envelopes):  # noqa: ANN001
        delivered = super().publish(envelopes)
        if self.crash:
            self.crash = False
            raise ConnectionError("relay died between publish and mark")
        return delivered


def intake(store, clock, n: int) -> list[str]:  # noqa: ANN001
    ids = []
    for _ in range(n):
        with store.transaction() as s:
            ids.append(do_intake(s, report(), clock=clock).case["id"])
    return ids


def test_relay_publishes_committed_events_in_gap_free_sequence(store, clock):
    bus, seen = InProcessBus(), Recorder()
    bus.subscribe(seen)
    relay = OutboxRelay(store, bus, clock)
    intake(store, clock, 5)
    assert relay.run_once() == 5
    assert relay.run_once() == 0
    assert seen.seqs == [1, 2, 3, 4, 5]


def test_crash_between_commit_and_publish_loses_nothing(store, clock):
    intake(store, clock, 3)  # committed; no relay was running
    bus, seen = InProcessBus(), Recorder()
    bus.subscribe(seen)
    OutboxRelay(store, bus, clock).run_once()
    assert seen.seqs == [1, 2, 3]


def test_crash_between_publish_and_mark_doubles_nothing(store, clock):
    bus, seen = CrashAfterPublish(), Recorder()
    bus.subscribe(seen)
    intake(store, clock, 4)
    with pytest.raises(ConnectionError):
        OutboxRelay(store, bus, clock).run_once()
    with store.reading() as s:
        assert s.scalars(select(OutboxEvent.published_at)).all() == [None] * 4
    OutboxRelay(store, bus, clock).run_once()  # a new relay after restart
    assert seen.seqs == [1, 2, 3, 4]
    with store.reading() as s:
        assert None not in s.scalars(select(OutboxEvent.published_at)).all()


def test_sequence_follows_commit_order_across_actions(store, clock):
    bus, seen = InProcessBus(), Recorder()
    bus.subscribe(seen)
    relay = OutboxRelay(store, bus, clock)
    [case_id] = intake(store, clock, 1)
    relay.run_once()
    with store.transaction() as s:
        do_case_action(s, case_id, "sign", expected_version=1, clock=clock, actor="a")
    relay.run_once()
    assert seen.seqs == [1, 2]
