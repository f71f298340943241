"""Early-warning statistics: counts per window against what the history leads us to expect.

Pure (no database): `detect(records, now, config)` looks at the demands of the current window — the
`window_days` local days up to and including `now`'s — and returns the `Finding`s:

- **spike** (category × township, and category county-wide): the count of the current window
  against the *expected* count, the larger of
  the rolling baseline (mean of the `rolling_windows` windows just before) and the same period last
  year (mean of `last_year_windows` windows centred on this window 52 weeks earlier, weekday-aligned),
  floored at `min_expected`. The test is the upper tail P(X ≥ observed): negative binomial when the
  baseline windows vary more than a Poisson would (dispersion fitted by moments), Poisson otherwise.
  A spike needs at least `min_count` demands, `min_ratio` × expected, a tail below `alpha`, and a
  baseline: a history that does not yet cover two rolling windows or one window last year is not
  judged (an empty history raises nothing).
- **cluster** (one named entity: a shop, estate, employer): at least `cluster_min` different
  complainants (distinct phone numbers; a demand without one counts as its own complainant) in the
  window, tested the same way against the entity's own baseline, floored at `entity_floor` — a new
  entity that suddenly draws many complainants is exactly the beauty-salon case.

Windows before `history_start` (the first demand the center has) are unknown, not zero.
Each finding explains itself: what, where, observed vs expected, the p-value, the baseline it used
and the cases that make it.
"""
from __future__ import annotations

import bisect
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from casework.clock import CENTER_TZ

COUNTY = "*"  # the township of a county-wide key


@dataclass(frozen=True)
class Record:
    """One demand as the detector sees it."""

    at: datetime
    case_id: str
    category: str | None
    township_code: str | None
    entity: str | None = None
    phone: str | None = None


@dataclass(frozen=True)
class DetectorConfig:
    window_days: int = 7
    rolling_windows: int = 8
    last_year_windows: int = 3  # odd: centred on the same window a year ago
    alpha: float = 1e-3
    min_count: int = 5
    min_ratio: float = 1.5
    min_expected: float = 0.5
    cluster_min: int = 5
    entity_floor: float = 0.2
    county_wide: bool = True

    def read_ranges(self, now: datetime) -> list[tuple[datetime, datetime]]:
        """The spans of time `detect` at `now` reads: [start, end) of the current and rolling windows,
        and of the windows a year ago."""
        first_day = local_day(now) - timedelta(days=self.window_days - 1)
        width = timedelta(days=self.window_days)
        half = self.last_year_windows // 2
        year_ago = first_day - timedelta(days=364)
        return [(day_start(year_ago - half * width), day_start(year_ago + (half + 1) * width)),
                (day_start(first_day - self.rolling_windows * width), now + timedelta(microseconds=1))]


@dataclass(frozen=True)
class Finding:
    key: str
    kind: str  # spike / cluster
    category: str | None
    township_code: str | None
    entity: str | None
    level: str
    window_start: datetime
    window_end: datetime
    observed: int
    expected: float
    p_value: float
    complainants: int
    baseline: dict[str, Any]
    case_ids: list[str]
    summary: str

    def as_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


def local_day(moment: datetime) -> date:
    return moment.astimezone(CENTER_TZ).date()


def day_start(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=CENTER_TZ)


@dataclass
class DayIndex:
    """Per local day: how many demands each key had. Build once, query many windows."""

    days: dict[date, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))

    def add(self, record: Record) -> None:
        counter = self.days[local_day(record.at)]
        for key in keys_of(record):
            counter[key] += 1

    def count(self, key: str, first: date, last: date) -> int:
        total, day = 0, first
        while day <= last:
            counter = self.days.get(day)
            if counter:
                total += counter.get(key, 0)
            day += timedelta(days=1)
        return total


