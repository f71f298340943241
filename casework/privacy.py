"""What counts as personal data, and how it is masked before a public screen sees it."""
from __future__ import annotations

import re
from copy import deepcopy
from typing import Any

PUBLIC_COORDINATE_DECIMALS = 3
_PHONE = re.compile(r"(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)")
_LANDLINE = re.compile(r"(?<!\d)(0\d{2,3}-?)\d{4}(\d{3,4})(?!\d)")
_ID_CARD = re.compile(r"(?<!\d)(\d{6})\d{8}(\d{3}[\dXx])(?!\d)")


def mask_name(name: str | None) -> str | None:
    if not name:
        return name
    return name[0] + "*" * max(1, len(name) - 1)


def mask_phone(phone: str | None) -> str | None:
    if not phone:
        return phone
    digits = re.sub(r"\D", "", phone)
    if len(digits) < 7:
        return "*" * len(digits)
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]


def mask_text(text: str | None) -> str | None:
    """Phone numbers and ID-card numbers written inside free text."""
    if not text:
        return text
    text = _ID_CARD.sub(lambda m: m.group(1) + "********" + m.group(2), text)
    text = _PHONE.sub(lambda m: m.group(1) + "****" + m.group(2), text)
    return _LANDLINE.sub(lambda m: m.group(1) + "****" + m.group(2), text)


def mask_case(case: dict[str, Any]) -> dict[str, Any]:
    """A case as the public wall may show it: no name, no phone, no street address, no free text, and its
    position coarsened to about 100 m."""
    masked = deepcopy(case)
    reporter = masked.get("reporter") or {}
    masked["reporter"] = {"name": mask_name(reporter.get("name")), "phone": mask_phone(reporter.get("phone"))}
    title = mask_text(masked.get("title"))
    if title and reporter.get("name") and len(reporter["name"]) > 1:
        title = title.replace(reporter["name"], mask_name(reporter["name"]))
    masked["title"] = title
    masked.pop("content", None)
    masked.pop("address", None)
    for key in ("lon", "lat"):  # a point on the public map, not a doorstep: about 100 m
        if isinstance(masked.get(key), float):
            masked[key] = round(masked[key], PUBLIC_COORDINATE_DECIMALS)
    masked.pop("external_id", None)
    return masked


WARNING_TEXT_FIELDS = ("title", "what", "summary", "entity", "observed_text", "description")


def mask_warning(warning: dict[str, Any]) -> dict[str, Any]:
    """An early warning as a public screen may show it: its free text has phones and ID numbers masked;
    a reporter or contact block, if one ever travels with it, is masked like a case's."""
    masked = deepcopy(warning)
    names = [masked[key].get("name") for key in ("reporter", "contact")
             if isinstance(masked.get(key), dict) and isinstance(masked[key].get("name"), str)]
    for key in WARNING_TEXT_FIELDS:
        if isinstance(masked.get(key), str):
            text = mask_text(masked[key])
            for name in names:
                if len(name) > 1:
                    text = text.replace(name, mask_name(name))
            masked[key] = text
    for key in ("reporter", "contact"):
        if isinstance(masked.get(key), dict):
            masked[key] = {"name": mask_name(masked[key].get("name")), "phone": mask_phone(masked[key].get("phone"))}
    return masked


def mask_alert(alert: dict[str, Any]) -> dict[str, Any]:
    masked = deepcopy(alert)
    masked["notes"] = [mask_text(n) if isinstance(n, str) else n for n in masked.get("notes") or []]
    return masked


# what a public screen may know of a camera: where it stands and whether it works; never its device
# addresses (IP, MAC, serial number), which the wall's kiosk token may not read
PUBLIC_CAMERA_FIELDS = ("id", "name", "status", "lon", "lat", "township_code", "village_code")


def mask_camera(camera: dict[str, Any]) -> dict[str, Any]:
    return {key: camera[key] for key in PUBLIC_CAMERA_FIELDS if key in camera}


def mask_event_data(data: dict[str, Any]) -> dict[str, Any]:
    masked = dict(data)
    if isinstance(masked.get("camera"), dict):  # camera.status
        masked["camera"] = mask_camera(masked["camera"])
    if isinstance(masked.get("case"), dict):
        masked["case"] = mask_case(masked["case"])
    if isinstance(masked.get("alert"), dict):
        masked["alert"] = mask_alert(masked["alert"])
    if isinstance(masked.get("warning"), dict):
        masked["warning"] = mask_warning(masked["warning"])
    elif "level" in masked and any(k in masked for k in ("title", "what")):  # a warning sent flat
        masked = mask_warning(masked)
    for key in ("note", "result", "comment"):
        if isinstance(masked.get(key), str):
            masked[key] = mask_text(masked[key])
    return masked
