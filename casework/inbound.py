"""`InboundReport`: the unified demand schema (统一数据传输字段) every channel normalises to."""
from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from .clock import CENTER_TZ

CHANNELS = ("hotline12345", "police110", "grid", "window", "online", "open311", "camera", "import")
Urgency = Literal["normal", "urgent", "critical"]
Crs = Literal["WGS84", "GCJ02", "BD09", "CGCS2000"]


class Reporter(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(None, max_length=64)
    phone: str | None = Field(None, max_length=32, pattern=r"^[0-9+\-() ]{3,32}$")


class Location(BaseModel):
    model_config = ConfigDict(extra="forbid")

    lon: float | None = Field(None, ge=-180, le=180)
    lat: float | None = Field(None, ge=-90, le=90, validate_default=True)
    crs: Crs = "WGS84"
    address: str | None = Field(None, max_length=256)

    @field_validator("lat")
    @classmethod
    def _pair(cls, lat: float | None, info: Any) -> float | None:
        # runs even when lat is absent (validate_default), so a lone lon is caught too
        if "lon" in info.data and (lat is None) != (info.data["lon"] is None):
            raise ValueError("lon and lat come together")
        return lat


class Attachment(BaseModel):
    model_config = ConfigDict(extra="forbid")

    url: str = Field(..., max_length=1024)
    kind: str | None = Field(None, max_length=32)
    name: str | None = Field(None, max_length=128)


class DemandBody(BaseModel):
    """The JSON body of `POST /api/v1/intake/<channel>` (unknown fields refused)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    external_id: str = Field(..., min_length=1, max_length=64)
    received_at: datetime
    title: str = Field(..., min_length=1, max_length=200)
    content: str = Field(..., min_length=1, max_length=10_000)
    category: str | None = Field(None, max_length=64)
    reporter: Reporter | None = None
    location: Location | None = None
    region_code: str | None = Field(None, pattern=r"^\d{6,12}$")
    urgency: Urgency = "normal"
    attachments: list[Attachment] = Field(default_factory=list, max_length=20)

    @field_validator("received_at")
    @classmethod
    def _plausible_year(cls, value: datetime) -> datetime:
        # a year 781 or 9999 is a broken source clock, not a demand: refused rather than stored
        if not 2000 <= value.year <= 2100:
            raise ValueError("received_at must lie between the years 2000 and 2100")
        return value


class InboundReport(DemandBody):
    """A demand as an adapter hands it to `do_intake`: the body plus where it came from."""

    channel: str
    raw: str = Field("", description="the payload exactly as received, kept for audit")
    notes: list[str] = Field(default_factory=list)
    village_code: str | None = None
    township_code: str | None = None

    @field_validator("channel")
    @classmethod
    def _known_channel(cls, value: str) -> str:
        if value not in CHANNELS:
            raise ValueError(f"unknown channel {value!r}")
        return value

    @field_validator("received_at")
    @classmethod
    def _aware(cls, value: datetime) -> datetime:
        return value if value.tzinfo else value.replace(tzinfo=CENTER_TZ)


def assume_center_zone(received_at: datetime) -> tuple[datetime, str | None]:
    """A timestamp without offset is read in the center's zone, and the record says so."""
    if received_at.tzinfo is not None:
        return received_at, None
    return received_at.replace(tzinfo=CENTER_TZ), "received_at had no UTC offset; read as Asia/Shanghai"
