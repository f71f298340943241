"""Group commit: the writes waiting at the same moment share one transaction, each answered after it.

A request hands its unit of work (a function of the session) to `GroupCommit.run`. A lone request
commits at once; under load the batch is whatever queued while the previous one was committing, and
the first unit of it leads the next write. Nothing waits on a timer. One BEGIN/COMMIT (and, on
SQLite, one turn of the write lock; on PostgreSQL, one WAL flush) is shared by the whole batch.

Each unit still sees its own answer only after the commit (persist before acknowledging). If any unit
of a batch fails, or the commit does, the batch is rolled back and every unit runs again in a
transaction of its own, so one bad request never fails or delays its neighbours' outcome beyond that
retry, and each caller gets its own result or its own exception.

A batch's Core inserts are held and written once per table at its end (`casework.store.deferred`);
a lone unit, or a unit run again alone, writes at once.

A unit may bring a `prelude`, `(step, item)`: before the batch's transaction the leader calls each
distinct `step` once with the items of all its units (intake classifies a batch's texts in one
classifier call this way: ~0.04 ms a text instead of ~1.5 ms one at a time). A prelude prepares, it
decides nothing: its failure is logged and the units run as they would without it.
"""
from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any, Generic, TypeVar

from sqlalchemy.orm import Session

from .deferred import deferring

T = TypeVar("T")
log = logging.getLogger(__name__)
Prelude = tuple[Callable[[list[Any]], None], Any]


class _Unit(Generic[T]):
    __slots__ = ("work", "prelude", "result", "error", "ready", "lead")

    def __init__(self, work: Callable[[Session], T], prelude: Prelude | None) -> None:
        self.work = work
        self.prelude = prelude
        self.result: Any = None
        self.error: BaseException | None = None
        self.ready = threading.Event()  # set when the unit's outcome is known, or it is to lead
        self.lead = False

    def outcome(self) -> T:
        if self.error is not None:
            raise self.error
        return self.result


class GroupCommit:
    """`transaction`: the store's unit-of-work context (`Store.transaction`).

    One writer at a time, the leader: it takes the queue (its own unit first), writes and commits it,
    wakes each unit's caller, and hands the lead to the first unit that queued meanwhile. Every other
    caller sleeps until its outcome is known: one wake-up each, no polling, no lock convoy."""

    def __init__(self, transaction: Callable[[], AbstractContextManager[Session]], *, max_batch: int = 100) -> None:
        self._transaction = transaction
        self._max_batch = max_batch
        self._queue: deque[_Unit[Any]] = deque()
        self._mutex = threading.Lock()
        self._writing = False
        self.batches = 0
        self.units = 0
        self.write_seconds = 0.0  # time leaders spent writing (preludes, units, commits): the busy share
        self.write_cpu_seconds = 0.0  # of which on a CPU (the rest: waiting for the GIL, a lock or the disk)

    def run(self, work: Callable[[Session], T], *, prelude: Prelude | None = None) -> T:
        """Run `work(session)` in a transaction shared with the writers waiting now; return after commit."""
        unit: _Unit[T] = _Unit(work, prelude)
        with self._mutex:
            self._queue.append(unit)
            lead = not self._writing
            self._writing = True
        if not lead:
            unit.ready.wait()
            if not unit.lead:
                return unit.outcome()
        with self._mutex:  # the leader's own unit is first in the queue: only leaders take from it
            batch = [self._queue.popleft() for _ in range(min(len(self._queue), self._max_batch))]
        try:
            self._write(batch)
        finally:
            for other in batch[1:]:
                other.ready.set()
            with self._mutex:
                if self._queue:
                    successor = self._queue[0]
                    successor.lead = True
                    successor.ready.set()
                else:
                    self._writing = False
        return unit.outcome()

    def _write(self, batch: list[_Unit[Any]]) -> None:
        self.batches += 1
        self.units += len(batch)
        began, began_cpu = time.perf_counter(), time.thread_time()
        try:
            self._write_batch(batch)
        finally:
            self.write_seconds += time.perf_counter() - began
            self.write_cpu_seconds += time.thread_time() - began_cpu

    def _write_batch(self, batch: list[_Unit[Any]]) -> None:
        _run_preludes(batch)
        if len(batch) > 1:
            try:
                results = []
                with self._transaction() as session, deferring(session):
                    for unit in batch:
                        results.append(unit.work(session))
            except BaseException:  # noqa: BLE001 - each unit runs again alone and meets its own outcome
                pass
            else:
                for unit, result in zip(batch, results):
                    unit.result = result
                return
        for unit in batch:
            try:
                with self._transaction() as session:
                    result = unit.work(session)
            except BaseException as error:  # noqa: BLE001 - handed to the unit's own caller
                unit.error = error
            else:
                unit.result = result



def _run_preludes(batch: list[_Unit[Any]]) -> None:
    items_by_step: dict[Callable[[list[Any]], None], list[Any]] = {}
    for unit in batch:
        if unit.prelude is not None:
            step, item = unit.prelude
            items_by_step.setdefault(step, []).append(item)
    for step, items in items_by_step.items():
        try:
            step(items)
        except Exception:  # noqa: BLE001 - a prelude only prepares; the units still run
            log.exception("group-commit prelude %r failed for %d item(s)", step, len(items))
