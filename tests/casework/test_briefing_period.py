"""Briefing periods: the last full week in Shanghai, the period before, the same period last year."""
from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from casework.briefing_period import (
    Period,
    last_full_month,
    last_full_week,
    month_of,
    parse_month,
    parse_period,
    previous,
    same_period_last_year,
)


def test_the_last_full_week_is_monday_to_sunday_in_shanghai():
    # Monday 2026-11-23 00:30 in Shanghai is still Sunday in UTC: the last full week is 11-16..11-22
    monday_early = datetime(2026, 11, 22, 16, 30, tzinfo=timezone.utc)
    assert last_full_week(monday_early) == Period(date(2026, 11, 16), date(2026, 11, 22))
    sunday_late = datetime(2026, 11, 22, 15, 59, tzinfo=timezone.utc)  # 23:59 Sunday local
    assert last_full_week(sunday_late) == Period(date(2026, 11, 9), date(2026, 11, 15))


def test_a_period_is_whole_local_days():
    week = Period(date(2025, 12, 29), date(2026, 1, 4))
    assert week.start == datetime(2025, 12, 28, 16, tzinfo=timezone.utc)
    assert week.end == datetime(2026, 1, 4, 16, tzinfo=timezone.utc)
    assert week.days == 7 and not week.is_month


def test_previous_and_last_year():
    week = Period(date(2025, 12, 29), date(2026, 1, 4))
    assert previous(week) == Period(date(2025, 12, 22), date(2025, 12, 28))
    assert same_period_last_year(week) == Period(date(2024, 12, 30), date(2025, 1, 5))  # Monday to Sunday
    march = month_of(date(2024, 3, 10))
    assert previous(march) == Period(date(2024, 2, 1), date(2024, 2, 29))
    assert same_period_last_year(month_of(date(2024, 2, 1))) == Period(date(2023, 2, 1), date(2023, 2, 28))
    assert previous(month_of(date(2026, 1, 1))) == Period(date(2025, 12, 1), date(2025, 12, 31))


def test_last_full_month():
    assert last_full_month(datetime(2026, 1, 1, 1, tzinfo=timezone.utc)) == month_of(date(2025, 12, 1))


def test_parsing_refuses_what_is_not_a_period():
    now = datetime(2026, 11, 23, 2, tzinfo=timezone.utc)
    assert parse_period(None, None, now=now) == Period(date(2026, 11, 16), date(2026, 11, 22))
    assert parse_period("2026-11-01", "2026-11-30", now=now).is_month
    for first, last in (("2026-11-30", "2026-11-01"), ("2026-11-01", None), ("yesterday", "2026-11-01"),
                        ("2020-01-01", "2026-01-01")):
        with pytest.raises(ValueError):
            parse_period(first, last, now=now)
    assert parse_month("2026-02", now=now) == Period(date(2026, 2, 1), date(2026, 2, 28))
    assert parse_month(None, now=now) == month_of(date(2026, 10, 1))
    with pytest.raises(ValueError):
        parse_month("2026-13", now=now)
