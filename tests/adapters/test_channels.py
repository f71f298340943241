"""`POST /api/v1/intake/<channel>` for 110, grid, window and online: each source's own body and the
unified body; replays answer the same case; hostile input gets a precise 4xx and stores nothing."""
from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from casework.models import Case, CaseEvent, OutboxEvent
from tests.factories import AUTH
ADAPTERS = Path(__file__).resolve().parents[2] / "adapters"
EXAMPLES = {
    "police110": ADAPTERS / "police_110" / "examples" / "jiejingdan.json",
    "grid": ADAPTERS / "grid" / "examples" / "event.json",
    "window": ADAPTERS / "window" / "examples" / "visit.json",
    "online": ADAPTERS / "online" / "examples" / "message.json",
}
CHANNELS = tuple(EXAMPLES)


def example(channel: str) -> dict:
    return json.loads(EXAMPLES[channel].read_text(encoding="utf-8"))


def post(client, channel: str, payload: dict | bytes, content_type: str = "application/json"):  # noqa: ANN001, ANN201
    data = payload if isinstance(payload, bytes) else json.dumps(payload, ensure_ascii=False).encode()
    return client.post(f"/api/v1/intake/{channel}", data=data, content_type=content_type, headers=AUTH)


def stored(app) -> tuple[int, int, int]:  # noqa: ANN001
    with app.runtime.store.reading() as s:
        return tuple(s.scalar(select(func.count()).select_from(m)) for m in (Case, CaseEvent, OutboxEvent))


def the_case(app, case_id: str) -> Case:  # noqa: ANN001
    with app.runtime.store.reading() as s:
        return s.get(Case, case_id)


def unified(external_id: str = "U-0001") -> dict:
    return {
        "external_id": external_id,
        "received_at": "2026-11-23T09:58:00+08:00",
        "title": "庆丰社区路灯不亮",
        "content": "小区门口路灯坏了一个星期，请尽快修复。",
        "reporter": {"name": "张三", "phone": "13812345678"},
        "location": {"lon": 106.9677, "lat": 30.8425, "crs": "WGS84"},
    }


# --- each source's own body ------------------------------------------------------------------------

def test_police110_receipt_is_mapped(client, app):
    answer = post(client, "police110", example("police110"))
    assert answer.status_code == 201, answer.json
    case = the_case(app, answer.json["id"])
    assert case.channel == "police110" and case.external_id == "J5117252026112300137"
    assert case.title.startswith("噪音扰民：报警人称楼下烧烤店")
    assert case.content.endswith("转办说明：请城管、市场监管联合处置并回复")
    assert case.category == "噪音扰民" and case.urgency == "normal"
    assert (case.reporter_name, case.reporter_phone) == ("李建国", "13982812345")
    assert case.address == "渠县渠江街道庆丰社区滨江路88号"
    assert case.township_code == "511725001"  # placed by the CGCS2000 point
    assert answer.json["received_at"].startswith("2026-11-23T09:41:27.000+08:00")
    assert any("Asia/Shanghai" in n for n in case.notes)
    assert any("渠县公安局110指挥中心" in n for n in case.notes)
    assert json.loads(case.raw)["接警单号"] == "J5117252026112300137"


def test_police110_level_sets_urgency_and_compact_time_is_read(client, app):
    receipt = example("police110") | {"警情级别": "重大", "报警时间": "20261123094127"}
    answer = post(client, "police110", receipt)
    assert answer.status_code == 201, answer.json
    assert the_case(app, answer.json["id"]).urgency == "critical"
    assert answer.json["received_at"].startswith("2026-11-23T09:41:27")


def test_police110_gbk_push_is_decoded(client, app):
    raw = json.dumps(example("police110"), ensure_ascii=False).encode("gbk")
    answer = post(client, "police110", raw, "application/json; charset=GBK")
    assert answer.status_code == 201, answer.json
    assert the_case(app, answer.json["id"]).reporter_name == "李建国"


