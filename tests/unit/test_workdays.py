import datetime as dt

import holidays

from chainchief.domain.enums import HolidayKind
from chainchief.domain.workdays import (
    DayInfo,
    WorkdayCalendar,
    is_officially_covered,
    official_years,
)


def first_uncovered_year() -> int:
    return official_years()[1] + 1


def test_spring_festival_2026_is_off() -> None:
    assert WorkdayCalendar().check(dt.date(2026, 2, 17)) == DayInfo(False, "official")


def test_adjusted_working_saturdays_of_2026_are_working_days() -> None:
    calendar = WorkdayCalendar()
    for saturday in (dt.date(2026, 2, 14), dt.date(2026, 2, 28)):
        assert saturday.weekday() == 5
        assert calendar.check(saturday) == DayInfo(True, "official")


def test_ordinary_weekdays_work_and_weekends_rest() -> None:
    calendar = WorkdayCalendar()
    assert calendar.is_working(dt.date(2026, 3, 11))
    assert not calendar.is_working(dt.date(2026, 3, 14))
    assert not calendar.is_working(dt.date(2026, 3, 15))


def test_covered_years_are_read_from_the_library() -> None:
    first, last = official_years()
    assert first <= 2026 <= last
    assert is_officially_covered(last)
    assert not is_officially_covered(last + 1)
    assert not is_officially_covered(first - 1)


def test_first_uncovered_year_falls_back_and_warns() -> None:
    year = first_uncovered_year()
    calendar = WorkdayCalendar()
    new_year = dt.date(year, 1, 1)
    assert calendar.check(new_year) == DayInfo(False, "fallback")
    public = holidays.China(years=year)
    weekday = next(
        dt.date(year, 3, day)
        for day in range(9, 20)
        if dt.date(year, 3, day).weekday() < 5 and dt.date(year, 3, day) not in public
    )
    assert calendar.check(weekday) == DayInfo(True, "fallback")
    saturday = next(
        dt.date(year, 6, day) for day in range(1, 8) if dt.date(year, 6, day).weekday() == 5
    )
    assert not calendar.is_working(saturday)
    [warning] = calendar.warnings_for(year)
    assert str(year) in warning
    assert "adjusted working weekends are not known" in warning


def test_covered_years_have_no_warning() -> None:
    assert WorkdayCalendar().warnings_for(2026) == []


def test_overrides_win_over_every_source() -> None:
    year = first_uncovered_year()
    overrides = {
        dt.date(2026, 2, 17): HolidayKind.WORK,
        dt.date(2026, 3, 11): HolidayKind.OFF,
        dt.date(year, 1, 1): HolidayKind.WORK,
    }
    calendar = WorkdayCalendar(overrides)
    assert calendar.check(dt.date(2026, 2, 17)) == DayInfo(True, "override")
    assert calendar.check(dt.date(2026, 3, 11)) == DayInfo(False, "override")
    assert calendar.check(dt.date(year, 1, 1)) == DayInfo(True, "override")
    assert calendar.check(dt.date(2026, 3, 12)) == DayInfo(True, "official")


def test_working_days_lists_the_range_in_order() -> None:
    calendar = WorkdayCalendar({dt.date(2026, 3, 10): HolidayKind.OFF})
    assert calendar.working_days(dt.date(2026, 3, 9), dt.date(2026, 3, 15)) == [
        dt.date(2026, 3, 9),
        dt.date(2026, 3, 11),
        dt.date(2026, 3, 12),
        dt.date(2026, 3, 13),
    ]
    assert calendar.working_days(dt.date(2026, 3, 15), dt.date(2026, 3, 9)) == []


def test_national_day_week_2026() -> None:
    calendar = WorkdayCalendar()
    week = calendar.working_days(dt.date(2026, 9, 28), dt.date(2026, 10, 11))
    assert dt.date(2026, 10, 5) not in week
    assert dt.date(2026, 10, 10) in week
    assert dt.date(2026, 9, 30) in week
