"""One request body → one event document (XML or JSON) and the pictures that came with it."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from casework.alarms import Picture

from ..base import IntakeError, decode_text, parse_json_object
from .limits import MAX_DOCUMENT_BYTES, MAX_PICTURE_BYTES, MAX_PICTURES, megabytes
from .media import kind_of, picture_type, sniff, split_content_type
from .multipart import Part, split_parts
from .xmldoc import parse_xml


@dataclass(frozen=True)
class Document:
    kind: str  # xml / json
    root: str | None  # the XML root element's local name
    data: Any  # a dict (XML as a dict of local names, or the JSON value)
    text: str  # as received, decoded: kept raw for audit
    pictures: tuple[Picture, ...] = ()
    notes: tuple[str, ...] = ()


def read_document(body: bytes, content_type: str, *, accept: tuple[str, ...]) -> Document:
    """`accept`: the body kinds this channel takes (xml, json, multipart); anything else is a 415."""
    media, params = split_content_type(content_type)
    kind = kind_of(media)
    if kind not in accept:
        raise IntakeError(415, f"content type {media or '(none)'!r} not accepted; send {_names(accept)}")
    if kind == "multipart":
        return _from_parts(split_parts(body, params.get("boundary")), accept)
    if len(body) > MAX_DOCUMENT_BYTES:
        raise IntakeError(413, f"event document larger than {megabytes(MAX_DOCUMENT_BYTES)}")
    return _document(kind, body, params.get("charset"))


def _document(kind: str, body: bytes, charset: str | None) -> Document:
    if not body.strip():
        raise IntakeError(400, "empty body")
    if kind == "xml":
        root, data, text = parse_xml(body, charset)
        return Document("xml", root, data, text)
    text = decode_text(body, f"application/json; charset={charset or 'utf-8'}")
    if text.lstrip().startswith("["):
        raise IntakeError(400, "the body must be one JSON object, not a list")
    return Document("json", None, parse_json_object(text), text)


def _from_parts(parts: list[Part], accept: tuple[str, ...]) -> Document:
    documents, pictures, notes = [], [], []
    for part in parts:
        kind = part.declared_kind or sniff(bytes(part.data))
        if kind in ("xml", "json") and kind in accept:
            documents.append((kind, part))
        elif kind == "picture":
            pictures.append(_picture(part))
        else:
            notes.append(f"multipart part {part.name!r} ({part.content_type or 'no type'}) ignored")
    if not documents:
        raise IntakeError(400, "multipart body without an event document part (XML or JSON)")
    if len(documents) > 1:
        raise IntakeError(400, f"multipart body with {len(documents)} event documents; send one per request")
    if len(pictures) > MAX_PICTURES:
        raise IntakeError(413, f"{len(pictures)} pictures; at most {MAX_PICTURES} per alarm")
    kind, part = documents[0]
    if len(part.data) > MAX_DOCUMENT_BYTES:
        raise IntakeError(413, f"event document larger than {megabytes(MAX_DOCUMENT_BYTES)}")
    document = _document(kind, bytes(part.data), part.charset)
    return Document(document.kind, document.root, document.data, document.text, tuple(pictures), tuple(notes))


def _picture(part: Part) -> Picture:
    data = bytes(part.data)
    if len(data) > MAX_PICTURE_BYTES:
        raise IntakeError(413, f"picture larger than {megabytes(MAX_PICTURE_BYTES)}")
    actual = picture_type(data)
    if actual is None:
        raise IntakeError(415, f"picture part {part.name!r} is not a JPEG or PNG image")
    return Picture(content_type=actual, data=data)


def _names(accept: tuple[str, ...]) -> str:
    names = {"xml": "application/xml or text/xml", "json": "application/json",
             "multipart": "multipart/form-data with the event document and a picture"}
    return ", ".join(names[kind] for kind in accept)


__all__ = ["Document", "read_document"]
