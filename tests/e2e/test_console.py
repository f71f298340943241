"""Duty officers drive the console in Chromium: sign in, sign, dispatch, unit on site, close; two race."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest
import requests
from playwright.sync_api import TimeoutError as PlaywrightTimeout


pytestmark = pytest.mark.browser
PASSWORD = "smartbrain-demo"


def post_demand(server, n: int) -> str:  # noqa: ANN001
    answer = server.post("hotline12345", {
        "external_id": f"C-{n}", "received_at": datetime.now(timezone.utc).isoformat(),
        "title": f"渠江街道庆丰社区路灯不亮{n}", "content": "路灯坏了一个星期。",
        "reporter": {"name": "王小明", "phone": "13812345678"},
        "location": {"lon": 106.9677, "lat": 30.8425, "crs": "WGS84"},
    })
    assert answer.status_code == 201, answer.text
    return answer.json()["id"]


def signed_in(browser, server, username="duty"):  # noqa: ANN001, ANN201
    page = browser.new_context(viewport={"width": 1920, "height": 1080}).new_page()
    page.goto(f"{server.base}/login?next=/console")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_function("window.SmartBrainLive && window.SmartBrainLive.streams.console"
                           " && window.SmartBrainLive.streams.console.connected === true", timeout=30_000)
    return page


def open_case(page, case_id: str) -> None:  # noqa: ANN001
    """Click the case's row; a click that lands while the grid applies a live update is tried again,
    as an officer would."""
    row = page.locator(f".ag-row[row-id='{case_id}']")
    row.wait_for(timeout=10_000)
    panel = page.locator(f"#console-panel .case[data-case='{case_id}']")  # this case's panel, not the last one
    for _ in range(3):
        row.click()
        try:
            panel.wait_for(timeout=4_000)
            return
        except PlaywrightTimeout:
            continue
    panel.wait_for(timeout=4_000)


def case(server, case_id: str) -> dict:  # noqa: ANN001
    return requests.get(f"{server.base}/api/v1/cases/{case_id}",
                        headers={"Authorization": f"Bearer {server.token}"}, timeout=10).json()


def test_sign_dispatch_on_site_close(browser, server):
    page = signed_in(browser, server)
    case_id = post_demand(server, 1)  # arrives live after the page is open
    open_case(page, case_id)
    page.click(".action-sign")
    page.locator(".status-chip.status-signed").wait_for(timeout=10_000)
    page.locator(".unit-row .action-dispatch").first.click()
    page.locator(".status-chip.status-dispatched").wait_for(timeout=10_000)
    unit_id = case(server, case_id)["unit_id"]
    assert unit_id
    answer = requests.post(f"{server.base}/api/v1/units/{unit_id}/status", json={"status": "on_site"},
                           headers={"Authorization": f"Bearer {server.token}"}, timeout=10)
    assert answer.status_code == 200, answer.text
    page.locator(".status-chip.status-on_site").wait_for(timeout=10_000)  # pushed, not polled
    page.click(".action-resolve")
    page.locator(".status-chip.status-resolved").wait_for(timeout=10_000)
    page.click(".action-close")
    page.locator(".status-chip.status-closed").wait_for(timeout=10_000)
    actions = [h["action"] for h in case(server, case_id)["history"]]
    assert actions == ["intake", "sign", "dispatch", "arrive", "resolve", "close"]
    page.locator(f".ag-row[row-id='{case_id}']").wait_for(state="detached", timeout=10_000)


def test_two_officers_race_and_exactly_one_dispatch_is_recorded(browser, server):
    case_id = post_demand(server, 2)
    first, second = signed_in(browser, server), signed_in(browser, server, "admin")
    open_case(first, case_id)
    first.click(".action-sign")
    first.locator(".unit-row .action-dispatch").first.wait_for(timeout=10_000)
    open_case(second, case_id)
    second.locator(".unit-row .action-dispatch").first.wait_for(timeout=10_000)
    # both panels show version 2 and a dispatch button; both officers click
    first.locator(".unit-row .action-dispatch").first.click()
    try:
        second.locator(".unit-row .action-dispatch").nth(1).click(timeout=5_000)
    except PlaywrightTimeout:
        pass  # the second panel already moved on to the first officer's dispatch: it shows it below
    first.locator(".message").wait_for(timeout=10_000)
    # the second officer sees what happened: told who acted first, or the panel already shows it
    second.locator(".status-chip.status-dispatched").wait_for(timeout=10_000)
    if second.locator(".message").count():
        assert "已被" in second.locator(".message").inner_text() or "未执行" in second.locator(".message").inner_text()
    found = case(server, case_id)
    assert len(found["dispatches"]) == 1
    assert [h["action"] for h in found["history"]].count("dispatch") == 1


def test_a_unit_reports_on_site_from_the_field_page(browser, server):
    case_id = post_demand(server, 3)
    headers = {"Authorization": f"Bearer {server.token}"}
    found = case(server, case_id)
    requests.post(f"{server.base}/api/v1/cases/{case_id}/sign", json={"version": 1}, headers=headers, timeout=10)
    unit = case(server, case_id)["suggested_units"][0]
    answer = requests.post(f"{server.base}/api/v1/cases/{case_id}/dispatch",
                           json={"version": 2, "unit_id": unit["id"]}, headers=headers, timeout=10)
    assert answer.status_code == 200, answer.text
    page = browser.new_context(viewport={"width": 420, "height": 860}).new_page()
    page.goto(f"{server.base}/login?next=/field")
    page.fill("input[name=username]", "unit")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.locator(".field-unit").click()
    page.get_by_text(unit["name"], exact=True).click()
    page.get_by_text(found["title"]).wait_for(timeout=10_000)
    page.click(".field-on_site")
    page.get_by_text("已上报").wait_for(timeout=10_000)
    assert case(server, case_id)["status"] == "on_site"
