"""The wall's figures: today's counts, rates with definitions, channel mix, leader on duty; no personal data."""
from __future__ import annotations

from datetime import date

from casework.actions import do_case_action, do_intake
from casework.roster import Roster, load_roster
from casework.settings import Settings
from dashboard.wall_figures import wall_figures
from realtime.runtime import build_runtime
from tests.factories import report


def test_figures_for_today(sqlite_url, clock):
    runtime = build_runtime(Settings(DATABASE_URL=sqlite_url, SMARTBRAIN_DEMO_TOKEN="t" * 20), clock=clock)
    with runtime.store.transaction() as s:
        first = do_intake(s, report(received_at=clock.now()), clock=clock).case["id"]
        do_intake(s, report(channel="police110", received_at=clock.now()), clock=clock)
    for version, action in enumerate(("sign", "route", "resolve"), start=1):
        with runtime.store.transaction() as s:
            do_case_action(s, first, action, expected_version=version, clock=clock, actor="a",
                           data={"department": "县住建局"} if action == "route" else {})
    figures = wall_figures(runtime)
    assert figures["received"] == 2 and figures["open"] == 1 and figures["resolved"] == 1
    assert figures["on_site_resolution"] == 0.0  # resolved without a unit on site
    assert figures["channels"] == {"hotline12345": 1, "police110": 1}
    assert figures["rates"]["sign"] == {"numerator": 1, "denominator": 2, "rate": 0.5}
    assert figures["leader"]["name"] == "陈刚"  # 2026-11-23 is a Monday
    assert "13812345678" not in str(figures) and "张三丰" not in str(figures)
    runtime.stop()


def test_roster_exceptions_win_over_the_weekday():
    roster = Roster.model_validate({"weekdays": {"mon": {"name": "甲"}}, "dates": {"2026-11-23": {"name": "乙"}}})
    assert roster.on(date(2026, 11, 23)).name == "乙" and roster.on(date(2026, 11, 30)).name == "甲"
    assert load_roster().on(date(2026, 11, 28)).name == "张伟"
