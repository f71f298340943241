"""Outbox relay: committed events → bus, each once, in sequence; catches up after a crash."""
from __future__ import annotations

import logging
import threading

from casework.clock import Clock
from casework.store import Store
from casework.store.outbox import as_envelope, assign_sequence, mark_published, unpublished

from .bus import Bus

log = logging.getLogger(__name__)


class OutboxRelay:
    def __init__(self, store: Store, bus: Bus, clock: Clock, *, idle_poll: float = 0.2, batch: int = 500,
                 coalesce: float = 0.005) -> None:
        self._store, self._bus, self._clock = store, bus, clock
        self._idle_poll, self._batch, self._coalesce = idle_poll, batch, coalesce
        self._kick = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self.published_total = 0

    def run_once(self) -> int:
        """Sequence and publish everything committed so far; returns how many were published.

        One transaction per round: it marks the previous round's events published, then sequences and
        reads the next ones (a crash after publishing and before that commit republishes them; the bus
        drops what it already has, by `seq`)."""
        with self._lock:
            moved = 0
            published: list[int] = []
            while True:
                with self._store.connection() as session:
                    mark_published(session, published, self._clock.now())
                    assign_sequence(session, limit=self._batch)
                    envelopes = [as_envelope(row) for row in unpublished(session, limit=self._batch)]
                if not envelopes:
                    return moved
                self._bus.publish(envelopes)
                published = [e.seq for e in envelopes]
                moved += len(envelopes)
                self.published_total += len(envelopes)

    def kick(self) -> None:
        """Something was committed: publish it now rather than at the next poll."""
        self._kick.set()

    @property
    def running(self) -> bool:
        return self._thread is not None

    def start(self) -> None:
        """Start publishing; after a `stop()` (leadership lost, then won again) it starts afresh."""
        if self._thread is not None:
            return
        self._stop.clear()
        self._kick.set()  # whatever was committed while nobody relayed goes out at once
        self._thread = threading.Thread(target=self._loop, name="outbox-relay", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._kick.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def _loop(self) -> None:
        while not self._stop.is_set():
            if self._kick.wait(self._idle_poll):
                self._stop.wait(self._coalesce)  # let commits that arrive together go out together
            self._kick.clear()
            try:
                self.run_once()
            except Exception:
                log.exception("relay pass failed; will retry")
                self._stop.wait(1)
