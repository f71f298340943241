"""Timer index: fire `on_due(timer_id, fence)` when a timer's moment comes.

One interface, two backends: `HeapTimerIndex` (in-process, here) and `RedisTimerIndex`
(realtime/redis_timers.py: a sorted set with atomic claims, for several worker processes).
`TimerLoop` drives either: it claims what is due, calls `on_due`, then sleeps until the next due moment
or until woken because a nearer timer was armed.

Timers are hints, not truth: the consumer re-reads the clock row under a lock and compares the fence,
so a stale, duplicated or late timer does nothing. The open clocks are re-armed from the database on
start (`TimerLoop.start(rearm=...)`).
Time comes from the injected Clock; the sleep is injectable too, so tests never wait for real.
"""
from __future__ import annotations

import heapq
import itertools
import logging
import threading
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from typing import NamedTuple, Protocol

from casework.clock import Clock, as_utc

log = logging.getLogger(__name__)

OnDue = Callable[[str, int], None]
Wait = Callable[[threading.Condition, float | None], object]


class DueTimer(NamedTuple):
    timer_id: str
    due_at: datetime
    fence: int


class TimerIndex(Protocol):
    # how often a sleeping loop must look anyway (timers armed elsewhere, leases ending); None: never
    poll_interval: float | None

    def arm(self, timer_id: str, due_at: datetime, fence: int) -> None:
        """Add or move a timer. An older fence never replaces a newer one."""

    def arm_many(self, entries: Iterable[tuple[str, datetime, int]]) -> None: ...

    def cancel(self, timer_id: str) -> None: ...

    def rebuild(self, entries: Iterable[tuple[str, datetime, int]]) -> None:
        """Replace everything with these entries (the open clocks, from the database)."""

    def next_due(self) -> datetime | None: ...

    def claim_due(self, now: datetime, limit: int) -> list[DueTimer]:
        """Take up to `limit` timers due at `now`; a timer is claimed by one caller only."""

    def ack(self, timers: list[DueTimer]) -> None:
        """These claimed timers were handled."""

    def release(self, timer: DueTimer, retry_at: datetime) -> None:
        """Handling failed: fire again at `retry_at`, unless the timer was re-armed meanwhile."""

    def add_wake_listener(self, listener: Callable[[], None]) -> None:
        """Call `listener` when a timer becomes the earliest (so a sleeping loop wakes up)."""

    def __len__(self) -> int: ...

    def close(self) -> None: ...


class HeapTimerIndex:
    """A binary heap with lazy deletion: moving or cancelling a timer leaves a stale entry behind,
    skipped when it reaches the top; the heap is compacted when stale entries dominate."""

    poll_interval = None  # every change happens in this process and wakes the loop

    def __init__(self) -> None:
        self._heap: list[tuple[float, int, str, int, datetime]] = []  # (timestamp, seq, id, fence, due_at)
        self._live: dict[str, tuple[int, int]] = {}  # id -> (seq, fence) of its current entry
        self._seq = itertools.count()
        self._lock = threading.Lock()
        self._listeners: list[Callable[[], None]] = []

    def arm(self, timer_id: str, due_at: datetime, fence: int) -> None:
        with self._lock:
            became_head = self._arm_locked(timer_id, as_utc(due_at), fence)
        if became_head:
            self._wake()

    def arm_many(self, entries: Iterable[tuple[str, datetime, int]]) -> None:
        with self._lock:
            became_head = False
            for timer_id, due_at, fence in entries:
                became_head |= self._arm_locked(timer_id, as_utc(due_at), fence)
        if became_head:
            self._wake()

    def cancel(self, timer_id: str) -> None:
        with self._lock:
            self._live.pop(timer_id, None)

    def rebuild(self, entries: Iterable[tuple[str, datetime, int]]) -> None:
        with self._lock:
            self._heap.clear()
            self._live.clear()
            for timer_id, due_at, fence in entries:
                due_at = as_utc(due_at)
                seq = next(self._seq)
                self._live[timer_id] = (seq, fence)
                self._heap.append((due_at.timestamp(), seq, timer_id, fence, due_at))
            heapq.heapify(self._heap)
        self._wake()

    def next_due(self) -> datetime | None:
        with self._lock:
            self._drop_stale_top()
            return self._heap[0][4] if self._heap else None

    def claim_due(self, now: datetime, limit: int) -> list[DueTimer]:
        cutoff = as_utc(now).timestamp()
        claimed: list[DueTimer] = []
        with self._lock:
            heap, live = self._heap, self._live
            while heap and heap[0][0] <= cutoff and len(claimed) < limit:
                _, seq, timer_id, fence, due_at = heapq.heappop(heap)
                current = live.get(timer_id)
                if current is not None and current[0] == seq:
                    del live[timer_id]
                    claimed.append(DueTimer(timer_id, due_at, fence))
        return claimed

    def ack(self, timers: list[DueTimer]) -> None:
        pass  # claimed timers already left the heap

    def release(self, timer: DueTimer, retry_at: datetime) -> None:
        with self._lock:
            if timer.timer_id in self._live:  # re-armed meanwhile: the newer timer stands
                return
            became_head = self._arm_locked(timer.timer_id, as_utc(retry_at), timer.fence)
        if became_head:
            self._wake()

    def add_wake_listener(self, listener: Callable[[], None]) -> None:
        self._listeners.append(listener)

    def __len__(self) -> int:
        return len(self._live)

    def close(self) -> None:
        with self._lock:
            self._heap.clear()
            self._live.clear()

    def _arm_locked(self, timer_id: str, due_at: datetime, fence: int) -> bool:
        current = self._live.get(timer_id)
        if current is not None and current[1] > fence:
            return False
        seq = next(self._seq)
        self._live[timer_id] = (seq, fence)
        heapq.heappush(self._heap, (due_at.timestamp(), seq, timer_id, fence, due_at))
        if len(self._heap) > 2 * len(self._live) + 1024:
            self._compact()
        self._drop_stale_top()
        return self._heap[0][1] == seq

    def _drop_stale_top(self) -> None:
        heap, live = self._heap, self._live
        while heap:
            current = live.get(heap[0][2])
            if current is not None and current[0] == heap[0][1]:
                return
            heapq.heappop(heap)

    def _compact(self) -> None:
        self._heap = [entry for entry in self._heap if self._live.get(entry[2], (None,))[0] == entry[1]]
        heapq.heapify(self._heap)

    def _wake(self) -> None:
        for listener in list(self._listeners):
            listener()