def test_grid_event_is_mapped_with_worker_gps_and_photos(client, app):
    answer = post(client, "grid", example("grid"))
    assert answer.status_code == 201, answer.json
    case = the_case(app, answer.json["id"])
    assert (case.reporter_name, case.reporter_phone) == ("刘芳", "13881812345")
    assert case.urgency == "urgent" and case.category == "城乡建设/城市建设和市政管理/基础设施"
    assert [a["kind"] for a in case.attachments] == ["photo", "photo"]
    assert case.attachments[0]["name"] == "现场全景.jpg"
    assert any("GCJ02" in n for n in case.notes)  # converted to WGS-84
    assert abs(case.lon - 106.97385) > 0.002
    assert any("511725001001003" in n and "WGY0231" in n for n in case.notes)
    assert answer.json["received_at"] == "2026-11-23T09:55:00.000+08:00"  # epoch milliseconds
    assert not any("Asia/Shanghai" in n for n in case.notes)  # epoch values carry their zone


def test_grid_code_places_an_event_without_gps_or_known_address(client, app):
    event = example("grid") | {"address": None, "eventDesc": "楼道堆放杂物，存在消防隐患。", "eventTitle": "楼道堆物"}
    del event["gps"]
    answer = post(client, "grid", event)
    assert answer.status_code == 201, answer.json
    assert answer.json["township_code"] == "511725001"


def test_window_group_visit_is_urgent_and_noted(client, app):
    answer = post(client, "window", example("window"))
    assert answer.status_code == 201, answer.json
    case = the_case(app, answer.json["id"])
    assert case.urgency == "urgent" and any("集体访" in n and "6" in n for n in case.notes)
    assert (case.reporter_name, case.reporter_phone) == ("王秀英", "0818-7326541")
    assert case.title == "天星街道锦绣小区开发商逾期未办房产证"
    assert case.attachments[0]["kind"] == "material"


def test_window_without_subject_takes_the_first_sentence(client, app):
    visit = example("window") | {"来访人数": 1}
    del visit["事项标题"]
    answer = post(client, "window", visit)
    case = the_case(app, answer.json["id"])
    assert case.title.startswith("锦绣小区二期业主代表6人来访") and case.title.endswith("…") and len(case.title) == 40
    assert case.urgency == "normal" and not any("集体访" in n for n in case.notes)


def test_online_message_keeps_email_and_drops_markup(client, app):
    answer = post(client, "online", example("online"))
    assert answer.status_code == 201, answer.json
    case = the_case(app, answer.json["id"])
    assert "<p>" not in case.content and "<br>" not in case.content
    assert case.content.splitlines()[0] == "领导您好："
    assert any("chenjing@example.com" in n for n in case.notes)
    assert case.category == "环境保护/环境污染/噪音污染"
    assert case.township_code == "511725002"  # 渠南街道, by the address gazetteer


def test_online_message_with_only_an_email(client, app):
    message = example("online") | {"author": {"nickname": "渠南居民", "email": "resident@example.com"}}
    answer = post(client, "online", message)
    assert answer.status_code == 201, answer.json
    case = the_case(app, answer.json["id"])
    assert case.reporter_name == "渠南居民" and case.reporter_phone is None


# --- the unified body, replays -------------------------------------------------------------------

@pytest.mark.parametrize("channel", CHANNELS)
def test_unified_body_is_accepted_too(client, app, channel):
    answer = post(client, channel, unified())
    assert answer.status_code == 201, answer.json
    assert answer.json["channel"] == channel and answer.json["township_code"] == "511725001"


@pytest.mark.parametrize("channel", CHANNELS)
def test_replay_answers_the_same_case(client, app, channel):
    first = post(client, channel, example(channel))
    again = post(client, channel, example(channel))
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json["id"] == first.json["id"]
    assert stored(app) == (1, 1, 1)


def test_same_external_id_on_two_channels_is_two_cases(client, app):
    a = post(client, "window", unified("SHARED-1"))
    b = post(client, "online", unified("SHARED-1"))
    assert a.status_code == b.status_code == 201 and a.json["id"] != b.json["id"]


# --- hostile input ---------------------------------------------------------------------------------

ERRORS = [
    ("police110", lambda b: b.pop("接警单号"), "接警单号"),
    ("police110", lambda b: b.update({"报警时间": "昨天上午"}), "报警时间"),
    ("police110", lambda b: b.update({"联系电话": "138-1234-5678 转 8"}), "联系电话"),
    ("police110", lambda b: b.update({"警情级别": "特大"}), "警情级别"),
    ("police110", lambda b: b.update({"坐标系": "Beijing54"}), "坐标系"),
    ("police110", lambda b: b.update({"处警结果": "已处置"}), "处警结果"),
    ("police110", lambda b: b.pop("纬度"), "纬度"),
    ("grid", lambda b: b.update({"gridCode": "QK-3"}), "gridCode"),
    ("grid", lambda b: b["gps"].pop("lat"), "gps.lat"),
    ("grid", lambda b: b.update({"reportTime": 12}), "reportTime"),
    ("grid", lambda b: b["photos"][0].pop("url"), "photos.0.url"),
    ("window", lambda b: b.update({"来访人数": 0}), "来访人数"),
    ("window", lambda b: b.pop("诉求内容"), "诉求内容"),
    ("online", lambda b: b["author"].update({"email": "not-an-email"}), "author.email"),
    ("online", lambda b: b.update({"subject": ""}), "subject"),
]


