"""Content types: the media type, its parameters, and what kind of part a body or part is."""
from __future__ import annotations

XML_TYPES = ("application/xml", "text/xml")
JSON_TYPES = ("application/json",)
PICTURE_TYPES = {"image/jpeg": "image/jpeg", "image/jpg": "image/jpeg", "image/pjpeg": "image/jpeg",
                 "image/png": "image/png"}
MULTIPART_TYPES = ("multipart/form-data", "multipart/mixed")


def split_content_type(content_type: str) -> tuple[str, dict[str, str]]:
    media, *rest = (content_type or "").split(";")
    params = {}
    for part in rest:
        key, _, value = part.strip().partition("=")
        if key:
            params[key.strip().lower()] = value.strip().strip('"')
    return media.strip().lower(), params


def kind_of(media: str) -> str | None:
    """xml / json / picture / multipart, or None for anything else."""
    if media in XML_TYPES or media.endswith("+xml"):
        return "xml"
    if media in JSON_TYPES or media.endswith("+json"):
        return "json"
    if media in PICTURE_TYPES:
        return "picture"
    if media in MULTIPART_TYPES:
        return "multipart"
    return None


def sniff(data: bytes) -> str | None:
    """For multipart parts sent without a Content-Type (some firmware does)."""
    head = data[:16].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<"):
        return "xml"
    if head.startswith(b"{"):
        return "json"
    return picture_type(data) and "picture"


def picture_type(data: bytes) -> str | None:
    """The picture's real type by its magic bytes, whatever its header claims."""
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    return None
