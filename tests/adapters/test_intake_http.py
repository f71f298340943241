"""`POST /api/v1/intake/<channel>`: clear 4xx for bad input, nothing stored; replays create nothing."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from casework.models import Case, CaseEvent, OutboxEvent
from tests.factories import AUTH


def body(**overrides) -> dict:  # noqa: ANN003
    demand = {
        "external_id": "12345-20261123-0001",
        "received_at": "2026-11-23T09:58:00+08:00",
        "title": "庆丰社区路灯不亮",
        "content": "小区门口路灯坏了一个星期，请尽快修复。",
        "category": "城乡建设",
        "reporter": {"name": "张三", "phone": "13812345678"},
        "location": {"lon": 106.9677, "lat": 30.8425, "crs": "WGS84"},
    }
    demand.update(overrides)
    return demand


def stored(app) -> tuple[int, int, int]:  # noqa: ANN001
    with app.runtime.store.reading() as s:
        return tuple(s.scalar(select(func.count()).select_from(m)) for m in (Case, CaseEvent, OutboxEvent))


def test_created_then_replayed(client, app):
    first = client.post("/api/v1/intake/hotline12345", json=body(), headers=AUTH)
    assert first.status_code == 201, first.json
    assert first.json["status"] == "received" and first.json["township_code"] == "511725001"
    again = client.post("/api/v1/intake/hotline12345", json=body(), headers=AUTH)
    assert again.status_code == 200 and again.json["id"] == first.json["id"]
    assert stored(app) == (1, 1, 1)


def test_gcj02_coordinates_are_converted_and_noted(client, app):
    answer = client.post("/api/v1/intake/hotline12345", headers=AUTH,
                         json=body(location={"lon": 106.9712, "lat": 30.8400, "crs": "GCJ02"}))
    assert answer.status_code == 201
    with app.runtime.store.reading() as s:
        case = s.scalar(select(Case))
    assert any("GCJ02" in note for note in case.notes)
    assert abs(case.lon - 106.9712) > 0.002


def test_naive_timestamp_is_read_in_center_zone_and_noted(client, app):
    answer = client.post("/api/v1/intake/hotline12345", headers=AUTH, json=body(received_at="2026-11-23T09:58:00"))
    assert answer.status_code == 201
    assert answer.json["received_at"].startswith("2026-11-23T09:58:00")
    with app.runtime.store.reading() as s:
        assert any("Asia/Shanghai" in note for note in s.scalar(select(Case)).notes)


def test_raw_payload_is_kept(client, app):
    client.post("/api/v1/intake/hotline12345", headers=AUTH, data=json.dumps(body(), ensure_ascii=False),
                content_type="application/json")
    with app.runtime.store.reading() as s:
        assert json.loads(s.scalar(select(Case)).raw)["external_id"] == "12345-20261123-0001"


def test_gbk_body_is_decoded(client, app):
    raw = json.dumps(body(), ensure_ascii=False).encode("gbk")
    answer = client.post("/api/v1/intake/hotline12345", headers=AUTH, data=raw,
                         content_type="application/json; charset=GBK")
    assert answer.status_code == 201, answer.json
    with app.runtime.store.reading() as s:
        assert s.scalar(select(Case)).title == "庆丰社区路灯不亮"


BAD = [
    ("invalid json", dict(data=b"{not json", content_type="application/json"), 400, "invalid JSON"),
    ("not an object", dict(data=b"[1,2]", content_type="application/json"), 400, "JSON object"),
    ("utf-8 lie", dict(data="{\"t\": \"路灯\"}".encode("gbk"), content_type="application/json"), 400, "utf-8"),
    ("wrong content type", dict(data=b"title=x", content_type="application/x-www-form-urlencoded"), 415,
     "content type"),
    ("unknown charset", dict(data=b"{}", content_type="application/json; charset=latin-1"), 415, "charset"),
]


@pytest.mark.parametrize("name,request_kwargs,status,reason", BAD, ids=[b[0] for b in BAD])
def test_bad_bodies_get_clear_4xx_and_store_nothing(client, app, name, request_kwargs, status, reason):
    answer = client.post("/api/v1/intake/hotline12345", headers=AUTH, **request_kwargs)
    assert answer.status_code == status
    assert reason in answer.json["error"]
    assert stored(app) == (0, 0, 0)


def test_missing_and_wrongly_typed_fields_are_all_listed(client, app):
    demand = body(received_at="yesterday", urgency="whenever", unexpected=1)
    del demand["title"]
    answer = client.post("/api/v1/intake/hotline12345", headers=AUTH, json=demand)
    assert answer.status_code == 422
    fields = {e["field"] for e in answer.json["errors"]}
    assert {"title", "received_at", "urgency", "unexpected"} <= fields
    assert stored(app) == (0, 0, 0)


def test_unknown_channel(client, app):
    answer = client.post("/api/v1/intake/fax", headers=AUTH, json=body())
    assert answer.status_code == 404 and "unknown channel" in answer.json["error"]
    assert stored(app) == (0, 0, 0)


@pytest.mark.parametrize("headers,status", [({}, 401), ({"Authorization": "Bearer wrong-token-000000"}, 401),
                                            ({"Authorization": "Basic abc"}, 401)])
def test_wrong_token(client, app, headers, status):
    answer = client.post("/api/v1/intake/hotline12345", headers=headers, json=body())
    assert answer.status_code == status and "token" in answer.json["error"]
    assert stored(app) == (0, 0, 0)


def test_ten_megabyte_body_is_refused(client, app):
    huge = b'{"content": "' + b"x" * (10 * 1024 * 1024) + b'"}'
    answer = client.post("/api/v1/intake/hotline12345", headers=AUTH, data=huge, content_type="application/json")
    assert answer.status_code == 413 and "larger than" in answer.json["error"]
    assert stored(app) == (0, 0, 0)


def test_a_longitude_without_latitude_is_a_field_error(client, app):
    answer = client.post("/api/v1/intake/hotline12345", headers=AUTH, json=body(location={"lon": 106.9}))
    assert answer.status_code == 422 and any(e["field"].startswith("location") for e in answer.json["errors"])
    assert stored(app) == (0, 0, 0)
