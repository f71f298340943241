"""The Redis Streams bus on a real Redis: in order, once per seq, across a relay crash."""
from __future__ import annotations

import threading

import pytest

from casework.actions import do_intake
from realtime.redis_bus import RedisStreamBus
from realtime.relay import OutboxRelay
from tests.factories import report

pytestmark = pytest.mark.redis


class DiesAfterPublishing:
    def __init__(self, bus: RedisStreamBus) -> None:
        self.bus = bus

    def publish(self, envelopes):  # noqa: ANN001
        self.bus.publish(envelopes)
        raise ConnectionError("relay died between publish and mark")


class Collector:
    def __init__(self, expect: int) -> None:
        self.seqs: list[int] = []
        self.expect = expect
        self.done = threading.Event()

    def __call__(self, batch) -> None:  # noqa: ANN001
        self.seqs.extend(e.seq for e in batch)
        if len(self.seqs) >= self.expect:
            self.done.set()


def test_republished_events_reach_subscribers_once(store, clock, redis_url):
    bus = RedisStreamBus(redis_url, stream="test:events")
    seen = Collector(expect=4)
    bus.subscribe(seen)
    try:
        for _ in range(4):
            with store.transaction() as s:
                do_intake(s, report(), clock=clock)
        with pytest.raises(ConnectionError):
            OutboxRelay(store, DiesAfterPublishing(bus), clock).run_once()
        assert OutboxRelay(store, bus, clock).run_once() == 4  # replayed: Redis refuses the duplicates
        assert seen.done.wait(5)
        assert seen.seqs == [1, 2, 3, 4]
        assert bus.last_seq() == 4
    finally:
        bus.close()
