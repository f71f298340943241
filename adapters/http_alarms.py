"""The camera-alarm blueprint: `POST /api/v1/alarms/<source>`, `GET /api/v1/alerts`, `GET /api/v1/cameras`.

Thin: authenticate, hold the body to the source's limit, parse with the source's adapter, hand the
plain result to `casework.alarms` (through `AlarmIntake`), answer after commit.
"""
from __future__ import annotations

import logging
from datetime import datetime
from typing import Any, Protocol

from flask import Blueprint, Response, jsonify, request
from werkzeug.exceptions import RequestEntityTooLarge

from casework.alarms import ALERT_STATUSES, CAMERA_STATUSES, AlarmOutcome, get_picture, list_alerts, list_cameras
from casework.clock import CENTER_TZ, Clock
from casework.store import Store
from casework.tokens import Principal, TokenRegistry

from .base import IntakeError
from .cameras.intake import AlarmIntake
from .cameras.limits import megabytes
from .frigate import FrigateAdapter
from .hikvision import HikvisionAdapter
from .http import bearer_principal

log = logging.getLogger(__name__)
SOURCES = {adapter.source: adapter for adapter in (HikvisionAdapter(), FrigateAdapter())}
READ_SCOPES = ("alerts:read", "cases:read", "live:console")


class AlarmsContext(Protocol):
    store: Store
    clock: Clock
    tokens: TokenRegistry


def make_alarms_blueprint(context: AlarmsContext) -> Blueprint:
    blueprint = Blueprint("alarms", __name__)
    intake = AlarmIntake(context)

    @blueprint.post("/api/v1/alarms/<source>")
    def alarm(source: str) -> tuple[Response, int]:
        try:
            adapter = SOURCES.get(source)
            if adapter is None:
                raise IntakeError(404, f"unknown alarm source {source!r}; known: {sorted(SOURCES)}")
            _authorise(context.tokens, f"intake:{source}")
            request.max_content_length = adapter.max_body_bytes
            try:
                body = request.get_data(cache=False)
            except RequestEntityTooLarge as error:
                raise IntakeError(413, f"body larger than {megabytes(adapter.max_body_bytes)}") from error
            parsed = adapter.parse(body, request.content_type or "", received_at=context.clock.now(),
                                   peer=request.remote_addr)
        except IntakeError as error:
            log.info("alarm refused: source=%s status=%s reason=%s", source, error.status, error.reason)
            return jsonify(error.body()), error.status
        outcome = intake.submit(parsed, actor=f"channel:{source}")
        return jsonify(_answer(outcome)), 201 if outcome.created else 200

    @blueprint.get("/api/v1/alerts")
    def alerts() -> tuple[Response, int]:
        try:
            _authorise(context.tokens, *READ_SCOPES)
            query = _query({"status", "camera", "since", "before", "limit"})
            status = _choice(query, "status", ALERT_STATUSES)
            since = _since(query.get("since"))
            limit = _limit(query.get("limit"), default=50, most=200)
        except IntakeError as error:
            return jsonify(error.body()), error.status
        with context.store.reading() as session:
            page, cursor = list_alerts(session, status=status, camera_id=query.get("camera"), since=since,
                                       before=query.get("before"), limit=limit)
        return jsonify({"alerts": page, "next": cursor}), 200

    @blueprint.get("/api/v1/cameras")
    def cameras() -> tuple[Response, int]:
        try:
            _authorise(context.tokens, *READ_SCOPES)
            query = _query({"known", "status", "township", "after", "limit"})
            status = _choice(query, "status", CAMERA_STATUSES)
            known = {None: None, "true": True, "false": False}.get(query.get("known"), "bad")
            if known == "bad":
                raise IntakeError(400, "known must be true or false")
            limit = _limit(query.get("limit"), default=100, most=500)
        except IntakeError as error:
            return jsonify(error.body()), error.status
        with context.store.reading() as session:
            page, cursor = list_cameras(session, known=known, status=status, township_code=query.get("township"),
                                        after=query.get("after"), limit=limit)
        return jsonify({"cameras": page, "next": cursor}), 200

    @blueprint.get("/api/v1/alarm-pictures/<picture_id>")
    def picture(picture_id: str) -> Response | tuple[Response, int]:
        try:
            _authorise(context.tokens, *READ_SCOPES)
        except IntakeError as error:
            return jsonify(error.body()), error.status
        with context.store.reading() as session:
            found = get_picture(session, picture_id)
        if found is None:
            return jsonify(error=f"no picture {picture_id!r}"), 404
        content_type, data = found
        return Response(data, content_type=content_type, headers={"Cache-Control": "private, max-age=86400"})

    return blueprint


def _authorise(tokens: TokenRegistry, *scopes: str) -> Principal:
    """Any one of `scopes` will do."""
    token, principal = bearer_principal(tokens)
    if token is None:
        raise IntakeError(401, "missing bearer token")
    if principal is None:
        raise IntakeError(401, "unknown token")
    if not any(principal.may(scope) for scope in scopes):
        raise IntakeError(403, f"token may not {' or '.join(scopes)}")
    return principal


def _query(allowed: set[str]) -> dict[str, str]:
    unknown = sorted(set(request.args) - allowed)
    if unknown:
        raise IntakeError(400, f"unknown query parameters {unknown}; known: {sorted(allowed)}")
    return {key: value for key, value in request.args.items() if value != ""}


def _choice(query: dict[str, str], key: str, allowed: tuple[str, ...]) -> str | None:
    value = query.get(key)
    if value is not None and value not in allowed:
        raise IntakeError(400, f"{key} must be one of {list(allowed)}")
    return value


def _since(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as error:
        raise IntakeError(400, f"since must be ISO 8601, not {value[:40]!r}") from error
    return moment if moment.tzinfo else moment.replace(tzinfo=CENTER_TZ)


def _limit(value: str | None, *, default: int, most: int) -> int:
    if value is None:
        return default
    if not value.isdigit() or not 1 <= int(value) <= most:
        raise IntakeError(400, f"limit must be a whole number from 1 to {most}")
    return int(value)


def _answer(outcome: AlarmOutcome) -> dict[str, Any]:
    alert = outcome.alert
    return {
        "outcome": outcome.outcome,
        "alert": alert,
        "camera": outcome.camera,
        "case_id": alert["case_id"] if alert else None,
        "case_created": outcome.case_created,
        "pictures": list(outcome.pictures),
        "notes": list(outcome.notes),
    }
