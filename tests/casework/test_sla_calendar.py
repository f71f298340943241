"""Working time on China's official calendar: holidays, 调休 make-up days, office hours, its limits."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import chinese_calendar
import pytest

from casework.sla.working_time import CalendarOutOfRange, ElapsedTime, OfficeTime, is_working_day, known_years

SH = ZoneInfo("Asia/Shanghai")
HOURS = ((time(8, 30), time(12, 0)), (time(14, 0), time(17, 30)))
DAY = 7 * 3600  # one office day of office time


@pytest.fixture
def office() -> OfficeTime:
    return OfficeTime(HOURS, "Asia/Shanghai")


def at(y: int, m: int, d: int, hh: int = 10, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=SH)


def test_the_2026_arrangement_is_the_one_chinesecalendar_publishes():
    # Spring Festival: 2/15-2/23 off, Saturdays 2/14 and 2/28 worked; National Day (with Mid-autumn
    # 9/25-9/27): 10/1-10/7 off, Sunday 9/20 and Saturday 10/10 worked
    for day in (date(2026, 2, 14), date(2026, 2, 28), date(2026, 9, 20), date(2026, 10, 10)):
        assert day.weekday() >= 5 and chinese_calendar.is_workday(day) and is_working_day(day)
    for day in (date(2026, 2, 16), date(2026, 2, 23), date(2026, 9, 25), date(2026, 10, 1), date(2026, 10, 7)):
        assert day.weekday() < 5 and chinese_calendar.is_holiday(day) and not is_working_day(day)
    spring_festival = chinese_calendar.Holiday.spring_festival.value
    assert chinese_calendar.get_holiday_detail(date(2026, 2, 17)) == (True, spring_festival)


def test_spring_festival_2026(office: OfficeTime):
    # Friday before the holiday + 1 working day lands on the 调休 Saturday
    assert office.add(at(2026, 2, 13), DAY) == at(2026, 2, 14)
    # Saturday 2/14 16:00 + 1 working day: 2/15-2/23 are off, so Tuesday 2/24 16:00
    assert office.add(at(2026, 2, 14, 16), DAY) == at(2026, 2, 24, 16)
    # 5 working days from Tuesday 2/24 10:00: 25, 26, 27, Saturday 28 (worked), then Monday 3/2
    assert office.add(at(2026, 2, 24), 5 * DAY) == at(2026, 3, 2)
    # and back: the whole festival holds exactly one office day between Friday 2/13 and Tuesday 2/24
    assert office.between(at(2026, 2, 13), at(2026, 2, 24)) == 2 * DAY  # Fri 2/13 -> Sat 2/14 -> Tue 2/24


def test_national_day_2026(office: OfficeTime):
    assert office.add(at(2026, 9, 18), DAY) == at(2026, 9, 20)  # Friday -> the worked Sunday 9/20
    assert office.add(at(2026, 9, 24), DAY) == at(2026, 9, 28)  # Mid-autumn 9/25-9/27 off
    assert office.add(at(2026, 9, 30), DAY) == at(2026, 10, 8)  # 10/1-10/7 off
    assert office.add(at(2026, 10, 9), DAY) == at(2026, 10, 10)  # the worked Saturday 10/10
    assert office.add(at(2026, 10, 10), DAY) == at(2026, 10, 12)  # Sunday 10/11 is a normal day off


def test_office_hours_boundaries(office: OfficeTime):
    assert office.add(at(2026, 11, 23, 7, 0), 3600) == at(2026, 11, 23, 9, 30)  # before hours: from 08:30
    assert office.add(at(2026, 11, 23, 12, 30), 3600) == at(2026, 11, 23, 15, 0)  # lunch: from 14:00
    assert office.add(at(2026, 11, 23, 11, 0), 3600) == at(2026, 11, 23, 12, 0)  # ends at the span's end
    assert office.add(at(2026, 11, 23, 11, 30), 3600) == at(2026, 11, 23, 14, 30)  # spans the lunch break
    assert office.add(at(2026, 11, 23, 16, 0), 1.5 * 3600) == at(2026, 11, 23, 17, 30)  # not next morning
    assert office.add(at(2026, 11, 23, 16, 0), 4 * 3600) == at(2026, 11, 24, 11, 0)
    assert office.add(at(2026, 11, 27, 17, 0), 3600) == at(2026, 11, 30, 9, 0)  # Friday -> Monday
    assert office.add(at(2026, 11, 28, 10, 0), 0) == at(2026, 11, 28, 10, 0)  # nothing to add
    assert office.day_seconds == DAY
    assert office.between(at(2026, 11, 23, 7), at(2026, 11, 23, 20)) == DAY
    assert office.between(at(2026, 11, 28, 9), at(2026, 11, 29, 17)) == 0  # a weekend
    assert office.between(at(2026, 11, 23, 11, 59), at(2026, 11, 23, 14, 1)) == 120


def test_add_and_between_agree(office: OfficeTime):
    start = at(2026, 9, 29, 15, 17)
    for seconds in (1, 59, 3600, DAY - 1, DAY, 3 * DAY + 17, 12 * DAY):
        assert office.between(start, office.add(start, seconds)) == pytest.approx(seconds)


def test_custom_office_hours():
    night_desk = OfficeTime(((time(9, 0), time(18, 0)),), "Asia/Shanghai")
    assert night_desk.add(at(2026, 11, 23, 17), 2 * 3600) == at(2026, 11, 24, 10)
    with pytest.raises(ValueError, match="start before it ends"):
        OfficeTime(((time(12, 0), time(8, 30)),))
    with pytest.raises(ValueError, match="overlap"):
        OfficeTime(((time(8, 0), time(12, 0)), (time(11, 0), time(13, 0))))


def test_elapsed_time_ignores_the_calendar():
    assert ElapsedTime().add(at(2026, 12, 31, 23, 50), 1200) == at(2027, 1, 1, 0, 10)


def test_a_year_beyond_the_calendar_is_a_clear_error(office: OfficeTime):
    first, last = known_years()
    assert first <= 2026 <= last
    if last >= 2028:
        pytest.skip("this chinesecalendar knows 2028; see test_leap_day below")
    with pytest.raises(CalendarOutOfRange) as caught:
        office.add(at(2026, 12, 30), 5 * DAY)  # runs into 2027
    message = str(caught.value)
    assert "2027-01-0" in message and f"{first}-{last}" in message and "pip install -U chinesecalendar" in message
    assert caught.value.day.year == 2027 and caught.value.last_year == last


def test_leap_day_2028(office: OfficeTime):
    if known_years()[1] < 2028:
        with pytest.raises(CalendarOutOfRange, match=r"2028-02-29 lies beyond .* in 2028"):
            office.add(datetime(2028, 2, 29, 10, tzinfo=SH), DAY)
        with pytest.raises(CalendarOutOfRange, match="2028-02-29"):
            is_working_day(date(2028, 2, 29))
        return
    # Tuesday 2028-02-29 is an ordinary working day (no holiday falls on it)
    assert office.add(datetime(2028, 2, 28, 10, tzinfo=SH), DAY) == datetime(2028, 2, 29, 10, tzinfo=SH)


def test_leap_day_within_the_calendar(office: OfficeTime):
    # 2024-02-29 (Thursday) falls between the 2024 Spring Festival (2/10-2/17, worked Sunday 2/18) and March
    assert is_working_day(date(2024, 2, 29))
    assert office.add(at(2024, 2, 28), DAY) == at(2024, 2, 29)
    assert office.add(at(2024, 2, 29), DAY) == at(2024, 3, 1)
    assert office.add(at(2024, 2, 9), DAY) == at(2024, 2, 18)  # 2/9 (Fri) -> holiday -> Sunday 2/18 worked


def test_times_in_any_zone_are_the_same_moment(office: OfficeTime):
    utc_start = at(2026, 11, 23, 16).astimezone(ZoneInfo("UTC"))
    assert office.add(utc_start, 3 * 3600) == at(2026, 11, 24, 10, 0)
    assert office.add(utc_start, 3 * 3600).utcoffset() == timedelta(0)
