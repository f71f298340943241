"""Bus → this process's screens: every event once, in sequence, even across a Redis restart.

Each web process reads the bus itself and pushes to its own Socket.IO clients only (so N processes
never send a screen N copies). Between the bus and the pusher this feed:
- drops what it already handed on (the relay republishes after a crash; a restarted Redis accepts
  the same `seq` again),
- fills a gap from the database outbox, the truth (entries lost with a Redis that restarted empty,
  or trimmed from the stream), at once when a later event shows the gap, or after `fill_after` checks
  when the database is ahead and nothing more arrives,
- reports the bus going away and coming back (`on_status`), so screens can show they are stale.
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from casework.envelope import Envelope
from casework.store import Store
from casework.store.outbox import events_after, last_seq

from .bus import Bus, Handler, _deliver

log = logging.getLogger(__name__)


class LiveFeed:
    def __init__(self, store: Store, bus: Bus, *, on_status: Callable[[bool], None] | None = None,
                 check_every: float = 1.0, fill_after: int = 2) -> None:
        self._store, self._bus = store, bus
        self._on_status = on_status
        self._check_every, self._fill_after = check_every, fill_after
        self._handlers: list[Handler] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.last_seq = 0
        self.bus_ok = True
        self.database_ok = True
        self.delivered = 0
        self.filled = 0  # events taken from the database because the bus had lost them
        self.dropped = 0  # events seen twice
        self._behind_checks = 0

    def subscribe(self, handler: Handler) -> None:
        self._handlers.append(handler)

    def start(self) -> None:
        with self._store.reading() as session:
            self.last_seq = last_seq(session)
        self._bus.subscribe(self.on_batch)
        self._thread = threading.Thread(target=self._watch, name="live-feed", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=3)

    def on_batch(self, batch: list[Envelope]) -> None:
        with self._lock:
            fresh = sorted((e for e in batch if e.seq is not None and e.seq > self.last_seq), key=lambda e: e.seq)
            self.dropped += len(batch) - len(fresh)
            if not fresh:
                return
            if fresh[0].seq > self.last_seq + 1:
                fresh = self._missing(before=fresh[0].seq) + fresh
            self._hand_on(fresh)

    def check_once(self) -> None:
        """Bus health, and the database ahead of what this feed has handed on."""
        healthy = self._bus.healthy()
        if healthy != self.bus_ok:
            self.bus_ok = healthy
            log.warning("live feed: bus %s", "back" if healthy else "unreachable; screens are stale")
            if self._on_status:
                self._on_status(healthy)
        try:
            with self._store.reading() as session:
                published = last_seq(session)
        except Exception as error:  # noqa: BLE001 - the database away: intake answers 503 meanwhile
            if self.database_ok:
                log.warning("live feed: database unreachable (%s)", type(error).__name__)
            self.database_ok = False
            return
        self.database_ok = True
        with self._lock:
            if published <= self.last_seq:
                self._behind_checks = 0
                return
            self._behind_checks += 1
            if self._behind_checks >= self._fill_after:
                self._behind_checks = 0
                self._hand_on(self._missing(before=published + 1))

    def _missing(self, *, before: int) -> list[Envelope]:
        try:
            with self._store.reading() as session:
                found = [e for e in events_after(session, self.last_seq) if e.seq < before]
        except Exception:  # noqa: BLE001 - the database away: screens notice the gap and catch up
            log.exception("live feed: could not fill a gap after seq %s", self.last_seq)
            return []
        self.filled += len(found)
        return found

    def _hand_on(self, envelopes: list[Envelope]) -> None:
        if not envelopes:
            return
        self.last_seq = envelopes[-1].seq
        self.delivered += len(envelopes)
        for handler in list(self._handlers):
            _deliver(handler, envelopes)

    def _watch(self) -> None:
        while not self._stop.wait(self._check_every):
            try:
                self.check_once()
            except Exception:  # noqa: BLE001
                log.exception("live feed check failed")
