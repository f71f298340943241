"""Open311 GeoReport v2 under /open311/v2/: the spec's own examples (XML and JSON), every filter of
GET requests, POST through the one intake path, tokens, and the spec's errors and status codes."""
from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import parse_qsl, urlencode
from xml.etree import ElementTree

import pytest
from sqlalchemy import func, select

from adapters.open311.config import load_config
from casework.actions import do_case_action
from casework.models import Case, CaseEvent, OutboxEvent
from casework.settings import Settings
from dashboard.server import create_app
from realtime.runtime import build_runtime

TOKEN = "test-token-0123456789abcdef"
SPEC = Path(__file__).resolve().parents[2] / "adapters" / "open311" / "examples" / "spec"
FORM = "application/x-www-form-urlencoded; charset=utf-8"
SPEC_CONFIG = """
jurisdiction_ids: [city.gov]
contact: You can email or call for assistance api@mycity.org +1 (555) 555-5555
key_service: "You can request a key here: http://api.mycity.gov/api_key/request"
service_notice: The City will inspect and require the responsible party to correct within 24 hours
attributes:
  - {code: WHISPAWN, datatype: string, required: true, description: "What is the ticket/tag/DL number?"}
  - {code: WHISDORN, datatype: string, description: "Which unit?"}
  - code: WHISHETN
    datatype: singlevaluelist
    description: Make
    values: [{key: 123, name: Ford}, {key: 124, name: Chrysler}]
"""


def build(sqlite_url, clock, config=None):  # noqa: ANN001, ANN201
    settings = Settings(DATABASE_URL=sqlite_url, SMARTBRAIN_DEMO_TOKEN=TOKEN,
                        SMARTBRAIN_OPEN311_CONFIG=str(config) if config else None)
    runtime = build_runtime(settings, clock=clock)
    return create_app(settings, runtime=runtime)


@pytest.fixture
def app(sqlite_url, clock):  # noqa: ANN001, ANN201
    smartbrain = build(sqlite_url, clock)
    yield smartbrain
    smartbrain.runtime.stop()


@pytest.fixture
def spec_app(sqlite_url, clock, tmp_path):  # noqa: ANN001, ANN201
    path = tmp_path / "open311.yaml"
    path.write_text(SPEC_CONFIG, encoding="utf-8")
    smartbrain = build(sqlite_url, clock, config=path)
    yield smartbrain
    smartbrain.runtime.stop()


@pytest.fixture
def client(app):  # noqa: ANN001, ANN201
    return app.flask.test_client()


@pytest.fixture
def spec_client(spec_app):  # noqa: ANN001, ANN201
    return spec_app.flask.test_client()


def stored(app) -> tuple[int, int, int]:  # noqa: ANN001
    with app.runtime.store.reading() as s:
        return tuple(s.scalar(select(func.count()).select_from(m)) for m in (Case, CaseEvent, OutboxEvent))


# --- the spec's examples, as shapes ------------------------------------------------------------------

def spec_text(name: str) -> str:
    text = (SPEC / name).read_text(encoding="utf-8")
    return text.split("\n\n", 1)[1] if text.startswith(("HTTP/", "POST ")) else text  # past the head


def spec_xml(name: str) -> ElementTree.Element:
    return ElementTree.fromstring(spec_text(name).strip().encode())


def spec_json(name: str):  # noqa: ANN201
    # the spec writes numbers with leading zeros ("service_code":001), which JSON does not allow
    return json.loads(re.sub(r'(?<=:)(\s*)0+(\d)', r"\1\2", spec_text(name)))


def xml_shape(element: ElementTree.Element):  # noqa: ANN201
    children = list(element)
    if not children:
        return element.tag
    tags = [c.tag for c in children]
    if len(children) > 1 and len(set(tags)) == 1:  # a list: one shape for all items
        return (element.tag, [xml_shape(children[0])])
    return (element.tag, sorted((xml_shape(c) for c in children), key=str))


def json_shape(value):  # noqa: ANN001, ANN201
    if isinstance(value, list):
        return [json_shape(value[0])] if value else []
    if isinstance(value, dict):
        return {k: json_shape(v) for k, v in value.items()}
    return "value"


def same_xml_shape(ours: bytes, example: str) -> None:
    mine, theirs = ElementTree.fromstring(ours), spec_xml(example)
    assert xml_shape(_one_item(mine)) == xml_shape(_one_item(theirs))


