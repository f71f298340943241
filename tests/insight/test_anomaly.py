"""Early-warning statistics on small fixed histories (pure: no database)."""
from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

import pytest

from insight.anomaly import DetectorConfig, Record, detect, records_sorted, tail

NOW = datetime(2026, 11, 23, 12, tzinfo=timezone.utc)  # 20:00 in Shanghai
TOWN = "511725001"


def steady(days: int, per_day: float, *, category="城乡建设", township=TOWN, seed=1, entity=None, start=NOW):
    rng, out = random.Random(seed), []
    for d in range(days, 7, -1):  # up to, not into, the current week
        for n in range(int(per_day) + (rng.random() < per_day % 1)):
            out.append(Record(start - timedelta(days=d, hours=rng.random() * 8), f"b{seed}-{d}-{n}", category,
                              township, entity, f"13{rng.randint(0, 10**9):09d}"))
    return out


def burst(count: int, *, category="城乡建设", township=TOWN, entity=None, phone=None, hours=24, prefix="x"):
    return [Record(NOW - timedelta(hours=hours * i / max(1, count)), f"{prefix}{i}", category, township, entity,
                   phone or f"139{i:08d}") for i in range(count)]


def test_empty_history_raises_nothing():
    assert detect([], NOW) == []


def test_only_this_week_is_not_judged_for_spikes():
    # no baseline yet (a new center): a busy first week is not an anomaly
    assert [f for f in detect(records_sorted(burst(30)), NOW) if f.kind == "spike"] == []


def test_a_spike_explains_itself():
    history = records_sorted(steady(120, 1.0) + burst(25))
    [county, spike] = sorted((f for f in detect(history, NOW) if f.kind == "spike"), key=lambda f: f.key)
    assert spike.key == f"spike|城乡建设|{TOWN}" and county.key == "spike|城乡建设|*"
    assert spike.observed >= 25 and 5 <= spike.expected <= 9
    assert spike.p_value < 1e-3 and spike.level in ("red", "orange")
    assert spike.baseline["rolling_windows"] == 8 and spike.baseline["last_year_windows"] == 0
    assert spike.baseline["test"] == "negative_binomial"
    assert {f"x{i}" for i in range(25)} <= set(spike.case_ids)
    assert "城乡建设" in spike.summary and "预期" in spike.summary and "p=" in spike.summary
    assert spike.window_end == NOW


def test_ordinary_week_raises_nothing():
    history = records_sorted(steady(120, 1.0) + burst(8))
    assert detect(history, NOW) == []


def test_same_season_last_year_sets_the_expectation():
    # every year this week is busy: 4 a day in the same weeks last year, 1 a day otherwise
    last_year = [Record(NOW - timedelta(days=364 + d, hours=h), f"y{d}-{h}", "城乡建设", TOWN, None, None)
                 for d in range(-10, 11) for h in range(4)]
    history = records_sorted(steady(120, 1.0) + last_year + burst(25))
    assert [f for f in detect(history, NOW) if f.township_code == TOWN] == []


def test_many_complainants_about_one_entity_is_a_cluster():
    history = records_sorted(steady(60, 1.0) + burst(7, entity="美丽人生美容院", category="商贸旅游"))
    [cluster] = [f for f in detect(history, NOW) if f.kind == "cluster"]
    assert cluster.entity == "美丽人生美容院" and cluster.complainants == 7
    assert cluster.category == "商贸旅游" and cluster.township_code == TOWN
    assert "美丽人生美容院" in cluster.summary and "7名群众" in cluster.summary


def test_one_caller_calling_many_times_is_not_a_cluster():
    same_caller = burst(12, entity="美丽人生美容院", phone="13800000000", category=None)
    assert detect(records_sorted(steady(60, 1.0) + same_caller), NOW) == []


def test_an_entity_always_complained_about_is_expected():
    regular = steady(120, 1.0, entity="金鑫超市", category="商贸旅游")
    history = records_sorted(regular + burst(7, entity="金鑫超市", category="商贸旅游"))
    assert [f for f in detect(history, NOW) if f.kind == "cluster"] == []


def test_tail_tests():
    p_poisson, test = tail(10, 2.0)
    assert test == "poisson" and p_poisson == pytest.approx(4.5e-5, rel=0.05)
    p_few_windows, _ = tail(10, 2.0, windows=2)
    p_overdispersed, _ = tail(10, 2.0, variance=8.0)
    assert p_few_windows > p_poisson and p_overdispersed > p_poisson
    assert tail(0, 3.0)[0] == 1.0


def test_read_ranges_cover_the_windows_detect_reads():
    config = DetectorConfig()
    (year_start, year_end), (recent_start, recent_end) = config.read_ranges(NOW)
    assert recent_end > NOW and (NOW - recent_start).days == 7 * 8 + 6
    assert 364 + 7 < (NOW - year_start).days < 364 + 15 and (NOW - year_end).days >= 364 - 14
