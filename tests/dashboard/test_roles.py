"""Each role is refused what it may not see or do, through the same API the console uses."""
from __future__ import annotations

import re

import pytest

from casework.actions import do_case_action, do_intake
from casework.seed import seed_demo
from casework.settings import Settings
from casework.tokens import Principal
from casework.users import seed_demo_users
from dashboard.server import create_app
from realtime.runtime import build_runtime
from tests.factories import report

TOKEN = "test-token-0123456789abcdef"
KIOSK = "kiosk-token-0123456789abcdef"
PASSWORD = "correct horse battery"


@pytest.fixture
def app(sqlite_url, clock):  # noqa: ANN001, ANN201
    settings = Settings(DATABASE_URL=sqlite_url, SMARTBRAIN_DEMO_TOKEN=TOKEN)
    runtime = build_runtime(settings, clock=clock)
    runtime.tokens.add(KIOSK, Principal("wall-kiosk", frozenset({"live:wall"})))
    smartbrain = create_app(settings, runtime=runtime)
    with runtime.store.transaction() as s:
        seed_demo(s, runtime.region, clock=clock)
        seed_demo_users(s, clock=clock, password=PASSWORD)
    yield smartbrain
    runtime.stop()


@pytest.fixture
def cases(app, clock):  # noqa: ANN001, ANN201
    """One case in 渠江街道 routed to 县住建局, one in 临巴镇 not routed."""
    store = app.runtime.store
    with store.transaction() as s:
        town = do_intake(s, report(township_code="511725001"), clock=clock).case["id"]
        other = do_intake(s, report(township_code="511725102"), clock=clock).case["id"]
    with store.transaction() as s:
        do_case_action(s, town, "sign", expected_version=1, clock=clock, actor="duty")
    with store.transaction() as s:
        do_case_action(s, town, "route", expected_version=2, clock=clock, actor="duty",
                       data={"department": "县住建局"})
    return {"town": town, "other": other}


def signed_in(app, username: str, password: str = PASSWORD):  # noqa: ANN201
    client = app.flask.test_client()
    form = client.get("/login").get_data(as_text=True)
    csrf = re.search(r'name="csrf" value="([^"]+)"', form).group(1)
    answer = client.post("/login", data={"username": username, "password": password, "csrf": csrf})
    assert answer.status_code == 302, answer.get_data(as_text=True)
    return client


def ids(answer) -> set[str]:  # noqa: ANN001
    return {c["id"] for c in answer.json["cases"]}


def test_nobody_gets_nothing(app, cases):
    client = app.flask.test_client()
    assert client.get("/api/v1/cases").status_code == 401
    assert client.post(f"/api/v1/cases/{cases['other']}/sign", json={"version": 1}).status_code == 401


def test_kiosk_token_reads_the_wall_only(app, cases):
    client = app.flask.test_client()
    headers = {"Authorization": f"Bearer {KIOSK}"}
    assert client.get("/api/v1/cases", headers=headers).status_code == 403
    assert client.get("/api/v1/live/snapshot?room=console", headers=headers).status_code == 403
    assert client.get("/api/v1/live/snapshot?room=wall", headers=headers).status_code == 200


def test_department_handler_sees_and_acts_on_its_department_only(app, cases):
    client = signed_in(app, "dept")
    assert ids(client.get("/api/v1/cases")) == {cases["town"]}
    assert client.get(f"/api/v1/cases/{cases['other']}").status_code == 404
    assert client.post(f"/api/v1/cases/{cases['other']}/sign", json={"version": 1}).status_code == 404
    assert client.post(f"/api/v1/cases/{cases['town']}/return", json={"version": 3}).status_code == 200
    assert client.post(f"/api/v1/cases/{cases['town']}/dispatch",
                       json={"version": 4, "unit_id": "x"}).status_code == 403


def test_township_officer_sees_its_township_only(app, cases):
    client = signed_in(app, "town")
    assert ids(client.get("/api/v1/cases")) == {cases["town"]}
    assert client.get(f"/api/v1/cases/{cases['other']}").status_code == 404


def test_leader_reads_but_does_not_sign(app, cases):
    client = signed_in(app, "leader")
    assert ids(client.get("/api/v1/cases")) == {cases["town"], cases["other"]}
    answer = client.post(f"/api/v1/cases/{cases['other']}/sign", json={"version": 1})
    assert answer.status_code == 403 and "may not cases:sign" in answer.json["error"]


def test_duty_officer_signs_and_a_stale_version_gets_409(app, cases):
    client = signed_in(app, "duty")
    assert client.post(f"/api/v1/cases/{cases['other']}/sign", json={"version": 1}).status_code == 200
    conflict = client.post(f"/api/v1/cases/{cases['other']}/sign", json={"version": 1})
    assert conflict.status_code == 409 and conflict.json["current"]["status"] == "signed"


