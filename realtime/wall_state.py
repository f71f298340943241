"""What the wall keeps beside the open cases: cameras, units, the latest alerts and early warnings.

Taken into the wall's snapshot and moved by `alert.raised`, `camera.status`, `unit.updated` and
`warning.raised` events; `assets/live.js` mirrors `apply_wall_event`. Only fields a public screen may
show are kept."""
from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from casework.alarms import list_alerts, list_cameras
from casework.models import OutboxEvent
from casework.privacy import mask_event_data
from casework.queries import list_units

ALERT_LIMIT = 12
WARNING_LIMIT = 30
CAMERA_LIMIT = 500
ALARM_REVIVES = ("unknown", "offline")  # statuses an alarm from the camera turns online (casework.alarms._seen)


def public_camera(camera: dict[str, Any]) -> dict[str, Any]:
    return {"id": camera["id"], "name": camera["name"], "status": camera["status"], "lon": camera["lon"],
            "lat": camera["lat"], "t": camera["township_code"]}


def public_alert(alert: dict[str, Any]) -> dict[str, Any]:
    camera = alert.get("camera") or {}
    return {"id": alert["id"], "kind": alert.get("kind"), "label": alert.get("label"), "status": alert.get("status"),
            "count": alert.get("count"), "at": alert.get("last_at") or alert.get("raised_at"),
            "camera": {k: camera.get(k) for k in ("id", "name", "lon", "lat", "township_code")}}


def public_unit(unit: dict[str, Any]) -> dict[str, Any]:
    return {"n": unit["name"], "k": unit["kind"], "s": unit["status"], "lon": unit["lon"], "lat": unit["lat"],
            "v": unit["version"]}


def public_warning(data: dict[str, Any], event_id: str) -> dict[str, Any]:
    """A `warning.raised` payload (nested under `warning` or flat) as the wall's panel lists it."""
    warning = mask_event_data(data)
    warning = warning.get("warning") if isinstance(warning.get("warning"), dict) else warning
    where = warning.get("where") if isinstance(warning.get("where"), dict) else {}
    return {"id": warning.get("id") or event_id, "title": warning.get("title") or warning.get("what") or "",
            "where": {k: where.get(k) for k in ("township_code", "township_name", "village_code", "village_name")},
            "observed": warning.get("observed"), "expected": warning.get("expected"),
            "level": warning.get("level"), "case_ids": list(warning.get("case_ids") or [])[:20]}


def wall_extras(session: Session, *, before_seq: int | None = None) -> dict[str, Any]:
    cameras, _ = list_cameras(session, limit=CAMERA_LIMIT)
    alerts, _ = list_alerts(session, limit=ALERT_LIMIT)
    return {
        "cameras": {c["id"]: public_camera(c) for c in cameras if c["lon"] is not None},
        "units": {u["id"]: public_unit(u) for u in list_units(session) if u["lon"] is not None},
        "alerts": [public_alert(a) for a in alerts],
        "warnings": latest_warnings(session, before_seq=before_seq),
    }


def latest_warnings(session: Session, *, before_seq: int | None = None) -> list[dict[str, Any]]:
    query = select(OutboxEvent).where(OutboxEvent.type == "warning.raised", OutboxEvent.seq.is_not(None))
    if before_seq is not None:
        query = query.where(OutboxEvent.seq <= before_seq)
    rows = session.scalars(query.order_by(OutboxEvent.seq.desc()).limit(WARNING_LIMIT)).all()
    return [public_warning(row.envelope.get("data") or {}, row.event_id) for row in rows]


def apply_wall_event(state: dict[str, Any], event: dict[str, Any]) -> None:
    """One masked wire event into the wall's state; events of other kinds are left alone."""
    kind, data = event["type"], event.get("data") or {}
    if kind == "alert.raised" and "alerts" in state and isinstance(data.get("alert"), dict):
        alert = public_alert(data["alert"])
        alerts = [alert, *(a for a in state["alerts"] if a["id"] != alert["id"])]
        state["alerts"] = sorted(alerts, key=lambda a: a["id"], reverse=True)[:ALERT_LIMIT]  # as listed fresh
        camera = state["cameras"].get(alert["camera"]["id"])
        if camera is not None and camera["status"] in ALARM_REVIVES:
            camera["status"] = "online"  # it just spoke (as casework.alarms marks it; video loss stays)
    elif kind == "camera.status" and "cameras" in state and isinstance(data.get("camera"), dict):
        # a camera the snapshot did not hold (registered since) appears with the next snapshot
        camera = state["cameras"].get(data["camera"].get("id"))
        if camera is not None and data["camera"].get("status"):
            camera["status"] = data["camera"]["status"]
    elif kind == "unit.updated" and "units" in state and isinstance(data.get("unit"), dict):
        unit = data["unit"]
        known = state["units"].get(unit["id"])
        if unit.get("lon") is None:
            return
        if known is None or known["v"] < unit["version"]:
            state["units"][unit["id"]] = public_unit(unit)
    elif kind == "warning.raised" and "warnings" in state:
        warning = public_warning(data, event["event_id"])
        state["warnings"] = [warning, *(w for w in state["warnings"] if w["id"] != warning["id"])][:WARNING_LIMIT]
