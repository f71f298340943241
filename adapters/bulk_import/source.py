"""From a source system's own fields to the unified demand: the parts every source format shares.

Used by the JSON channels that accept a channel-specific body (110, grid, window, online) and by
the bulk importer (work-order exports). Source timestamps come in many shapes; a value without a
UTC offset is read in the center's zone (Asia/Shanghai) and the report says so. Field errors are
named as the sender named the field, so a 110 operator reads `报警时间`, not `received_at`.
"""
from __future__ import annotations

import html
import re
from collections.abc import Mapping
from datetime import date, datetime, timezone
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ValidationError

from casework.inbound import DemandBody, InboundReport, assume_center_zone

from ..base import IntakeError, decode_text, field_errors, parse_json_object

_FORMATS = (
    "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M", "%Y/%m/%d",
    "%Y年%m月%d日 %H:%M:%S", "%Y年%m月%d日 %H:%M", "%Y年%m月%d日%H时%M分%S秒", "%Y年%m月%d日%H时%M分",
    "%Y年%m月%d日", "%Y%m%d%H%M%S", "%Y%m%d",
)
_EPOCH_MIN, _EPOCH_MAX = 946_684_800, 4_102_444_800  # 2000-01-01 .. 2100-01-01, in seconds
TIME_HINT = ("expected ISO 8601, 'YYYY-MM-DD HH:MM:SS', 'YYYY/MM/DD HH:MM', 'YYYYMMDDHHMMSS' "
             "or epoch seconds/milliseconds")


def parse_source_time(value: Any) -> datetime:
    """A timestamp as source systems write it; naive results stay naive (the caller notes the zone)."""
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    if isinstance(value, bool):
        raise ValueError(f"not a date and time; {TIME_HINT}")
    if isinstance(value, (int, float)):
        return _from_epoch(float(value))
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"not a date and time; {TIME_HINT}")
    text = value.strip()
    if re.fullmatch(r"\d{10}(\d{3})?(\.\d+)?", text):
        return _from_epoch(float(text))
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00") if text.endswith("Z") else text)
    except ValueError:
        pass
    for pattern in _FORMATS:
        try:
            return datetime.strptime(text, pattern)
        except ValueError:
            continue
    raise ValueError(f"{text!r} is not a date and time; {TIME_HINT}")


def _from_epoch(number: float) -> datetime:
    seconds = number / 1000 if number > _EPOCH_MAX else number
    if not _EPOCH_MIN <= seconds <= _EPOCH_MAX:
        raise ValueError(f"epoch value {number:g} is outside 2000..2100 (seconds or milliseconds)")
    return datetime.fromtimestamp(seconds, tz=timezone.utc)


SourceTime = Annotated[datetime, BeforeValidator(parse_source_time)]

CRS_NAMES = {
    "wgs84": "WGS84", "wgs-84": "WGS84", "gps": "WGS84", "epsg:4326": "WGS84",
    "gcj02": "GCJ02", "gcj-02": "GCJ02", "gcj02ll": "GCJ02", "火星坐标": "GCJ02",
    "bd09": "BD09", "bd-09": "BD09", "bd09ll": "BD09", "百度坐标": "BD09",
    "cgcs2000": "CGCS2000", "epsg:4490": "CGCS2000", "国家2000": "CGCS2000",
}


def crs_name(value: Any) -> str:
    """The unified CRS name for the spellings source systems use (SDK coordType values included)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return "WGS84"
    name = CRS_NAMES.get(str(value).strip().lower())
    if name is None:
        raise ValueError(f"unknown coordinate system {value!r}; use one of WGS84, GCJ02, BD09, CGCS2000")
    return name


SourceCrs = Annotated[str, BeforeValidator(crs_name)]
PHONE_PATTERN = r"^[0-9+\-() ]{3,32}$"  # as `casework.inbound.Reporter.phone`


def headline(text: str, limit: int = 40) -> str:
    """A title from free text: its first sentence, cut at `limit` characters."""
    first = re.split(r"[。！？!?\n；;]", text.strip(), maxsplit=1)[0].strip() or text.strip()
    return first if len(first) <= limit else first[: limit - 1] + "…"


def plain_text(text: str) -> str:
    """Web-form text without markup: line breaks kept, tags dropped, entities decoded."""
    text = re.sub(r"(?i)<br\s*/?>|</p\s*>", "\n", text)
    return html.unescape(re.sub(r"<[^>]+>", "", text)).strip()


def validate_source(model: type[BaseModel], payload: Mapping[str, Any], what: str) -> BaseModel:
    """The channel-specific body checked field by field; every error named as the sender named it."""
    try:
        return model.model_validate(payload)
    except ValidationError as error:
        raise IntakeError(422, f"the body does not match the documented {what}", field_errors(error)) from error


def build_report(
    channel: str, demand: dict[str, Any], *, raw: str, notes: list[str] | None = None,
    names: Mapping[str, str] | None = None,
) -> InboundReport:
    """Unified fields → `InboundReport`; `names` says which source field each unified field came from."""
    try:
        body = DemandBody.model_validate(demand)
        received_at, note = assume_center_zone(body.received_at)
        # built from the dump, so checks that only run on given values (lon without lat) run here
        return InboundReport(
            **body.model_dump(exclude={"received_at"}), received_at=received_at, channel=channel, raw=raw,
            notes=[*(notes or []), *([note] if note else [])],
        )
    except ValidationError as error:
        raise IntakeError(422, "the demand does not match the unified schema",
                          rename_errors(field_errors(error), names or {})) from error


def rename_errors(errors: list[dict[str, Any]], names: Mapping[str, str]) -> list[dict[str, Any]]:
    renamed = []
    for error in errors:
        field = error["field"]
        source = names.get(field) or names.get(field.split(".")[0])
        renamed.append({**error, "field": source} if source else error)
    return renamed


def drop_empty(value: Any) -> Any:
    """Nested dicts without None values; a dict left empty becomes None."""
    if isinstance(value, dict):
        cleaned = {k: drop_empty(v) for k, v in value.items()}
        cleaned = {k: v for k, v in cleaned.items() if v is not None}
        return cleaned or None
    return value


class SourceJsonAdapter:
    """A JSON channel that takes the unified demand body or its source system's documented body.

    A body with any of the source body's field names is read as the source body; anything else as
    the unified body (so a body that is neither gets the unified schema's field errors).
    """

    content_types = ("application/json",)
    channel: str
    source_model: type[BaseModel]
    source_name: str  # how error messages name the source body, e.g. "110 push body"

    def parse(self, body: bytes, content_type: str) -> InboundReport:
        text = decode_text(body, content_type)
        payload = parse_json_object(text)
        source_keys = {f.alias or name for name, f in self.source_model.model_fields.items()}
        if "external_id" in payload or not source_keys & payload.keys():
            return build_report(self.channel, payload, raw=text)
        source = validate_source(self.source_model, payload, self.source_name)
        demand, notes = self.to_demand(source)
        return build_report(self.channel, drop_empty(demand), raw=text, notes=notes,
                            names=self.names)

    names: Mapping[str, str] = {}  # unified field → the source field it is filled from

    def to_demand(self, source: Any) -> tuple[dict[str, Any], list[str]]:
        """The unified fields and the notes for one validated source body."""
        raise NotImplementedError
