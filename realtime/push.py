"""Socket.IO push on namespace `/live`: rooms `wall` (masked), `console`; events sent in batches."""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from flask import request, session
from flask_socketio import SocketIO, join_room

from casework.envelope import Envelope
from casework.privacy import mask_event_data
from casework.tokens import Principal

log = logging.getLogger(__name__)
NAMESPACE = "/live"
ROOM_SCOPES = {"wall": "live:wall", "console": "live:console"}


def register_live_namespace(socketio: SocketIO, authenticate: Callable[..., Principal | None]) -> None:
    """`authenticate(token=..., username=...)`: the auth token, else the signed-in session's user."""

    @socketio.on("connect", namespace=NAMESPACE)
    def _connect(auth: dict[str, Any] | None = None) -> bool:
        auth = auth if isinstance(auth, dict) else {}
        principal = authenticate(token=auth.get("token"), username=session.get("user"))
        room = auth.get("room", "wall")
        if principal is None or room not in ROOM_SCOPES or not principal.may(ROOM_SCOPES[room]):
            log.info("live connection refused (room=%s, sid=%s)", room, request.sid)
            return False
        join_room(room)
        return True


class Pusher:
    """Bus subscriber: emits `events` batches per room, at most one every `interval` seconds.

    The first event after a quiet spell goes out at once; events arriving within `interval` of the
    last emit wait and leave together, so a burst becomes a few batches, never one message per event.
    """

    def __init__(self, socketio: SocketIO, *, interval: float = 0.05) -> None:
        self._socketio = socketio
        self._interval = interval
        self._buffer: list[Envelope] = []
        self._lock = threading.Lock()
        self._arrived = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.emitted_events = 0

    def __call__(self, batch: list[Envelope]) -> None:
        with self._lock:
            self._buffer.extend(batch)
        self._arrived.set()

    def start(self) -> None:
        self._thread = threading.Thread(target=self._loop, name="live-pusher", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._arrived.set()
        if self._thread is not None:
            self._thread.join(timeout=3)
        self.flush()

    def flush(self) -> None:
        with self._lock:
            batch, self._buffer = self._buffer, []
        if not batch:
            return
        full = [e.wire() for e in batch]
        public = [{**w, "data": mask_event_data(w["data"])} for w in full]
        self._socketio.emit("events", full, to="console", namespace=NAMESPACE)
        self._socketio.emit("events", public, to="wall", namespace=NAMESPACE)
        self.emitted_events += len(batch)

    def _loop(self) -> None:
        while not self._stop.is_set():
            self._arrived.wait()
            self._arrived.clear()
            try:
                self.flush()
            except Exception:
                log.exception("push flush failed")
            self._stop.wait(self._interval)