def _one_item(element: ElementTree.Element) -> ElementTree.Element:
    """Lists compared by their first item (the spec's examples have one, two or three)."""
    for parent in element.iter():
        children = list(parent)
        if len(children) > 1 and len({c.tag for c in children}) == 1:
            for extra in children[1:]:
                parent.remove(extra)
    return element


def same_json_shape(ours, example: str) -> None:  # noqa: ANN001
    assert json_shape(ours) == json_shape(spec_json(example))


def test_discovery_has_the_spec_shape(client):
    xml = client.get("/open311/v2/discovery.xml")
    assert xml.status_code == 200 and xml.content_type == "text/xml; charset=utf-8"
    assert xml.data.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    same_xml_shape(xml.data, "discovery.xml")
    answer = client.get("/open311/v2/discovery.json")
    assert answer.content_type == "application/json; charset=utf-8"
    same_json_shape(answer.json, "discovery.json")
    endpoint = answer.json["endpoints"][0]
    assert endpoint["url"] == "http://localhost/open311/v2"
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["formats"] == ["text/xml", "application/json"] and endpoint["type"] == "production"


def test_services_come_from_the_taxonomy(client):
    xml = client.get("/open311/v2/services.xml")
    same_xml_shape(xml.data, "services.xml")
    services = client.get("/open311/v2/services.json").json
    same_json_shape(services, "services.json")
    assert len(services) == 517
    first = services[0]
    assert first["service_code"] == "0101001" and first["group"] == "城乡建设"
    assert first["description"] == "城乡建设 / 安全生产 / 事故处理" and first["type"] == "realtime"
    assert first["metadata"] is True
    assert len({s["service_code"] for s in services}) == len({s["service_name"] for s in services}) == 517
    assert {s["group"] for s in services} >= {"城乡建设", "环境保护", "劳动和社会保障"}


def test_service_definition_has_the_spec_shape(client):
    xml = client.get("/open311/v2/services/0101001.xml")
    assert xml.status_code == 200
    root, example = ElementTree.fromstring(xml.data), spec_xml("service_definition.xml")
    assert [c.tag for c in root] == [c.tag for c in example] == ["service_code", "attributes"]
    urgency = next(a for a in root.iter("attribute") if a.findtext("code") == "URGENCY")
    assert xml_shape(_one_item(urgency)) == xml_shape(_one_item(example.find("attributes/attribute")))
    definition = client.get("/open311/v2/services/0101001.json").json
    assert definition["service_code"] == "0101001"
    urgency = next(a for a in definition["attributes"] if a["code"] == "URGENCY")
    assert json_shape(urgency) == json_shape(spec_json("service_definition.json")["attributes"][0])
    assert [a["order"] for a in definition["attributes"]] == [1, 2, 3]
    assert definition["attributes"][0]["variable"] is False


def test_spec_example_definition_is_served_as_the_spec_shows(spec_client):
    definition = spec_client.get("/open311/v2/services/0101001.json").json
    make = next(a for a in definition["attributes"] if a["code"] == "WHISHETN")
    expected = spec_json("service_definition.json")["attributes"][0]
    assert {k: make[k] for k in ("variable", "datatype", "required", "datatype_description")} == {
        "variable": True, "datatype": "singlevaluelist", "required": False, "datatype_description": None}
    assert [v["name"] for v in make["values"]] == [v["name"] for v in expected["values"]]


# --- POST -------------------------------------------------------------------------------------------

def spec_post_body(**changes: str) -> str:
    body = spec_text("post_request.http").strip()
    pairs = dict(parse_qsl(body, keep_blank_values=True))
    pairs.update(changes)
    return urlencode(pairs)


def test_spec_example_post_with_its_key_gets_the_spec_error(spec_client, spec_app):
    raw = spec_text("post_request.http").strip()
    answer = spec_client.post("/open311/v2/requests.xml", data=raw, content_type=FORM)
    assert answer.status_code == 403
    assert xml_shape(ElementTree.fromstring(answer.data)) == xml_shape(spec_xml("errors.xml"))
    error = ElementTree.fromstring(answer.data).find("error")
    assert error.findtext("code") == "403"
    assert error.findtext("description") == spec_xml("errors.xml").find("error").findtext("description")
    as_json = spec_client.post("/open311/v2/requests.json", data=raw, content_type=FORM)
    assert as_json.status_code == 403 and as_json.json == spec_json("errors.json")
    assert stored(spec_app) == (0, 0, 0)


