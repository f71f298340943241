"""A labelled synthetic history with injected anomalies, and how well the detector finds them.

    history = generate_history(seed=7)           # deterministic: two years of demands + the anomalies
    evaluate_warnings(history) -> dict           # precision, recall, detection delay (days)

The history: `townships` × `categories` streams of daily Poisson counts, each with its own level
(log-normal), a weekly rhythm (fewer on Sundays), a yearly season with its own phase, and a slow
trend; 8 % of demands name one of a pool of background entities (shops, estates, employers), each
named now and then. Into the second year go `anomalies` injected at known days, half of each kind:
- **spike**: one (category, township) stream gets extra demands for 3–10 days, 1.5–4 × its
  usual daily rate on top (at least 1.2 a day);
- **cluster**: one entity (new, or from the pool) is named by 6–30 different complainants over 2–8
  days (the beauty-salon case in small).
The detector runs once a day at 20:00 local time over the second year, exactly as the live one
would (same `detect`, same de-duplication: a key raised within the last window is not raised again).
A warning is *true* when it matches an anomaly active in its window: the same key, or the spike of
the anomaly's category × township or county-wide (the injected demands count there too); precision = true warnings / warnings; recall = anomalies
with a true warning / anomalies; delay = days from the anomaly's first extra demand to its first true
warning (resolution: the daily run).
"""
from __future__ import annotations

import math
import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from casework.clock import CENTER_TZ

from .anomaly import COUNTY, DayIndex, DetectorConfig, Record, cluster_key, detect, spike_key

START = date(2025, 1, 6)  # a Monday
CATEGORIES = ("城乡建设", "劳动和社会保障", "环境保护", "交通运输", "商贸旅游", "卫生计生", "教育文体", "政法")
ENTITY_POOL_SHARE = 0.08
RUN_HOUR = 20


@dataclass(frozen=True)
class Anomaly:
    kind: str  # spike / cluster
    key: str
    category: str
    township_code: str | None
    entity: str | None
    first_day: date
    last_day: date
    extra: int  # demands injected


@dataclass
class History:
    records: list[Record]
    anomalies: list[Anomaly]
    first_day: date
    days: int
    seed: int


def generate_history(seed: int = 7, *, days: int = 730, townships: int = 12, categories: int = 6,
                     anomalies: int = 40) -> History:
    rng = random.Random(seed)
    town_codes = [f"5117250{n:02d}" for n in range(1, townships + 1)]
    cats = CATEGORIES[:categories]
    streams = {(c, t): math.exp(rng.gauss(math.log(0.6), 0.7)) for c in cats for t in town_codes}
    phases = {c: rng.uniform(0, 2 * math.pi) for c in cats}
    pool = [f"{name}{suffix}" for name, suffix in zip(
        (f"{a}{b}" for a in "金银华鑫锦绣宏达丰顺" for b in "福泰源盛兴"),
        ("超市", "小区", "有限公司", "美容院", "工地", "物业", "饭店", "驾校") * 7)]
    counter = 0
    records: list[Record] = []

    def add(day: date, category: str, township: str, entity: str | None, phone: str) -> None:
        nonlocal counter
        counter += 1
        at = datetime(day.year, day.month, day.day, 8, tzinfo=CENTER_TZ) + timedelta(minutes=rng.randint(0, 12 * 60))
        records.append(Record(at, f"S{counter:07d}", category, township, entity, phone))

    for offset in range(days):
        day = START + timedelta(days=offset)
        weekly = 0.6 if day.weekday() == 6 else 1.0
        for (category, township), level in streams.items():
            season = 1.0 + 0.35 * math.sin(2 * math.pi * offset / 365.0 + phases[category])
            trend = 1.0 + 0.1 * offset / 365.0
            for _ in range(_poisson(rng, level * weekly * season * trend)):
                entity = rng.choice(pool) if rng.random() < ENTITY_POOL_SHARE else None
                add(day, category, township, entity, f"1{rng.randint(3, 9)}{rng.randint(0, 10**9 - 1):09d}")
    injected = []
    for n in range(anomalies):
        first = START + timedelta(days=365 + 14 + rng.randint(0, max(0, days - 365 - 14 - 10)))
        category, township = rng.choice(cats), rng.choice(town_codes)
        if n % 2 == 0:
            length = rng.randint(3, 10)
            rate = max(1.2, streams[(category, township)] * rng.uniform(1.5, 4.0))
            extra = 0
            for d in range(length):
                for _ in range(_poisson(rng, rate)):
                    add(first + timedelta(days=d), category, township, None,
                        f"1{rng.randint(3, 9)}{rng.randint(0, 10**9 - 1):09d}")
                    extra += 1
            injected.append(Anomaly("spike", spike_key(category, township), category, township, None,
                                    first, first + timedelta(days=length - 1), extra))
        else:
            entity = rng.choice(pool) if rng.random() < 0.5 else f"新{n:02d}号美容院"
            length, complainants = rng.randint(2, 8), rng.randint(6, 30)
            for c in range(complainants):
                add(first + timedelta(days=rng.randint(0, length - 1)), category, township, entity,
                    f"199{seed:02d}{n:02d}{c:04d}")
            injected.append(Anomaly("cluster", cluster_key(entity), category, township, entity, first,
                                    first + timedelta(days=length - 1), complainants))
    records.sort(key=lambda r: (r.at, r.case_id))
    injected.sort(key=lambda a: a.first_day)
    return History(records, injected, START, days, seed)


