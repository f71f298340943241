"""Redis timers on a real Redis (db 13): exactly-once claims between competing consumers, leases,
fencing, cross-process wake-ups, and leader failover with short TTLs."""
from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone

import pytest
import redis

from casework.clock import FrozenClock
from realtime.leader import LeaderElector
from realtime.redis_timers import RedisTimerIndex
from realtime.timers import DueTimer, TimerLoop, build_timer_index
from tests.conftest import scratch_redis

pytestmark = pytest.mark.redis

REDIS_TIMERS_URL = os.environ.get("REDIS_URL_TIMERS_TEST", "redis://127.0.0.1:6379/13")
T0 = datetime(2026, 11, 23, 2, 0, tzinfo=timezone.utc)


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


@pytest.fixture
def url() -> Iterator[str]:
    yield from scratch_redis(REDIS_TIMERS_URL)


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(T0)


@pytest.fixture
def indexes(url: str) -> Iterator[list[RedisTimerIndex]]:
    """Two indexes on one key space, each with its own connection: two worker processes."""
    made = [RedisTimerIndex(url, prefix="test:timers", lease=30) for _ in range(2)]
    yield made
    for index in made:
        index.close()


def test_two_competing_consumers_claim_each_timer_exactly_once(indexes: list[RedisTimerIndex]):
    first, second = indexes
    first.arm_many((f"t{n}", at(n % 50), 1) for n in range(3000))
    assert len(second) == 3000
    claimed: list[list[DueTimer]] = [[], []]
    start = threading.Barrier(2)

    def consume(index: RedisTimerIndex, into: list[DueTimer]) -> None:
        start.wait()
        while batch := index.claim_due(at(60), limit=10):
            into.extend(batch)
            index.ack(batch)

    threads = [threading.Thread(target=consume, args=(index, into)) for index, into in zip(indexes, claimed)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    ids = [[t.timer_id for t in batch] for batch in claimed]
    assert not set(ids[0]) & set(ids[1])
    assert sorted(ids[0] + ids[1]) == sorted(f"t{n}" for n in range(3000))
    assert len(ids[0]) + len(ids[1]) == 3000 and ids[0] and ids[1]  # both got work, nobody twice
    assert len(first) == 0 and first.in_flight() == 0


def test_two_competing_loops_fire_each_timer_once(indexes: list[RedisTimerIndex], clock: FrozenClock):
    fired: list[str] = []
    lock = threading.Lock()

    def on_due(timer_id: str, fence: int) -> None:
        with lock:
            fired.append(timer_id)

    indexes[0].arm_many((f"t{n}", at(0), 1) for n in range(1000))
    loops = [TimerLoop(index, on_due, clock=clock, batch=10) for index in indexes]
    threads = [threading.Thread(target=loop.run_once) for loop in loops]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert sorted(fired) == sorted(f"t{n}" for n in range(1000)) and len(set(fired)) == 1000


def test_claims_come_in_due_order_and_respect_fences(indexes: list[RedisTimerIndex]):
    index = indexes[0]
    index.arm("b", at(20), 1)
    index.arm("a", at(10), 1)
    index.arm("c", at(30), 5)
    index.arm("c", at(1), 4)  # older fence: refused
    index.arm("b", at(25), 2)  # moved
    assert index.next_due() == at(10)
    claimed = index.claim_due(at(26), 10)
    assert [(t.timer_id, t.fence) for t in claimed] == [("a", 1), ("b", 2)]
    assert index.claim_due(at(26), 10) == []
    index.ack(claimed)
    index.cancel("c")
    assert index.claim_due(at(100), 10) == []


def test_an_unacknowledged_claim_comes_back_after_its_lease(url: str):
    crashed = RedisTimerIndex(url, prefix="test:lease", lease=10)
    survivor = RedisTimerIndex(url, prefix="test:lease", lease=10)
    crashed.arm("a", at(0), 3)
    assert [t.timer_id for t in crashed.claim_due(at(1), 10)] == ["a"]  # ...and the process dies
    assert survivor.claim_due(at(5), 10) == []  # still leased
    assert survivor.next_due() == at(11)  # the lease end: a loop wakes for it
    (again,) = survivor.claim_due(at(11), 10)
    assert (again.timer_id, again.fence, again.due_at) == ("a", 3, at(0))
    survivor.ack([again])
    assert survivor.claim_due(at(100), 10) == [] and survivor.in_flight() == 0
    # a stale acknowledgement (older fence) leaves a newer claim alone
    survivor.arm("b", at(0), 7)
    (b,) = survivor.claim_due(at(100), 10)
    survivor.ack([DueTimer("b", at(0), 6)])
    assert survivor.in_flight() == 1
    survivor.release(b, at(200))
    assert survivor.in_flight() == 0 and survivor.next_due() == at(200)
    crashed.close()
    survivor.close()


def test_rebuild_swaps_the_whole_index(indexes: list[RedisTimerIndex]):
    index = indexes[0]
    index.arm("old", at(1), 1)
    index.claim_due(at(1), 10)  # leaves one in flight
    index.rebuild([("x", at(3), 4), ("y", at(2), 9)])
    assert index.in_flight() == 0 and len(index) == 2
    assert [(t.timer_id, t.fence) for t in index.claim_due(at(10), 10)] == [("y", 9), ("x", 4)]
    index.rebuild([])
    assert len(index) == 0 and index.next_due() is None


def test_a_timer_armed_by_another_process_wakes_the_sleeping_loop(indexes: list[RedisTimerIndex],
                                                                  clock: FrozenClock):
    """Real time, bounded: the loop sleeps towards a timer an hour away; another process arms a nearer one."""
    web, worker = indexes
    fired = threading.Event()
    asleep = threading.Event()

    def wait(condition: threading.Condition, timeout: float | None) -> None:
        asleep.set()
        condition.wait(timeout)

    worker.arm("far", at(3600), 1)
    loop = TimerLoop(worker, lambda tid, fence: fired.set() if tid == "near" else None, clock=clock, wait=wait,
                     max_wait=3600)
    loop.start()
    try:
        assert asleep.wait(0.5)
        web.arm("near", clock.now(), 1)
        assert fired.wait(0.8)
    finally:
        loop.stop()


def test_with_redis_the_index_is_shared(url: str):
    index = build_timer_index(url, prefix="test:built")
    try:
        assert isinstance(index, RedisTimerIndex) and index.healthy()
    finally:
        index.close()


def test_standby_takes_over_when_the_leader_lapses(url: str):
    events: list[tuple[str, str, int | None]] = []
    became = {"a": threading.Event(), "b": threading.Event()}

    def elector(name: str) -> LeaderElector:
        return LeaderElector(url, name="test:leader", ttl=0.4, renew_every=0.05,
                             on_elected=lambda epoch: (events.append((name, "elected", epoch)), became[name].set()),
                             on_revoked=lambda: events.append((name, "revoked", None)))

    leader, standby = elector("a"), elector("b")
    try:
        assert leader.step() and leader.is_leader
        leader.start()
        standby.start()
        assert not became["b"].wait(0.45)  # the leader renews: the standby stays a standby past one TTL
        assert leader.is_leader and not standby.is_leader
        leader.stop(release=False)  # a crash: nobody releases, the lock lapses after its TTL
        assert became["b"].wait(1.0)
        assert standby.is_leader and standby.epoch == leader_epoch(events, "a") + 1
    finally:
        standby.stop()
        leader.stop()
    assert [e[:2] for e in events] == [("a", "elected"), ("a", "revoked"), ("b", "elected"), ("b", "revoked")]


def test_a_released_lock_is_taken_at_once_and_a_stolen_lock_is_noticed(url: str):
    first = LeaderElector(url, name="test:leader2", ttl=5)
    second = LeaderElector(url, name="test:leader2", ttl=5)
    revoked = threading.Event()
    first.on_revoked = revoked.set
    assert first.step() and not second.step()
    first.stop()  # clean hand-over: released
    assert revoked.is_set() and second.step()
    redis.Redis.from_url(url).set("test:leader2", "someone-else")
    assert not second.step() and second.epoch is None


def leader_epoch(events: list[tuple[str, str, int | None]], name: str) -> int:
    return next(epoch for who, what, epoch in events if who == name and what == "elected")


def test_a_new_leader_rearms_without_losing_newer_timers(indexes: list[RedisTimerIndex], clock: FrozenClock):
    web, worker = indexes
    web.arm("moved", at(50), 3)  # armed by a web process after the leader read the database
    web.arm("other", at(40), 1)
    loop = TimerLoop(worker, lambda tid, fence: None, clock=clock, wait=lambda condition, timeout: None)
    loop.start(rearm=[("moved", at(10), 2), ("open", at(20), 1)])  # what the database said a moment ago
    loop.stop()
    assert worker.next_due() == at(20)
    claimed = worker.claim_due(at(100), 10)
    assert [(t.timer_id, t.fence, t.due_at) for t in claimed] == [
        ("open", 1, at(20)), ("other", 1, at(40)), ("moved", 3, at(50))]
