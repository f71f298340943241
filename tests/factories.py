"""Small builders for test data."""
from __future__ import annotations

from datetime import datetime, timezone
from itertools import count

from casework.inbound import InboundReport

_numbers = count(1)
TOKEN = "test-token-0123456789abcdef"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def report(**overrides) -> InboundReport:  # noqa: ANN003
    n = next(_numbers)
    fields = {
        "channel": "hotline12345",
        "external_id": f"T-{n}",
        "received_at": datetime(2026, 11, 23, 1, 59, tzinfo=timezone.utc),
        "title": f"渠江街道庆丰社区路灯不亮 {n}",
        "content": "小区门口路灯坏了一个星期，晚上出行不安全，请尽快修复。",
        "category": "城乡建设",
        "reporter": {"name": "张三丰", "phone": "13812345678"},
        "township_code": "511725001",
        "village_code": "511725001001",
    }
    fields.update(overrides)
    return InboundReport(**fields)
