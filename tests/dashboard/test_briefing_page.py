"""The briefing page's plain parts: who sees it, what a click asks for, the tables behind the figures."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from casework.access import principal_for
from casework.actions import do_intake
from casework.briefing_period import Period
from casework.tokens import Principal
from dashboard import ids
from dashboard.briefing_view import briefing_data, headline_rows, tables, township_names
from dashboard.i18n import translator
from dashboard.pages.briefing import allowed, drill_query, layout
from tests.factories import report

t = translator("zh-CN")


@pytest.mark.parametrize("role, sees", [("leader", True), ("admin", True), ("duty_officer", True),
                                        ("township_officer", False), ("department_handler", False),
                                        ("kiosk", False), ("unit", False)])
def test_who_sees_the_briefing(role, sees):
    assert allowed(principal_for("someone", role)) is sees


def test_the_kiosk_token_gets_the_sign_in_prompt(app):
    kiosk = Principal("wall-kiosk", frozenset({"live:wall"}))
    page = layout(runtime=app.runtime, principal=kiosk, t=t)
    assert "briefing-denied" in page.className
    assert layout(runtime=app.runtime, principal=None, t=t).className.endswith("briefing-denied")


def test_what_each_click_asks_for():
    measure = {"type": ids.BRIEFING_MEASURE, "measure": "closure:resolved"}
    dimension, value, what, title = drill_query(measure, 1)
    assert (dimension, value, what, title(t)) == (None, None, "resolved", "办结率")
    assert drill_query({"type": ids.BRIEFING_MEASURE, "measure": "on_time_sign:"}, 1) is None  # not a case count
    assert drill_query({"type": ids.BRIEFING_UNIT, "dimension": "department", "value": "县住建局"}, 1)[:3] == \
        ("department", "县住建局", "received")
    assert drill_query(ids.BRIEFING_CHANNEL, {"points": [{"customdata": "grid"}]})[:3] == ("channel", "grid", "received")
    assert drill_query(ids.BRIEFING_MAP, {"points": [{"location": "511725001"}]})[:3] == \
        ("township_code", "511725001", "received")
    assert drill_query(ids.BRIEFING_MAP, {"points": []}) is None


def test_the_tables_behind_the_figures(app):
    with app.runtime.store.transaction() as s:
        for n in range(3):
            do_intake(s, report(received_at=datetime(2026, 11, 17, 2 + n, tzinfo=timezone.utc),
                                location={"lon": 106.97, "lat": 30.84}), clock=app.runtime.clock)
    period = Period(datetime(2026, 11, 16).date(), datetime(2026, 11, 22).date())
    panel = briefing_data(app.runtime, period)
    sheets = {table.key: table for table in tables(panel, names=township_names(app.runtime), t=t)}
    assert list(sheets) == ["headline", "channel", "category", "township_code", "department", "league_township_code",
                            "league_department", "attention", "repeat_callers", "hotspots", "daily", "warnings"]
    assert sheets["headline"].rows[0][:2] == ["受理诉求", "3"]
    assert sheets["channel"].rows[0][:3] == ["12345热线", 3, "100.0%"]
    assert sheets["township_code"].rows[0][0] == "渠江街道"
    assert sheets["hotspots"].rows[0][2] == 3
    assert sheets["daily"].rows[1] == ["2026-11-17", 3]
    assert sheets["warnings"].rows == [] and "本期无预警" in sheets["warnings"].note
    assert "签收率 = 已签收件数 ÷ 本期受理件数" in sheets["headline"].note
    definitions = {row["key"]: row.get("definition") for row in headline_rows(panel, t)}
    assert all(definitions[k] for k in ("sign", "feedback", "diversion", "return", "closure", "complaint",
                                        "on_time_sign", "on_time_closure", "handling", "satisfaction"))
