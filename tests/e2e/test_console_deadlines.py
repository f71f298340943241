"""The console's deadline column counts down in Chromium: amber once warned, red once breached; the case
panel lists the case's clocks."""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest

from tests.e2e.test_console import open_case, signed_in

pytestmark = pytest.mark.browser


def post_demand(server, n: int, *, minutes_ago: float) -> str:  # noqa: ANN001
    received = datetime.now(timezone.utc) - timedelta(minutes=minutes_ago)
    answer = server.post("hotline12345", {
        "external_id": f"D-{n}", "received_at": received.isoformat(), "title": f"庆丰社区噪音扰民{n}",
        "content": "夜间施工噪音。", "location": {"lon": 106.9677, "lat": 30.8425, "crs": "WGS84"},
    })
    assert answer.status_code == 201, answer.text
    return answer.json()["id"]


def deadline_cell(page, case_id: str):  # noqa: ANN001, ANN201
    return page.locator(f".ag-row[row-id='{case_id}'] [col-id='deadline']")


def test_deadline_column_counts_down_and_turns_amber_then_red(browser, server):  # noqa: ANN001
    page = signed_in(browser, server)
    fresh = post_demand(server, 1, minutes_ago=0)  # the sign clock: 10 minutes
    warned = post_demand(server, 2, minutes_ago=9)  # past 80 %
    late = post_demand(server, 3, minutes_ago=12)  # breached

    cell = deadline_cell(page, fresh)
    cell.wait_for(timeout=10_000)
    first = cell.inner_text()
    assert re.fullmatch(r"(09|10):\d\d", first), first
    page.wait_for_function(
        f"document.querySelector(\".ag-row[row-id='{fresh}'] [col-id='deadline']\").innerText !== {first!r}",
        timeout=5_000)  # ticks in the browser, no server round trip
    assert "cell-breached" not in (cell.get_attribute("class") or "")

    deadline_cell(page, warned).wait_for(timeout=10_000)
    assert "cell-warning" in deadline_cell(page, warned).get_attribute("class")
    deadline_cell(page, late).wait_for(timeout=10_000)
    assert "cell-breached" in deadline_cell(page, late).get_attribute("class")
    assert deadline_cell(page, late).inner_text().startswith("−")

    open_case(page, fresh)
    page.locator(".case-clocks .clock-running").first.wait_for(timeout=10_000)
    assert "签收" in page.locator(".case-clocks").inner_text()
