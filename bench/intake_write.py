"""CPU of the intake write alone (`casework.actions.do_intake`), one thread, on SQLite and PostgreSQL: without
and with SLA clocks, one demand or 20 a transaction, as the server writes (the group commit's leader: the
batch's texts classified in one call, then each demand's repeat lookup, risk code, SLA clocks, case, event
and outbox rows), and a replayed demand. `bench/intake.py` puts the same figures beside its HTTP runs.

    python -m bench intake_write                   # writes bench/RESULTS.md
    python -m bench.intake_write --profile         # and prints where the time goes (cProfile, not recorded)

The same simulator demands each run (`bench.load.demand`: the county's mix of places, callers and repeat
callers); `--warm` of them are written first so the repeat lookup has its usual candidates (up to 50 open
cases a demand), then `--count` for each way of writing. Thread CPU time: what the writer itself costs,
barely moved by other processes. The HTTP stack, the relay and the Socket.IO push come on top
(bench/intake.py, "server CPU").
"""
from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import sys
import tempfile
import time
from contextlib import nullcontext

from bench.load import demand
from bench.results import record

BATCH = 20
AS_THE_SERVER = f"as the server: insight + SLA clocks, {BATCH} per group commit"
# name, SLA clocks, insight, demands a transaction
WAYS = (("alone, SLA clocks", True, False, 1), ("alone, no clocks", False, False, 1),
        (f"{BATCH} per transaction, SLA clocks", True, False, BATCH), (AS_THE_SERVER, True, True, BATCH))


def _reports(tag: str, count: int) -> list:
    from adapters.placement import place
    from adapters.registry import adapter_for
    from geo import get_region

    adapter, region = adapter_for("hotline12345"), get_region("qu-county")
    return [place(adapter.parse(json.dumps(demand(tag, n)).encode(), "application/json"), region)
            for n in range(count)]


def write_cpu(url: str, *, count: int = 1000, warm: int = 3000, profile: bool = False) -> dict[str, float]:
    """ms of thread CPU a demand for each of `WAYS`, then for the first way's demands sent again (the
    idempotent answer), after `warm` demands written as the server writes them."""
    from casework.actions import do_intake
    from casework.clock import SystemClock
    from casework.sla import load_policies
    from casework.store import make_store
    from casework.store.deferred import deferring
    from insight.intake import IntakeInsight

    store, clock, book, enricher = make_store(url), SystemClock(), load_policies(), IntakeInsight(None)
    enricher.warm()

    def write(reports: list, *, clocks: bool, insight: bool, size: int) -> None:
        policies, enrich = (book if clocks else None), (enricher if insight else None)
        for start in range(0, len(reports), size):
            batch = reports[start:start + size]
            if enrich is not None:  # the group commit's prelude (casework.store.group_commit)
                enrich.prime([prelude[1] for report in batch if (prelude := enrich.prelude(report))])
            with store.transaction() as session, deferring(session) if size > 1 else nullcontext():
                for report in batch:
                    do_intake(session, report, clock=clock, policies=policies, enricher=enrich)

    reports = _reports(f"w{time.time_ns() % 10**10}", warm + count * len(WAYS))
    figures: dict[str, float] = {}
    profiler = cProfile.Profile() if profile else None
    try:
        write(reports[:warm], clocks=True, insight=True, size=BATCH)
        ways = [*((name, reports[warm + i * count:warm + (i + 1) * count], clocks, insight, size)
                  for i, (name, clocks, insight, size) in enumerate(WAYS)),
                ("replay (200)", reports[warm:warm + count], True, False, 1)]
        for name, chunk, clocks, insight, size in ways:
            if profiler:
                profiler.enable()
            began = time.thread_time()
            write(chunk, clocks=clocks, insight=insight, size=size)
            figures[name] = 1000 * (time.thread_time() - began) / count
            if profiler:
                profiler.disable()
    finally:
        store.dispose()
    if profiler:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)
    return figures


def table(figures_by_setup: dict[str, dict[str, float]]) -> str:
    kinds = list(next(iter(figures_by_setup.values()), {}))
    lines = ["| setup | " + " | ".join(kinds) + " |", "|---|" + "---|" * len(kinds)]
    lines += [f"| {setup} | " + " | ".join(f"{figures[kind]:.2f}" for kind in kinds) + " |"
              for setup, figures in figures_by_setup.items()]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.intake_write")
    parser.add_argument("--warm", type=int, default=3000)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--setups", default="embedded,postgres")
    parser.add_argument("--profile", action="store_true", help="print a cProfile of the measured part; no record")
    parser.add_argument("--no-record", action="store_true")
    args = parser.parse_args(argv if argv is not None else [])
    from casework.store.migrate import upgrade

    figures: dict[str, dict[str, float]] = {}
    for setup in args.setups.split(","):
        if setup == "embedded":
            with tempfile.TemporaryDirectory() as tmp:
                url = f"sqlite:///{tmp}/write.db"
                upgrade(url)
                figures[setup] = write_cpu(url, count=args.count, warm=args.warm, profile=args.profile)
        else:
            from tests.services import postgres_schema

            with postgres_schema() as url:
                figures[setup] = write_cpu(url, count=args.count, warm=args.warm, profile=args.profile)
        print(setup, {name: round(ms, 2) for name, ms in figures[setup].items()}, flush=True)
    if args.profile or args.no_record:
        return
    record("Intake write CPU (the group commit's leader)", f"""
`python -m bench intake_write`: `do_intake` in the benchmark process, one thread, ms of thread CPU a demand.
{args.warm:,} simulator demands are written first as the server writes them (the repeat lookup's candidates: up to
50 open cases a demand), then {args.count:,} for each way of writing. "As the server": what the group commit's
leader does — the batch's texts classified in one call, then each demand's repeat lookup, risk code, SLA clocks,
case, event and outbox rows, {BATCH} demands a transaction. The HTTP stack, the relay and the push come on top (see
"Sustained intake per channel", server CPU).

""" + table(figures))


if __name__ == "__main__":
    main(sys.argv[1:])
