"""XML from cameras, parsed safely: defusedxml refuses DTDs (so entity bombs and XXE), GBK decoded."""
from __future__ import annotations

import re
from typing import Any
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from ..base import IntakeError, decode_text
from .limits import MAX_XML_DEPTH

DECLARED = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]{1,40})["']""")


def xml_charset(body: bytes, header_charset: str | None) -> str:
    """The HTTP charset wins (RFC 7303); then the XML declaration; then UTF-8."""
    if header_charset:
        return header_charset
    body = body.removeprefix(b"\xef\xbb\xbf")
    match = DECLARED.match(body[:200])
    return match.group(1).decode("ascii") if match else "utf-8"


def parse_xml(body: bytes, header_charset: str | None = None) -> tuple[str, dict[str, Any], str]:
    """(root element name, the document as a dict of local names, the decoded text)."""
    text = decode_text(body, f"application/xml; charset={xml_charset(body, header_charset)}").lstrip("\ufeff")
    try:
        root = fromstring(text, forbid_dtd=True)
    except DefusedXmlException as error:
        raise IntakeError(400, f"XML refused: {type(error).__name__}; DTDs, entities and external "
                               "references are not accepted") from error
    except ParseError as error:
        raise IntakeError(400, f"invalid XML: {error}") from error
    return local_name(root.tag), _as_dict(root, 1), text


def local_name(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _as_dict(element: Element, depth: int) -> Any:
    """Children by local name (repeated ones as a list), leaves as stripped text; attributes dropped."""
    if depth > MAX_XML_DEPTH:
        raise IntakeError(400, f"XML nested deeper than {MAX_XML_DEPTH} levels")
    children = list(element)
    if not children:
        return (element.text or "").strip()
    value: dict[str, Any] = {}
    for child in children:
        key, item = local_name(child.tag), _as_dict(child, depth + 1)
        if key in value:
            existing = value[key]
            value[key] = [*existing, item] if isinstance(existing, list) else [existing, item]
        else:
            value[key] = item
    return value