def _wait_on_condition(condition: threading.Condition, timeout: float | None) -> object:
    return condition.wait(timeout)


class TimerLoop:
    """Sleeps until the next due timer (or a wake-up), claims what is due and calls `on_due`.

    `run_once()` is the whole scheduling step and returns how long to sleep; `start()` runs it in a
    thread. `max_wait` caps the sleep (default: the index's `poll_interval`; Redis needs one, since other
    processes arm timers and leases end); `wait` replaces `Condition.wait` in tests.
    """

    def __init__(
        self, index: TimerIndex, on_due: OnDue, *, clock: Clock, batch: int = 500,
        max_wait: float | None = None, retry_delay: float = 5.0, wait: Wait | None = None,
        name: str = "sla-timers",
    ) -> None:
        self.index, self.on_due, self.clock = index, on_due, clock
        self.batch, self.retry_delay, self.name = batch, retry_delay, name
        self.max_wait = max_wait if max_wait is not None else getattr(index, "poll_interval", None)
        self._wait = wait or _wait_on_condition
        self._condition = threading.Condition()
        self._woken = False
        self._stopping = False
        self._thread: threading.Thread | None = None
        self.fired = 0
        self.failed = 0
        index.add_wake_listener(self.wake)

    def wake(self) -> None:
        with self._condition:
            self._woken = True
            self._condition.notify_all()

    def run_once(self) -> float | None:
        """Fire everything due now; seconds until the next timer (None: nothing armed)."""
        while True:
            claimed = self.index.claim_due(self.clock.now(), self.batch)
            handled = [timer for timer in claimed if self._fire(timer)]
            if handled:
                self.index.ack(handled)
            if len(claimed) < self.batch:
                break
        upcoming = self.index.next_due()
        if upcoming is None:
            return None
        return max(0.0, (upcoming - self.clock.now()).total_seconds())

    def start(self, rearm: Iterable[tuple[str, datetime, int]] | None = None) -> None:
        """Start firing; with `rearm`, first arm these (id, due_at, fence) entries — the open clocks from
        the database. Arming is fence-guarded and adds to what is there, so timers that other processes
        arm meanwhile survive (a fresh heap is empty anyway); `index.rebuild` replaces everything."""
        if self._thread is not None:
            return
        if rearm is not None:
            self.index.arm_many(rearm)
        self._stopping = False
        self._thread = threading.Thread(target=self._run, name=self.name, daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        with self._condition:
            self._stopping = True
            self._condition.notify_all()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def _run(self) -> None:
        while True:
            with self._condition:
                if self._stopping:
                    return
            try:
                timeout = self.run_once()
            except Exception:  # noqa: BLE001 - e.g. Redis away: log, wait, try again
                log.exception("timer loop step failed; retrying in %.1f s", self.retry_delay)
                timeout = self.retry_delay
            if self.max_wait is not None:
                timeout = self.max_wait if timeout is None else min(timeout, self.max_wait)
            with self._condition:
                if self._stopping:
                    return
                if not self._woken:
                    self._wait(self._condition, timeout)
                self._woken = False

    def _fire(self, timer: DueTimer) -> bool:
        try:
            self.on_due(timer.timer_id, timer.fence)
        except Exception:  # noqa: BLE001 - one failing timer must not stop the others
            log.exception("on_due failed for timer %s (fence %s); retrying", timer.timer_id, timer.fence)
            self.failed += 1
            self.index.release(timer, self.clock.now() + timedelta(seconds=self.retry_delay))
            return False
        self.fired += 1
        return True


def build_timer_index(redis_url: str | None, *, prefix: str = "smartbrain:timers",
                      channel: str | None = None) -> TimerIndex:
    """The Redis index when `REDIS_URL` is set, else the in-process heap."""
    if redis_url:
        from .redis_timers import RedisTimerIndex

        return RedisTimerIndex(redis_url, prefix=prefix, channel=channel)
    return HeapTimerIndex()
