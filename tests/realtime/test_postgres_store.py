"""The same domain path on a real PostgreSQL: migrations, idempotent intake, version conflicts."""
from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from casework.actions import VersionConflict, do_case_action, do_intake
from casework.models import Case, OutboxEvent
from realtime.bus import InProcessBus
from realtime.relay import OutboxRelay
from tests.factories import report

pytestmark = pytest.mark.postgres


def test_concurrent_duplicate_intake_makes_one_case(pg_store, clock):
    demand = report(external_id="PG-DUP-1")
    results, barrier = [], threading.Barrier(4)

    def worker() -> None:
        barrier.wait()
        with pg_store.transaction() as s:
            results.append(do_intake(s, demand, clock=clock))

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len({r.case["id"] for r in results}) == 1
    assert sum(r.created for r in results) == 1
    with pg_store.reading() as s:
        assert s.scalar(select(func.count()).select_from(Case)) == 1
        assert s.scalar(select(func.count()).select_from(OutboxEvent)) == 1


def test_two_officers_one_wins(pg_store, clock):
    with pg_store.transaction() as s:
        case_id = do_intake(s, report(), clock=clock).case["id"]
    outcomes, barrier = [], threading.Barrier(2)

    def officer(name: str) -> None:
        barrier.wait()
        try:
            with pg_store.transaction() as s:
                do_case_action(s, case_id, "sign", expected_version=1, clock=clock, actor=name)
            outcomes.append("won")
        except VersionConflict:
            outcomes.append("conflict")

    threads = [threading.Thread(target=officer, args=(n,)) for n in ("a", "b")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["conflict", "won"]


def test_relay_on_postgres(pg_store, clock):
    for _ in range(3):
        with pg_store.transaction() as s:
            do_intake(s, report(), clock=clock)
    seen: list[int] = []
    bus = InProcessBus()
    bus.subscribe(lambda batch: seen.extend(e.seq for e in batch))
    assert OutboxRelay(pg_store, bus, clock).run_once() == 3
    assert seen == [1, 2, 3]