def keys_of(record: Record) -> list[str]:
    keys = []
    if record.category:
        if record.township_code:
            keys.append(spike_key(record.category, record.township_code))
    if record.category:
        keys.append(spike_key(record.category, COUNTY))
    if record.entity:
        keys.append(cluster_key(record.entity))
    return keys


def spike_key(category: str, township: str) -> str:
    return f"spike|{category}|{township}"


def cluster_key(entity: str) -> str:
    return f"cluster|{entity}"


def detect(records: Sequence[Record], now: datetime, config: DetectorConfig = DetectorConfig(), *,
           history_start: datetime | None = None, index: DayIndex | None = None) -> list[Finding]:
    """The findings at `now`. `records` sorted by `at` (at least the current window; the baseline too
    unless `index` is given). `history_start`: the first demand ever (default: the first record)."""
    if not records:
        return []
    if index is None:
        index = DayIndex()
        for record in records:
            index.add(record)
    today = local_day(now)
    first_day = today - timedelta(days=config.window_days - 1)
    start, end = day_start(first_day), now
    known_from = local_day(history_start or records[0].at)
    moments = [r.at for r in records]
    current = records[bisect.bisect_left(moments, start): bisect.bisect_right(moments, end)]
    if not current:
        return []
    by_key: dict[str, list[Record]] = defaultdict(list)
    for record in current:
        for key in keys_of(record):
            if key.endswith(f"|{COUNTY}") and not config.county_wide:
                continue
            by_key[key].append(record)
    findings = []
    for key, rows in by_key.items():
        kind = key.split("|", 1)[0]
        observed = len(rows)
        complainants = len({r.phone or f"case:{r.case_id}" for r in rows})
        if kind == "cluster" and complainants < config.cluster_min:
            continue
        if kind == "spike" and observed < config.min_count:
            continue
        baseline = _baseline(index, key, first_day, known_from, config)
        if kind == "spike" and baseline is None:
            continue
        floor = config.entity_floor if kind == "cluster" else config.min_expected
        expected = max(floor, (baseline or {}).get("expected", 0.0))
        measured = complainants if kind == "cluster" else observed
        if kind == "spike" and measured < config.min_ratio * expected:
            continue
        p_value, test = tail(measured, expected, (baseline or {}).get("variance"), (baseline or {}).get("windows"))
        if p_value >= config.alpha:
            continue
        findings.append(_finding(key, kind, rows, observed, complainants, expected, p_value, test,
                                 baseline, start, end))
    findings.sort(key=lambda f: (f.p_value, f.key))
    return findings


def _baseline(index: DayIndex, key: str, first_day: date, known_from: date,
              config: DetectorConfig) -> dict[str, Any] | None:
    width = timedelta(days=config.window_days)
    rolling = []
    for k in range(1, config.rolling_windows + 1):
        first = first_day - k * width
        if first >= known_from:
            rolling.append(index.count(key, first, first + width - timedelta(days=1)))
    last_year = []
    half = config.last_year_windows // 2
    for j in range(-half, half + 1):
        first = first_day - timedelta(days=364) + j * width
        if first >= known_from:
            last_year.append(index.count(key, first, first + width - timedelta(days=1)))
    if len(rolling) < 2 and not last_year:
        return None
    rolling_mean = sum(rolling) / len(rolling) if len(rolling) >= 2 else None
    last_year_mean = sum(last_year) / len(last_year) if last_year else None
    expected = max(m for m in (rolling_mean, last_year_mean) if m is not None)
    used = len(rolling) if expected == rolling_mean else len(last_year)
    windows = rolling + last_year
    mean = sum(windows) / len(windows)
    variance = sum((w - mean) ** 2 for w in windows) / (len(windows) - 1) if len(windows) >= 4 else None
    return {"expected": expected, "rolling_mean": _round(rolling_mean), "rolling_windows": len(rolling),
            "last_year_mean": _round(last_year_mean), "last_year_windows": len(last_year),
            "variance": None if variance is None else round(variance, 4), "windows": used,
            "basis": "rolling" if last_year_mean is None or (rolling_mean or 0) >= last_year_mean else "last_year"}


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def tail(observed: int, expected: float, variance: float | None = None,
         windows: int | None = None) -> tuple[float, str]:
    """P(X ≥ observed) and the test's name.

    With `windows` (the expected count is a mean of that many windows) the count is negative binomial:
    the Poisson–gamma predictive of a rate estimated from `windows` windows (Jeffreys prior), so a mean
    of few, small counts is not taken for certain; with `variance` above the mean (over-dispersed
    counts) the moment-fitted negative binomial when its tail is heavier. Poisson without either."""
    from scipy.stats import nbinom, poisson

    if observed <= 0:
        return 1.0, "poisson"
    candidates = []
    if windows:
        size = expected * windows + 0.5
        candidates.append((float(nbinom.sf(observed - 1, size, windows / (windows + 1.0))), "negative_binomial"))
    if variance is not None and variance > expected * 1.2 and expected > 0:
        size = expected * expected / (variance - expected)
        candidates.append((float(nbinom.sf(observed - 1, size, size / (size + expected))), "negative_binomial"))
    if not candidates:
        return float(poisson.sf(observed - 1, expected)), "poisson"
    return max(candidates)


