"""The briefing's download routes: who may have them, what a bad period gets, and what is inside."""
from __future__ import annotations

import io
import re
import shutil

import pytest

from casework.actions import do_case_action, do_intake
from casework.seed import seed_demo
from casework.settings import Settings
from casework.tokens import Principal
from casework.users import seed_demo_users
from dashboard.server import create_app
from realtime.runtime import build_runtime
from tests.conftest import unavailable
from tests.factories import report

TOKEN = "test-token-0123456789abcdef"
KIOSK = "kiosk-token-0123456789abcdef"
PASSWORD = "correct horse battery"
WEEK = {"from": "2026-11-16", "to": "2026-11-22"}


@pytest.fixture
def app(sqlite_url, clock):  # noqa: ANN001, ANN201
    settings = Settings(DATABASE_URL=sqlite_url, SMARTBRAIN_DEMO_TOKEN=TOKEN)
    runtime = build_runtime(settings, clock=clock)
    runtime.tokens.add(KIOSK, Principal("wall-kiosk", frozenset({"live:wall"}), role="kiosk"))
    smartbrain = create_app(settings, runtime=runtime)
    with runtime.store.transaction() as s:
        seed_demo(s, runtime.region, clock=clock)
        seed_demo_users(s, clock=clock, password=PASSWORD)
    from datetime import datetime, timezone

    with runtime.store.transaction() as s:
        case_id = do_intake(s, report(received_at=datetime(2026, 11, 18, 2, tzinfo=timezone.utc)), clock=clock).case["id"]
        do_case_action(s, case_id, "sign", expected_version=1, clock=clock, actor="duty")
    yield smartbrain
    runtime.stop()


def signed_in(app, username: str):  # noqa: ANN001, ANN201
    client = app.flask.test_client()
    form = client.get("/login").get_data(as_text=True)
    csrf = re.search(r'name="csrf" value="([^"]+)"', form).group(1)
    assert client.post("/login", data={"username": username, "password": PASSWORD, "csrf": csrf}).status_code == 302
    return client


@pytest.mark.parametrize("path", ["/briefing/export/briefing.xlsx", "/briefing/export/briefing.pdf",
                                  "/briefing/export/report.docx", "/briefing/print"])
def test_the_kiosk_and_strangers_are_refused(app, path):
    client = app.flask.test_client()
    assert client.get(path).status_code == 401
    assert client.get(path, headers={"Authorization": f"Bearer {KIOSK}"}).status_code == 403


@pytest.mark.parametrize("username", ["town", "dept", "unit"])
def test_officers_without_the_briefing_are_refused(app, username):
    assert signed_in(app, username).get("/briefing/export/briefing.xlsx", query_string=WEEK).status_code == 403


@pytest.mark.parametrize("query, reason", [
    ({"from": "2026-11-22", "to": "2026-11-16"}, "before it starts"),
    ({"from": "2026-11-16"}, "give both"),
    ({"from": "last week", "to": "2026-11-22"}, "YYYY-MM-DD"),
])
def test_a_bad_period_gets_400_with_the_reason(app, query, reason):
    answer = signed_in(app, "leader").get("/briefing/export/briefing.xlsx", query_string=query)
    assert answer.status_code == 400
    assert reason in answer.get_data(as_text=True)
    bad_month = signed_in(app, "leader").get("/briefing/export/report.docx", query_string={"month": "2026-13"})
    assert bad_month.status_code == 400


@pytest.mark.parametrize("username", ["leader", "duty", "admin"])
def test_excel_has_a_sheet_per_figure_with_the_numbers(app, username):
    from openpyxl import load_workbook

    answer = signed_in(app, username).get("/briefing/export/briefing.xlsx", query_string=WEEK)
    assert answer.status_code == 200
    book = load_workbook(io.BytesIO(answer.data))
    assert book.sheetnames[:5] == ["总览", "按渠道", "按类别", "按乡镇", "按部门"]
    overview = {row[0]: row[1:] for row in book["总览"].iter_rows(min_row=5, values_only=True) if row[0]}
    assert overview["受理诉求"][0] == "1"
    assert overview["签收率"][0] == "100.0%"
    assert "attachment" in answer.headers["Content-Disposition"]


def test_the_monthly_report_has_the_standard_sections_and_sentences(app):
    from docx import Document

    answer = signed_in(app, "leader").get("/briefing/export/report.docx", query_string={"month": "2026-11"})
    assert answer.status_code == 200
    document = Document(io.BytesIO(answer.data))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings == ["一、总体情况", "二、诉求结构", "三、重点领域", "四、区域分布", "五、办理质效", "六、风险预警",
                        "七、下步工作建议"]
    text = "\n".join(p.text for p in document.paragraphs)
    assert "2026年11月，全县共受理群众诉求1件" in text
    assert len(document.inline_shapes) >= 4  # charts as images


def test_the_pdf_is_printed_by_the_servers_chromium(app):
    if not shutil.which("chromium"):
        unavailable("Debian chromium is not installed (make test installs it)")
    answer = signed_in(app, "leader").get("/briefing/export/briefing.pdf", query_string=WEEK)
    assert answer.status_code == 200, answer.get_data(as_text=True)
    assert answer.data.startswith(b"%PDF")
    assert answer.headers["Content-Type"] == "application/pdf"
