"""`smartbrain import FILE --channel C [--mapping M.yaml] [--dry-run]`.

Exit status: 0 every row imported (or already there), 1 some rows refused (see the error report),
2 nothing done (unreadable file or mapping, unknown channel, database not migrated).
"""
from __future__ import annotations

import sys
from pathlib import Path

from sqlalchemy import inspect

from casework.clock import SystemClock
from casework.inbound import CHANNELS
from casework.settings import Settings
from casework.store import make_store
from geo import get_region

from .mapping import MappingError, load_mapping
from .reader import TableError
from .runner import ImportSummary, import_file


def import_command(file: str | Path, channel: str, mapping: str | Path | None, dry_run: bool,
                   database_url: str | None) -> int:
    if channel not in CHANNELS:
        return _fail(f"unknown channel {channel!r}; one of {', '.join(CHANNELS)}")
    try:
        column_mapping, mapping_path = load_mapping(mapping)
    except MappingError as error:
        return _fail(str(error))
    settings = Settings(DATABASE_URL=database_url) if database_url else Settings()
    store = make_store(settings.database_url)
    try:
        if not inspect(store.engine).has_table("cases"):
            if not dry_run:
                return _fail("the database has no schema yet; run `smartbrain migrate` first")
            store.dispose()
            store = None
        summary = import_file(file, channel=channel, mapping=column_mapping, store=store,
                              region=get_region(settings.region), clock=SystemClock(), dry_run=dry_run)
    except (TableError, OSError) as error:
        return _fail(str(error))
    finally:
        if store is not None:
            store.dispose()
    print(describe(summary, mapping_path))
    return 1 if summary.refused else 0


def describe(summary: ImportSummary, mapping_path: str) -> str:
    verb = "would create" if summary.dry_run else "created"
    lines = [
        f"smartbrain import{' (dry run: nothing stored)' if summary.dry_run else ''}: {summary.file}",
        f"  mapping {mapping_path}" + (f"; read as {summary.encoding}" if summary.encoding else ""),
        f"  {summary.rows} rows: {verb} {summary.created}, already stored {summary.present}, "
        f"repeated in the file {summary.repeated}, refused {summary.refused}",
    ]
    if summary.unmapped:
        lines.append(f"  kept in each case's raw payload only: {', '.join(summary.unmapped)}")
    problems = len(summary.errors)
    lines.append(f"  error report ({problems} line{'s' if problems != 1 else ''}): {summary.report_path}")
    return "\n".join(lines)


def _fail(message: str) -> int:
    print(f"smartbrain import: {message}", file=sys.stderr)
    return 2
