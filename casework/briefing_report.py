"""The monthly situation report's words (社会治理形势分析报告): sentences with the numbers, per section.

Pure: takes a briefing panel (casework.briefing.briefing_panel over a month) and the names to show for
codes, and returns paragraphs staff edit before the report goes out. Chinese only: it is an official
document of the center.
"""
from __future__ import annotations

from typing import Any

from .briefing import change

SECTIONS = ("总体情况", "诉求结构", "重点领域", "区域分布", "办理质效", "风险预警", "下步工作建议")
NUMERALS = "一二三四五六七八九十"
RATE_NAMES = {"sign": "签收率", "feedback": "反馈率", "diversion": "分流率", "return": "回流率",
              "closure": "办结率", "complaint": "投诉率"}


def percent(share: float | None, digits: int = 1) -> str:
    return "—" if share is None else f"{share * 100:.{digits}f}%"


def trend(current: float | int | None, before: float | int | None, *, word: str) -> str:
    """"环比上升 12.5%", "同比下降 3.0%", "环比持平", or "环比无可比数据"."""
    relative = change(current, before)
    if relative is None:
        return f"{word}无可比数据"
    if abs(relative) < 0.0005:
        return f"{word}持平"
    return f"{word}{'上升' if relative > 0 else '下降'}{abs(relative) * 100:.1f}%"


def _points(current: float | None, before: float | None, *, word: str) -> str:
    if current is None or before is None:
        return f"{word}无可比数据"
    delta = (current - before) * 100
    if abs(delta) < 0.05:
        return f"{word}持平"
    return f"{word}{'提高' if delta > 0 else '降低'}{abs(delta):.1f}个百分点"


def _top(grouped: dict[str, dict[str, Any]], n: int) -> list[tuple[str, int]]:
    rows = [(key, figures["counts"]["received"]) for key, figures in grouped.items() if key != "unassigned"]
    return sorted(rows, key=lambda r: (-r[1], r[0]))[:n]


def report_sections(panel: dict[str, Any], *, names: dict[str, str], channels: dict[str, str],
                    month_label: str) -> dict[str, list[str]]:
    current, before, last_year = panel["current"], panel["previous"], panel["last_year"]
    total = current["received"]
    rates = current["rates"]

    def name(code: str) -> str:
        return names.get(code, code)

    sections: dict[str, list[str]] = {}
    handling = current["handling"]["hours"]
    sections["总体情况"] = [
        f"{month_label}，全县共受理群众诉求{total}件，{trend(total, before['received'], word='环比')}，"
        f"{trend(total, last_year['received'], word='同比')}。"
        f"办结{current['counts']['resolved']}件，办结率{percent(rates['closure']['rate'])}"
        f"（{_points(rates['closure']['rate'], before['rates']['closure']['rate'], word='环比')}）；"
        f"签收率{percent(rates['sign']['rate'])}，按时办结率{percent(current['on_time']['on_time_closure']['rate'])}，"
        f"群众满意率{percent(current['satisfaction']['rate'])}"
        f"（回访{current['satisfaction']['visited']}件）。"
        + (f"平均办理时长{handling:.1f}小时。" if handling is not None else ""),
    ]
    if total == 0:
        sections["总体情况"].append("本期未受理诉求，以下各项无统计数据。")

    channel_rows = _top(panel["by"]["channel"], 10)
    channel_text = "，".join(f"{channels.get(k, k)}{n}件（占{percent(n / total if total else None)}）"
                             for k, n in channel_rows) or "无"
    category_rows = _top(panel["by"]["category"], 5)
    category_text = "、".join(f"{k}（{n}件）" for k, n in category_rows) or "无"
    sections["诉求结构"] = [
        f"从受理渠道看：{channel_text}。",
        f"从诉求类别看，排名前五的是{category_text}"
        + (f"，合计占{percent(sum(n for _, n in category_rows) / total)}。" if total else "。"),
    ]

    rising = []
    previous_by = panel["by_previous"]["category"]
    for key, count in _top(panel["by"]["category"], 50):
        before_count = previous_by.get(key, 0)
        if count - before_count > 0 and before_count:
            rising.append((count - before_count, key, count, before_count))
    rising.sort(reverse=True)
    focus = [f"{key}类诉求{count}件，环比增加{delta}件（增长{delta / was * 100:.1f}%）"
             for delta, key, count, was in rising[:3]]
    repeats = current["repeats"]
    sections["重点领域"] = [
        ("增长较快的领域：" + "；".join(focus) + "。") if focus else "各领域诉求量环比未见明显增长。",
        f"重复诉求{repeats['demands']}件（同一来电人，或同一村（社区）同一类别），"
        f"重复来电人{repeats['callers']}人，{trend(repeats['demands'], before['repeats']['demands'], word='环比')}。",
    ]

    township_rows = _top(panel["by"]["township_code"], 5)
    sections["区域分布"] = [
        "诉求量居前的乡镇（街道）：" + ("、".join(f"{name(k)}{n}件" for k, n in township_rows) or "无") + "。",
    ]

    leagues = panel["leagues"]
    best = "、".join(name(r["key"]) for r in leagues["township_code"]["best"][:3]) or "无"
    worst = "、".join(f"{name(r['key'])}（{percent(r['rate'])}）" for r in leagues["township_code"]["worst"][:3]) or "无"
    dept_worst = "、".join(f"{r['key']}（{percent(r['rate'])}）" for r in leagues["department"]["worst"][:3]) or "无"
    rate_text = "，".join(f"{RATE_NAMES[k]}{percent(rates[k]['rate'])}" for k in RATE_NAMES)
    sections["办理质效"] = [
        f"六率情况：{rate_text}。按时签收率{percent(current['on_time']['on_time_sign']['rate'])}，"
        f"按时办结率{percent(current['on_time']['on_time_closure']['rate'])}。",
        f"乡镇（街道）办结率较高的是{best}；较低的是{worst}。办结率较低的部门：{dept_worst}。"
        f"（受理不足{leagues['township_code']['min_cases']}件的单位不参与排名。）",
    ]

    attention = panel["attention"]
    led = sum(1 for c in attention["cases"] if c["leader"])
    warnings = panel["warnings"]
    sections["风险预警"] = [
        (f"本期共发出预警{len(warnings)}条，" + "，".join(
            f"{w['summary'] or w['kind'] or '预警'}" for w in warnings[:5]) + "。") if warnings
        else "本期未产生预警（预警由智能研判模块发布，接入后在此列出）。",
        f"超期、提级或督办的诉求{attention['total']}件，其中领导包案{led}件。",
    ]

    advice = []
    if rising:
        advice.append(f"针对{rising[0][1]}类诉求增长较快的情况，建议相关部门分析原因，开展集中整治。")
    if leagues["township_code"]["worst"]:
        advice.append(f"对办结率偏低的{name(leagues['township_code']['worst'][0]['key'])}等乡镇（街道）加强督办，"
                      "压实属地责任。")
    if repeats["demands"]:
        advice.append(f"对{repeats['demands']}件重复诉求逐件回溯，推动“一次办好”，减少重复来电。")
    satisfaction = current["satisfaction"]["rate"]
    if satisfaction is not None and satisfaction < 0.9:
        advice.append("群众满意率低于90%，建议对不满意件开展二次回访和整改。")
    advice.append("持续做好诉求受理、分流、办理、回访全流程闭环管理，提升按时办结率。")
    sections["下步工作建议"] = advice
    return sections
