"""CPU of the intake write as the server does it: the group commit's leader writing batches of demands with
insight (classifier prelude, repeat lookup, risk) and SLA clocks, one thread, on SQLite and PostgreSQL.

    python -m bench intake_write                   # writes bench/RESULTS.md
    python -m bench.intake_write --profile         # and prints where the time goes (cProfile, not recorded)

The same simulator demands each run (`bench.load.demand`: the county's mix of places, callers and repeat
callers); `--warm` of them are written first so the repeat lookup has its usual candidates (up to 50 open
cases a demand), then `--count` are measured. Thread CPU time: what the writer itself costs, barely moved by
other processes. The HTTP stack, the relay and the Socket.IO push come on top (bench/intake.py, "server CPU").
"""
from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import sys
import tempfile
import time
from collections.abc import Callable

from bench.load import demand
from bench.results import record

BATCH = 20


def _reports(tag: str, count: int) -> list:  # noqa: ANN001
    from adapters.placement import place
    from adapters.registry import adapter_for
    from geo import get_region

    adapter, region = adapter_for("hotline12345"), get_region("qu-county")
    return [place(adapter.parse(json.dumps(demand(tag, n)).encode(), "application/json"), region)
            for n in range(count)]


def _writer(url: str) -> tuple[Callable[[list], None], Callable[[], None]]:
    from casework.actions import do_intake
    from casework.clock import SystemClock
    from casework.sla import load_policies
    from casework.store import make_store
    from casework.store.deferred import deferring
    from insight.intake import IntakeInsight

    store, clock, policies, enricher = make_store(url), SystemClock(), load_policies(), IntakeInsight(None)
    enricher.warm()

    def write(batch: list) -> None:  # what GroupCommit's leader does for a batch (group_commit._write_batch)
        enricher.prime([prelude[1] for report in batch if (prelude := enricher.prelude(report))])
        with store.transaction() as session, deferring(session):
            for report in batch:
                do_intake(session, report, clock=clock, policies=policies, enricher=enricher)

    return write, store.dispose


def measure(url: str, warm: int, count: int, profile: bool = False) -> float:
    """ms of thread CPU a demand, batches of `BATCH`, after `warm` demands."""
    write, dispose = _writer(url)
    reports = _reports(f"w{time.time_ns() % 10**10}", warm + count)
    try:
        for start in range(0, warm, BATCH):
            write(reports[start:start + BATCH])
        measured = reports[warm:]
        profiler = cProfile.Profile() if profile else None
        began = time.thread_time()
        if profiler:
            profiler.enable()
        for start in range(0, count, BATCH):
            write(measured[start:start + BATCH])
        if profiler:
            profiler.disable()
        spent = time.thread_time() - began
    finally:
        dispose()
    if profiler:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)
    return 1000 * spent / count


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.intake_write")
    parser.add_argument("--warm", type=int, default=3000)
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--setups", default="embedded,postgres")
    parser.add_argument("--profile", action="store_true", help="print a cProfile of the measured part; no record")
    parser.add_argument("--no-record", action="store_true")
    args = parser.parse_args(argv if argv is not None else [])
    from casework.store.migrate import upgrade

    rows = []
    for setup in args.setups.split(","):
        if setup == "embedded":
            with tempfile.TemporaryDirectory() as tmp:
                url = f"sqlite:///{tmp}/write.db"
                upgrade(url)
                rows.append((setup, measure(url, args.warm, args.count, args.profile)))
        else:
            from tests.services import postgres_schema

            with postgres_schema() as url:
                rows.append((setup, measure(url, args.warm, args.count, args.profile)))
        print(f"{setup}: {rows[-1][1]:.2f} ms CPU a demand", flush=True)
    if args.profile or args.no_record:
        return
    table = ["| setup | writer CPU a demand (ms) |", "|---|---|"]
    table += [f"| {setup} | {ms:.2f} |" for setup, ms in rows]
    record("Intake write CPU (the group commit's leader)", f"""
`python -m bench intake_write`: `do_intake` as the group commit's leader runs it — the batch's texts classified
in one call, then each demand's repeat lookup, risk code, SLA clocks, case, event and outbox rows, {BATCH} demands
a transaction — one thread, thread CPU time. {args.warm:,} simulator demands written first (the repeat lookup's
candidates: up to 50 open cases a demand), then {args.count:,} measured. The HTTP stack, the relay and the push
come on top (see "Sustained intake per channel", server CPU).

""" + "\n".join(table))


if __name__ == "__main__":
    main(sys.argv[1:])
