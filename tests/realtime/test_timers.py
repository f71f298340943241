"""In-process timers: heap ordering, moving and fencing, the loop's scheduling step on a frozen clock,
and one bounded real-time check that a nearer timer wakes a sleeping loop."""
from __future__ import annotations

import random
import threading
from datetime import datetime, timedelta, timezone

import pytest

from casework.clock import FrozenClock
from realtime.timers import DueTimer, HeapTimerIndex, TimerLoop, build_timer_index

T0 = datetime(2026, 11, 23, 2, 0, tzinfo=timezone.utc)


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(T0)


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def test_claims_come_out_in_due_order():
    index = HeapTimerIndex()
    order = list(range(500))
    random.Random(7).shuffle(order)
    index.arm_many((f"t{n}", at(n), 1) for n in order)
    assert len(index) == 500 and index.next_due() == at(0)
    claimed = index.claim_due(at(249), limit=1000)
    assert [t.timer_id for t in claimed] == [f"t{n}" for n in range(250)]
    assert index.claim_due(at(249), limit=1000) == []  # claimed once only
    assert [t.timer_id for t in index.claim_due(at(10_000), limit=3)] == ["t250", "t251", "t252"]
    assert len(index) == 247


def test_moving_cancelling_and_fencing():
    index = HeapTimerIndex()
    index.arm("a", at(10), 1)
    index.arm("b", at(20), 1)
    index.arm("a", at(30), 2)  # moved later: the old entry at 10 s is stale
    assert index.next_due() == at(20)
    assert index.claim_due(at(15), 10) == []
    index.arm("a", at(5), 1)  # an older fence never replaces a newer one
    assert index.claim_due(at(25), 10) == [DueTimer("b", at(20), 1)]
    index.cancel("a")
    assert index.claim_due(at(100), 10) == [] and len(index) == 0 and index.next_due() is None


def test_many_moves_compact_the_heap():
    index = HeapTimerIndex()
    for fence in range(1, 3001):
        index.arm("only", at(fence), fence)
    assert len(index) == 1 and len(index._heap) <= 2 + 1024 + 2  # noqa: SLF001 - stale entries dropped
    assert index.claim_due(at(10_000), 10) == [DueTimer("only", at(3000), 3000)]


def test_rebuild_replaces_everything():
    index = HeapTimerIndex()
    index.arm("old", at(1), 1)
    index.rebuild([("x", at(3), 4), ("y", at(2), 9)])
    assert [t.timer_id for t in index.claim_due(at(10), 10)] == ["y", "x"]


def test_release_retries_unless_rearmed():
    index = HeapTimerIndex()
    index.arm("a", at(1), 1)
    (timer,) = index.claim_due(at(1), 10)
    index.release(timer, at(60))
    assert index.next_due() == at(60)
    (timer,) = index.claim_due(at(60), 10)
    index.arm("a", at(90), 2)  # re-armed by its consumer meanwhile
    index.release(timer, at(61))
    assert index.claim_due(at(89), 10) == [] and index.next_due() == at(90)


def test_run_once_fires_due_timers_and_says_how_long_to_sleep(clock: FrozenClock):
    fired: list[tuple[str, int, datetime]] = []
    index = HeapTimerIndex()
    loop = TimerLoop(index, lambda tid, fence: fired.append((tid, fence, clock.now())), clock=clock, batch=2)
    assert loop.run_once() is None  # nothing armed: sleep until woken
    index.arm_many([("c", at(30), 1), ("a", at(0), 1), ("b", at(0), 2), ("d", at(0), 1)])
    assert loop.run_once() == 30.0  # fires a, b, d (over two batches), then 30 s to c
    assert [f[0] for f in fired] == ["a", "b", "d"] and fired[1][1] == 2
    clock.advance(seconds=29.5)
    assert loop.run_once() == 0.5
    clock.advance(seconds=0.5)
    assert loop.run_once() is None and [f[0] for f in fired][-1] == "c" and loop.fired == 4


def test_a_failing_callback_is_retried_later(clock: FrozenClock):
    calls: list[str] = []

    def flaky(timer_id: str, fence: int) -> None:
        calls.append(timer_id)
        if len(calls) == 1:
            raise RuntimeError("database away")

    index = HeapTimerIndex()
    loop = TimerLoop(index, flaky, clock=clock, retry_delay=5.0)
    index.arm("a", at(0), 1)
    assert loop.run_once() == 5.0 and loop.failed == 1
    clock.advance(seconds=5)
    assert loop.run_once() is None and calls == ["a", "a"] and loop.fired == 1


def test_the_loop_sleeps_until_each_deadline_on_simulated_time(clock: FrozenClock):
    """The thread runs for real; its sleep is replaced by advancing the frozen clock."""
    index = HeapTimerIndex()
    fired: list[tuple[str, datetime]] = []
    sleeps: list[float | None] = []
    idle = threading.Event()

    def simulated_wait(condition: threading.Condition, timeout: float | None) -> None:
        sleeps.append(timeout)
        if timeout is None:
            idle.set()
            condition.wait(0.05)
        else:
            clock.advance(seconds=timeout)

    deadlines = {f"t{n}": at(n * 7.5) for n in range(1, 9)}
    loop = TimerLoop(index, lambda tid, fence: fired.append((tid, clock.now())), clock=clock, wait=simulated_wait)
    loop.start(rearm=[(tid, due, 1) for tid, due in reversed(deadlines.items())])
    try:
        assert idle.wait(1.0)
    finally:
        loop.stop()
    assert not loop.running
    assert fired == list(deadlines.items())  # in order, each exactly at its deadline
    assert sleeps[:8] == [7.5] * 8 and sleeps[8] is None


def test_a_nearer_timer_wakes_the_sleeping_loop(clock: FrozenClock):
    """Real time, bounded: the loop sleeps towards a timer an hour away and must wake for a new one."""
    index = HeapTimerIndex()
    fired = threading.Event()
    sleeps: list[float | None] = []

    def recording_wait(condition: threading.Condition, timeout: float | None) -> None:
        sleeps.append(timeout)
        condition.wait(timeout)

    loop = TimerLoop(index, lambda tid, fence: fired.set() if tid == "near" else None, clock=clock,
                     wait=recording_wait)
    index.arm("far", at(3600), 1)
    loop.start()
    try:
        for _ in range(100):  # until the loop is asleep (at most ~0.5 s)
            if sleeps:
                break
            threading.Event().wait(0.005)
        assert sleeps == [3600.0]
        index.arm("near", clock.now(), 1)
        assert fired.wait(0.5)
    finally:
        loop.stop()
    assert not loop.running and len(index) == 1


def test_without_redis_the_index_is_in_process():
    assert isinstance(build_timer_index(None), HeapTimerIndex)
