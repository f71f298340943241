"""A leader opens /briefing in Chromium on a year of generated history, drills into a figure and
downloads each export; the kiosk token gets none of it."""
from __future__ import annotations

import io
import os
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
import requests

from tests.e2e.server import start_server

pytestmark = pytest.mark.browser
PASSWORD = "smartbrain-demo"
HISTORY = 20_000
SCREENSHOTS = os.environ.get("BRIEFING_SCREENSHOTS")  # a folder: save the page as PNG for a look


@pytest.fixture(scope="module")
def server(tmp_path_factory):  # noqa: ANN001, ANN201
    from bench.briefing_data import generate, load
    from casework.store.migrate import upgrade
    import sqlalchemy as sa

    folder = tmp_path_factory.mktemp("briefing")
    url = f"sqlite:///{folder / 'e2e.db'}"
    upgrade(url)
    now = datetime.now(timezone.utc)
    engine = sa.create_engine(url)
    load(engine, generate(HISTORY, first=now - timedelta(days=400), last=now, now=now, seasonal=True))
    engine.dispose()
    running = start_server(folder, database_url=url)
    yield running
    running.stop()


def signed_in(browser, server, username: str = "leader"):  # noqa: ANN001, ANN201
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, accept_downloads=True)
    page = context.new_page()
    page.goto(f"{server.base}/login?next=/briefing")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.locator(".briefing-kpi.kpi-received .kpi-value").wait_for(timeout=60_000)
    return page


def download(page, selector: str, folder: Path) -> bytes:  # noqa: ANN001
    with page.expect_download(timeout=90_000) as info:
        page.click(selector)
    target = folder / info.value.suggested_filename
    info.value.save_as(target)
    return target.read_bytes()


def test_a_leader_sees_the_week_drills_down_and_downloads_every_export(browser, server, tmp_path):
    page = signed_in(browser, server)
    received = page.locator(".briefing-kpi.kpi-received .kpi-value").inner_text()
    assert int(received.replace(",", "")) > 0
    # the exact definition on hover
    assert "已签收件数 ÷ 本期受理件数" in page.locator(".briefing-kpi.kpi-sign").get_attribute("title")
    page.locator("#briefing-map .choropleth").first.wait_for(timeout=30_000)
    if SCREENSHOTS:
        page.screenshot(path=str(Path(SCREENSHOTS) / "briefing-top.png"))
        page.screenshot(path=str(Path(SCREENSHOTS) / "briefing-full.png"), full_page=True)

    # click a figure: the cases behind it
    page.click(".briefing-kpi.kpi-closure")
    page.locator("#briefing-drill .ag-row").first.wait_for(timeout=30_000)
    assert "办结率" in page.locator("#briefing-drill-title").inner_text()
    page.locator("#briefing-channel .bars path").first.click(force=True)  # Plotly hit-tests from its drag layer
    page.wait_for_function("document.querySelector('#briefing-drill-title').textContent.startsWith('12345')",
                           timeout=30_000)
    page.locator(".league-row").first.click()
    page.wait_for_function("!document.querySelector('#briefing-drill-title').textContent.startsWith('12345')",
                           timeout=30_000)
    if SCREENSHOTS:
        page.locator("#briefing-drill").scroll_into_view_if_needed()
        page.screenshot(path=str(Path(SCREENSHOTS) / "briefing-drill.png"))

    pdf = download(page, ".export-pdf", tmp_path)
    assert pdf.startswith(b"%PDF")
    workbook = download(page, ".export-xlsx", tmp_path)
    from openpyxl import load_workbook

    sheets = load_workbook(io.BytesIO(workbook)).sheetnames
    assert {"总览", "按渠道", "按类别", "按乡镇", "按部门", "乡镇排名", "部门排名", "超期与提级", "热点", "预警"} <= set(sheets)
    report = download(page, ".export-docx", tmp_path)
    from docx import Document

    text = "\n".join(p.text for p in Document(io.BytesIO(report)).paragraphs)
    assert "全县共受理群众诉求" in text and "七、下步工作建议" in text


def test_the_kiosk_token_and_strangers_get_no_briefing(browser, server):
    kiosk = {"Authorization": f"Bearer {server.token}"}  # the demo token is the intake and kiosk token
    for path in ("/briefing/export/briefing.xlsx", "/briefing/export/report.docx", "/briefing/print"):
        assert requests.get(f"{server.base}{path}", headers=kiosk, timeout=30).status_code == 403
        assert requests.get(f"{server.base}{path}", timeout=30).status_code == 401
    page = browser.new_page()
    page.goto(f"{server.base}/briefing")
    page.locator(".briefing-denied").wait_for(timeout=30_000)
    assert page.locator(".briefing-kpi").count() == 0
    page.close()
