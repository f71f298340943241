"""The weekly briefing on 1,000,000 historical cases: panel data on SQLite and PostgreSQL, and exports.

Targets (issue #8): the weekly panel's data in < 1 s on PostgreSQL and < 3 s on SQLite; each export of
a week in < 10 s. The SQLite file is kept in var/bench/ and reused while its row count matches
(BENCH_REBUILD=1 rebuilds it); PostgreSQL gets a throwaway schema filled by COPY each run, or with
BENCH_PG_SCHEMA=name a kept schema reused while its row count matches (drop it when done).
`python -m bench briefing [--cases N] [--skip-postgres]`
"""
from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
import os
from pathlib import Path

import sqlalchemy as sa

from bench.briefing_data import generate, load
from bench.procs import cpu_seconds
from bench.results import record
from casework.briefing import briefing_panel, case_points, cases_behind
from casework.briefing_period import last_full_month, last_full_week
from casework.store import make_store
from casework.store.migrate import upgrade

CASES = 1_000_000
FIRST = datetime(2024, 1, 1, tzinfo=timezone.utc)
NOW = datetime(2026, 11, 25, 2, tzinfo=timezone.utc)  # Wednesday: the last full week is 11-16..11-22
RUNS = 5
VAR = Path(__file__).resolve().parents[1] / "var" / "bench"


def fill(url: str, count: int) -> float:
    upgrade(url)
    engine = sa.create_engine(url)
    began = time.perf_counter()
    load(engine, generate(count, first=FIRST, last=NOW, now=NOW))
    if engine.dialect.name == "sqlite":
        with engine.begin() as connection:
            connection.exec_driver_sql("ANALYZE")
    engine.dispose()
    return time.perf_counter() - began


def sqlite_url(count: int) -> tuple[str, float | None]:
    VAR.mkdir(parents=True, exist_ok=True)
    path = VAR / f"briefing-{count}.db"
    url = f"sqlite:///{path}"
    if path.exists() and not os.environ.get("BENCH_REBUILD"):
        engine = sa.create_engine(url)
        with engine.connect() as connection:
            have = connection.exec_driver_sql("SELECT count(*) FROM cases").scalar()
        engine.dispose()
        if have == count:
            return url, None
    for leftover in VAR.glob(f"briefing-{count}.db*"):
        leftover.unlink()
    return url, fill(url, count)


@contextmanager
def postgres_url(count: int) -> Iterator[tuple[str, float | None]]:
    """A throwaway schema; or, with BENCH_PG_SCHEMA=name, a kept one reused while its row count matches."""
    from tests.services import POSTGRES_URL, postgres_schema

    kept = os.environ.get("BENCH_PG_SCHEMA")
    if not kept:
        with postgres_schema() as url:
            yield url, fill(url, count)
        return
    admin = sa.create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    url = f"{POSTGRES_URL}?options=-csearch_path%3D{kept}"
    with admin.connect() as connection:
        have = connection.execute(sa.text("SELECT count(*) FROM information_schema.tables "
                                          "WHERE table_schema = :s AND table_name = 'cases'"), {"s": kept}).scalar()
        if have:
            have = connection.execute(sa.text(f"SELECT count(*) FROM {kept}.cases")).scalar()
        filled = None
        if have != count:
            connection.execute(sa.text(f"DROP SCHEMA IF EXISTS {kept} CASCADE"))
            connection.execute(sa.text(f"CREATE SCHEMA {kept}"))
            filled = fill(url, count)
    admin.dispose()
    yield url, filled


def _backend_cpu(session) -> float | None:  # noqa: ANN001
    """CPU seconds used so far by the PostgreSQL backend serving this session (the server is local)."""
    if session.get_bind().dialect.name != "postgresql":
        return None
    pid = session.execute(sa.text("SELECT pg_backend_pid()")).scalar()
    try:
        return cpu_seconds(pid)
    except OSError:
        return None


def panel_once(store) -> dict:  # noqa: ANN001
    with store.reading() as session:
        before = _backend_cpu(session)
        week = last_full_week(NOW)
        panel = briefing_panel(session, week, now=NOW)
        panel["points"] = case_points(session, week)
        panel["drill"] = cases_behind(session, week, dimension="township_code", value="511725001", measure="resolved")
        after = _backend_cpu(session)
    panel["server_cpu"] = after - before if before is not None and after is not None else 0.0
    return panel


def time_panel(store) -> dict[str, float]:  # noqa: ANN001
    began = time.perf_counter()
    panel = panel_once(store)
    cold = time.perf_counter() - began
    warm, cpu = [], []
    for _ in range(RUNS):
        began, began_cpu = time.perf_counter(), time.process_time()
        panel = panel_once(store)
        warm.append(time.perf_counter() - began)
        cpu.append(time.process_time() - began_cpu + panel["server_cpu"])
    return {"cold": cold, "median": statistics.median(warm), "max": max(warm), "min": min(warm),
            "cpu": statistics.median(cpu),
            "received": panel["current"]["received"], "points": len(panel["points"])}


