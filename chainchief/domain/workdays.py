"""Which days are working days in mainland China (DESIGN.md §1, "Working days").

Three sources, strongest first: the user's overrides (the 节假日 table), the chinesecalendar
library (statutory holidays *and* the adjusted working weekends, 调休) for the years it ships
data for, and, beyond those years, weekends plus the ``holidays`` package's China holidays —
which cannot know the 调休 Saturdays, so the caller is warned. The covered years are read from
the library's data at run time, so upgrading chinesecalendar extends coverage without a code
change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Literal

from chinese_calendar import constants as official_data

from chainchief.domain.enums import HolidayKind
from chainchief.i18n import _

DaySource = Literal["override", "official", "fallback"]


@dataclass(frozen=True)
class DayInfo:
    """Whether a day is worked, and which source said so (shown to users who wonder why)."""

    working: bool
    source: DaySource


@cache
def official_years() -> tuple[int, int]:
    """The first and last year chinesecalendar has data for (inclusive)."""
    years = [day.year for day in official_data.holidays]
    return min(years), max(years)


def is_officially_covered(year: int) -> bool:
    first, last = official_years()
    return first <= year <= last


@cache
def _base_days_off(year: int) -> frozenset[dt.date]:
    """The year's days off before user overrides, from whichever source covers the year."""
    start = dt.date(year, 1, 1)
    days = [start + dt.timedelta(days=offset) for offset in range(366)]
    days = [day for day in days if day.year == year]
    if is_officially_covered(year):
        return frozenset(
            day
            for day in days
            if day not in official_data.workdays
            and (day.weekday() >= 5 or day in official_data.holidays)
        )
    # Imported here: the package loads its country registry (some 40 ms), which the commands
    # that never plan beyond the official years (sheet, ics, …) should not pay at start.
    import holidays

    public_holidays = holidays.China(years=year)  # type: ignore[no-untyped-call]
    return frozenset(day for day in days if day.weekday() >= 5 or day in public_holidays)


class WorkdayCalendar:
    """Answers "is this a working day?" with the overrides of one database applied."""

    def __init__(self, overrides: Mapping[dt.date, HolidayKind] | None = None) -> None:
        self._overrides = dict(overrides or {})

    def check(self, day: dt.date) -> DayInfo:
        kind = self._overrides.get(day)
        if kind is not None:
            return DayInfo(working=kind is HolidayKind.WORK, source="override")
        source: DaySource = "official" if is_officially_covered(day.year) else "fallback"
        return DayInfo(working=day not in _base_days_off(day.year), source=source)

    def is_working(self, day: dt.date) -> bool:
        return self.check(day).working

    def working_days(self, first: dt.date, last: dt.date) -> list[dt.date]:
        """The working days from ``first`` to ``last`` inclusive, in order."""
        count = (last - first).days + 1
        days = (first + dt.timedelta(days=offset) for offset in range(max(count, 0)))
        return [day for day in days if self.is_working(day)]

    def warnings_for(self, year: int) -> list[str]:
        """Translated warnings about the quality of the calendar for ``year`` (empty if exact)."""
        if is_officially_covered(year):
            return []
        return [
            _(
                "The official holiday calendar does not cover {year}: using weekends and public "
                "holidays only; adjusted working weekends are not known."
            ).format(year=year)
        ]