def test_spec_example_post_creates_a_case(spec_client, spec_app):
    body = spec_post_body(api_key=TOKEN, service_code="0102006")
    answer = spec_client.post("/open311/v2/requests.xml", data=body, content_type=FORM)
    assert answer.status_code == 200, answer.data.decode()
    same_xml_shape(answer.data, "post_response.xml")
    request = ElementTree.fromstring(answer.data).find("request")
    case_id = request.findtext("service_request_id")
    assert request.findtext("account_id") == "123456"
    assert request.findtext("service_notice").startswith("The City will inspect")
    with spec_app.runtime.store.reading() as s:
        case = s.get(Case, case_id)
    assert case.channel == "open311" and case.category == "城乡建设/城市建设和市政管理/公共汽车"
    assert case.title == "A large sinkhole is destroying the street"
    assert "【What is the ticket/tag/DL number?】123456" in case.content
    assert (case.reporter_name, case.reporter_phone) == ("john smith", "111111111")
    assert (case.lat, case.lon, case.address) == (pytest.approx(37.76524078), -122.4212043, "1234 5th street")
    assert case.attachments == [{"url": "http://farm3.static.flickr.com/2002/2212426634_5ed477a060.jpg",
                                 "kind": "media", "name": None}]
    assert any("smit333@sfgov.edu" in n and "tt222111" in n for n in case.notes)
    assert any("outside the region" in n for n in case.notes)
    assert case.received_at == spec_app.runtime.clock.now()
    assert dict(parse_qsl(case.raw))["device_id"] == "tt222111"
    as_json = spec_client.post("/open311/v2/requests.json", data=body, content_type=FORM)
    same_json_shape(as_json.json, "post_response.json")
    assert as_json.json[0]["service_request_id"] == case_id  # the same submission again: the same case
    assert stored(spec_app) == (1, 1, 1)


def chinese_form(**changes: str) -> dict[str, str]:
    form = {"api_key": TOKEN, "service_code": "0102006", "lat": "30.8425", "long": "106.9677",
            "address_string": "渠江街道庆丰社区滨江路88号", "first_name": "三", "last_name": "张",
            "phone": "13812345678", "description": "滨江路公交站牌被车撞倒，横在人行道上。请尽快处理。",
            "attribute[URGENCY]": "urgent", "attribute[OCCURRED_AT]": "2026-11-23T08:40:00+08:00"}
    form.update(changes)
    return form


def post(client, form: dict[str, str], fmt: str = "json", **kwargs):  # noqa: ANN001, ANN003, ANN201
    return client.post(f"/open311/v2/requests.{fmt}", data=urlencode(form), content_type=FORM, **kwargs)


def test_chinese_request_is_placed_and_reads_back(client, app):
    answer = post(client, chinese_form())
    assert answer.status_code == 200, answer.json
    case_id = answer.json[0]["service_request_id"]
    with app.runtime.store.reading() as s:
        case = s.get(Case, case_id)
    assert case.reporter_name == "张三" and case.urgency == "urgent"
    assert case.township_code == "511725001" and case.title == "滨江路公交站牌被车撞倒，横在人行道上"
    assert "【紧急程度】紧急" in case.content and "【问题发生或发现的时间】2026-11-23T08:40:00+08:00" in case.content
    one = client.get(f"/open311/v2/requests/{case_id}.json")
    assert one.status_code == 200
    same_json_shape(one.json, "request.json")
    request = one.json[0]
    assert request["status"] == "open" and request["status_notes"] == "已受理"
    assert request["service_code"] == "0102006" and request["service_name"] == "公共汽车"
    assert request["requested_datetime"] == "2026-11-23T10:00:00+08:00"
    assert request["long"] == case.lon and request["address"] == "渠江街道庆丰社区滨江路88号"
    same_xml_shape(client.get(f"/open311/v2/requests/{case_id}.xml").data, "request.xml")


def test_token_resolves_to_the_request(client, app):
    answer = post(client, chinese_form())
    case_id = answer.json[0]["service_request_id"]
    with app.runtime.store.reading() as s:
        token = s.get(Case, case_id).external_id
    resolved = client.get(f"/open311/v2/tokens/{token}.json")
    assert resolved.status_code == 200 and resolved.json == [{"service_request_id": case_id, "token": token}]
    same_json_shape(resolved.json, "token.json")
    same_xml_shape(client.get(f"/open311/v2/tokens/{token}.xml").data, "token.xml")
    missing = client.get("/open311/v2/tokens/12345.xml")
    assert missing.status_code == 404 and b"token 12345 was not found" in missing.data


