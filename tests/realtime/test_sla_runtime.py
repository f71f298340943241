"""SLA timers in the runtime: armed after commit, re-armed on restart, audited, and failing over between two
processes on Redis. Frozen clocks throughout; only the failover waits (briefly) for real threads."""
from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from casework.actions import do_intake
from casework.clock import FrozenClock
from casework.models import OutboxEvent, SlaClockRow
from casework.settings import Settings
from casework.sla_steps import do_sla_due
from realtime.runtime import Runtime, build_runtime
from tests.conftest import scratch_redis
from tests.factories import report
from tests.services import until

REDIS_SLA_URL = os.environ.get("REDIS_URL_SLA_TEST", "redis://127.0.0.1:6379/12")


def runtime_for(database_url: str, clock: FrozenClock, redis_url: str | None = None) -> Runtime:
    extra = {"REDIS_URL": redis_url} if redis_url else {}
    return build_runtime(Settings(DATABASE_URL=database_url, SMARTBRAIN_DEMO_TOKEN="t" * 20, **extra), clock=clock)


def intake(runtime: Runtime, **overrides) -> str:  # noqa: ANN003
    with runtime.store.transaction() as s:
        demand = report(received_at=runtime.clock.now(), **overrides)
        return do_intake(s, demand, clock=runtime.clock, policies=runtime.policies).case["id"]


def breaches(runtime: Runtime, clock_id: str) -> int:
    with runtime.store.reading() as s:
        rows = s.scalars(select(OutboxEvent).where(OutboxEvent.type == "sla.breached")).all()
        return sum(1 for row in rows if row.envelope["context"]["parent_id"] == clock_id)


@pytest.fixture
def runtimes() -> Iterator[list[Runtime]]:
    made: list[Runtime] = []
    yield made
    for runtime in made:
        runtime.stop()


def test_timers_are_armed_after_commit_and_never_for_a_rollback(sqlite_url: str, clock: FrozenClock, runtimes):
    runtime = runtime_for(sqlite_url, clock)
    runtimes.append(runtime)
    runtime.start()
    assert runtime.health()["timers"] == {"kind": "in-process", "armed": 0, "leader": "yes", "loop": "running",
                                          "steps": 0}
    intake(runtime)
    assert len(runtime.timers.index) == 3  # sign, order, closure
    with pytest.raises(RuntimeError), runtime.store.transaction() as s:
        do_intake(s, report(received_at=clock.now()), clock=clock, policies=runtime.policies)
        raise RuntimeError("the request fails after the intake")
    assert len(runtime.timers.index) == 3


def test_the_loop_fires_a_due_clock_and_rearms_the_next_step(sqlite_url: str, clock: FrozenClock, runtimes):
    runtime = runtime_for(sqlite_url, clock)
    runtimes.append(runtime)
    runtime.start()
    case_id = intake(runtime)
    clock.advance(minutes=8)
    runtime.timers.loop.wake()
    until(lambda: runtime.timers.steps == 1, message="the loop to take the warning step")
    clock.advance(minutes=2)
    runtime.timers.loop.wake()
    until(lambda: breaches(runtime, f"{case_id}:sign:1") == 1, message="the sign-for breach")
    with runtime.store.reading() as s:
        assert s.get(SlaClockRow, f"{case_id}:sign:1").due_at == clock.now() + timedelta(minutes=5)


def test_a_new_runtime_rearms_from_the_database_and_fires_once(sqlite_url: str, clock: FrozenClock, runtimes):
    first = runtime_for(sqlite_url, clock)
    first.start()
    case_id = intake(first)
    sign_id = f"{case_id}:sign:1"
    first.stop()  # the process ends before the clock is due

    clock.advance(minutes=10, seconds=1)
    second = runtime_for(sqlite_url, clock)
    runtimes.append(second)
    second.start()  # re-arms from the database; the late timer goes straight to the breach
    until(lambda: breaches(second, sign_id) == 1, message="the re-armed timer to fire the breach")
    second.timers.index.arm(sign_id, clock.now() - timedelta(minutes=1), 1)  # a stale duplicate
    second.timers.loop.run_once()
    second.stop()

    third = runtime_for(sqlite_url, clock)
    runtimes.append(third)
    third.start()
    third.timers.loop.run_once()
    assert breaches(third, sign_id) == 1 and third.timers.steps == 0


