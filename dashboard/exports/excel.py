"""The briefing's tables as an Excel workbook: one sheet per figure, the same rows the page shows."""
from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from ..briefing_view import Table

HEADER_FILL = PatternFill("solid", fgColor="DCE6F2")
CJK = "等线"  # Excel's default CJK font; LibreOffice falls back to any CJK font present


def workbook_bytes(tables: list[Table], *, title: str, period_label: str) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for table in tables:
        sheet = book.create_sheet(table.title[:31])
        sheet.append([f"{title} · {table.title}"])
        sheet.append([period_label])
        sheet["A1"].font = Font(name=CJK, bold=True, size=13)
        sheet.append([])
        sheet.append(table.headers)
        for cell in sheet[4]:
            cell.font, cell.fill = Font(name=CJK, bold=True), HEADER_FILL
        for row in table.rows:
            sheet.append(row)
        if table.note:
            sheet.append([])
            sheet.append([table.note])
            sheet.cell(sheet.max_row, 1).alignment = Alignment(wrap_text=False)
        for index, header in enumerate(table.headers, start=1):
            longest = max([len(str(header)), *(len(str(r[index - 1])) for r in table.rows if len(r) >= index)] or [6])
            sheet.column_dimensions[get_column_letter(index)].width = min(60, max(8, longest * 1.6 + 2))
        sheet.freeze_panes = "A5"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