def test_idempotency_key_names_the_submission(client, app):
    first = post(client, chinese_form(), headers={"Idempotency-Key": "app-7f3a-0001"})
    second = post(client, chinese_form(description="同一个问题，补充：站牌压住了盲道。"),
                  headers={"Idempotency-Key": "app-7f3a-0001"})
    assert first.json[0]["service_request_id"] == second.json[0]["service_request_id"]
    assert client.get("/open311/v2/tokens/app-7f3a-0001.json").status_code == 200
    assert stored(app) == (1, 1, 1)


def test_different_submissions_are_different_cases(client, app):
    a = post(client, chinese_form())
    b = post(client, chinese_form(description="另一处：渠江街道庆丰社区门口站牌也坏了。"))
    assert a.json[0]["service_request_id"] != b.json[0]["service_request_id"]


def test_gbk_form_is_decoded(client, app):
    body = urlencode(chinese_form(), encoding="gbk")
    answer = client.post("/open311/v2/requests.json", data=body,
                         content_type="application/x-www-form-urlencoded; charset=GBK")
    assert answer.status_code == 200, answer.json
    with app.runtime.store.reading() as s:
        assert s.scalar(select(Case)).reporter_name == "张三"


def test_multipart_fields_are_read_and_files_refused(client, app):
    answer = client.post("/open311/v2/requests.json", data=chinese_form(), content_type="multipart/form-data")
    assert answer.status_code == 200, answer.json
    import io
    with_file = client.post("/open311/v2/requests.json", content_type="multipart/form-data",
                            data={**chinese_form(description="带照片"), "media": (io.BytesIO(b"\xff\xd8"), "a.jpg")})
    assert with_file.status_code == 400 and "media_url" in with_file.json[0]["description"]
    assert stored(app) == (1, 1, 1)


# --- POST errors ------------------------------------------------------------------------------------

POST_ERRORS = [
    ("no service_code", {"service_code": ""}, 400, ["service_code was not provided"]),
    ("unknown service_code", {"service_code": "001"}, 404, ["service_code 001 was not found"]),
    ("no location", {"lat": "", "long": "", "address_string": ""}, 400, ["a location is required"]),
    ("lat alone", {"long": ""}, 400, ["lat and long must be sent together"]),
    ("not degrees", {"lat": "north", "long": "east"}, 400, ["WGS-84 decimal degrees"]),
    ("bad attributes", {"attribute[URGENCY]": "asap", "attribute[OCCURRED_AT]": "yesterday", "attribute[COLOR]": "red"},
     400, ["attribute URGENCY: asap", "attribute OCCURRED_AT", "attribute COLOR is not defined"]),
    ("long description", {"description": "长" * 4001}, 400, ["limit is 4000"]),
    ("bad email and phone", {"email": "someone", "phone": "call me"}, 400, ["email 'someone'", "phone 'call me'"]),
    ("bad media_url", {"media_url": "javascript:alert(1)"}, 400, ["media_url"]),
    ("wrong key", {"api_key": "not-the-token-000000"}, 403, ["Invalid api_key"]),
    ("no key", {"api_key": ""}, 403, ["api_key was not provided"]),
    ("wrong jurisdiction", {"jurisdiction_id": "sfgov.org"}, 404, ["jurisdiction_id sfgov.org was not found"]),
]


@pytest.mark.parametrize("name,changes,status,messages", POST_ERRORS, ids=[e[0] for e in POST_ERRORS])
@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_post_errors_are_the_spec_error_list(client, app, name, changes, status, messages, fmt):
    answer = post(client, chinese_form(**changes), fmt)
    assert answer.status_code == status
    if fmt == "json":
        problems = answer.json
        assert all(set(p) == {"code", "description"} for p in problems)
        descriptions = [p["description"] for p in problems]
    else:
        root = ElementTree.fromstring(answer.data)
        assert root.tag == "errors"
        descriptions = [e.findtext("description") for e in root.findall("error")]
    for message in messages:
        assert any(message in d for d in descriptions), (message, descriptions)
    assert stored(app) == (0, 0, 0)


def test_refused_post_changes_nothing_stored(client, app):
    first = post(client, chinese_form())
    refused = post(client, chinese_form(**{"attribute[URGENCY]": "asap"}))
    assert refused.status_code == 400
    with app.runtime.store.reading() as s:
        case = s.get(Case, first.json[0]["service_request_id"])
    assert case.urgency == "urgent" and case.version == 1 and stored(app) == (1, 1, 1)


