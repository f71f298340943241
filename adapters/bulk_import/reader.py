"""Tables out of export files: CSV (UTF-8 or GBK) and Excel (.xlsx, .xlsm, .xls, .ods).

Exports often carry a title line or two above the header ("渠县12345工单导出 2026年11月"), so the
header is the first of the top rows that names the columns the mapping needs. Row numbers are the
ones a person sees in Excel (the header's own row counts), so an error report points at the cell.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods")
HEADER_SEARCH_ROWS = 20


class TableError(ValueError):
    pass


@dataclass
class Table:
    header: list[str]
    header_row: int  # 1-based
    rows: Sequence[Sequence[Any]]  # the rows after the header, in file order
    encoding: str | None = None  # CSV only

    def records(self) -> Iterator[tuple[int, dict[str, Any]]]:
        """(row number, {header: value}) for every non-empty row."""
        width = len(self.header)
        for offset, row in enumerate(self.rows, start=self.header_row + 1):
            if not any(_present(cell) for cell in row):
                continue
            cells = list(row[:width]) + [None] * (width - len(row))
            yield offset, {name: value for name, value in zip(self.header, cells) if name}

    @property
    def count(self) -> int:
        return len(self.rows)


def read_table(path: str | Path, *, needed: Sequence[Sequence[str]], sheet: str | int = 0) -> Table:
    """The table of `path`; its header names at least one column of each group in `needed`."""
    path = Path(path)
    if not path.is_file():
        raise TableError(f"{path}: no such file")
    if path.suffix.lower() in EXCEL_SUFFIXES:
        rows, encoding = _excel_rows(path, sheet), None
    else:
        rows, encoding = _csv_rows(path)
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        header = [_header(cell) for cell in row]
        if all(any(name in header for name in group) for group in needed):
            return Table(header=header, header_row=index + 1, rows=rows[index + 1:], encoding=encoding)
    wanted = "; ".join(" or ".join(group) for group in needed)
    raise TableError(f"{path}: no header row naming {wanted} in its first {HEADER_SEARCH_ROWS} rows")


def _csv_rows(path: Path) -> tuple[list[list[str]], str]:
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes any byte sequence that is not rejected above
        raise TableError(f"{path}: neither UTF-8 nor GBK")
    if "\ufffd" in text[:4096] and encoding == "gb18030":
        raise TableError(f"{path}: neither UTF-8 nor GBK text")
    sample = text[:8192]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",\t;|")
    except csv.Error:
        dialect = csv.excel
    return list(csv.reader(io.StringIO(text, newline=""), dialect)), "GBK" if encoding == "gb18030" else "UTF-8"


def _excel_rows(path: Path, sheet: str | int) -> list[list[Any]]:
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
        chosen = workbook.get_sheet_by_name(sheet) if isinstance(sheet, str) else workbook.get_sheet_by_index(sheet)
        return chosen.to_python(skip_empty_area=False)
    except Exception as error:  # calamine raises its own error types for every unreadable workbook
        raise TableError(f"{path}: cannot read the workbook ({type(error).__name__}: {error})") from error


def _header(cell: Any) -> str:
    return str(cell).strip().replace("\n", "") if cell is not None else ""


def _present(cell: Any) -> bool:
    return cell is not None and not (isinstance(cell, str) and not cell.strip())