def test_the_auditor_rearms_a_clock_that_lost_its_timer(sqlite_url: str, clock: FrozenClock, runtimes):
    runtime = runtime_for(sqlite_url, clock)
    runtimes.append(runtime)
    runtime.start()
    case_id = intake(runtime)
    sign_id = f"{case_id}:sign:1"
    runtime.timers.index.cancel(sign_id)  # e.g. lost between commit and arm
    clock.advance(minutes=8, seconds=10)
    assert runtime.timers.audit_once() == 0  # due 10 s ago: within the grace period
    clock.advance(seconds=30)
    assert runtime.timers.audit_once() == 1
    runtime.timers.loop.wake()
    until(lambda: runtime.timers.steps == 1, message="the re-armed clock's warning step")
    with runtime.store.reading() as s:
        assert s.get(SlaClockRow, sign_id).warned_at is not None


@pytest.fixture
def shared_redis() -> Iterator[str]:
    yield from scratch_redis(REDIS_SLA_URL)


@pytest.mark.redis
def test_failover_the_standby_fires_the_breach_exactly_once(postgres_url: str, shared_redis: str,
                                                            clock: FrozenClock, runtimes):
    leader, standby = (runtime_for(postgres_url, clock, shared_redis) for _ in range(2))
    runtimes.extend([leader, standby])
    for runtime in (leader, standby):  # a short lease, so the test waits well under a second
        runtime.timers.elector.ttl, runtime.timers.elector.renew_every = 0.5, 0.05
    leader.start()
    until(lambda: leader.timers.leading, message="the first runtime to lead the timers")
    standby.start()
    assert not standby.timers.elector.step()  # an election attempt now loses: the leader holds the lock
    assert not standby.timers.leading and standby.health()["timers"]["leader"] == "no"

    case_id = intake(standby)  # any process arms: the index is shared
    sign_id = f"{case_id}:sign:1"
    assert len(leader.timers.index) == 3

    leader.timers.stop(release=False)  # killed: the lease lapses, nobody releases it
    clock.advance(minutes=10, seconds=1)
    until(lambda: standby.timers.leading, message="the standby to take the lapsed lease")
    until(lambda: breaches(standby, sign_id) == 1, message="the standby to fire the breach")
    standby.timers.loop.run_once()  # one more claim pass: nothing left to fire a second time
    assert breaches(standby, sign_id) == 1
    with standby.store.transaction() as s:  # the old leader's timer, delivered late, does nothing
        assert not do_sla_due(s, sign_id, 1, clock=clock)
    with standby.store.reading() as s:
        assert s.scalar(select(func.count()).select_from(OutboxEvent).where(OutboxEvent.type.like("sla.%"))) == 1


def test_a_step_is_counted_only_once_its_transaction_has_committed(sqlite_url: str, clock: FrozenClock, runtimes,
                                                                   monkeypatch):
    """Whoever waits on `steps` then reads the step's rows: counting inside the transaction let a test see the
    count before the clock's `warned_at` was committed."""
    runtime = runtime_for(sqlite_url, clock)
    runtimes.append(runtime)
    counted_at_commit: list[int] = []
    transaction = runtime.store.transaction

    @contextmanager
    def watched():  # noqa: ANN202
        with transaction() as session:
            yield session
            counted_at_commit.append(runtime.timers.steps)  # the commit follows when this block is left

    monkeypatch.setattr(runtime.store, "transaction", watched)
    monkeypatch.setattr("realtime.sla_timers.do_sla_due", lambda session, clock_id, fence, clock: True)
    runtime.timers._on_due("a-case:sign:1", 1)
    assert counted_at_commit == [0] and runtime.timers.steps == 1