BAD_BODIES = [
    ("json body", json.dumps({"service_code": "0102006"}).encode(), "application/json", 415, "content type"),
    ("bad utf-8 escape", b"api_key=" + TOKEN.encode() + b"&service_code=0102006&description=%E8%B7", FORM, 400,
     "not valid utf-8"),
    ("latin-1 charset", b"service_code=1", "application/x-www-form-urlencoded; charset=latin-1", 415, "charset"),
    ("too large", b"description=" + b"x" * (3 * 1024 * 1024), FORM, 413, "larger than"),
]


@pytest.mark.parametrize("name,data,content_type,status,reason", BAD_BODIES, ids=[b[0] for b in BAD_BODIES])
def test_bad_bodies_get_precise_codes_in_the_spec_body(client, app, name, data, content_type, status, reason):
    answer = client.post("/open311/v2/requests.json", data=data, content_type=content_type)
    assert answer.status_code == status
    assert answer.json[0]["code"] == status and reason in answer.json[0]["description"]
    assert stored(app) == (0, 0, 0)


# --- GET requests and its filters -----------------------------------------------------------------

@pytest.fixture
def requests_made(client, app):  # noqa: ANN001, ANN201
    """Five Open311 requests a day apart (newest last) and one 12345 case, which is not published."""
    clock = app.runtime.clock
    made = []
    codes = ["0102006", "0102006", "0101003", "0102006", "0101003"]
    for day, code in enumerate(codes):
        answer = post(client, chinese_form(service_code=code, description=f"第{day + 1}个诉求：站牌损坏，联系13812345678。"))
        made.append(answer.json[0]["service_request_id"])
        clock.advance(days=1)
    client.post("/api/v1/intake/hotline12345", headers={"Authorization": f"Bearer {TOKEN}"}, json={
        "external_id": "12345-1", "received_at": "2026-11-24T09:00:00+08:00", "title": "路灯不亮", "content": "路灯不亮",
        "category": "城乡建设/城市建设和市政管理/公共汽车"})
    with app.runtime.store.transaction() as s:  # the second request is resolved, the fourth closed
        for case_id, steps in ((made[1], ("sign", "route", "resolve")),
                               (made[3], ("sign", "route", "resolve", "close"))):
            for version, action in enumerate(steps, start=1):
                do_case_action(s, case_id, action, expected_version=version, clock=clock, actor="test",
                               data={"department": "县交通运输局"} if action == "route" else None)
    return made


def ids(answer) -> list[str]:  # noqa: ANN001
    return [r["service_request_id"] for r in answer.json]


def test_requests_list_has_the_spec_shape_and_newest_first(client, requests_made):
    answer = client.get("/open311/v2/requests.json")
    assert answer.status_code == 200
    same_json_shape(answer.json, "requests.json")
    assert ids(answer) == requests_made[::-1]  # the 12345 case is not published
    same_xml_shape(client.get("/open311/v2/requests.xml").data, "requests.xml")
    closed = next(r for r in answer.json if r["service_request_id"] == requests_made[3])
    assert closed["status"] == "closed" and closed["agency_responsible"] == "县交通运输局"
    assert "138****5678" in closed["description"] and "13812345678" not in closed["description"]


def test_filter_by_service_request_id_overrides_the_others(client, requests_made):
    wanted = f"{requests_made[0]},{requests_made[2]}"
    answer = client.get(f"/open311/v2/requests.json?service_request_id={wanted}&status=closed&service_code=0102006")
    assert sorted(ids(answer)) == sorted([requests_made[0], requests_made[2]])


def test_filter_by_service_code(client, requests_made):
    assert sorted(ids(client.get("/open311/v2/requests.json?service_code=0101003"))) == sorted(
        [requests_made[2], requests_made[4]])
    both = client.get("/open311/v2/requests.json?service_code=0101003,0102006")
    assert len(both.json) == 5
    unknown = client.get("/open311/v2/requests.json?service_code=999")
    assert unknown.status_code == 400 and "999" in unknown.json[0]["description"]


def test_filter_by_status(client, requests_made):
    closed = client.get("/open311/v2/requests.json?status=closed")
    assert sorted(ids(closed)) == sorted([requests_made[1], requests_made[3]])
    assert {r["status"] for r in closed.json} == {"closed"}
    assert len(client.get("/open311/v2/requests.json?status=open").json) == 3
    assert len(client.get("/open311/v2/requests.json?status=open,closed").json) == 5
    assert client.get("/open311/v2/requests.json?status=pending").status_code == 400


