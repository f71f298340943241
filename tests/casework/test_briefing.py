"""The briefing's figures against hand-computed values on a small fixed dataset.

The week under test, Monday 2025-12-29 to Sunday 2026-01-04 (Asia/Shanghai), crosses a month and a
year. Local times below are Shanghai times; the database holds UTC.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from casework.actions import do_case_action, do_intake
from casework.briefing import (
    attention_cases,
    briefing_panel,
    cases_behind,
    change,
    handling_time,
    league,
    period_summary,
    period_warnings,
    repeats,
    satisfaction,
)
from casework.briefing_period import Period, month_of
from casework.clock import FrozenClock
from casework.early_warnings import do_raise_warning
from casework.models import Unit
from tests.factories import report

SH = ZoneInfo("Asia/Shanghai")
WEEK = Period(date(2025, 12, 29), date(2026, 1, 4))
EMPTY_WEEK = Period(date(2026, 2, 2), date(2026, 2, 8))
TOWN_A, TOWN_B = "511725001", "511725102"


def local(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=SH)


def intake(store, at: datetime, **fields) -> str:  # noqa: ANN001, ANN003
    with store.transaction() as s:
        return do_intake(s, report(received_at=at, **fields), clock=FrozenClock(at)).case["id"]


def act(store, case_id: str, *steps) -> None:  # noqa: ANN001, ANN002
    """Each step is (action, data, local time it happens)."""
    for action, data, at in steps:
        with store.transaction() as s:
            from casework.models import Case

            version = s.get(Case, case_id).version
            do_case_action(s, case_id, action, expected_version=version, clock=FrozenClock(at), actor="t",
                           data=data)


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request):  # noqa: ANN001, ANN201
    """Every figure on both engines (PostgreSQL required under CI=true)."""
    return request.getfixturevalue("store" if request.param == "sqlite" else "pg_store")


@pytest.fixture
def cases(store):  # noqa: ANN001, ANN201
    with store.transaction() as s:
        s.add(Unit(id="U1", name="队1", kind="民声服务队", skills=[], status="available",
                   updated_at=datetime(2025, 1, 1, tzinfo=timezone.utc)))
    c = {
        # the week's first instant, 00:00 Monday local (16:00 Sunday UTC)
        "A": intake(store, local(2025, 12, 29, 0, 0), reporter={"name": "张三丰", "phone": "13800000001"},
                    village_code="511725001001", category="城乡建设", title="张三丰反映路灯不亮，电话13800000001"),
        "B": intake(store, local(2025, 12, 31, 23, 30), reporter={"name": "张三丰", "phone": "13800000001"},
                    village_code="511725001002", category="社会治安"),
        "C": intake(store, local(2026, 1, 1, 10, 0), reporter={"name": "李四", "phone": "13800000002"},
                    village_code="511725001001", category="城乡建设"),
        # the week's last minute, 23:59 Sunday local
        "D": intake(store, local(2026, 1, 4, 23, 59), reporter={"name": "王五", "phone": "13800000003"},
                    township_code=TOWN_B, village_code="511725102001", category="农业农村"),
        "E": intake(store, local(2026, 1, 2, 9, 0), reporter={"name": "赵六", "phone": "13800000004"},
                    village_code="511725001003", category="教育"),
        # just outside: next Monday 00:00, and the Sunday before at 23:59
        "F": intake(store, local(2026, 1, 5, 0, 0), reporter={"name": "张三丰", "phone": "13800000001"}),
        "G": intake(store, local(2025, 12, 28, 23, 59), reporter={"name": "钱七", "phone": "13800000005"},
                    category="城乡建设"),
        # 52 weeks before the week: the same Monday-to-Sunday a year earlier
        "H": intake(store, local(2025, 1, 1, 12, 0), reporter={"name": "孙八", "phone": "13800000006"}),
    }
    route = {"department": "县住建局"}
    act(store, c["A"], ("contact", {}, local(2025, 12, 29, 9)), ("sign", {}, local(2025, 12, 29, 9)),
        ("route", route, local(2025, 12, 29, 10)), ("resolve", {}, local(2025, 12, 30, 10)),
        ("visit", {"satisfaction": "satisfied"}, local(2025, 12, 31, 9)), ("close", {}, local(2025, 12, 31, 10)))
    act(store, c["B"], ("sign", {}, local(2026, 1, 1, 8)), ("route", route, local(2026, 1, 1, 9)),
        ("return", {}, local(2026, 1, 2, 9)))
    act(store, c["C"], ("contact", {}, local(2026, 1, 1, 11)), ("sign", {}, local(2026, 1, 1, 11)),
        ("dispatch", {"unit_id": "U1"}, local(2026, 1, 1, 11)), ("arrive", {}, local(2026, 1, 1, 12)),
        ("escalate", {"level": "leader", "leader": "李副县长"}, local(2026, 1, 2, 9)),
        ("resolve", {}, local(2026, 1, 2, 12)), ("visit", {"satisfaction": "dissatisfied"}, local(2026, 1, 3, 9)))
    act(store, c["D"], ("sign", {}, local(2026, 1, 5, 9)))
    act(store, c["E"], ("merge", {"into": c["D"]}, local(2026, 1, 2, 10)))
    act(store, c["G"], ("sign", {}, local(2025, 12, 29, 8)))
    return c


def rates(summary) -> dict[str, tuple[int, int]]:  # noqa: ANN001
    return {k: (v["numerator"], v["denominator"]) for k, v in summary["rates"].items()}


def test_a_week_across_a_month_and_a_year_by_hand(store, cases):
    with store.reading() as s:
        summary = period_summary(s, WEEK)
    # in the week, less merged: A, B, C, D (E merged; F the next Monday 00:00; G the Sunday before)
    assert summary["received"] == 4
    # signed A B C D; contacted A C; routed/dispatched A B C; returned B; resolved A C; visited A C; complaint C
    assert rates(summary) == {"sign": (4, 4), "feedback": (2, 4), "diversion": (3, 4), "return": (1, 3),
                              "closure": (2, 4), "complaint": (1, 2)}
    # A: 12-29 00:00 → 12-30 10:00 = 34 h; C: 01-01 10:00 → 01-02 12:00 = 26 h
    assert summary["handling"]["resolved"] == 2
    assert summary["handling"]["hours"] == pytest.approx(30.0, abs=1e-3)
    assert summary["satisfaction"] == {"satisfied": 1, "basic": 0, "dissatisfied": 1, "visited": 2,
                                       "numerator": 1, "denominator": 2, "rate": 0.5}
    # B repeats A's phone; C repeats A's village and category; F is outside the week
    assert summary["repeats"]["demands"] == 2
    assert summary["repeats"]["callers"] == 1
    assert summary["repeats"]["top_callers"] == [{"phone": "138****0001", "cases": 2}]
    # no SLA policies in this dataset: no clock has an outcome
    assert summary["on_time"]["on_time_sign"] == {"numerator": 0, "denominator": 0, "rate": None}


def test_an_empty_week_has_counts_of_zero_and_no_rates(store, cases):
    with store.reading() as s:
        summary = period_summary(s, EMPTY_WEEK)
        behind = cases_behind(s, EMPTY_WEEK)
    assert summary["received"] == 0
    assert all(v["rate"] is None and v["denominator"] == 0 for v in summary["rates"].values())
    assert summary["handling"] == {"resolved": 0, "hours": None}
    assert summary["satisfaction"]["rate"] is None
    assert summary["repeats"] == {"demands": 0, "callers": 0, "top_callers": []}
    assert behind == {"total": 0, "cases": [], "limit": 200}


def test_the_calendar_months_either_side_of_the_new_year(store, cases):
    with store.reading() as s:
        december = period_summary(s, month_of(date(2025, 12, 15)))
        january = period_summary(s, month_of(date(2026, 1, 15)))
    # December: G (12-28), A (12-29), B (12-31 23:30 local is still December)
    assert december["received"] == 3
    assert rates(december)["sign"] == (3, 3)
    assert rates(december)["closure"] == (1, 3)
    # January: C, D, F (E merged)
    assert january["received"] == 3
    assert rates(january)["sign"] == (2, 3)
    assert rates(january)["complaint"] == (1, 1)
    # F's earlier cases from the same phone were in December; F repeats C's village and category
    assert january["repeats"]["demands"] == 1
    assert january["repeats"]["callers"] == 0


def test_the_panel_compares_with_the_week_before_and_the_same_week_last_year(store, cases):
    with store.reading() as s:
        panel = briefing_panel(s, WEEK, now=local(2026, 1, 6, 9))
    assert panel["previous_period"] == {"from": "2025-12-22", "to": "2025-12-28"}
    assert panel["last_year_period"] == {"from": "2024-12-30", "to": "2025-01-05"}
    assert panel["previous"]["received"] == 1  # G
    assert panel["last_year"]["received"] == 1  # H
    assert change(panel["current"]["received"], panel["previous"]["received"]) == pytest.approx(3.0)
    assert panel["by"]["township_code"][TOWN_A]["counts"]["received"] == 3
    assert panel["by"]["township_code"][TOWN_B]["counts"]["received"] == 1
    assert panel["by"]["category"]["城乡建设"]["counts"]["received"] == 2
    assert panel["by"]["department"]["县住建局"]["counts"]["received"] == 2
    assert panel["by"]["department"]["unassigned"]["counts"]["received"] == 2
    assert panel["by_previous"]["category"] == {"城乡建设": 1}
    # ten cases at least to be ranked: here every township is too small to judge
    assert panel["leagues"]["township_code"]["best"] == []
    assert {r["key"] for r in panel["leagues"]["township_code"]["too_small"]} == {TOWN_A, TOWN_B}


def test_drill_down_gives_the_cases_behind_each_figure_masked(store, cases):
    with store.reading() as s:
        def ids(**kwargs) -> set[str]:  # noqa: ANN003
            return {row["id"] for row in cases_behind(s, WEEK, **kwargs)["cases"]}

        assert ids() == {cases[k] for k in "ABCD"}
        assert ids(measure="resolved") == {cases["A"], cases["C"]}
        assert ids(measure="returned") == {cases["B"]}
        assert ids(measure="complaints") == {cases["C"]}
        assert ids(measure="repeat") == {cases["B"], cases["C"]}
        assert ids(measure="satisfied") == {cases["A"]}
        assert ids(dimension="township_code", value=TOWN_B) == {cases["D"]}
        assert ids(dimension="department", value="unassigned") == {cases["C"], cases["D"]}
        rows = cases_behind(s, WEEK, measure="contacted")["cases"]
        with pytest.raises(ValueError):
            cases_behind(s, WEEK, measure="nonsense")
        with pytest.raises(ValueError):
            cases_behind(s, WEEK, dimension="reporter_phone", value="13800000001")
    titled = next(r for r in rows if r["id"] == cases["A"])
    assert titled["title"] == "张**反映路灯不亮，电话138****0001"
    assert "reporter" not in titled


def test_overdue_and_escalated_cases_carry_the_leader_in_charge(store, cases):
    with store.reading() as s:
        attention = attention_cases(s, WEEK, now=local(2026, 1, 6, 9))
    assert attention["total"] == 1
    [row] = attention["cases"]
    assert (row["id"], row["leader"], row["escalation_level"], row["reasons"]) == \
        (cases["C"], "李副县长", 3, ["escalated"])


def test_leagues_rank_by_a_rate_and_keep_small_units_apart():
    def unit(received: int, resolved: int) -> dict:
        return {"counts": {"received": received},
                "rates": {"closure": {"numerator": resolved, "denominator": received,
                                      "rate": resolved / received if received else None}}}

    grouped = {"甲": unit(10, 9), "乙": unit(10, 5), "丙": unit(20, 18), "丁": unit(2, 2), "unassigned": unit(9, 0)}
    result = league(grouped, size=2)
    assert [r["key"] for r in result["ranked"]] == ["丙", "甲", "乙"]  # 0.9 and 0.9: more cases first
    assert [r["key"] for r in result["best"]] == ["丙", "甲"]
    assert [r["key"] for r in result["worst"]] == ["乙"]
    assert [r["key"] for r in result["too_small"]] == ["丁"]  # 100 % on two cases is not the top of a league
    lower = league({"甲": {"counts": {"received": 10}, "rates": {"complaint": {"numerator": 1, "denominator": 10,
                                                                               "rate": 0.1}}},
                    "乙": {"counts": {"received": 10}, "rates": {"complaint": {"numerator": 5, "denominator": 10,
                                                                               "rate": 0.5}}}},
                   metric="complaint")
    assert [r["key"] for r in lower["ranked"]] == ["甲", "乙"]


def test_warnings_of_the_period_and_what_became_of_them(store, cases):
    raised = local(2026, 1, 2, 8)
    with store.transaction() as s:
        do_raise_warning(s, {
            "key": "cluster|城乡建设|x", "kind": "cluster", "category": "城乡建设", "township_code": None,
            "entity": None, "level": "orange", "window_start": raised - timedelta(days=7), "window_end": raised,
            "observed": 6, "expected": 1.0, "p_value": 0.0001, "complainants": 6, "baseline": {},
            "case_ids": [cases["C"]], "summary": "城乡建设诉求聚集，联系13800000002"}, clock=FrozenClock(raised))
    with store.reading() as s:
        warnings = period_warnings(s, WEEK)
        assert period_warnings(s, EMPTY_WEEK) == []
    assert [(w["kind"], w["case_status"], w["summary"]) for w in warnings] == \
        [("cluster", "resolved", "城乡建设诉求聚集，联系138****0002")]


def test_the_pieces_agree_with_each_other(store, cases):
    with store.reading() as s:
        assert handling_time(s, WEEK.start, WEEK.end)["resolved"] == 2
        assert satisfaction(s, WEEK.start, WEEK.end)["visited"] == 2
        assert repeats(s, WEEK.start, WEEK.end)["demands"] == cases_behind(s, WEEK, measure="repeat")["total"]


def test_daily_counts_are_local_days(store, cases):
    from casework.briefing import daily_received

    with store.reading() as s:
        days = daily_received(s, WEEK)
    # A at 00:00 on 12-29, B at 23:30 on 12-31, C on 01-01, D at 23:59 on 01-04 (E merged)
    assert days == {"2025-12-29": 1, "2025-12-30": 0, "2025-12-31": 1, "2026-01-01": 1, "2026-01-02": 0,
                    "2026-01-03": 0, "2026-01-04": 1}


def test_change_is_relative_and_absent_without_a_base():
    assert change(12, 10) == pytest.approx(0.2)
    assert change(5, 0) is None
    assert change(None, 3) is None


def test_on_time_rates_of_both_kinds_agree_with_the_clocks_counted_one_by_one(store):
    """On generated history with SLA clocks: the SQL rates equal a count over the clock rows in Python."""
    from bench.briefing_data import generate, load
    from casework.models import Case, SlaClockRow
    from casework.rates import on_time_rates
    from sqlalchemy import select

    now = local(2026, 1, 20, 10)
    load(store.engine, generate(400, first=local(2025, 12, 1), last=now, now=now))
    with store.reading() as s:
        rates = on_time_rates(s, WEEK.start, WEEK.end)
        rows = s.execute(select(SlaClockRow, Case.status).join(Case, Case.id == SlaClockRow.case_id)
                         .where(Case.received_at >= WEEK.start, Case.received_at < WEEK.end)).all()
    for key, kind, action in (("on_time_sign", "sign", "sign"), ("on_time_closure", "closure", "close")):
        clocks = [c for c, status in rows if c.kind == kind and status != "merged"]
        finished = [c for c in clocks if c.state == "stopped" and c.stop_reason == action]
        known = [c for c in clocks if c in finished or c.breached_at is not None]
        on_time = [c for c in finished if c.breached_at is None and c.stopped_at <= c.deadline]
        assert rates[key]["denominator"] == len(known) > 0
        assert rates[key]["numerator"] == len(on_time)
