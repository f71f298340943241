"""Labelled text files: CSV (UTF-8, optional BOM) with a header naming the columns ``text`` and ``label``.

Other columns are ignored. Labels are cleaned of whitespace (including the full-width space) and of
Excel's ``_x000D_``; rows without a label are skipped and counted. `DatasetError` carries a message
meant for the person who gave the file.
"""
from __future__ import annotations

import csv
import re
import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

REQUIRED = ("text", "label")
_LABEL_NOISE = re.compile(r"_x000[dDaA9]_|\s+")


class DatasetError(Exception):
    pass


@dataclass
class LabelledTexts:
    texts: list[str]
    labels: list[str]
    skipped: Counter[str] = field(default_factory=Counter)  # reason → rows

    def __len__(self) -> int:
        return len(self.texts)

    def counts(self) -> Counter[str]:
        return Counter(self.labels)


def clean_label(label: str | None) -> str:
    return _LABEL_NOISE.sub("", label or "")


def read_labelled_csv(path: str | Path, keep_labels: Iterable[str] | None = None) -> LabelledTexts:
    """Read `path`; with `keep_labels`, rows with any other label are skipped (counted as such)."""
    path = Path(path)
    if not path.exists():
        raise DatasetError(f"{path}: no such file")
    if not path.is_file():
        raise DatasetError(f"{path}: not a file")
    keep = set(keep_labels) if keep_labels is not None else None
    csv.field_size_limit(min(sys.maxsize, 1 << 30))
    data = LabelledTexts([], [])
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            header = next(reader, None)
            if header is None or not any(cell.strip() for cell in header):
                raise DatasetError(f"{path}: empty file (expected a header line: text,label)")
            names = [cell.strip().lower() for cell in header]
            missing = [column for column in REQUIRED if column not in names]
            if missing:
                raise DatasetError(
                    f"{path}: missing column(s) {', '.join(missing)} "
                    f"(the header must name text and label; found: {', '.join(header) or 'nothing'})"
                )
            text_at, label_at = names.index("text"), names.index("label")
            for row in reader:
                if not any(cell.strip() for cell in row):
                    continue
                label = clean_label(row[label_at]) if label_at < len(row) else ""
                if not label:
                    data.skipped["no label"] += 1
                    continue
                if keep is not None and label not in keep:
                    data.skipped["other label"] += 1
                    continue
                data.texts.append(row[text_at] if text_at < len(row) else "")
                data.labels.append(label)
    except UnicodeDecodeError as error:
        raise DatasetError(f"{path}: not UTF-8 text ({error.reason} at byte {error.start})") from error
    except csv.Error as error:
        raise DatasetError(f"{path}: not valid CSV: {error}") from error
    if not data.texts:
        raise DatasetError(f"{path}: no labelled rows" + (f" ({_describe(data.skipped)})" if data.skipped else ""))
    return data


def _describe(skipped: Counter[str]) -> str:
    return ", ".join(f"{count} skipped: {reason}" for reason, count in skipped.items())
