"""HTTP side of live screens: snapshot, events since a sequence number, health."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, Response, jsonify, request, session

from casework.privacy import mask_event_data
from casework.store.outbox import events_after

from .runtime import Runtime
from .snapshot import take_snapshot

MAX_EVENTS = 1000


def make_live_blueprint(runtime: Runtime, figures: Callable[[], dict[str, Any]] | None = None) -> Blueprint:
    blueprint = Blueprint("live", __name__)

    def _room() -> tuple[str | None, tuple[Response, int] | None]:
        room = request.args.get("room", "wall")
        token = request.headers.get("Authorization", "").removeprefix("Bearer ").strip() or None
        principal = runtime.principal(token=token, username=None if token else session.get("user"))
        if room not in ("wall", "console"):
            return None, (jsonify(error=f"unknown room {room!r}"), 404)
        if principal is None:
            return None, (jsonify(error="sign in, or send a valid bearer token"), 401)
        if not principal.may(f"live:{room}"):
            return None, (jsonify(error=f"token may not read room {room}"), 403)
        return room, None

    @blueprint.get("/api/v1/live/snapshot")
    def snapshot() -> Response | tuple[Response, int]:
        room, refusal = _room()
        if refusal:
            return refusal
        with runtime.store.reading() as session:
            return jsonify(take_snapshot(session, clock=runtime.clock, public=room == "wall"))

    @blueprint.get("/api/v1/live/figures")
    def live_figures() -> Response | tuple[Response, int]:
        _room_name, refusal = _room()
        if refusal:
            return refusal
        if figures is None:
            return jsonify(error="no figures on this server"), 404
        return jsonify(figures())

    @blueprint.get("/api/v1/live/events")
    def events() -> Response | tuple[Response, int]:
        room, refusal = _room()
        if refusal:
            return refusal
        try:
            after = int(request.args.get("after", "0"))
            if not 0 <= after < 2**63:
                raise ValueError(after)
        except ValueError:
            return jsonify(error="after must be a sequence number: an integer from 0 below 2**63"), 400
        with runtime.store.reading() as session:
            envelopes = events_after(session, after, limit=MAX_EVENTS)
        wire = [e.wire() for e in envelopes]
        if room == "wall":
            wire = [{**w, "data": mask_event_data(w["data"])} for w in wire]
        return jsonify(events=wire, complete=len(wire) < MAX_EVENTS)

    @blueprint.get("/healthz")
    def healthz() -> tuple[Response, int]:
        health = runtime.health()
        ok = health["database"] == "ok" and health["bus"] == "ok"
        return jsonify(status="ok" if ok else "degraded", **health), 200 if ok else 503

    return blueprint
