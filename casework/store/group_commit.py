"""Group commit: the writes waiting at the same moment share one transaction, each answered after it.

A request hands its unit of work (a function of the session) to `GroupCommit.run`. The first waiter to
get the writer's turn runs every queued unit in one transaction and commits; the others find their
result ready when their turn comes. Nothing waits on a timer: a lone request commits at once, and under
load the batch is whatever arrived while the previous one was committing. One BEGIN/COMMIT (and, on
SQLite, one turn of the write lock; on PostgreSQL, one WAL flush) is shared by the whole batch.

Each unit still sees its own answer only after the commit (persist before acknowledging). If any unit
of a batch fails, or the commit does, the batch is rolled back and every unit runs again in a
transaction of its own, so one bad request never fails or delays its neighbours' outcome beyond that
retry, and each caller gets its own result or its own exception.
"""
from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any, Generic, TypeVar

from sqlalchemy.orm import Session

T = TypeVar("T")
_UNSET = object()


class _Unit(Generic[T]):
    __slots__ = ("work", "result", "error")

    def __init__(self, work: Callable[[Session], T]) -> None:
        self.work = work
        self.result: Any = _UNSET
        self.error: BaseException | None = None

    @property
    def done(self) -> bool:
        return self.result is not _UNSET or self.error is not None


class GroupCommit:
    """`transaction`: the store's unit-of-work context (`Store.transaction`)."""

    def __init__(self, transaction: Callable[[], AbstractContextManager[Session]], *, max_batch: int = 100) -> None:
        self._transaction = transaction
        self._max_batch = max_batch
        self._queue: deque[_Unit[Any]] = deque()
        self._queue_lock = threading.Lock()
        self._turn = threading.Lock()  # whoever holds it writes the next batch
        self.batches = 0
        self.units = 0

    def run(self, work: Callable[[Session], T]) -> T:
        """Run `work(session)` in a transaction shared with the writers waiting now; return after commit."""
        unit: _Unit[T] = _Unit(work)
        with self._queue_lock:
            self._queue.append(unit)
        with self._turn:
            if not unit.done:  # not taken by the batch that committed while this one waited
                self._write(self._take())
        if unit.error is not None:
            raise unit.error
        return unit.result

    def _take(self) -> list[_Unit[Any]]:
        with self._queue_lock:
            count = min(len(self._queue), self._max_batch)
            return [self._queue.popleft() for _ in range(count)]

    def _write(self, batch: list[_Unit[Any]]) -> None:
        self.batches += 1
        self.units += len(batch)
        if len(batch) > 1:
            try:
                results = []
                with self._transaction() as session:
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

