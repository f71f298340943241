"""Import one export file: read, map and check every row, then store the good ones in batches.

Every row is checked with the unified schema (`DemandBody`) and placed on the map like a live
demand; the good ones go to `casework.bulk.do_bulk_intake`, one transaction per batch, so an
interrupted import keeps whole batches and a rerun picks up where it stopped (rows already stored
answer with their case and create nothing). Refused rows are listed in the error report, one line
per problem (row, column, message, value); nothing about them is stored.
"""
from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from casework.bulk import do_bulk_intake, existing_cases
from casework.clock import Clock
from casework.inbound import InboundReport
from casework.store import Store
from geo import Region

from ..placement import place
from .mapping import REQUIRED, ColumnMapping
from .reader import read_table
from .rows import RowError, RowMapper

BATCH = 1_000
REPORT_HEADER = ("row", "field", "message", "value")


@dataclass
class ImportSummary:
    file: str
    rows: int = 0  # data rows read (empty rows not counted)
    created: int = 0  # new cases (in a dry run: would be created)
    present: int = 0  # already stored: no new case
    repeated: int = 0  # the same external id as an earlier row of this file
    refused: int = 0  # rows with errors, not stored
    dry_run: bool = False
    encoding: str | None = None
    unmapped: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    report_path: str | None = None


def import_file(
    path: str | Path, *, channel: str, mapping: ColumnMapping, store: Store | None, region: Region,
    clock: Clock, dry_run: bool = False, batch_size: int = BATCH, progress: bool = True,
    report_path: str | Path | None = None, actor: str = "import",
) -> ImportSummary:
    """Import (or, with `dry_run`, only check) `path`; the store may be None for a dry run."""
    path = Path(path)
    needed = [[c for c, t in mapping.columns.items() if t == target] for target in REQUIRED]
    table = read_table(path, needed=needed, sheet=mapping.sheet)
    mapper = RowMapper(mapping, channel, path.name)
    mapper.present(table.header)
    summary = ImportSummary(file=str(path), dry_run=dry_run, encoding=table.encoding,
                            unmapped=[h for h in table.header if h and h not in mapping.columns])
    seen: dict[str, int] = {}
    batch: list[InboundReport] = []
    flush = _dry_counter(store, summary) if dry_run else _writer(store, summary, clock, actor)
    with tqdm(total=table.count, unit="row", desc=f"{'check' if dry_run else 'import'} {path.name}",
              disable=not progress, mininterval=0.5) as bar:
        for number, record in table.records():
            summary.rows += 1
            bar.update(1)
            converted = mapper.convert(number, record)
            if isinstance(converted, list):
                summary.refused += 1
                summary.errors.extend(converted)
                continue
            first = seen.setdefault(converted.external_id, number)
            if first != number:
                summary.repeated += 1
                column = "/".join(c for c, t in mapping.columns.items() if t == "external_id")
                summary.errors.append(RowError(number, column, f"repeats row {first}; imported once",
                                               converted.external_id))
                continue
            batch.append(place(converted, region))
            if len(batch) >= batch_size:
                flush(batch)
                batch = []
        if batch:
            flush(batch)
        bar.update(table.count - bar.n)
    summary.report_path = str(write_report(summary.errors, report_path or default_report_path(path)))
    return summary


def _writer(store: Store | None, summary: ImportSummary, clock: Clock, actor: str) -> Callable[[list], None]:
    if store is None:
        raise ValueError("an import needs a store; only a dry run goes without")

    def flush(batch: list[InboundReport]) -> None:
        with store.transaction() as session:
            result = do_bulk_intake(session, batch, clock=clock, actor=actor)
        summary.created += result.created_count
        summary.present += len(batch) - result.created_count

    return flush


def _dry_counter(store: Store | None, summary: ImportSummary) -> Callable[[list], None]:
    def flush(batch: list[InboundReport]) -> None:
        known = {}
        if store is not None:
            with store.reading() as session:
                known = existing_cases(session, [(r.channel, r.external_id) for r in batch])
        present = sum((r.channel, r.external_id) in known for r in batch)
        summary.present += present
        summary.created += len(batch) - present

    return flush


def default_report_path(path: Path) -> Path:
    return path.with_name(f"{path.stem}.errors.csv")


def write_report(errors: list[RowError], path: str | Path) -> Path:
    """The per-row error report: UTF-8 with BOM, so Excel shows the Chinese column names."""
    path = Path(path)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(REPORT_HEADER)
        for error in sorted(errors, key=lambda e: e.row):
            writer.writerow((error.row, error.field, error.message, error.value))
    return path