@pytest.mark.parametrize("channel,spoil,field", ERRORS, ids=[f"{c}-{f}" for c, _, f in ERRORS])
def test_source_field_errors_name_the_source_field(client, app, channel, spoil, field):
    body = copy.deepcopy(example(channel))
    spoil(body)
    answer = post(client, channel, body)
    assert answer.status_code == 422, answer.json
    assert field in {e["field"] for e in answer.json["errors"]}, answer.json
    assert stored(app) == (0, 0, 0)


@pytest.mark.parametrize("channel", CHANNELS)
def test_unified_body_with_half_a_point_is_a_field_error(client, app, channel):
    demand = unified() | {"location": {"lon": 106.9677}}
    answer = post(client, channel, demand)
    assert answer.status_code == 422 and "location.lat" in {e["field"] for e in answer.json["errors"]}
    assert stored(app) == (0, 0, 0)


def test_every_field_error_is_listed_at_once(client, app):
    receipt = example("police110") | {"报警时间": "not a time", "联系电话": "call me", "警情级别": "?", "多余字段": 1}
    del receipt["简要警情"]
    answer = post(client, "police110", receipt)
    assert answer.status_code == 422
    assert {"报警时间", "联系电话", "警情级别", "多余字段", "简要警情"} <= {e["field"] for e in answer.json["errors"]}


BAD = [
    ("invalid json", "{\"接警单号\": ".encode(), "application/json", 400, "invalid JSON"),
    ("not an object", b"[1, 2]", "application/json", 400, "JSON object"),
    ("gbk sent as utf-8", "{\"报警人\": \"李建国\"}".encode("gbk"), "application/json", 400, "utf-8"),
    ("form body", "接警单号=J1".encode(), "application/x-www-form-urlencoded", 415, "content type"),
    ("xml body", b"<jjd/>", "text/xml", 415, "content type"),
    ("unknown charset", b"{}", "application/json; charset=big5", 415, "charset"),
]


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize("name,data,content_type,status,reason", BAD, ids=[b[0] for b in BAD])
def test_bad_bodies_get_clear_4xx(client, app, channel, name, data, content_type, status, reason):
    answer = post(client, channel, data, content_type)
    assert answer.status_code == status, answer.json
    assert reason in answer.json["error"]
    assert stored(app) == (0, 0, 0)


@pytest.mark.parametrize("channel", CHANNELS)
def test_oversized_body_is_refused(client, app, channel):
    body = example(channel)
    huge = json.dumps(body, ensure_ascii=False).encode()[:-1] + b', "x": "' + b"x" * (3 * 1024 * 1024) + b'"}'
    answer = post(client, channel, huge)
    assert answer.status_code == 413 and "larger than" in answer.json["error"]
    assert stored(app) == (0, 0, 0)


@pytest.mark.parametrize("channel", CHANNELS)
def test_wrong_token_is_refused(client, app, channel):
    answer = client.post(f"/api/v1/intake/{channel}", json=example(channel),
                         headers={"Authorization": "Bearer not-the-token-000000"})
    assert answer.status_code == 401 and stored(app) == (0, 0, 0)


@pytest.mark.parametrize("channel", CHANNELS)
def test_refused_request_changes_nothing_already_stored(client, app, channel):
    first = post(client, channel, example(channel))
    before = the_case(app, first.json["id"])
    spoiled = copy.deepcopy(example(channel))
    spoiled[next(iter(spoiled))] = spoiled[next(iter(spoiled))]  # same id ...
    spoiled["unexpected"] = "field"  # ... but refused
    answer = post(client, channel, spoiled)
    assert answer.status_code == 422
    after = the_case(app, first.json["id"])
    assert (after.title, after.content, after.version, after.raw) == (before.title, before.content, before.version,
                                                                     before.raw)
    assert stored(app) == (1, 1, 1)
