"""The case panel in Chromium: a unit clicked on the map is the one dispatched; re-classifying shows in the
history; the keys S and D sign and dispatch; a leader gets no classify picker."""
from __future__ import annotations

import pytest

from tests.e2e.test_console import case, open_case, post_demand, signed_in

pytestmark = pytest.mark.browser

UNIT_POINT = """(unit) => {
  const gd = document.querySelector('.case-map-graph .js-plotly-plot');
  const box = gd.getBoundingClientRect();
  const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
  for (const trace of gd._fullData) {
    const i = (trace.customdata || []).indexOf(unit);
    if (i >= 0 && trace.marker && trace.marker.size === 13) {
      return {x: box.left + xa._offset + xa.l2p(trace.x[i]), y: box.top + ya._offset + ya.l2p(trace.y[i])};
    }
  }
  return null;
}"""


def test_a_unit_clicked_on_the_map_is_dispatched(browser, server):
    case_id = post_demand(server, 11)
    page = signed_in(browser, server)
    open_case(page, case_id)
    page.keyboard.press("s")  # S signs
    page.locator(".status-chip.status-signed").wait_for(timeout=30_000)
    nearest, second = case(server, case_id)["suggested_units"][:2]
    bar = page.locator(".dispatch-bar")
    assert nearest["name"] in bar.inner_text()  # the nearest is proposed first
    page.locator(".case-map-graph .js-plotly-plot").wait_for(timeout=30_000)
    point = page.evaluate(UNIT_POINT, second["id"])
    assert point, "the second unit is drawn on the map"
    page.mouse.move(point["x"], point["y"])
    page.mouse.click(point["x"], point["y"])
    page.locator(".dispatch-bar", has_text=second["name"]).wait_for(timeout=30_000)
    assert "地图选定" in bar.inner_text()
    page.keyboard.press("d")  # D dispatches the unit in the bar
    page.locator(".status-chip.status-dispatched").wait_for(timeout=30_000)
    found = case(server, case_id)
    assert found["unit_id"] == second["id"] and len(found["dispatches"]) == 1


def test_re_classify_shows_in_the_history_and_a_leader_cannot(browser, server):
    case_id = post_demand(server, 12)
    page = signed_in(browser, server)
    open_case(page, case_id)
    shown = page.locator(".case-category").inner_text()
    assert "城乡建设" in shown and "模型置信度" in shown  # classified by the model on intake
    page.click(".classify-pick")
    page.keyboard.type("噪音污染")
    page.get_by_text("环境保护 › 环境污染 › 噪音污染", exact=True).click()
    page.keyboard.press("Escape")
    page.locator(".classify-pick", has_text="噪音污染").wait_for(timeout=30_000)
    page.click(".action-classify")
    page.locator(".case-category", has_text="环境保护").wait_for(timeout=30_000)
    page.locator(".case-history li", has_text="城乡建设 → 环境保护").wait_for(timeout=30_000)
    page.click(".classify-pick")
    page.keyboard.type("城乡建设")
    page.get_by_text("城乡建设", exact=True).click()
    page.keyboard.press("Escape")  # the picker closes and shows the pick, as an officer sees it
    page.locator(".classify-pick", has_text="城乡建设").wait_for(timeout=30_000)
    page.click(".action-classify")
    page.locator(".case-history li", has_text="环境保护 → 城乡建设").wait_for(timeout=30_000)
    events = [h for h in case(server, case_id)["history"] if h["action"] == "classify"]
    assert [e["data"] for e in events] == [{"category": "环境保护", "previous": "城乡建设"},
                                          {"category": "城乡建设", "previous": "环境保护"}]
    page.locator(f".ag-row[row-id='{case_id}'] [col-id='category']", has_text="城乡建设").wait_for(timeout=30_000)

    leader = signed_in(browser, server, "leader")
    open_case(leader, case_id)
    leader.locator(".case-history li", has_text="环境保护 → 城乡建设").wait_for(timeout=30_000)
    assert leader.locator(".classify-pick").count() == 0
    assert leader.locator(".action-classify").count() == 0
