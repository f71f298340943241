"""The one contract every channel keeps, and the parsing they share."""
from __future__ import annotations

import json
from typing import Any, Protocol

from pydantic import ValidationError

from casework.inbound import DemandBody, InboundReport, assume_center_zone


class IntakeError(Exception):
    """Bad input: becomes an HTTP 4xx with a reason and, for schema errors, every field error."""

    def __init__(self, status: int, reason: str, errors: list[dict[str, Any]] | None = None) -> None:
        super().__init__(reason)
        self.status, self.reason, self.errors = status, reason, errors or []

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {"error": self.reason}
        if self.errors:
            body["errors"] = self.errors
        return body


class Adapter(Protocol):
    channel: str
    content_types: tuple[str, ...]

    def parse(self, body: bytes, content_type: str) -> InboundReport: ...


def decode_text(body: bytes, content_type: str) -> str:
    """UTF-8 by default; GBK/GB18030 when the sender says so (old systems do). Anything else: 400."""
    charset = "utf-8"
    for part in content_type.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.lower() == "charset" and value:
            charset = value.strip('"').lower()
    if charset in ("gbk", "gb2312", "gb18030"):
        charset = "gb18030"
    elif charset not in ("utf-8", "utf8"):
        raise IntakeError(415, f"unsupported charset {charset!r}; send UTF-8 or GBK")
    try:
        return body.decode(charset)
    except UnicodeDecodeError as error:
        raise IntakeError(400, f"body is not valid {charset}: byte {error.start}") from error


def parse_json_object(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        raise IntakeError(400, f"invalid JSON: {error.msg} at line {error.lineno} column {error.colno}") from error
    if not isinstance(value, dict):
        raise IntakeError(400, "the body must be a JSON object")
    return value


def field_errors(error: ValidationError) -> list[dict[str, Any]]:
    return [
        {"field": ".".join(str(p) for p in e["loc"]) or "(body)", "message": e["msg"], "type": e["type"]}
        for e in error.errors(include_url=False)
    ]


class UnifiedJsonAdapter:
    """A channel whose source system already sends the unified demand body as JSON."""

    content_types = ("application/json",)

    def __init__(self, channel: str) -> None:
        self.channel = channel

    def parse(self, body: bytes, content_type: str) -> InboundReport:
        text = decode_text(body, content_type)
        payload = parse_json_object(text)
        try:
            demand = DemandBody.model_validate(payload)
        except ValidationError as error:
            raise IntakeError(422, "the demand does not match the unified schema", field_errors(error)) from error
        received_at, note = assume_center_zone(demand.received_at)
        return InboundReport(
            **demand.model_dump(exclude={"received_at"}),
            received_at=received_at,
            channel=self.channel,
            raw=text,
            notes=[note] if note else [],
        )
