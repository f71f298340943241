"""Every rate against hand-computed values on a small fixed dataset."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from casework.actions import do_case_action, do_intake
from casework.models import Unit
from casework.rates import RATES, six_rates, six_rates_by
from tests.factories import report

DAY = datetime(2026, 11, 23, tzinfo=timezone.utc)


def run(store, clock, case_id, *steps):  # noqa: ANN001, ANN002
    version = 1
    for action, data in steps:
        with store.transaction() as s:
            version = do_case_action(s, case_id, action, expected_version=version, clock=clock,
                                     actor="t", data=data)["version"]


@pytest.fixture
def dataset(store, clock):  # noqa: ANN001, ANN201
    with store.transaction() as s:
        s.add(Unit(id="U1", name="队1", kind="民声服务队", skills=[], status="available", updated_at=clock.now()))
        ids = [do_intake(s, report(township_code="511725001" if n < 4 else "511725102",
                                   received_at=DAY + timedelta(hours=n)), clock=clock).case["id"]
               for n in range(6)]
        outside = do_intake(s, report(received_at=DAY - timedelta(days=1)), clock=clock).case["id"]
    route = ("route", {"department": "县住建局"})
    run(store, clock, ids[0], ("contact", {}), ("sign", {}), route, ("resolve", {}),
        ("visit", {"satisfaction": "satisfied"}), ("close", {}))
    run(store, clock, ids[1], ("sign", {}), route, ("return", {}))
    run(store, clock, ids[2], ("contact", {}), ("sign", {}), ("dispatch", {"unit_id": "U1"}), ("arrive", {}),
        ("resolve", {}), ("visit", {"satisfaction": "dissatisfied"}))
    run(store, clock, ids[3], ("sign", {}))
    run(store, clock, ids[4], ("merge", {"into": ids[3]}))
    run(store, clock, outside, ("sign", {}))
    # ids[5] stays received
    return ids


def test_six_rates_by_hand(store, dataset):
    with store.reading() as s:
        result = six_rates(s, DAY, DAY + timedelta(days=1))
    # received less merged: 0,1,2,3,5 = 5; signed 0,1,2,3 = 4; contacted 0,2 = 2; dispatched/routed 0,1,2 = 3
    # returned 1 = 1; resolved 0,2 = 2; visited 0,2 = 2; complaints 2 = 1
    rates = {k: (v["numerator"], v["denominator"]) for k, v in result["rates"].items()}
    assert rates == {"sign": (4, 5), "feedback": (2, 5), "diversion": (3, 4), "return": (1, 3),
                     "closure": (2, 5), "complaint": (1, 2)}
    assert result["rates"]["sign"]["rate"] == pytest.approx(0.8)


def test_an_empty_period_has_no_rates_rather_than_zero(store, dataset):
    with store.reading() as s:
        result = six_rates(s, DAY + timedelta(days=7), DAY + timedelta(days=8))
    assert all(v["rate"] is None and v["denominator"] == 0 for v in result["rates"].values())


def test_per_township(store, dataset):
    with store.reading() as s:
        grouped = six_rates_by(s, DAY, DAY + timedelta(days=1), by="township_code")
    assert grouped["511725001"]["rates"]["sign"] == {"numerator": 4, "denominator": 4, "rate": 1.0}
    assert grouped["511725102"]["rates"]["sign"] == {"numerator": 0, "denominator": 1, "rate": 0.0}


def test_every_rate_is_defined_for_a_reader():
    assert [r.zh for r in RATES] == ["签收率", "反馈率", "分流率", "回流率", "办结率", "投诉率"]
    assert all(r.numerator and r.denominator for r in RATES)


def test_a_backwards_period_is_refused(store):
    with store.reading() as s, pytest.raises(ValueError):
        six_rates(s, DAY, DAY)


def test_on_time_rates_read_the_clocks(store, clock):
    from casework.rates import on_time_rates
    from casework.sla import load_policies

    policies = load_policies()
    with store.transaction() as s:
        quick = do_intake(s, report(received_at=clock.now()), clock=clock, policies=policies).case["id"]
        slow = do_intake(s, report(received_at=clock.now()), clock=clock, policies=policies).case["id"]
        do_intake(s, report(received_at=clock.now()), clock=clock, policies=policies)  # still running: no outcome
    clock.advance(seconds=30)
    with store.transaction() as s:
        do_case_action(s, quick, "sign", expected_version=1, clock=clock, actor="a", policies=policies)
    clock.advance(minutes=15)  # past any sign limit (1 min for the hotline, 10 by default)
    with store.transaction() as s:
        do_case_action(s, slow, "sign", expected_version=1, clock=clock, actor="a", policies=policies)
    with store.reading() as s:
        rates = on_time_rates(s, clock.now() - timedelta(hours=1), clock.now() + timedelta(hours=1))
    # the late one was signed after its deadline before any timer fired: late all the same
    assert rates["on_time_sign"] == {"numerator": 1, "denominator": 2, "rate": 0.5}
