"""The monthly situation report (社会治理形势分析报告) as an editable Word document: the standard
sections, generated sentences with the numbers, charts as images, the main tables."""
from __future__ import annotations

import io
from typing import Any

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from casework.briefing_report import NUMERALS, SECTIONS

from ..briefing_view import Table
from . import charts
from .print_view import dimension_chart

BODY_FONT, HEADING_FONT, LATIN_FONT = "仿宋", "黑体", "Times New Roman"
CHART_WIDTH = Cm(15.5)


def _fonts(style: Any, east_asian: str, size: float, *, bold: bool = False) -> None:
    style.font.name = LATIN_FONT
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.color.rgb = RGBColor(0, 0, 0)
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), east_asian)


def _paragraph(document: Any, text: str) -> None:
    paragraph = document.add_paragraph(text)
    paragraph.paragraph_format.first_line_indent = Pt(16 * 2)
    paragraph.paragraph_format.line_spacing = Pt(28)


def _chart(document: Any, png: bytes) -> None:
    document.add_picture(io.BytesIO(png), width=CHART_WIDTH)
    document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER


def _table(document: Any, table: Table, *, limit: int | None = None, columns: list[int] | None = None) -> None:
    picked = columns or list(range(len(table.headers)))
    rows = table.rows[:limit] if limit else table.rows
    grid = document.add_table(rows=1 + max(1, len(rows)), cols=len(picked))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    for column, index in enumerate(picked):
        grid.cell(0, column).text = str(table.headers[index])
        for run in grid.cell(0, column).paragraphs[0].runs:
            run.bold = True
    for r, row in enumerate(rows, start=1):
        for column, index in enumerate(picked):
            grid.cell(r, column).text = str(row[index])
    if not rows:
        grid.cell(1, 0).text = "—"
    for row in grid.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(10.5)
    document.add_paragraph()


def report_docx(panel: dict[str, Any], sections: dict[str, list[str]], tables: list[Table], *, region: str,
                names: dict[str, str], t, title: str, center: str, month_label: str) -> bytes:  # noqa: ANN001
    document = Document()
    page = document.sections[0]
    page.page_height, page.page_width = Cm(29.7), Cm(21.0)
    page.top_margin, page.bottom_margin, page.left_margin, page.right_margin = Cm(3.7), Cm(3.5), Cm(2.8), Cm(2.6)
    _fonts(document.styles["Normal"], BODY_FONT, 16)
    for level, size in ((1, 16), (2, 16)):
        _fonts(document.styles[f"Heading {level}"], HEADING_FONT, size, bold=True)
    _fonts(document.styles["Title"], "方正小标宋简体", 22)

    heading = document.add_paragraph(style="Title")
    heading.add_run(title)
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    byline = document.add_paragraph(f"{center}　{month_label}")
    byline.alignment = WD_ALIGN_PARAGRAPH.CENTER

    by_key = {table.key: table for table in tables}
    days = list(panel["daily"])
    township_counts = {k: v["counts"]["received"] for k, v in panel["by"]["township_code"].items()}
    extras = {
        "总体情况": lambda: (_chart(document, charts.daily_line(days, [panel["daily"][d] for d in days],
                                                                 title=t("briefing.daily"))),
                            _table(document, by_key["headline"])),
        "诉求结构": lambda: (_chart(document, dimension_chart(panel, "channel", names=names, t=t)),
                            _chart(document, dimension_chart(panel, "category", names=names, t=t))),
        "重点领域": lambda: _table(document, by_key["category"], limit=8, columns=[0, 1, 2, 3, 4, 5, 6]),
        "区域分布": lambda: (_chart(document, charts.county_map_image(region, township_counts, panel["hotspots"],
                                                                      names=names, caption=t("briefing.map.caption"))),
                            _table(document, by_key["township_code"], limit=12, columns=[0, 1, 2, 4, 6, 8])),
        "办理质效": lambda: (_table(document, by_key["league_township_code"], limit=12),
                            _table(document, by_key["league_department"], limit=12)),
        "风险预警": lambda: _table(document, by_key["attention"], limit=10, columns=[1, 2, 3, 4, 6, 7]),
    }
    for number, name in enumerate(SECTIONS):
        document.add_heading(f"{NUMERALS[number]}、{name}", level=1)
        for text in sections.get(name, []):
            _paragraph(document, text)
        if name in extras:
            extras[name]()
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
