"""Socket.IO push on namespace `/live`: rooms `wall` (masked), `console`; events sent in batches.

Every web process reads the bus through its own `LiveFeed` and emits to its own clients only
(`ignore_queue`): going through the Socket.IO message queue as well would hand a screen one copy per
process. The message queue still carries emits meant for clients of other processes."""
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


class ScreenCount:
    """Connected Socket.IO clients of this process, per room (for /metrics)."""

    def __init__(self) -> None:
        self._rooms: dict[str, str] = {}  # sid -> room
        self._lock = threading.Lock()

    def joined(self, sid: str, room: str) -> None:
        with self._lock:
            self._rooms[sid] = room

    def left(self, sid: str) -> None:
        with self._lock:
            self._rooms.pop(sid, None)

    def by_room(self) -> dict[str, int]:
        with self._lock:
            rooms = list(self._rooms.values())
        return {room: rooms.count(room) for room in ROOM_SCOPES}


def register_live_namespace(socketio: SocketIO, authenticate: Callable[..., Principal | None],
                            screens: ScreenCount | None = None,
                            bus_ok: Callable[[], bool] | None = None) -> None:
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
        if screens is not None:
            screens.joined(request.sid, room)
        if bus_ok is not None and not bus_ok():  # a page takes itself for live on connect: tell it otherwise
            sid = request.sid

            def _tell_stale() -> None:
                socketio.sleep(0.2)  # after the connection is acknowledged (an emit from here would precede it)
                socketio.emit("feed", {"ok": bus_ok()}, to=sid, namespace=NAMESPACE, ignore_queue=True)

            socketio.start_background_task(_tell_stale)
        return True

    @socketio.on("disconnect", namespace=NAMESPACE)
    def _disconnect(*_reason: object) -> None:
        if screens is not None:
            screens.left(request.sid)


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
        self.lag_observer: Callable[[list[Envelope]], None] | None = None  # /metrics: bus lag

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
        self._socketio.emit("events", full, to="console", namespace=NAMESPACE, ignore_queue=True)
        self._socketio.emit("events", public, to="wall", namespace=NAMESPACE, ignore_queue=True)
        self.emitted_events += len(batch)
        if self.lag_observer is not None:
            self.lag_observer(batch)

    def status(self, bus_ok: bool) -> None:
        """The bus went away (screens show they are stale) or came back (they catch up)."""
        for room in ROOM_SCOPES:
            self._socketio.emit("feed", {"ok": bus_ok}, to=room, namespace=NAMESPACE, ignore_queue=True)

    def _loop(self) -> None:
        while not self._stop.is_set():
            self._arrived.wait()
            self._arrived.clear()
            try:
                self.flush()
            except Exception:
                log.exception("push flush failed")
            self._stop.wait(self._interval)
