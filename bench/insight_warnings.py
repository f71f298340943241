"""Early warnings and insight on intake: precision, recall and detection delay on the labelled
synthetic history, and what insight adds to each intake.

    .venv/bin/python -m bench.insight_warnings [--seeds 7 11 23] [--intakes 400]

- warnings: `insight.warning_eval` (two years of demands, 12 townships × 6 categories, 40 anomalies
  injected in the second year, half spikes, half entity clusters), the detector run daily at 20:00
  over the second year with its default configuration; one row per seed, then the pooled figures;
- intake: `do_intake` on SQLite (a file, WAL) with and without `insight.intake.IntakeInsight` (shipped
  model; the demands carry no category, so every one is classified), one process pinned to one core:
  milliseconds per intake, mean of `--intakes`, over a store already holding 2,000 cases.
"""
from __future__ import annotations

import os

for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

import argparse  # noqa: E402
import random  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from datetime import datetime, timedelta, timezone  # noqa: E402
from pathlib import Path  # noqa: E402

from bench.results import record  # noqa: E402

SECTION = "Early warnings and insight on intake (insight)"
TEXTS = ("小区门口路灯坏了一个星期，晚上出行不安全", "包工头拖欠农民工工资三个月不给", "楼下烧烤店油烟噪音扰民到凌晨",
         "美丽人生美容院办卡后关门跑路，几十人的钱退不了", "乡村公路坑洼不平，客车绕行", "学校乱收补课费",
         "丈夫经常家暴，说要同归于尽", "化工厂夜间偷排污水到河里，鱼都死了")


def warnings_rows(seeds: list[int]) -> tuple[str, dict]:
    from insight.warning_eval import evaluate_warnings, generate_history

    rows, pooled = [], {"warnings": 0, "true": 0, "anomalies": 0, "detected": 0, "delays": []}
    for seed in seeds:
        began = time.perf_counter()
        history = generate_history(seed)
        result = evaluate_warnings(history)
        seconds = time.perf_counter() - began
        kinds = result["per_kind"]
        rows.append(f"| {seed} | {result['history']['demands']:,} | {result['warnings']} | "
                    f"**{result['precision']:.3f}** | **{result['recall']:.3f}** | "
                    f"{kinds['spike']['recall']:.2f} / {kinds['cluster']['recall']:.2f} | "
                    f"{result['detection_delay_days']['median']:.1f} / {result['detection_delay_days']['mean']:.2f} / "
                    f"{result['detection_delay_days']['max']} | {seconds:.1f} s |")
        pooled["warnings"] += result["warnings"]
        pooled["true"] += result["true_warnings"]
        pooled["anomalies"] += result["history"]["anomalies"]
        pooled["detected"] += round(result["recall"] * result["history"]["anomalies"])
        pooled["delays"].append(result["detection_delay_days"]["mean"])
    return "\n".join(rows), pooled


