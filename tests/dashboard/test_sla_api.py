"""SLA through the officers' API: the runtime passes its policies, the new marks are accepted by role,
cases carry their clocks and next deadline, /healthz reports the timers, the console lists the clocks."""
from __future__ import annotations

import pytest

from casework.seed import seed_demo
from casework.settings import Settings
from casework.users import seed_demo_users
from dashboard.components.case_panel import case_panel
from dashboard.i18n import translator
from dashboard.server import create_app
from dashboard.viewmodels import case_panel as case_panel_data
from realtime.runtime import build_runtime
from tests.dashboard.test_roles import PASSWORD, TOKEN, signed_in
from tests.factories import report

AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def app(sqlite_url, clock):  # noqa: ANN001, ANN201
    settings = Settings(DATABASE_URL=sqlite_url, SMARTBRAIN_DEMO_TOKEN=TOKEN)
    runtime = build_runtime(settings, clock=clock)
    smartbrain = create_app(settings, runtime=runtime)
    with runtime.store.transaction() as s:
        seed_demo(s, runtime.region, clock=clock)
        seed_demo_users(s, clock=clock, password=PASSWORD)
    yield smartbrain
    runtime.stop()


def post(client, case_id: str, action: str, **body):  # noqa: ANN001, ANN003, ANN201
    version = client.get(f"/api/v1/cases/{case_id}").json["version"]
    return client.post(f"/api/v1/cases/{case_id}/{action}", json={"version": version, **body})


def test_intake_over_http_starts_clocks_and_the_new_marks_follow_roles(app, clock):  # noqa: ANN001
    client = app.flask.test_client()
    body = {"external_id": "SLA-1", "received_at": clock.now().isoformat(), "title": "路灯不亮",
            "content": "小区门口路灯坏了一个星期。", "category": "城乡建设", "region_code": "511725001"}
    created = client.post("/api/v1/intake/hotline12345", json=body, headers=AUTH)
    assert created.status_code == 201, created.json
    case_id = created.json["id"]

    duty = signed_in(app, "duty")
    found = duty.get(f"/api/v1/cases/{case_id}").json
    assert {c["kind"] for c in found["clocks"]} == {"sign", "order", "closure"}
    sign = next(c for c in found["clocks"] if c["kind"] == "sign")
    assert sign["remaining_seconds"] == 600 and sign["deadline"].endswith("+08:00")
    assert found["next_deadline"] == sign["deadline"]
    listed = duty.get("/api/v1/cases?status=open").json["cases"]
    assert next(c for c in listed if c["id"] == case_id)["next_deadline"] == sign["deadline"]

    assert post(duty, case_id, "sign").status_code == 200
    assert post(duty, case_id, "route", department="县住建局").status_code == 200
    dept = signed_in(app, "dept")
    assert post(dept, case_id, "wait", reason="x").status_code == 403  # not a department handler's call
    assert post(dept, case_id, "acknowledge").status_code == 200
    assert post(duty, case_id, "wait").status_code == 422  # a wait needs its reason
    assert post(duty, case_id, "wait", reason="当事人住院").status_code == 200
    states = {c["kind"]: c["state"] for c in duty.get(f"/api/v1/cases/{case_id}").json["clocks"]}
    assert states == {"sign": "stopped", "order": "stopped", "closure": "paused", "dept_sign": "stopped",
                      "feedback": "paused"}
    assert post(duty, case_id, "resume").status_code == 200
    assert duty.get(f"/api/v1/cases/{case_id}").json["next_deadline"] is not None

    health = client.get("/healthz").json
    assert health["timers"]["kind"] == "in-process" and health["timers"]["leader"] == "no"  # not started


def test_the_console_panel_lists_the_clocks(app, clock):  # noqa: ANN001
    from casework.access import principal_for
    from casework.actions import do_intake

    runtime = app.runtime
    with runtime.store.transaction() as s:
        case_id = do_intake(s, report(received_at=clock.now()), clock=clock, policies=runtime.policies).case["id"]
    data = case_panel_data(runtime, case_id, principal_for("duty", "duty_officer"))
    assert [(r["kind"], r["status"], r["deadline"]) for r in data["clock_rows"]][0] == ("sign", "running", "11-23 10:10")
    text = str(case_panel(data, translator("en")))
    assert "Sign" in text and "due 11-23 10:10" in text and "clock-running" in text
    assert "签收" in str(case_panel(data, translator("zh-CN")))
