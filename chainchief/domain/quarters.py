"""Calendar quarters, the unit of the chain-chief meeting cycle (DESIGN.md §1).

One value object so the importer, the scheduler and the meeting workbook agree on how a quarter
is written ("2027Q1" in codes and JSON, "2027年第一季度" in files for people) and which days it
spans.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from chainchief.i18n import _

_CHINESE_NUMERALS = ("一", "二", "三", "四")
_CODE_PATTERN = re.compile(r"(\d{4})\s*[Qq]\s*([1-4])")
_CHINESE_PATTERN = re.compile(r"(\d{4})\s*年\s*(?:第\s*)?([1-4一二三四])\s*季度")


@dataclass(frozen=True, order=True)
class Quarter:
    """A quarter of a year; ordered chronologically."""

    year: int
    number: int

    def __post_init__(self) -> None:
        if not 1 <= self.number <= 4:
            raise ValueError(
                _("A quarter number is 1 to 4, not {number}").format(number=self.number)
            )
        if not dt.MINYEAR <= self.year <= dt.MAXYEAR:
            raise ValueError(_("Year {year} is out of range").format(year=self.year))

    @classmethod
    def parse(cls, text: str) -> Quarter:
        """Read the spellings the import workbook accepts: 2027Q1, 2027 Q1, 2027年第一季度…"""
        stripped = text.strip()
        match = _CODE_PATTERN.fullmatch(stripped) or _CHINESE_PATTERN.fullmatch(stripped)
        if match is None:
            raise ValueError(
                _("Not a quarter: {text} (write it like 2027Q1 or 2027年第一季度)").format(
                    text=text
                )
            )
        numeral = match.group(2)
        number = (
            _CHINESE_NUMERALS.index(numeral) + 1 if numeral in _CHINESE_NUMERALS else int(numeral)
        )
        return cls(int(match.group(1)), number)

    @classmethod
    def of(cls, day: dt.date) -> Quarter:
        """The quarter a day falls in."""
        return cls(day.year, (day.month - 1) // 3 + 1)

    @classmethod
    def all_of(cls, year: int) -> tuple[Quarter, Quarter, Quarter, Quarter]:
        """The four quarters of a year, in order."""
        return (cls(year, 1), cls(year, 2), cls(year, 3), cls(year, 4))

    def __str__(self) -> str:
        return f"{self.year}Q{self.number}"

    @property
    def chinese(self) -> str:
        """The spelling of files written for people, e.g. 2027年第一季度."""
        return f"{self.year}年第{_CHINESE_NUMERALS[self.number - 1]}季度"

    @property
    def months(self) -> tuple[int, int, int]:
        """The calendar months (1–12) of the quarter, in order."""
        first = 3 * (self.number - 1) + 1
        return (first, first + 1, first + 2)

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.months[0], 1)

    @property
    def last_day(self) -> dt.date:
        last_month = self.months[2]
        return dt.date(self.year, last_month, calendar.monthrange(self.year, last_month)[1])

    @property
    def previous(self) -> Quarter:
        if self.number == 1:
            return Quarter(self.year - 1, 4)
        return Quarter(self.year, self.number - 1)

    @property
    def next(self) -> Quarter:
        if self.number == 4:
            return Quarter(self.year + 1, 1)
        return Quarter(self.year, self.number + 1)

    def contains(self, day: dt.date) -> bool:
        return self.first_day <= day <= self.last_day

    def days(self) -> list[dt.date]:
        """Every calendar day of the quarter, in order."""
        count = (self.last_day - self.first_day).days + 1
        return [self.first_day + dt.timedelta(days=offset) for offset in range(count)]
