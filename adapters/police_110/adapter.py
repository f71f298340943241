"""The 110 push body (接警单) → the unified demand.

110 transfers a non-police incident with its receipt number, the time of the call, the caller, the
incident address, its category and a short account. Level (警情级别) sets the urgency; coordinates
from the police GIS are optional and default to WGS-84.
"""
from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from ..bulk_import.source import PHONE_PATTERN, SourceCrs, SourceJsonAdapter, SourceTime, headline

URGENCY = {"一般": "normal", "较大": "urgent", "重大": "critical", "特别重大": "critical"}


class Police110Body(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, coerce_numbers_to_str=True)

    receipt_no: str = Field(..., alias="接警单号", min_length=1, max_length=64)
    called_at: SourceTime = Field(..., alias="报警时间")
    caller: str | None = Field(None, alias="报警人", max_length=64)
    phone: str | None = Field(None, alias="联系电话", pattern=PHONE_PATTERN)
    address: str | None = Field(None, alias="案发地址", max_length=256)
    kind: str | None = Field(None, alias="警情类别", max_length=64)
    account: str = Field(..., alias="简要警情", min_length=1, max_length=9_000)
    level: Literal["一般", "较大", "重大", "特别重大"] | None = Field(None, alias="警情级别")
    lon: float | None = Field(None, alias="经度", ge=-180, le=180)
    lat: float | None = Field(None, alias="纬度", ge=-90, le=90)
    crs: SourceCrs = Field("WGS84", alias="坐标系")
    region_code: str | None = Field(None, alias="行政区划代码", pattern=r"^\d{6,12}$")
    police_unit: str | None = Field(None, alias="接警单位", max_length=64)
    operator: str | None = Field(None, alias="接警员", max_length=32)
    transfer_note: str | None = Field(None, alias="转办说明", max_length=900)


class Police110Adapter(SourceJsonAdapter):
    channel = "police110"
    source_model = Police110Body
    source_name = "110 push body (接警单)"
    names = {"external_id": "接警单号", "received_at": "报警时间", "title": "简要警情", "content": "简要警情",
             "category": "警情类别", "reporter.name": "报警人", "reporter.phone": "联系电话",
             "location.lon": "经度", "location.lat": "纬度", "location.address": "案发地址",
             "region_code": "行政区划代码"}

    def to_demand(self, source: Police110Body) -> tuple[dict[str, Any], list[str]]:
        content = source.account
        if source.transfer_note:
            content += f"\n转办说明：{source.transfer_note}"
        title = headline(source.account, 30)
        by = "，".join(filter(None, [source.police_unit, source.operator and f"接警员 {source.operator}"]))
        notes = [f"transferred from 110 ({by})" if by else "transferred from 110"]
        return {
            "external_id": source.receipt_no,
            "received_at": source.called_at,
            "title": f"{source.kind}：{title}" if source.kind else title,
            "content": content,
            "category": source.kind,
            "reporter": {"name": source.caller, "phone": source.phone},
            "location": {"lon": source.lon, "lat": source.lat, "crs": source.crs, "address": source.address}
            if source.lon is not None or source.lat is not None or source.address else None,
            "region_code": source.region_code,
            "urgency": URGENCY.get(source.level or "一般", "normal"),
        }, notes
