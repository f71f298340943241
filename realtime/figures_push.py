"""Derived figures (today's counts, six rates, leader on duty) computed once per interval, pushed to the
wall as a `figures` message, and served from the same cache to a screen that (re)connects."""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from flask_socketio import SocketIO

from .push import NAMESPACE

log = logging.getLogger(__name__)


class FiguresPublisher:
    def __init__(self, socketio: SocketIO, compute: Callable[[], dict[str, Any]], *, interval: float = 15.0,
                 min_gap: float = 3.0) -> None:
        self._socketio, self._compute = socketio, compute
        self._interval, self._min_gap = interval, min_gap
        self._nudged = threading.Event()
        self._latest: dict[str, Any] | None = None
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def latest(self) -> dict[str, Any]:
        with self._lock:
            if self._latest is None:
                self._latest = self._compute()
            return self._latest

    def refresh(self) -> dict[str, Any]:
        figures = self._compute()
        with self._lock:
            self._latest = figures
        # each process computes and sends figures to its own screens
        self._socketio.emit("figures", figures, to="wall", namespace=NAMESPACE, ignore_queue=True)
        return figures

    def nudge(self, _batch: object = None) -> None:
        """Cases changed: refresh soon (at most once every `min_gap` seconds), not only on the interval."""
        self._nudged.set()

    def start(self) -> None:
        self._thread = threading.Thread(target=self._loop, name="figures-publisher", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._nudged.set()
        if self._thread is not None:
            self._thread.join(timeout=3)

    def _loop(self) -> None:
        while not self._stop.is_set():
            self._nudged.wait(self._interval)
            self._nudged.clear()
            if self._stop.wait(self._min_gap):
                return
            try:
                self.refresh()
            except Exception:
                log.exception("figures refresh failed")
