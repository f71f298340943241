"""The walk-in registration (来访登记表) → the unified demand.

The clerk at the reception window registers who came, when, how many people, what they ask and
where it happened. Five or more visitors about one matter is a group visit (集体访): urgent, and
noted. Scanned materials the visitor handed in become attachments.
"""
from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from ..bulk_import.source import PHONE_PATTERN, SourceJsonAdapter, SourceTime, headline

GROUP_VISIT = 5  # visitors at which a visit counts as a group visit (集体访)


class WindowVisitBody(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, coerce_numbers_to_str=True)

    registration_no: str = Field(..., alias="登记编号", min_length=1, max_length=64)
    visited_at: SourceTime = Field(..., alias="来访时间")
    visitor: str = Field(..., alias="来访人", min_length=1, max_length=64)
    phone: str | None = Field(None, alias="联系电话", pattern=PHONE_PATTERN)
    headcount: int = Field(1, alias="来访人数", ge=1, le=10_000)
    subject: str | None = Field(None, alias="事项标题", max_length=200)
    request: str = Field(..., alias="诉求内容", min_length=1, max_length=10_000)
    category: str | None = Field(None, alias="诉求类别", max_length=64)
    address: str | None = Field(None, alias="涉及地址", max_length=256)
    urgency: Literal["一般", "紧急", "特急"] = Field("一般", alias="紧急程度")
    window: str | None = Field(None, alias="接待窗口", max_length=64)
    clerk: str | None = Field(None, alias="接待人", max_length=32)
    materials: list[str] = Field(default_factory=list, alias="附件", max_length=20)


class WindowAdapter(SourceJsonAdapter):
    channel = "window"
    source_model = WindowVisitBody
    source_name = "walk-in registration (来访登记)"
    names = {"external_id": "登记编号", "received_at": "来访时间", "title": "事项标题", "content": "诉求内容",
             "category": "诉求类别", "reporter.name": "来访人", "reporter.phone": "联系电话",
             "location.address": "涉及地址", "attachments": "附件"}

    def to_demand(self, source: WindowVisitBody) -> tuple[dict[str, Any], list[str]]:
        urgency = {"一般": "normal", "紧急": "urgent", "特急": "critical"}[source.urgency]
        notes = ["walk-in at " + "，".join(filter(None, [source.window or "reception window",
                                                       source.clerk and f"接待人 {source.clerk}"]))]
        if source.headcount >= GROUP_VISIT:
            notes.append(f"group visit (集体访): {source.headcount} visitors")
            urgency = "critical" if urgency == "critical" else "urgent"
        elif source.headcount > 1:
            notes.append(f"{source.headcount} visitors")
        return {
            "external_id": source.registration_no,
            "received_at": source.visited_at,
            "title": source.subject or headline(source.request),
            "content": source.request,
            "category": source.category,
            "reporter": {"name": source.visitor, "phone": source.phone},
            "location": {"address": source.address} if source.address else None,
            "urgency": urgency,
            "attachments": [{"url": url, "kind": "material"} for url in source.materials],
        }, notes