def time_exports(url: str) -> dict[str, float]:
    from casework.clock import FrozenClock
    from casework.settings import Settings
    from dashboard.exports.service import BriefingExports
    from realtime.runtime import build_runtime

    runtime = build_runtime(Settings(DATABASE_URL=url), clock=FrozenClock(NOW))
    exports = BriefingExports(runtime)
    import resource

    def cpu_now() -> float:
        children = resource.getrusage(resource.RUSAGE_CHILDREN)  # Chromium printing the PDF
        return time.process_time() + children.ru_utime + children.ru_stime

    timings = {}
    for name, make, period in (("xlsx", exports.excel, last_full_week(NOW)), ("pdf", exports.pdf, last_full_week(NOW)),
                               ("docx", exports.monthly_report, last_full_month(NOW))):
        began, began_cpu = time.perf_counter(), cpu_now()
        content = make(period)
        timings[name] = time.perf_counter() - began
        timings[f"{name}_cpu"] = cpu_now() - began_cpu
        timings[f"{name}_bytes"] = len(content)
    runtime.store.dispose()
    return timings


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench briefing")
    parser.add_argument("--cases", type=int, default=CASES)
    parser.add_argument("--skip-postgres", action="store_true")
    args = parser.parse_args(argv)
    lines = [f"{args.cases:,} generated cases (2024-01-01 … 2026-11-25, ~{args.cases // 151:,} a week) with "
             "their sign and closure SLA clocks; the panel of the week 2026-11-16 … 11-22: the week, the week "
             "before and the same week last year (headline figures, six rates, on-time, handling time, "
             "satisfaction, repeats), breakdowns by channel/category/township/department for all three, "
             "leagues, overdue/escalated, warnings, the hotspot points and one drill-down. "
             f"Cold = first run after opening; warm = median of {RUNS}.", "",
             "CPU = CPU seconds spent per warm run: this process (for SQLite that includes the database engine) "
             "plus, for PostgreSQL, the server backend that ran the queries (read from /proc); waiting for a "
             "core while other work runs does not count, so it is what the panel costs on an idle machine.", "",
             "| engine | load | cold | warm median | warm min | warm max | CPU | target |",
             "|---|---|---|---|---|---|---|---|"]
    url, filled = sqlite_url(args.cases)
    store = make_store(url)
    sqlite = time_panel(store)
    load_average = " / ".join(f"{v:.1f}" for v in os.getloadavg())
    store.dispose()
    load_text = f"{filled:.0f} s (Core executemany)" if filled else "reused file"
    lines.append(f"| SQLite | {load_text} | {sqlite['cold']:.2f} s | {sqlite['median']:.2f} s | {sqlite['min']:.2f} s | "
                 f"{sqlite['max']:.2f} s | {sqlite['cpu']:.2f} s | < 3 s |")
    print(lines[-1], flush=True)
    if not args.skip_postgres:
        with postgres_url(args.cases) as (pg_url, filled):
            store = make_store(pg_url)
            postgres = time_panel(store)
            store.dispose()
        load_text = f"{filled:.0f} s (COPY)" if filled else "reused schema"
        lines.append(f"| PostgreSQL | {load_text} | {postgres['cold']:.2f} s | {postgres['median']:.2f} s | "
                     f"{postgres['min']:.2f} s | {postgres['max']:.2f} s | {postgres['cpu']:.2f} s | < 1 s |")
        print(lines[-1], flush=True)
    lines += ["", f"The week holds {sqlite['received']:,} cases ({sqlite['points']:,} with a position). "
              f"Load average when the panels were timed: {load_average}."]
    try:
        exports = time_exports(url)
    except ModuleNotFoundError as missing:
        lines.append(f"Exports not measured: {missing}")
    else:
        lines += ["", "Exports on the SQLite file (target < 10 s each; CPU includes the Chromium that prints):", "",
                  "| export | time | CPU | size |", "|---|---|---|---|",
                  f"| Excel, the week (.xlsx) | {exports['xlsx']:.2f} s | {exports['xlsx_cpu']:.2f} s | "
                  f"{exports['xlsx_bytes'] / 1024:.0f} KiB |",
                  f"| PDF, the week (Chromium print, A4) | {exports['pdf']:.2f} s | {exports['pdf_cpu']:.2f} s | "
                  f"{exports['pdf_bytes'] / 1024:.0f} KiB |",
                  f"| Word, the month's situation report (.docx) | {exports['docx']:.2f} s | {exports['docx_cpu']:.2f} s | "
                  f"{exports['docx_bytes'] / 1024:.0f} KiB |"]
    record("Briefing: weekly panel on 1,000,000 cases, exports", "\n".join(lines))


if __name__ == "__main__":
    main()
