"""One export row → one `InboundReport`, or the list of what is wrong with it (per source column)."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from casework.inbound import InboundReport

from ..base import IntakeError
from .mapping import ColumnMapping, Target
from .source import build_report, crs_name, drop_empty, headline, parse_source_time

PLACEHOLDERS: dict[str, Any] = {"external_id": "-", "received_at": datetime(2000, 1, 1), "content": "-"}
CATEGORY_SEPARATORS = re.compile(r"\s*[/／\\>＞→\-－—|]\s*")
URL_SPLIT = re.compile(r"[\s,;，；]+")


@dataclass(frozen=True)
class RowError:
    row: int
    field: str  # the source column (or columns, joined with "/")
    message: str
    value: str = ""


class RowMapper:
    """Applies one column mapping to the rows of one file, for one channel."""

    def __init__(self, mapping: ColumnMapping, channel: str, source_name: str) -> None:
        self.mapping = mapping
        self.channel = channel
        self.source_name = source_name
        self.targets: dict[Target, list[str]] = {}
        for column, target in mapping.columns.items():
            self.targets.setdefault(target, []).append(column)

    def present(self, header: list[str]) -> None:
        """Forget mapped columns the file does not have (the reader checked the required ones)."""
        self.targets = {t: [c for c in cols if c in header] for t, cols in self.targets.items()}
        self.targets = {t: cols for t, cols in self.targets.items() if cols}

    def convert(self, number: int, record: dict[str, Any]) -> InboundReport | list[RowError]:
        errors: list[RowError] = []
        failed: set[str] = set()
        demand: dict[str, Any] = {"reporter": {}, "location": {}}
        for target, columns in self.targets.items():
            values = [(c, _cell(record.get(c))) for c in columns]
            values = [(c, v) for c, v in values if v is not None]
            if not values:
                continue
            try:
                value = self._value(target, values)
            except ValueError as error:
                errors.append(RowError(number, "/".join(c for c, _ in values), str(error),
                                       " / ".join(_text(v) for _, v in values)))
                failed.add(target)
                value = PLACEHOLDERS.get(target)  # so the schema check below lists only the other problems
            head, _, tail = target.partition(".")
            if tail:
                demand[head][tail] = value
            else:
                demand[target] = value
        notes = [f"imported from {self.source_name} row {number}"]
        if not demand.get("title") and demand.get("content"):
            demand["title"] = headline(demand["content"])
            notes.append("title taken from the content's first sentence")
        try:
            report = build_report(self.channel, drop_empty(demand), raw=_raw(record), notes=notes)
        except IntakeError as error:
            errors += [self._row_error(number, e, record) for e in error.errors if e["field"] not in failed]
            return errors
        return errors or report

    def _value(self, target: Target, values: list[tuple[str, Any]]) -> Any:
        if target == "category":
            parts = [p for _, v in values for p in CATEGORY_SEPARATORS.split(_text(v)) if p]
            return "/".join(dict.fromkeys(parts))
        if target == "content":
            return "\n".join(_text(v) for _, v in values)
        if target == "attachments":
            urls = [u for _, v in values for u in URL_SPLIT.split(_text(v)) if u]
            return [{"url": url, "kind": "file"} for url in urls]
        value = values[0][1]
        translate = self.mapping.values.get(target)
        if translate is not None:
            text = _text(value)
            if text not in translate and text not in translate.values():
                raise ValueError(f"{text!r} is not one of {', '.join(translate)}")
            return translate.get(text, text)
        if target == "received_at":
            return parse_source_time(value)
        if target in ("location.lon", "location.lat"):
            try:
                return float(value)
            except (TypeError, ValueError):
                raise ValueError(f"{_text(value)!r} is not a number") from None
        if target == "location.crs":
            return crs_name(value)
        return _text(value)

    def _row_error(self, number: int, error: dict[str, Any], record: dict[str, Any]) -> RowError:
        """A unified-schema error, named by the source column(s) the field came from."""
        field = error["field"]
        columns = self.targets.get(field) or self.targets.get(field.split(".")[0]) or []
        if not columns and field in ("reporter", "location"):
            columns = [c for t, cols in self.targets.items() if t.startswith(field + ".") for c in cols]
        value = " / ".join(_text(record[c]) for c in columns if record.get(c) is not None)
        message = "required; the column is empty" if error.get("type") == "missing" else error["message"]
        return RowError(number, "/".join(columns) or field, message, value)


def _cell(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _text(value: Any) -> str:
    """Cell text; Excel hands whole numbers (ids, phone numbers) over as floats."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, (date, time)):
        return value.isoformat()
    return str(value).strip()


def _raw(record: dict[str, Any]) -> str:
    return json.dumps({k: (_text(v) if v is not None else None) for k, v in record.items()}, ensure_ascii=False)