def test_console_page_needs_a_signed_in_officer(app, cases):
    anonymous = app.flask.test_client()
    layout = anonymous.post("/_dash-update-component", json={
        "output": "page.children", "outputs": {"id": "page", "property": "children"},
        "inputs": [{"id": "url", "property": "pathname", "value": "/console"}], "changedPropIds": ["url.pathname"],
    })
    page = layout.json["response"]["page"]["children"]
    assert page["props"]["className"] == "console-login"
    assert page["props"]["children"][0]["props"]["href"] == "/login?next=/console"


def test_sign_in_is_throttled(app):
    client = app.flask.test_client()
    for _ in range(5):
        form = client.get("/login").get_data(as_text=True)
        csrf = re.search(r'name="csrf" value="([^"]+)"', form).group(1)
        assert client.post("/login", data={"username": "duty", "password": "wrong", "csrf": csrf}).status_code == 401
    form = client.get("/login").get_data(as_text=True)
    csrf = re.search(r'name="csrf" value="([^"]+)"', form).group(1)
    locked = client.post("/login", data={"username": "duty", "password": PASSWORD, "csrf": csrf})
    assert locked.status_code == 401 and "15分钟" in locked.get_data(as_text=True)


def test_login_without_csrf_token_is_refused(app):
    client = app.flask.test_client()
    answer = client.post("/login", data={"username": "duty", "password": PASSWORD})
    assert answer.status_code == 400


def test_rates_api_for_a_township_officer_counts_its_township(app, cases):
    client = signed_in(app, "town")
    answer = client.get("/api/v1/metrics/rates?from=2026-11-23T00:00:00%2B08:00&to=2026-11-24T00:00:00%2B08:00")
    assert answer.status_code == 200, answer.json
    assert answer.json["counts"]["received"] == 1 and answer.json["definitions"]["sign"]["zh"] == "签收率"
    assert set(answer.json["on_time"]) == {"on_time_sign", "on_time_closure"}
    assert client.get("/api/v1/metrics/rates?from=yesterday&to=today").status_code == 400


def test_duty_officer_records_contact_with_the_party(app, cases):
    client = signed_in(app, "duty")
    answer = client.post(f"/api/v1/cases/{cases['other']}/contact", json={"version": 1})
    assert answer.status_code == 200 and answer.json["contacted_at"]


def test_re_classify_duty_officer_and_township_officer_on_their_cases_only(app, cases):
    duty = signed_in(app, "duty")
    answer = duty.post(f"/api/v1/cases/{cases['other']}/classify", json={"version": 1, "category": "民政"})
    assert answer.status_code == 200 and answer.json["category"] == "民政"
    history = duty.get(f"/api/v1/cases/{cases['other']}").json["history"]
    assert history[-1]["action"] == "classify" and history[-1]["data"] == {"category": "民政", "previous": "城乡建设"}
    unknown = duty.post(f"/api/v1/cases/{cases['other']}/classify", json={"version": 2, "category": "天气"})
    assert unknown.status_code == 422 and "not in the taxonomy" in unknown.json["error"]

    town = signed_in(app, "town")
    assert town.post(f"/api/v1/cases/{cases['town']}/classify",
                     json={"version": 3, "category": "城乡建设/安全生产/安全隐患"}).status_code == 422  # unchanged
    assert town.post(f"/api/v1/cases/{cases['town']}/classify",
                     json={"version": 3, "category": "环境保护"}).status_code == 200
    assert town.post(f"/api/v1/cases/{cases['other']}/classify",
                     json={"version": 2, "category": "政法"}).status_code == 404  # not their township


@pytest.mark.parametrize("username", ["dept", "leader"])
def test_department_handler_and_leader_may_not_re_classify(app, cases, username):
    client = signed_in(app, username)
    answer = client.post(f"/api/v1/cases/{cases['town']}/classify", json={"version": 3, "category": "民政"})
    assert answer.status_code == 403 and "may not cases:classify" in answer.json["error"]


@pytest.mark.parametrize(("username", "may"), [("duty", True), ("town", True), ("admin", True),
                                              ("dept", False), ("leader", False)])
def test_the_panel_offers_re_classify_to_the_roles_that_may(app, cases, username, may):
    from casework.users import load_principal
    from dashboard.viewmodels import case_panel

    with app.runtime.store.reading() as session:
        principal = load_principal(session, username)
    panel = case_panel(app.runtime, cases["town"], principal)
    assert panel["may_classify"] is may
    # the map shows units to those who may see units (a department handler does not)
    assert (len(panel["map_units"]) > 2) is principal.may("units:read")


def test_key_hints_and_built_in_views_list_only_what_the_role_may_do():
    from casework.access import principal_for
    from dashboard.i18n import translator
    from dashboard.pages.console import keys_hint

    t = translator("zh-CN")
    assert keys_hint(principal_for("duty", "duty_officer"), t).startswith("快捷键：S 签收 · D 派单 · R 分流 · C 已联系")
    leader = keys_hint(principal_for("leader", "leader"), t)
    assert "签收" not in leader and "派单" not in leader and "/ 搜索" in leader
    assert "D 派单" in keys_hint(principal_for("town", "township_officer", township_code="511725001"), t)
