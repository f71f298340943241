"""GeoReport v2 bodies in XML and JSON, JSON being the Spark convention's mapping of the XML.

XML: a root element, lists as a container of repeated items (`<services><service>`), None as an
empty element (`<account_id/>`), booleans as `true`/`false`, UTF-8 with the declaration. JSON: the
same tree without the root (lists as arrays, even with one item), None as null.
"""
from __future__ import annotations

import json
from typing import Any
from xml.etree.ElementTree import Element, SubElement, tostring

from flask import Response

FORMATS = {"xml": "text/xml; charset=utf-8", "json": "application/json; charset=utf-8"}
ITEM = {"services": "service", "attributes": "attribute", "values": "value", "endpoints": "endpoint",
        "formats": "format", "service_requests": "request", "errors": "error"}
DECLARATION = '<?xml version="1.0" encoding="utf-8"?>\n'


def render(root: str, body: Any, fmt: str, status: int = 200) -> Response:
    """`body` under `root` (a list container such as "services", or an element such as "discovery")."""
    if fmt == "json":
        text = json.dumps(body, ensure_ascii=False)
    else:
        element = Element(root)
        _fill(element, body, root)
        text = DECLARATION + tostring(element, encoding="unicode")
    return Response(text, status=status, content_type=FORMATS[fmt])


def errors(problems: list[tuple[int, str]], fmt: str, status: int) -> Response:
    """The spec's error body: every problem with its code and a description a person can read."""
    return render("errors", [{"code": code, "description": text} for code, text in problems], fmt, status)


def _fill(element: Element, value: Any, tag: str) -> None:
    if isinstance(value, dict):
        for key, child in value.items():
            _fill(SubElement(element, key), child, key)
    elif isinstance(value, list):
        for item in value:
            _fill(SubElement(element, ITEM.get(tag, "item")), item, ITEM.get(tag, "item"))
    elif value is not None:
        element.text = _text(value)


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
