"""The latest snapshot picture of an alert, for the wall's camera pop-up (kiosk scope `live:wall`).

The wall's kiosk token may not read `/api/v1/cameras` or `/api/v1/alarm-pictures/<id>` (those carry
device addresses and every picture); it gets the cameras in its snapshot and, per alert, only the
newest picture, served from the same stored rows."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, jsonify, request, session
from sqlalchemy import select

from casework.alarms import AlarmPicture, AlarmReceipt, get_picture


def latest_picture_id(db: Any, alert_id: str) -> str | None:  # noqa: ANN401 - a Session
    return db.scalar(
        select(AlarmPicture.id).join(AlarmReceipt, AlarmPicture.receipt_id == AlarmReceipt.id)
        .where(AlarmReceipt.alert_id == alert_id).order_by(AlarmPicture.id.desc()).limit(1))


def make_wall_pictures_blueprint(runtime: Any) -> Blueprint:  # noqa: ANN401 - the Runtime
    blueprint = Blueprint("wall_pictures", __name__)

    @blueprint.get("/api/v1/live/alerts/<alert_id>/picture")
    def picture(alert_id: str) -> Response | tuple[Response, int]:
        token = request.headers.get("Authorization", "").removeprefix("Bearer ").strip() or None
        principal = runtime.principal(token=token, username=None if token else session.get("user"))
        if principal is None:
            return jsonify(error="sign in, or send a valid bearer token"), 401
        if not principal.may("live:wall"):
            return jsonify(error="token may not read room wall"), 403
        with runtime.store.reading() as db:
            picture_id = latest_picture_id(db, alert_id)
            found = get_picture(db, picture_id) if picture_id else None
        if found is None:
            return jsonify(error=f"alert {alert_id!r} has no picture"), 404
        content_type, data = found
        return Response(data, content_type=content_type, headers={"Cache-Control": "private, max-age=3600"})

    return blueprint
