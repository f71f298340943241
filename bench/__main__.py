"""`make bench`: every benchmark, figures printed and written to bench/RESULTS.md.

`python -m bench` runs them all; `python -m bench delivery console_queue` runs the ones named.
"""
from __future__ import annotations

import importlib
import sys
import time

BENCHMARKS = ("delivery", "intake", "intake_write", "console_queue", "sla_timers", "alarm_intake", "bulk_import",
              "classify", "scale", "insight_warnings", "briefing", "wall_soak")


def main(argv: list[str]) -> int:
    names = argv or list(BENCHMARKS)
    unknown = [n for n in names if n not in BENCHMARKS]
    if unknown:
        print(f"unknown benchmark(s) {unknown}; known: {', '.join(BENCHMARKS)}", file=sys.stderr)
        return 2
    for name in names:
        try:
            module = importlib.import_module(f"bench.{name}")
        except ModuleNotFoundError as missing:
            print(f"== {name}: not available ({missing})", flush=True)
            continue
        print(f"== {name}", flush=True)
        began = time.perf_counter()
        if name in ("delivery", "intake", "intake_write", "classify", "scale", "insight_warnings", "briefing"):
            module.main([])
        else:
            module.main()
        print(f"== {name} done in {time.perf_counter() - began:.0f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
