"""The event bus: in-process by default, Redis Streams when `REDIS_URL` is set.

Publishing is idempotent by the envelope's `seq`: an event published twice reaches subscribers once.
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Protocol

from casework.envelope import Envelope

log = logging.getLogger(__name__)
Handler = Callable[[list[Envelope]], None]


class Bus(Protocol):
    def publish(self, envelopes: list[Envelope]) -> int: ...
    def subscribe(self, handler: Handler) -> None: ...
    def last_seq(self) -> int: ...
    def healthy(self) -> bool: ...
    def close(self) -> None: ...


class InProcessBus:
    """Delivers batches synchronously to every subscriber, in order, once per `seq`."""

    def __init__(self) -> None:
        self._handlers: list[Handler] = []
        self._last_seq = 0
        self._lock = threading.Lock()

    def publish(self, envelopes: list[Envelope]) -> int:
        with self._lock:
            fresh = [e for e in envelopes if e.seq is not None and e.seq > self._last_seq]
            if not fresh:
                return 0
            self._last_seq = fresh[-1].seq
            for handler in list(self._handlers):
                _deliver(handler, fresh)
            return len(fresh)

    def subscribe(self, handler: Handler) -> None:
        with self._lock:
            self._handlers.append(handler)

    def last_seq(self) -> int:
        return self._last_seq

    def healthy(self) -> bool:
        return True

    def close(self) -> None:
        self._handlers.clear()


def _deliver(handler: Handler, batch: list[Envelope]) -> None:
    try:
        handler(batch)
    except Exception:  # a broken subscriber must not stop the others
        log.exception("bus subscriber failed")