def _poisson(rng: random.Random, mean: float) -> int:
    limit, k, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        k += 1
        product *= rng.random()
    return k


def run_detector(history: History, config: DetectorConfig = DetectorConfig(),
                 *, first_run_day: int = 365) -> list[tuple[date, object]]:
    """(run day, finding) for every warning the daily run would raise over the evaluated days."""
    index = DayIndex()
    for record in history.records:
        index.add(record)
    moments = [r.at for r in history.records]
    import bisect

    history_start = history.records[0].at if history.records else None
    last_raised: dict[str, date] = {}
    raised = []
    span = timedelta(days=config.window_days)
    for offset in range(first_run_day, history.days):
        day = history.first_day + timedelta(days=offset)
        now = datetime(day.year, day.month, day.day, RUN_HOUR, tzinfo=CENTER_TZ)
        lo = bisect.bisect_left(moments, now - span - timedelta(days=1))
        hi = bisect.bisect_right(moments, now)
        for finding in detect(history.records[lo:hi], now, config, history_start=history_start, index=_Until(index, day)):
            previous = last_raised.get(finding.key)
            if previous is not None and day - previous < span:
                continue
            last_raised[finding.key] = day
            raised.append((day, finding))
    return raised


class _Until(DayIndex):
    """The day index as it was known at the end of `day` (the evaluation must not see the future)."""

    def __init__(self, index: DayIndex, day: date) -> None:
        self.days, self._day = index.days, day

    def count(self, key: str, first: date, last: date) -> int:
        return super().count(key, first, min(last, self._day))


def _matches(finding, anomaly: Anomaly, day: date, window_days: int) -> bool:  # noqa: ANN001
    active = anomaly.first_day <= day and day - timedelta(days=window_days - 1) <= anomaly.last_day
    if not active:
        return False
    if finding.key == anomaly.key:
        return True
    # the injected demands count in their category × township too (and county-wide)
    return finding.key in (spike_key(anomaly.category, anomaly.township_code), spike_key(anomaly.category, COUNTY))


def evaluate_warnings(history: History | None = None, config: DetectorConfig = DetectorConfig()) -> dict:
    history = history or generate_history()
    raised = run_detector(history, config)
    detected: dict[int, date] = {}
    true_warnings = 0
    by_kind: dict[str, dict[str, int]] = defaultdict(lambda: {"warnings": 0, "true": 0})
    for day, finding in raised:
        hits = [i for i, a in enumerate(history.anomalies) if _matches(finding, a, day, config.window_days)]
        by_kind[finding.kind]["warnings"] += 1
        if hits:
            true_warnings += 1
            by_kind[finding.kind]["true"] += 1
            for i in hits:
                detected.setdefault(i, day)
    delays = sorted((detected[i] - history.anomalies[i].first_day).days for i in detected)
    anomalies = len(history.anomalies)
    per_kind = {}
    for kind in ("spike", "cluster"):
        members = [i for i, a in enumerate(history.anomalies) if a.kind == kind]
        found = [i for i in members if i in detected]
        kind_delays = sorted((detected[i] - history.anomalies[i].first_day).days for i in found)
        per_kind[kind] = {
            "anomalies": len(members), "detected": len(found),
            "recall": round(len(found) / len(members), 4) if members else None,
            "warnings": by_kind[kind]["warnings"],
            "precision": round(by_kind[kind]["true"] / by_kind[kind]["warnings"], 4) if by_kind[kind]["warnings"] else None,
            "median_delay_days": _median(kind_delays),
        }
    return {
        "history": {"seed": history.seed, "days": history.days, "demands": len(history.records),
                    "evaluated_days": history.days - 365, "anomalies": anomalies},
        "warnings": len(raised),
        "true_warnings": true_warnings,
        "precision": round(true_warnings / len(raised), 4) if raised else None,
        "recall": round(len(detected) / anomalies, 4) if anomalies else None,
        "detection_delay_days": {"median": _median(delays), "mean": round(sum(delays) / len(delays), 2) if delays else None,
                                 "max": max(delays) if delays else None},
        "per_kind": per_kind,
        "config": {name: getattr(config, name) for name in config.__dataclass_fields__},
    }


def _median(values: list[int]) -> float | None:
    if not values:
        return None
    middle = len(values) // 2
    return float(values[middle]) if len(values) % 2 else (values[middle - 1] + values[middle]) / 2