def level_of(observed: int, expected: float, p_value: float) -> str:
    if p_value < 1e-8 or observed >= 4 * expected and observed >= 10:
        return "red"
    if p_value < 1e-6 or observed >= 2.5 * expected:
        return "orange"
    return "yellow"


def _finding(key: str, kind: str, rows: list[Record], observed: int, complainants: int, expected: float,
             p_value: float, test: str, baseline: dict[str, Any] | None, start: datetime,
             end: datetime) -> Finding:
    _, *parts = key.split("|")
    categories = Counter(r.category for r in rows if r.category)
    townships = Counter(r.township_code for r in rows if r.township_code)
    if kind == "spike":
        category, township, entity = parts[0], None if parts[1] == COUNTY else parts[1], None
    else:
        entity = parts[0]
        category = categories.most_common(1)[0][0] if categories else None
        township = townships.most_common(1)[0][0] if townships else None
    measured = complainants if kind == "cluster" else observed
    details = {**(baseline or {"rolling_mean": None, "last_year_mean": None, "basis": "none"}), "test": test}
    details.pop("expected", None)
    ratio = measured / expected if expected else float("inf")
    if kind == "spike":
        where = township or "全县"
        what = f"{where}「{category}」类诉求{observed}件"
    else:
        where = entity
        what = f"「{entity}」被{complainants}名群众反映（{observed}件）"
    summary = (f"{what}，{start.astimezone(CENTER_TZ):%m-%d}至{end.astimezone(CENTER_TZ):%m-%d}；"
               f"预期{expected:.1f}，为预期的{ratio:.1f}倍，p={p_value:.1e}"
               f"（{'负二项' if test == 'negative_binomial' else '泊松'}检验，基线：{_basis_zh(details)}）")
    return Finding(
        key=key, kind=kind, category=category, township_code=township, entity=entity,
        level=level_of(measured, expected, p_value), window_start=start, window_end=end,
        observed=observed, expected=round(expected, 3), p_value=float(f"{p_value:.3g}"),
        complainants=complainants, baseline=details,
        case_ids=[r.case_id for r in sorted(rows, key=lambda r: r.at)], summary=summary,
    )


def _basis_zh(details: dict[str, Any]) -> str:
    parts = []
    if details.get("rolling_mean") is not None:
        parts.append(f"前{details['rolling_windows']}期均值{details['rolling_mean']:.1f}")
    if details.get("last_year_mean") is not None:
        parts.append(f"去年同期均值{details['last_year_mean']:.1f}")
    return "，".join(parts) or "无历史"


def records_sorted(records: Iterable[Record]) -> list[Record]:
    return sorted(records, key=lambda r: (r.at, r.case_id))
