"""The briefing as a print-ready A4 HTML page (what /briefing shows, charts as images), for Chromium's
print to PDF and for a browser's own print."""
from __future__ import annotations

import base64
from html import escape
from typing import Any

from ..briefing_view import Table, fmt_value, headline_rows, labeller
from . import charts

STYLE = """
@page { size: A4; margin: 14mm 12mm 14mm 12mm; }
* { box-sizing: border-box; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif; color: #1d2733;
       font-size: 10.5pt; margin: 0; }
h1 { font-size: 18pt; margin: 0 0 2mm; letter-spacing: 1px; }
h2 { font-size: 12.5pt; margin: 6mm 0 2mm; padding-left: 2mm; border-left: 3px solid #1f5fa8; break-after: avoid; }
.sub { color: #5a6675; font-size: 9pt; margin-bottom: 4mm; }
.kpis { display: grid; grid-template-columns: repeat(5, 1fr); gap: 2mm; }
.kpi { border: 1px solid #d5dce5; border-radius: 2mm; padding: 2mm 3mm; break-inside: avoid; }
.kpi .label { font-size: 8.5pt; color: #5a6675; }
.kpi .value { font-size: 15pt; font-weight: 700; }
.kpi .cmp { font-size: 8pt; color: #5a6675; }
.up { color: #b3261e; } .down { color: #1b7a3d; }
table { width: 100%; border-collapse: collapse; font-size: 8.5pt; margin: 1mm 0 2mm; break-inside: auto; }
th, td { border: 1px solid #d5dce5; padding: 1mm 1.5mm; text-align: left; }
th { background: #eef3f9; }
tr { break-inside: avoid; }
img { width: 100%; break-inside: avoid; }
.two { display: grid; grid-template-columns: 1fr 1fr; gap: 4mm; }
.note { color: #5a6675; font-size: 7.5pt; }
.page-break { break-before: page; }
"""


def _img(png: bytes) -> str:
    return f'<img src="data:image/png;base64,{base64.b64encode(png).decode()}">'


def _table(table: Table, *, limit: int | None = None) -> str:
    rows = table.rows[:limit] if limit else table.rows
    head = "".join(f"<th>{escape(str(h))}</th>" for h in table.headers)
    body = "".join("<tr>" + "".join(f"<td>{escape(str(v))}</td>" for v in row) + "</tr>" for row in rows)
    if not rows:
        body = f'<tr><td colspan="{len(table.headers)}">—</td></tr>'
    note = f'<p class="note">{escape(table.note)}</p>' if table.note else ""
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{note}"


def _kpi(row: dict[str, Any], t) -> str:  # noqa: ANN001
    now, before, year = row["values"]

    def compare(other: Any, word: str) -> str:
        if now is None or other is None:
            return f"{word} —"
        if row["kind"] == "share":
            delta = (now - other) * 100
            return f'{word} <span class="{"up" if delta > 0 else "down"}">{delta:+.1f}pt</span>'
        if not other:
            return f"{word} —"
        delta = (now - other) / other * 100
        return f'{word} <span class="{"up" if delta > 0 else "down"}">{delta:+.1f}%</span>'

    return (f'<div class="kpi"><div class="label">{escape(row["label"])}</div>'
            f'<div class="value">{fmt_value(row["kind"], now)}</div>'
            f'<div class="cmp">{compare(before, t("briefing.vs_previous"))}</div>'
            f'<div class="cmp">{compare(year, t("briefing.vs_last_year"))}</div></div>')


def dimension_chart(panel: dict[str, Any], dimension: str, *, names: dict[str, str], t, top: int = 12) -> bytes:  # noqa: ANN001
    label = labeller(dimension, names, t)
    grouped = panel["by"][dimension]
    keys = sorted(grouped, key=lambda k: (-grouped[k]["counts"]["received"], k))[:top]
    return charts.compare_bars(
        [label(k) for k in keys],
        [(t("briefing.chart.current"), [grouped[k]["counts"]["received"] for k in keys]),
         (t("briefing.chart.previous"), [panel["by_previous"][dimension].get(k, 0) for k in keys]),
         (t("briefing.chart.last_year"), [panel["by_last_year"][dimension].get(k, 0) for k in keys])],
        title=t(f"briefing.sheet.{dimension}"))


def print_html(panel: dict[str, Any], tables: list[Table], *, region: str, names: dict[str, str], t,  # noqa: ANN001
               title: str, period_label: str, generated: str) -> str:
    by_key = {table.key: table for table in tables}
    headline = headline_rows(panel, t)
    township_counts = {k: v["counts"]["received"] for k, v in panel["by"]["township_code"].items()}
    days = list(panel["daily"])
    parts = [
        f"<!doctype html><html lang='zh-CN'><head><meta charset='utf-8'><title>{escape(title)}</title>",
        f"<style>{STYLE}</style></head><body>",
        f"<h1>{escape(title)}</h1><div class='sub'>{escape(period_label)} · {escape(generated)}</div>",
        f"<h2>{t('briefing.section.overview')}</h2><div class='kpis'>",
        "".join(_kpi(row, t) for row in headline), "</div>",
        _img(charts.daily_line(days, [panel["daily"][d] for d in days], title=t("briefing.daily"), height=2.0)),
        f"<h2>{t('briefing.section.rates')}</h2>", _table(by_key["headline"]),
        f"<h2>{t('briefing.section.structure')}</h2>",
        _img(dimension_chart(panel, "channel", names=names, t=t)),
        _img(dimension_chart(panel, "category", names=names, t=t)),
        _table(by_key["category"], limit=15),
        f"<h2>{t('briefing.section.regions')}</h2>",
        _img(charts.county_map_image(region, township_counts, panel["hotspots"], names=names,
                                     caption=t("briefing.map.caption"), height=5.0)),
        _table(by_key["township_code"]),
        _table(by_key["department"]),
        f"<h2>{t('briefing.section.leagues')}</h2><div class='two'>",
        f"<div>{_table(by_key['league_township_code'])}</div><div>{_table(by_key['league_department'])}</div></div>",
        f"<h2>{t('briefing.section.attention')}</h2>", _table(by_key["attention"], limit=30),
        f"<h2>{t('briefing.sheet.repeat_callers')}</h2>", _table(by_key["repeat_callers"]),
        f"<h2>{t('briefing.section.warnings')}</h2>", _table(by_key["warnings"]),
        "</body></html>",
    ]
    return "".join(parts)
