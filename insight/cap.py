"""Early warnings as CAP 1.2 alerts (OASIS Common Alerting Protocol), for other systems to take in.

    warning_to_cap(warning, sender="smartbrain@qu-county", place_name=lambda code: "渠江街道") -> bytes

One `<alert>` per warning (the dict of `casework.early_warnings.warning_summary`): status Actual,
msgType Alert, scope Restricted (a warning names places and shops; it is for the center and the
departments), one `<info>` in zh-CN with the summary as description, the statistics as
`<parameter>`s (observed, expected, p-value, complainants, the case ids) and the township as
`<area>` with its division code as `<geocode>`. Valid against the CAP 1.2 XSD (tested).
Levels map to CAP severity: red Severe, orange Moderate, yellow Minor.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable
from datetime import datetime
from typing import Any

from casework.clock import CENTER_TZ

NAMESPACE = "urn:oasis:names:tc:emergency:cap:1.2"
SEVERITY = {"red": "Severe", "orange": "Moderate", "yellow": "Minor"}
KIND_EVENT = {"spike": "诉求异常增多预警", "cluster": "群体性诉求聚集预警"}


def cap_time(value: str | datetime) -> str:
    """CAP's dateTime: seconds, an explicit offset, no fraction."""
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment.astimezone(CENTER_TZ).replace(microsecond=0).isoformat()


def warning_to_cap(warning: dict[str, Any], *, sender: str = "smartbrain",
                   place_name: Callable[[str], str | None] | None = None,
                   sender_name: str = "智慧大脑社会治理指挥中心") -> bytes:
    ET.register_namespace("", NAMESPACE)
    alert = ET.Element(_q("alert"))
    _text(alert, "identifier", warning["id"])
    _text(alert, "sender", sender)
    _text(alert, "sent", cap_time(warning["raised_at"]))
    _text(alert, "status", "Actual")
    _text(alert, "msgType", "Alert")
    _text(alert, "scope", "Restricted")
    _text(alert, "restriction", "仅限指挥中心及相关部门")
    _text(alert, "code", f"smartbrain:{warning['kind']}")
    info = ET.SubElement(alert, _q("info"))
    _text(info, "language", "zh-CN")
    _text(info, "category", "Safety")
    _text(info, "event", KIND_EVENT.get(warning["kind"], "预警"))
    _text(info, "responseType", "Monitor")
    _text(info, "urgency", "Expected")
    _text(info, "severity", SEVERITY.get(warning["level"], "Unknown"))
    _text(info, "certainty", "Likely" if warning["p_value"] < 1e-6 else "Possible")
    _text(info, "effective", cap_time(warning["window_end"]))
    _text(info, "senderName", sender_name)
    township = warning.get("township_code")
    place = (place_name(township) if place_name and township else None) or township or "全县"
    subject = warning.get("entity") or warning.get("category") or ""
    _text(info, "headline", f"{place} {subject} {KIND_EVENT.get(warning['kind'], '预警')}".strip())
    _text(info, "description", warning["summary"])
    _text(info, "instruction", "请核查相关诉求，研判是否需要提前介入、联合处置。")
    for name in ("level", "category", "entity", "observed", "expected", "p_value", "complainants",
                 "window_start", "window_end"):
        if warning.get(name) is not None:
            _parameter(info, name, warning[name])
    _parameter(info, "case_ids", " ".join(warning.get("case_ids") or []))
    area = ET.SubElement(info, _q("area"))
    _text(area, "areaDesc", place)
    if township:
        geocode = ET.SubElement(area, _q("geocode"))
        _text(geocode, "valueName", "division_code")
        _text(geocode, "value", township)
    return ET.tostring(alert, encoding="utf-8", xml_declaration=True)


def _q(name: str) -> str:
    return f"{{{NAMESPACE}}}{name}"


def _text(parent: ET.Element, name: str, value: Any) -> ET.Element:
    element = ET.SubElement(parent, _q(name))
    element.text = str(value)
    return element


def _parameter(info: ET.Element, name: str, value: Any) -> None:
    parameter = ET.SubElement(info, _q("parameter"))
    _text(parameter, "valueName", name)
    _text(parameter, "value", value)
