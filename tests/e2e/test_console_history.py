"""A console open for a whole duty shift stays bounded: live batches never reach Dash's undo history.

dash-renderer records every prop change that feeds a callback, unless it comes from a callback's own
response, in `store.getState().history.past` and never drops an entry (plotly/dash#727); a `set_props`
per live batch therefore grew it by one entry per batch, for twelve hours. The console now writes
live batches straight into the grid (assets/console.js), as the wall does."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest
import requests

from tests.e2e.test_console import open_case, signed_in

pytestmark = pytest.mark.browser
EVENTS = 500
LIVE_BOUND = 2  # entries live batches may add (measured: 0 over ~115 batches; before the fix, one per batch)
HISTORY_BOUND = 10  # with the officer's own clicks (a row picked) and a refresh for someone else's change
HISTORY = "window.store.getState().history.past.length"
SHOWN = "window.dash_ag_grid.getApi('console-grid').getDisplayedRowCount()"


def demand(n: int) -> dict:
    return {"external_id": f"H-{n}", "received_at": datetime.now(timezone.utc).isoformat(),
            "title": f"渠江街道庆丰社区路灯不亮第{n}号", "content": "路灯坏了。",
            "location": {"lon": 106.9677, "lat": 30.8425, "crs": "WGS84"}}


def test_live_batches_leave_dash_history_bounded_and_the_queue_still_updates(browser, server):
    page = signed_in(browser, server)
    page.wait_for_function("window.store && window.store.getState().history", timeout=10_000)
    before = page.evaluate(HISTORY)
    with requests.Session() as http:
        http.headers["Authorization"] = f"Bearer {server.token}"
        ids = []
        for n in range(EVENTS):
            answer = http.post(f"{server.base}/api/v1/intake/hotline12345", json=demand(n), timeout=10)
            assert answer.status_code == 201, answer.text
            ids.append(answer.json()["id"])
    page.wait_for_function(f"{SHOWN} === {EVENTS}", timeout=60_000)  # every case reached the queue, live
    page.wait_for_function(f"document.getElementById('console-open-count').textContent === '{EVENTS}'",
                           timeout=10_000)
    stats = page.evaluate("window.SmartBrainLive.streams.console.stats")
    assert stats["applied"] >= EVENTS and stats["batches"] >= 10, stats  # many views, not one big batch
    assert stats["snapshots"] == 1, stats  # applied as events, never by reloading the snapshot
    grown = page.evaluate(HISTORY) - before
    assert grown <= LIVE_BOUND, f"Dash history grew by {grown} over {stats['batches']} live batches"

    # the queue keeps working: a case opens, and a change made elsewhere reaches the row and the panel
    newest = ids[-1]  # at the top of the queue (newest first)
    open_case(page, newest)
    answer = requests.post(f"{server.base}/api/v1/cases/{newest}/sign", json={"version": 1},
                           headers={"Authorization": f"Bearer {server.token}"}, timeout=10)
    assert answer.status_code == 200, answer.text
    page.locator(f".ag-row[row-id='{newest}'] .status-signed").wait_for(timeout=10_000)
    page.locator("#console-panel .status-chip.status-signed").wait_for(timeout=10_000)  # refreshed for others' change
    assert page.evaluate(HISTORY) - before <= HISTORY_BOUND
    page.close()