def test_filter_by_dates(client, requests_made):
    # requested 2026-11-23 10:00 (+08:00), then a day apart
    window = client.get("/open311/v2/requests.json?start_date=2026-11-24T00:00:00Z&end_date=2026-11-26T00:00:00Z")
    assert ids(window) == [requests_made[2], requests_made[1]]
    local = client.get("/open311/v2/requests.json?start_date=2026-11-25&end_date=2026-11-25")
    assert ids(local) == [requests_made[2]]  # a date alone is the whole day, in the center's zone
    since = client.get("/open311/v2/requests.json?start_date=2026-11-26T00:00:00%2B08:00")
    assert ids(since) == [requests_made[4], requests_made[3]]
    before = client.get("/open311/v2/requests.json?end_date=2026-11-23T23:00:00%2B08:00")
    assert ids(before) == [requests_made[0]]


def test_date_errors(client, requests_made):
    too_long = client.get("/open311/v2/requests.json?start_date=2026-01-01T00:00:00Z&end_date=2026-11-30T00:00:00Z")
    assert too_long.status_code == 400 and "90 days" in too_long.json[0]["description"]
    backwards = client.get("/open311/v2/requests.json?start_date=2026-11-30T00:00:00Z&end_date=2026-11-01T00:00:00Z")
    assert backwards.status_code == 400 and "before" in backwards.json[0]["description"]
    garbled = client.get("/open311/v2/requests.xml?start_date=last+week&status=pending")
    assert garbled.status_code == 400
    assert len(ElementTree.fromstring(garbled.data).findall("error")) == 2  # every problem listed


def test_default_window_is_the_last_90_days(client, app, requests_made):
    app.runtime.clock.advance(days=86.5)  # now 2027-02-22 22:00: the window opens 2026-11-24 22:00
    assert ids(client.get("/open311/v2/requests.json")) == requests_made[:1:-1]  # the two oldest fell out


def test_updated_window_and_pages(client, app, requests_made):
    updated = client.get("/open311/v2/requests.json?updated_after=2026-11-28T00:00:00%2B08:00")
    assert sorted(ids(updated)) == sorted([requests_made[1], requests_made[3]])  # acted on at the end
    page = client.get("/open311/v2/requests.json?page_size=2&page=2")
    assert ids(page) == [requests_made[2], requests_made[1]]
    assert client.get("/open311/v2/requests.json?page_size=5000").status_code == 400


def test_unknown_request_is_404(client, app):
    answer = client.get("/open311/v2/requests/01ZZZZZZZZZZZZZZZZZZZZZZZZ.xml")
    assert answer.status_code == 404
    assert ElementTree.fromstring(answer.data).find("error").findtext("code") == "404"


def test_unpublished_channel_is_404_on_its_own(client, app, requests_made):
    with app.runtime.store.reading() as s:
        hotline = s.scalar(select(Case).where(Case.channel == "hotline12345"))
    assert client.get(f"/open311/v2/requests/{hotline.id}.json").status_code == 404


# --- jurisdiction, formats, methods -------------------------------------------------------------

@pytest.mark.parametrize("jurisdiction,status", [("511725", 200), ("qu-county", 200), ("", 200), ("sfgov.org", 404)])
def test_jurisdiction_id(client, jurisdiction, status):
    answer = client.get(f"/open311/v2/services.json?jurisdiction_id={jurisdiction}")
    assert answer.status_code == status
    if status == 404:
        assert "jurisdiction_id sfgov.org was not found" in answer.json[0]["description"]


def test_configured_jurisdiction(spec_client):
    assert spec_client.get("/open311/v2/services.xml?jurisdiction_id=city.gov").status_code == 200


def test_formats_and_methods(client):
    assert client.get("/open311/v2/services").content_type.startswith("text/xml")  # XML is the spec's default
    html = client.get("/open311/v2/services.html")
    assert html.status_code == 400 and b"format must be .xml or .json" in html.data
    delete = client.delete("/open311/v2/requests/1.json")
    assert delete.status_code == 405 and delete.json[0]["code"] == 405
    assert client.get("/open311/v2/widgets.json").status_code == 404
    nowhere = client.get("/open311/v2/a/b/c")
    assert nowhere.status_code == 404 and ElementTree.fromstring(nowhere.data).tag == "errors"


def test_config_bundled_is_valid():
    config = load_config()
    assert config.publish_channels == ["open311"]
    assert {a.code for a in config.attributes_for("城乡建设")} == {"EMERGENCY", "URGENCY", "OCCURRED_AT"}
