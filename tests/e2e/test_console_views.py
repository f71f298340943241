"""Saved views in Chromium: an officer saves the queue's filters and sort, reloads, picks the view, deletes it."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from tests.e2e.test_console import signed_in

pytestmark = pytest.mark.browser
SHOWN = "window.dash_ag_grid.getApi('console-grid').getDisplayedRowCount()"


def post(server, n: int, title: str, lon: float, lat: float) -> str:  # noqa: ANN001
    answer = server.post("hotline12345", {
        "external_id": f"V-{n}", "received_at": datetime.now(timezone.utc).isoformat(), "title": title,
        "content": "请尽快处理。", "location": {"lon": lon, "lat": lat, "crs": "WGS84"}})
    assert answer.status_code == 201, answer.text
    return answer.json()["id"]


def pick(page, dropdown: str, text: str) -> None:  # noqa: ANN001
    page.click(f"{dropdown} .Select-control, {dropdown} [role=combobox], {dropdown}")
    page.keyboard.type(text)
    page.keyboard.press("Enter")


def shown(page) -> int:  # noqa: ANN001
    return page.evaluate(SHOWN)


def wait_shown(page, count: int) -> None:  # noqa: ANN001
    page.wait_for_function(f"{SHOWN} === {count}", timeout=30_000)


def test_save_reload_pick_and_delete_a_view(browser, server):
    lamp = post(server, 1, "庆丰社区路灯不亮", 106.9677, 30.8425)  # 渠江街道
    post(server, 2, "庆丰社区噪音扰民", 106.9677, 30.8425)  # 渠江街道, other text
    post(server, 3, "路灯不亮", 106.935, 30.815)  # 渠南街道
    page = signed_in(browser, server)
    page.locator(f".ag-row[row-id='{lamp}']").wait_for(timeout=30_000)
    wait_shown(page, 3)

    pick(page, ".queue-township", "渠江街道")
    wait_shown(page, 2)
    page.fill("#console-filter-text", "路灯")
    wait_shown(page, 1)
    page.evaluate("window.dash_ag_grid.getApi('console-grid').applyColumnState("
                  "{state: [{colId: 'deadline', sort: 'asc'}], defaultState: {sort: null}})")
    page.fill("#console-view-name", "渠江路灯")
    page.click("#console-view-save")
    page.get_by_text("已保存视图「渠江路灯」").wait_for(timeout=30_000)
    chip = page.locator(".view-own", has_text="渠江路灯")
    chip.wait_for(timeout=30_000)

    page.reload()
    page.locator(f".ag-row[row-id='{lamp}']").wait_for(timeout=20_000)
    wait_shown(page, 3)  # a fresh page starts unfiltered
    chip = page.locator(".view-own", has_text="渠江路灯")
    chip.click()
    wait_shown(page, 1)
    assert page.input_value("#console-filter-text") == "路灯"
    assert "渠江街道" in page.locator(".queue-township").inner_text()
    sort = page.evaluate("window.dash_ag_grid.getApi('console-grid').getColumnState()"
                         ".filter(c => c.sort).map(c => [c.colId, c.sort])")
    assert sort == [["deadline", "asc"]]
    assert "active" in chip.get_attribute("class")

    page.click(".view-chip >> text=全部在办")
    wait_shown(page, 3)
    page.locator(".view-own-wrap", has_text="渠江路灯").locator(".view-delete").click()
    page.get_by_text("已删除视图").wait_for(timeout=30_000)
    page.reload()
    page.locator(f".ag-row[row-id='{lamp}']").wait_for(timeout=20_000)
    assert page.locator(".view-own").count() == 0


def test_built_in_views_filter_the_queue(browser, server):
    urgent = server.post("hotline12345", {
        "external_id": "V-9", "received_at": datetime.now(timezone.utc).isoformat(), "title": "紧急求助",
        "content": "有人落水。", "urgency": "urgent"}).json()["id"]
    post(server, 10, "路灯不亮", 106.935, 30.815)
    page = signed_in(browser, server)
    page.locator(f".ag-row[row-id='{urgent}']").wait_for(timeout=30_000)
    wait_shown(page, 2)
    page.click(".view-chip >> text=紧急/红色")
    wait_shown(page, 1)
    assert page.locator("#console-filter-flags input[value=urgent]").is_checked()
    page.click(".view-chip >> text=超时")
    wait_shown(page, 0)  # nothing is late yet
    page.click(".view-chip >> text=我的待签收")
    wait_shown(page, 2)


ORDER = """() => { const r = []; window.dash_ag_grid.getApi('console-grid')
  .forEachNodeAfterFilterAndSort(n => r.push(n.data.id)); return r; }"""


def test_red_risk_first_then_critical_then_urgent(browser, server):
    made = {}
    for n, urgency in enumerate(("normal", "urgent", "critical", "normal")):
        made[n] = server.post("hotline12345", {
            "external_id": f"R-{n}", "received_at": datetime.now(timezone.utc).isoformat(), "title": f"诉求{n}",
            "content": "请处理。", "urgency": urgency}).json()["id"]
    page = signed_in(browser, server)
    page.locator(f".ag-row[row-id='{made[3]}']").wait_for(timeout=30_000)
    wait_shown(page, 4)
    assert page.evaluate(ORDER)[:2] == [made[2], made[1]]  # 特急 before 紧急
    # the summaries carry no risk yet (insight adds it); a row that carries one is ordered and coloured by it
    page.evaluate("""(id) => { const api = window.dash_ag_grid.getApi('console-grid');
        api.applyTransaction({update: [{...api.getRowNode(id).data, risk_level: 'red'}]}); }""", made[0])
    page.wait_for_function(f"({ORDER})()[0] === {made[0]!r}", timeout=30_000)
    row = page.locator(f".ag-row[row-id='{made[0]}']").first
    assert "row-risk-red" in row.get_attribute("class")
    assert row.locator("[col-id='risk']").inner_text() == "红"
