"""The grid app's event body → the unified demand.

The reporter is the grid worker; the grid code (网格编码: the 12-digit village code and a grid
number) tells where the worker's grid lies, so its village part is the fallback region code. The
phone's GPS fix comes with the coordinate type its map SDK uses (`wgs84`, `gcj02`, `bd09ll`);
photos become attachments. `reportTime` is epoch milliseconds (as the app sends it) or a
timestamp string.
"""
from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from ..bulk_import.source import PHONE_PATTERN, SourceCrs, SourceJsonAdapter, SourceTime


class GridWorker(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, coerce_numbers_to_str=True)

    workerId: str | None = Field(None, max_length=32)
    name: str = Field(..., min_length=1, max_length=64)
    phone: str | None = Field(None, pattern=PHONE_PATTERN)


class Gps(BaseModel):
    model_config = ConfigDict(extra="forbid")

    lng: float = Field(..., ge=-180, le=180)
    lat: float = Field(..., ge=-90, le=90)
    coordType: SourceCrs = "WGS84"
    accuracy: float | None = Field(None, ge=0, description="metres, as the phone reports it")


class Photo(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    url: str = Field(..., min_length=1, max_length=1024)
    name: str | None = Field(None, max_length=128)
    takenAt: SourceTime | None = None


class GridEventBody(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, coerce_numbers_to_str=True)

    eventNo: str = Field(..., min_length=1, max_length=64)
    reportTime: SourceTime
    eventTitle: str = Field(..., min_length=1, max_length=200)
    eventDesc: str = Field(..., min_length=1, max_length=10_000)
    eventType: str | None = Field(None, max_length=64)
    urgent: bool = False
    gridCode: str = Field(..., pattern=r"^\d{12,18}$")
    gridName: str | None = Field(None, max_length=64)
    reporter: GridWorker
    gps: Gps | None = None
    address: str | None = Field(None, max_length=256)
    photos: list[Photo] = Field(default_factory=list, max_length=20)


class GridAdapter(SourceJsonAdapter):
    channel = "grid"
    source_model = GridEventBody
    source_name = "grid event body"
    names = {"external_id": "eventNo", "received_at": "reportTime", "title": "eventTitle", "content": "eventDesc",
             "category": "eventType", "reporter.name": "reporter.name", "reporter.phone": "reporter.phone",
             "location.address": "address", "region_code": "gridCode", "attachments": "photos"}

    def to_demand(self, source: GridEventBody) -> tuple[dict[str, Any], list[str]]:
        grid = f"{source.gridCode} {source.gridName}" if source.gridName else source.gridCode
        worker = source.reporter.name + (f" ({source.reporter.workerId})" if source.reporter.workerId else "")
        notes = [f"reported by grid worker {worker} of grid {grid}"]
        if source.gps is not None and source.gps.accuracy is not None:
            notes.append(f"GPS accuracy {source.gps.accuracy:g} m")
        location = None
        if source.gps is not None or source.address:
            location = {"address": source.address}
            if source.gps is not None:
                location.update(lon=source.gps.lng, lat=source.gps.lat, crs=source.gps.coordType)
        return {
            "external_id": source.eventNo,
            "received_at": source.reportTime,
            "title": source.eventTitle,
            "content": source.eventDesc,
            "category": source.eventType,
            "reporter": {"name": source.reporter.name, "phone": source.reporter.phone},
            "location": location,
            "region_code": source.gridCode[:12],
            "urgency": "urgent" if source.urgent else "normal",
            "attachments": [{"url": p.url, "kind": "photo", "name": p.name} for p in source.photos],
        }, notes
