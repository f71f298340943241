"""Group commit: writers waiting together share a transaction, each answered only after its commit,
a failing unit fails alone, and intake stays idempotent inside one batch."""
from __future__ import annotations

import threading

import pytest
from sqlalchemy import event, func, select

from casework.actions import do_intake
from casework.models import Case, CaseEvent, OutboxEvent
from casework.store.group_commit import GroupCommit
from tests.factories import report


def count(store, model) -> int:  # noqa: ANN001
    with store.reading() as s:
        return s.scalar(select(func.count()).select_from(model))


def held_turn(store):  # noqa: ANN001, ANN201
    """Hold the writer's turn until released, so the units posted meanwhile form one batch."""
    started, release = threading.Event(), threading.Event()

    def blocker(session) -> None:  # noqa: ANN001
        started.set()
        release.wait(10)

    thread = threading.Thread(target=store.grouped, args=(blocker,))
    thread.start()
    assert started.wait(10)
    return thread, release


def run_all(store, works):  # noqa: ANN001, ANN201
    outcomes: list = [None] * len(works)

    def call(i: int) -> None:
        try:
            outcomes[i] = store.grouped(works[i])
        except Exception as error:  # noqa: BLE001
            outcomes[i] = error

    threads = [threading.Thread(target=call, args=(i,)) for i in range(len(works))]
    for t in threads:
        t.start()
    return threads, outcomes


def wait_queued(store, n: int) -> None:  # noqa: ANN001
    for _ in range(1000):
        if len(store.group._queue) >= n:
            return
        threading.Event().wait(0.005)
    raise AssertionError("units did not queue")


def test_waiting_units_share_one_transaction_and_are_answered_after_it(store, clock):
    blocker, release = held_turn(store)
    reports = [report() for _ in range(8)]
    threads, outcomes = run_all(store, [lambda s, r=r: do_intake(s, r, clock=clock) for r in reports])
    wait_queued(store, 8)
    assert count(store, Case) == 0 and all(o is None for o in outcomes)  # nobody answered before commit
    batches = store.group.batches
    release.set()
    for t in [blocker, *threads]:
        t.join(10)
    assert store.group.batches == batches + 1  # the eight in one transaction
    assert all(o.created for o in outcomes) and len({o.case["id"] for o in outcomes}) == 8
    assert count(store, Case) == count(store, CaseEvent) == count(store, OutboxEvent) == 8


def test_a_failing_unit_fails_alone(store, clock):
    blocker, release = held_turn(store)

    def broken(session) -> None:  # noqa: ANN001
        do_intake(session, report(external_id="BROKEN"), clock=clock)
        raise ValueError("bad unit")

    works = [lambda s: do_intake(s, report(external_id="A"), clock=clock), broken,
             lambda s: do_intake(s, report(external_id="B"), clock=clock)]
    threads, outcomes = run_all(store, works)
    wait_queued(store, 3)
    release.set()
    for t in [blocker, *threads]:
        t.join(10)
    assert isinstance(outcomes[1], ValueError)
    assert outcomes[0].created and outcomes[2].created
    with store.reading() as s:
        assert sorted(s.scalars(select(Case.external_id))) == ["A", "B"]  # the broken unit rolled back


def test_the_same_demand_twice_in_one_batch_is_one_case(store, clock):
    blocker, release = held_turn(store)
    demand = report(external_id="TWICE")
    threads, outcomes = run_all(store, [lambda s: do_intake(s, demand, clock=clock)] * 3)
    wait_queued(store, 3)
    release.set()
    for t in [blocker, *threads]:
        t.join(10)
    assert sorted(o.created for o in outcomes) == [False, False, True]
    assert len({o.case["id"] for o in outcomes}) == 1
    assert count(store, Case) == count(store, OutboxEvent) == 1


def test_a_failed_commit_reaches_every_caller():
    class Boom(Exception):
        pass

    class FailingTransaction:
        def __enter__(self):  # noqa: ANN204
            return object()

        def __exit__(self, *exc):  # noqa: ANN002, ANN204
            if exc[0] is None:
                raise Boom("commit failed")
            return False

    group = GroupCommit(FailingTransaction)
    with pytest.raises(Boom):
        group.run(lambda session: "never acknowledged")


def test_a_lone_writer_commits_at_once(store, clock):
    result = store.grouped(lambda s: do_intake(s, report(), clock=clock))
    assert result.created and count(store, Case) == 1


@pytest.mark.postgres
def test_group_commit_on_postgres_keeps_intake_idempotent(pg_store, clock):
    blocker, release = held_turn(pg_store)
    demand = report(external_id="PG-GROUP")
    works = [lambda s: do_intake(s, demand, clock=clock)] * 3 + [lambda s: do_intake(s, report(), clock=clock)] * 2
    threads, outcomes = run_all(pg_store, works)
    wait_queued(pg_store, 5)
    release.set()
    for t in [blocker, *threads]:
        t.join(10)
    assert sum(o.created for o in outcomes) == 3 and len({o.case["id"] for o in outcomes[:3]}) == 1
    assert count(pg_store, Case) == count(pg_store, OutboxEvent) == 3


def _statements(store):  # noqa: ANN001, ANN202
    executed: list[tuple[str, bool]] = []

    def note(_conn, _cursor, statement, _params, _context, many) -> None:  # noqa: ANN001
        executed.append((statement.split("(")[0].strip(), many))
    event.listen(store.engine, "before_cursor_execute", note)
    return executed


def test_a_batch_writes_each_table_once_and_its_clocks_after_their_cases(store, clock):
    from casework.models import SlaClockRow
    from casework.sla import load_policies

    policies = load_policies()
    blocker, release = held_turn(store)
    threads, outcomes = run_all(store, [lambda s: do_intake(s, report(), clock=clock, policies=policies)] * 6)
    wait_queued(store, 6)
    executed = _statements(store)
    release.set()
    for t in [blocker, *threads]:
        t.join(10)
    assert all(o.created for o in outcomes)
    inserts = [statement for statement, _many in executed if statement.startswith("INSERT")]
    assert inserts == ["INSERT INTO cases", "INSERT INTO sla_clocks", "INSERT INTO case_events",
                       "INSERT INTO outbox"]  # one executemany each; the clocks refer to the cases
    assert count(store, Case) == count(store, CaseEvent) == count(store, OutboxEvent) == 6
    assert count(store, SlaClockRow) >= 6


def test_a_lone_writer_inserts_at_once_inside_its_transaction(store, clock):
    seen = {}

    def work(session):  # noqa: ANN001, ANN202
        result = do_intake(session, report(), clock=clock)
        seen["visible"] = session.scalar(select(func.count()).select_from(Case))
        return result

    store.grouped(work)
    assert seen["visible"] == 1


def test_preludes_run_once_per_step_with_the_batch_items_and_their_failure_is_harmless(store, clock):
    calls: list[list[str]] = []

    def step(items: list[str]) -> None:
        calls.append(sorted(items))
        raise RuntimeError("a prelude that fails")

    blocker, release = held_turn(store)
    works = [lambda s: do_intake(s, report(), clock=clock)] * 3
    outcomes: list = [None] * 3

    def call(i: int) -> None:
        outcomes[i] = store.grouped(works[i], prelude=(step, f"item-{i}"))
    threads = [threading.Thread(target=call, args=(i,)) for i in range(3)]
    for t in threads:
        t.start()
    wait_queued(store, 3)
    release.set()
    for t in [blocker, *threads]:
        t.join(10)
    assert calls == [["item-0", "item-1", "item-2"]]
    assert all(o.created for o in outcomes)