def intake_cost(intakes: int) -> tuple[float, float, dict]:
    from casework.actions import do_intake
    from casework.clock import FrozenClock
    from casework.inbound import InboundReport
    from casework.store import make_store
    from casework.store.migrate import upgrade
    from insight.intake import IntakeInsight

    rng = random.Random(1)
    clock = FrozenClock(datetime(2026, 11, 23, 2, tzinfo=timezone.utc))
    enricher = IntakeInsight()
    enricher.classifier.predict(["预热"])  # load the model outside the measurement

    def demand(n: int) -> InboundReport:
        return InboundReport(
            channel="hotline12345", external_id=f"B-{n}", received_at=clock.now() - timedelta(minutes=rng.randint(0, 40000)),
            title=rng.choice(TEXTS)[:10], content=rng.choice(TEXTS) + f" {n}号", category=None,
            reporter={"name": "张三", "phone": f"138{rng.randint(0, 3000):08d}"},
            township_code=f"5117250{rng.randint(1, 37):02d}", village_code=None)

    results, levels = {}, {}
    for label, used in (("without insight", None), ("with insight", enricher)):
        with tempfile.TemporaryDirectory() as tmp:
            url = f"sqlite:///{Path(tmp) / 'bench.db'}"
            upgrade(url)
            store = make_store(url)
            with store.transaction() as session:
                for n in range(2000):
                    do_intake(session, demand(n), clock=clock, enricher=used)
            began, cpu = time.perf_counter(), time.process_time()
            for n in range(2000, 2000 + intakes):
                with store.transaction() as session:
                    case = do_intake(session, demand(n), clock=clock, enricher=used).case
                    if used is not None:
                        levels[case["risk_level"]] = levels.get(case["risk_level"], 0) + 1
            results[label] = ((time.perf_counter() - began) / intakes * 1000,
                              (time.process_time() - cpu) / intakes * 1000)
            store.dispose()
    return results["without insight"], results["with insight"], levels


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.insight_warnings")
    parser.add_argument("--seeds", type=int, nargs="+", default=[7, 11, 23])
    parser.add_argument("--intakes", type=int, default=400)
    args = parser.parse_args(argv)
    try:
        core = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {core})
        pinned = f"pinned to CPU {core}"
    except (AttributeError, OSError):
        pinned = "not pinned"
    from insight.anomaly import DetectorConfig

    rows, pooled = warnings_rows(args.seeds)
    (without_wall, without), (with_wall, with_insight), levels = intake_cost(args.intakes)
    config = DetectorConfig()
    body = f"""
Measured on a machine shared with five other helpers working in parallel (2 cores): timings are
upper bounds. Warnings: `insight.warning_eval` — two years of synthetic demands (12 townships × 6
categories, Poisson streams with weekly and yearly rhythm and a trend, 8 % naming background
entities), 40 anomalies injected at known days of the second year (20 spikes: one category × township
gets 1.5–4× its rate on top for 3–10 days; 20 clusters: 6–30 different complainants name one entity
within 2–8 days). The detector (`insight.anomaly.detect`, the same code the live detector runs) runs
daily at 20:00 over the second year: window {config.window_days} days, rolling baseline
{config.rolling_windows} windows, same period last year {config.last_year_windows} windows,
negative-binomial / Poisson upper tail, alpha {config.alpha:g}, at least {config.min_count} demands and
{config.min_ratio}× expected for a spike, at least {config.cluster_min} complainants for a cluster; a key
raised is not raised again within a window. A warning is true when it matches an anomaly active in
its window; delay = days from the first injected demand to the first true warning (daily runs).
`smartbrain eval --warnings [--seed N]` prints the same figures as one JSON line.

| seed | demands | warnings | precision | recall | recall spike / cluster | delay days median / mean / max | run |
|---|---|---|---|---|---|---|---|
{rows}

Pooled over {len(args.seeds)} seeds: precision **{pooled['true'] / max(1, pooled['warnings']):.3f}**
({pooled['true']} of {pooled['warnings']} warnings), recall **{pooled['detected'] / max(1, pooled['anomalies']):.3f}**
({pooled['detected']} of {pooled['anomalies']} anomalies), mean detection delay
{sum(pooled['delays']) / len(pooled['delays']):.2f} days. The spikes missed are the small ones (a few
extra demands on a quiet stream over 3 days are within chance); clusters are nearly all caught the
day after or the day they reach {config.cluster_min} complainants.

Insight on intake ({pinned}, SQLite file, 2,000 cases already stored, demands without a category so
each is classified by the shipped model), CPU time per intake (wall time in brackets, inflated by the
other work on the machine): `do_intake` {without:.2f} ms ({without_wall:.2f}) without insight,
{with_insight:.2f} ms ({with_wall:.2f}) with it (classification, entity, repeat lookup among open
cases by caller / village / 300 m, caller history, risk code): +{with_insight - without:.2f} ms of CPU
per demand, i.e. {1000 / max(1e-9, with_insight - without):,.0f} demands/s of insight work on one core. Risk levels of the {args.intakes} measured demands:
{", ".join(f"{level} {count}" for level, count in sorted(levels.items(), key=lambda item: str(item[0])))}.
"""
    record(SECTION, body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
