"""The periods a briefing talks about: local (Asia/Shanghai) days, and the periods it is compared with.

A period is a run of whole local days, first..last inclusive; queries use [start, end) in UTC.
- the default is the last full week, Monday to Sunday, before today;
- "previous" (环比) is the period of the same length just before; for a calendar month, the previous month;
- "last year" (同比) is the same calendar month(s) a year earlier for a month, otherwise the same days
  52 weeks (364 days) earlier, so a Monday-to-Sunday week compares with a Monday-to-Sunday week.
"""
from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from .clock import CENTER_TZ

MAX_DAYS = 366 * 3  # a briefing over more than three years is a mistake, not a question


@dataclass(frozen=True)
class Period:
    first: date
    last: date

    def __post_init__(self) -> None:
        if self.last < self.first:
            raise ValueError(f"the period ends ({self.last}) before it starts ({self.first})")
        if self.days > MAX_DAYS:
            raise ValueError(f"a period of {self.days} days is longer than {MAX_DAYS}")

    @property
    def start(self) -> datetime:
        return datetime.combine(self.first, time(0), CENTER_TZ)

    @property
    def end(self) -> datetime:
        return datetime.combine(self.last + timedelta(days=1), time(0), CENTER_TZ)

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    @property
    def is_month(self) -> bool:
        return self.first.day == 1 and self.last == _month_end(self.last) and \
            (self.last.year, self.last.month) == (self.first.year, self.first.month)

    def label(self) -> str:
        return f"{self.first.isoformat()} ~ {self.last.isoformat()}"

    def as_query(self) -> dict[str, str]:
        return {"from": self.first.isoformat(), "to": self.last.isoformat()}


def _month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def local_today(now: datetime) -> date:
    return now.astimezone(CENTER_TZ).date()


def last_full_week(now: datetime) -> Period:
    """Monday to Sunday of the last week that has ended (today's week is not over yet)."""
    today = local_today(now)
    this_monday = today - timedelta(days=today.weekday())
    return Period(this_monday - timedelta(days=7), this_monday - timedelta(days=1))


def month_of(day: date) -> Period:
    return Period(day.replace(day=1), _month_end(day))


def last_full_month(now: datetime) -> Period:
    return month_of(local_today(now).replace(day=1) - timedelta(days=1))


def previous(period: Period) -> Period:
    if period.is_month:
        return month_of(period.first - timedelta(days=1))
    return Period(period.first - timedelta(days=period.days), period.first - timedelta(days=1))


def same_period_last_year(period: Period) -> Period:
    if period.is_month:
        return month_of(period.first.replace(year=period.first.year - 1))
    shift = timedelta(days=364)
    return Period(period.first - shift, period.last - shift)


def parse_period(first: str | None, last: str | None, *, now: datetime) -> Period:
    """From `from`/`to` query values (YYYY-MM-DD, both inclusive); neither given: the last full week."""
    if not first and not last:
        return last_full_week(now)
    if not first or not last:
        raise ValueError("give both 'from' and 'to' (YYYY-MM-DD), or neither for the last full week")
    try:
        return Period(date.fromisoformat(first), date.fromisoformat(last))
    except ValueError as invalid:
        raise ValueError(f"'from' and 'to' must be dates YYYY-MM-DD with from ≤ to: {invalid}") from None


def parse_month(text: str | None, *, now: datetime) -> Period:
    """YYYY-MM; none given: the last full month."""
    if not text:
        return last_full_month(now)
    try:
        year, month = (int(part) for part in text.split("-"))
        return month_of(date(year, month, 1))
    except ValueError:
        raise ValueError(f"'month' must be YYYY-MM, not {text!r}") from None
