"""multipart/form-data as cameras and NVRs push it: an event document part and picture parts."""
from __future__ import annotations

from dataclasses import dataclass

from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.sansio.multipart import Data, Epilogue, Field, File, MultipartDecoder, NeedData

from ..base import IntakeError
from .limits import MAX_DOCUMENT_BYTES, MAX_PARTS, MAX_PICTURE_BYTES, megabytes
from .media import kind_of, split_content_type


@dataclass
class Part:
    name: str
    content_type: str  # the media type as sent, "" when the part had none
    charset: str | None
    data: bytearray

    @property
    def declared_kind(self) -> str | None:
        return kind_of(self.content_type) if self.content_type else None


def split_parts(body: bytes, boundary: str | None) -> list[Part]:
    """Every part, each held to its limit while it is read (a picture ≤ 2 MB, a document ≤ 256 KB)."""
    if not boundary:
        raise IntakeError(400, "multipart body without a boundary parameter")
    decoder = MultipartDecoder(boundary.encode("latin-1"), max_parts=MAX_PARTS)
    decoder.receive_data(body)
    decoder.receive_data(None)
    parts: list[Part] = []
    current: Part | None = None
    try:
        while True:
            event = decoder.next_event()
            if isinstance(event, (Field, File)):
                media, params = split_content_type(event.headers.get("Content-Type", ""))
                current = Part(name=event.name, content_type=media, charset=params.get("charset"), data=bytearray())
            elif isinstance(event, Data) and current is not None:
                current.data += event.data
                _check_size(current)
                if not event.more_data:
                    parts.append(current)
                    current = None
            elif isinstance(event, Epilogue):
                return parts
            elif isinstance(event, NeedData):
                raise IntakeError(400, "multipart body ends before its closing boundary")
    except RequestEntityTooLarge as error:
        raise IntakeError(413, f"more than {MAX_PARTS} multipart parts") from error
    except ValueError as error:
        if "cannot parse beyond" in str(error):  # werkzeug's words for a body cut short
            raise IntakeError(400, "multipart body ends before its closing boundary") from error
        raise IntakeError(400, f"malformed multipart body: {error}") from error


def _check_size(part: Part) -> None:
    if part.declared_kind in ("xml", "json"):
        if len(part.data) > MAX_DOCUMENT_BYTES:
            raise IntakeError(413, f"event document larger than {megabytes(MAX_DOCUMENT_BYTES)}")
    elif len(part.data) > MAX_PICTURE_BYTES:
        raise IntakeError(413, f"picture larger than {megabytes(MAX_PICTURE_BYTES)} (part {part.name!r})")
