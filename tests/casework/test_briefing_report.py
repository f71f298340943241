"""The situation report's sentences carry the right numbers, and an empty month still reads well."""
from __future__ import annotations

from casework.briefing_report import SECTIONS, percent, report_sections, trend


def figures(received: int, *, resolved: int = 0, visited: int = 0, pleased: int = 0, repeats: int = 0) -> dict:
    def rate(n: int, d: int) -> dict:
        return {"numerator": n, "denominator": d, "rate": n / d if d else None}

    return {
        "received": received, "counts": {"received": received, "resolved": resolved},
        "rates": {"sign": rate(received, received), "feedback": rate(0, received), "diversion": rate(0, received),
                  "return": rate(0, 0), "closure": rate(resolved, received), "complaint": rate(0, visited)},
        "on_time": {"on_time_sign": rate(0, 0), "on_time_closure": rate(0, 0)},
        "handling": {"resolved": resolved, "hours": 24.0 if resolved else None},
        "satisfaction": {"visited": visited, **rate(pleased, visited)},
        "repeats": {"demands": repeats, "callers": 0, "top_callers": []},
    }


def group(**counts: int) -> dict:
    return {k: {"counts": {"received": n}, "rates": {}} for k, n in counts.items()}


def panel(current: dict, previous: dict, last_year: dict, *, categories: dict, categories_before: dict) -> dict:
    league = {"best": [], "worst": [], "too_small": [], "ranked": [], "min_cases": 10}
    return {"current": current, "previous": previous, "last_year": last_year,
            "by": {"channel": group(**({"hotline12345": current["received"]} if current["received"] else {})), "category": group(**categories),
                   "township_code": group(**({"511725001": current["received"]} if current["received"] else {})),
                   "department": {}},
            "by_previous": {"category": categories_before},
            "leagues": {"township_code": league, "department": league},
            "attention": {"total": 2, "cases": [{"leader": "王县长"}, {"leader": None}]}, "warnings": []}


def test_the_overview_sentence_has_the_numbers():
    month = panel(figures(120, resolved=90, visited=40, pleased=38, repeats=6), figures(100, resolved=80, repeats=4),
                  figures(150), categories={"城乡建设": 70, "民政": 50}, categories_before={"城乡建设": 50, "民政": 50})
    sections = report_sections(month, names={"511725001": "渠江街道"}, channels={"hotline12345": "12345热线"},
                               month_label="2026年11月")
    assert list(sections) == list(SECTIONS)
    overview = sections["总体情况"][0]
    assert overview.startswith("2026年11月，全县共受理群众诉求120件，环比上升20.0%，同比下降20.0%。")
    assert "办结率75.0%（环比降低5.0个百分点）" in overview
    assert "群众满意率95.0%（回访40件）" in overview
    assert "12345热线120件（占100.0%）" in sections["诉求结构"][0]
    assert "城乡建设类诉求70件，环比增加20件（增长40.0%）" in sections["重点领域"][0]
    assert "重复诉求6件" in sections["重点领域"][1] and "环比上升50.0%" in sections["重点领域"][1]
    assert "渠江街道120件" in sections["区域分布"][0]
    assert "超期、提级或督办的诉求2件，其中领导包案1件" in sections["风险预警"][1]
    assert "本期未产生预警" in sections["风险预警"][0]
    assert any("城乡建设" in line for line in sections["下步工作建议"])


def test_an_empty_month_says_so_without_dividing_by_zero():
    empty = panel(figures(0), figures(0), figures(0), categories={}, categories_before={})
    sections = report_sections(empty, names={}, channels={}, month_label="2026年2月")
    assert "全县共受理群众诉求0件，环比无可比数据，同比无可比数据" in sections["总体情况"][0]
    assert "本期未受理诉求" in sections["总体情况"][1]
    assert sections["诉求结构"][0] == "从受理渠道看：无。"


def test_trend_words():
    assert trend(110, 100, word="环比") == "环比上升10.0%"
    assert trend(90, 100, word="同比") == "同比下降10.0%"
    assert trend(100, 100, word="环比") == "环比持平"
    assert trend(5, 0, word="环比") == "环比无可比数据"
    assert percent(None) == "—" and percent(0.9876) == "98.8%"
