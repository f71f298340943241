"""Working time on China's official calendar (holidays and 调休 make-up workdays) within office hours.

The holiday arrangement comes from the `chinesecalendar` package, which knows only the years the State
Council has published. Any computation that needs a day outside those years raises
`CalendarOutOfRange`, which says which years are known and what to do; nothing guesses.
"""
from __future__ import annotations

import threading
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from zoneinfo import ZoneInfo

import chinese_calendar
from chinese_calendar import constants as _holiday_tables

from .limits import Metric

# far enough for any limit a center writes; reached only if a calendar had no office time at all
_MAX_DAYS_SCANNED = 3 * 366


def _package_version() -> str:
    try:
        return version("chinesecalendar")
    except PackageNotFoundError:  # pragma: no cover - vendored copies
        return "unknown"


def known_years() -> tuple[int, int]:
    """The first and last year whose holiday arrangement the installed chinesecalendar knows."""
    years = [day.year for day in _holiday_tables.holidays]
    return min(years), max(years)


class CalendarOutOfRange(ValueError):
    """A working-time computation needs a day the official calendar does not know yet."""

    def __init__(self, day: date) -> None:
        first, last = known_years()
        self.day, self.first_year, self.last_year = day, first, last
        super().__init__(
            f"{day.isoformat()} lies beyond the official holiday calendar: the installed chinesecalendar "
            f"{_package_version()} knows only the years {first}-{last}, so working days in {day.year} cannot "
            f"be counted. Upgrade chinesecalendar once the State Council has published the {day.year} holiday "
            f"arrangement (pip install -U chinesecalendar)."
        )


def is_working_day(day: date) -> bool:
    """An official working day: a weekday that is no holiday, or a 调休 make-up day."""
    first, last = known_years()
    if not first <= day.year <= last:
        raise CalendarOutOfRange(day)
    return chinese_calendar.is_workday(day)


class ElapsedTime:
    """Around-the-clock time: minutes, hours and calendar days."""

    metric: Metric = "elapsed"

    def add(self, start: datetime, seconds: float) -> datetime:
        return start + timedelta(seconds=seconds)

    def between(self, start: datetime, end: datetime) -> float:
        return max(0.0, (end - start).total_seconds())


class OfficeTime:
    """Office time on official working days, e.g. 08:30-12:00 and 14:00-17:30 Asia/Shanghai."""

    metric: Metric = "office"

    def __init__(self, spans: Sequence[tuple[time, time]], tz: str = "Asia/Shanghai") -> None:
        if not spans:
            raise ValueError("office hours need at least one span")
        previous_end: time | None = None
        for begin, end in spans:
            if not begin < end:
                raise ValueError(f"office span {begin:%H:%M}-{end:%H:%M} must start before it ends")
            if previous_end is not None and begin < previous_end:
                raise ValueError("office spans must be in order and must not overlap")
            previous_end = end
        self.spans = tuple(spans)
        self.zone = ZoneInfo(tz)
        self.day_seconds = sum(
            (datetime.combine(date.min, end) - datetime.combine(date.min, begin)).total_seconds()
            for begin, end in self.spans
        )
        self._days: dict[date, tuple[tuple[datetime, datetime], ...]] = {}
        self._lock = threading.Lock()

    def office_spans(self, day: date) -> tuple[tuple[datetime, datetime], ...]:
        """That day's office spans as UTC datetimes; empty on days off."""
        cached = self._days.get(day)
        if cached is None:
            cached = tuple(
                (datetime.combine(day, begin, self.zone).astimezone(timezone.utc),
                 datetime.combine(day, end, self.zone).astimezone(timezone.utc))
                for begin, end in self.spans
            ) if is_working_day(day) else ()
            with self._lock:
                self._days[day] = cached
        return cached

    def add(self, start: datetime, seconds: float) -> datetime:
        """The earliest moment at which `seconds` of office time have passed since `start`."""
        if seconds <= 0:
            return start
        left = timedelta(seconds=seconds)
        day = start.astimezone(self.zone).date()
        for _ in range(_MAX_DAYS_SCANNED):
            for begin, end in self.office_spans(day):
                if end <= start:
                    continue
                begin = max(begin, start)
                if end - begin >= left:
                    return begin + left
                left -= end - begin
            day += timedelta(days=1)
        raise ValueError(f"no office time within {_MAX_DAYS_SCANNED} days of {start.isoformat()}")

    def between(self, start: datetime, end: datetime) -> float:
        """Office seconds in [start, end)."""
        if end <= start:
            return 0.0
        total = timedelta()
        day, last = start.astimezone(self.zone).date(), end.astimezone(self.zone).date()
        while day <= last:
            for begin, finish in self.office_spans(day):
                overlap = min(finish, end) - max(begin, start)
                if overlap > timedelta():
                    total += overlap
            day += timedelta(days=1)
        return total.total_seconds()


TimeMeasure = ElapsedTime | OfficeTime


@lru_cache(maxsize=64)
def office_time(spans: tuple[tuple[time, time], ...], tz: str) -> OfficeTime:
    """One shared OfficeTime per (office hours, zone), so day tables are computed once."""
    return OfficeTime(spans, tz)


ELAPSED = ElapsedTime()


def measure_for(metric: Metric, spans: tuple[tuple[time, time], ...], tz: str) -> TimeMeasure:
    return ELAPSED if metric == "elapsed" else office_time(spans, tz)
