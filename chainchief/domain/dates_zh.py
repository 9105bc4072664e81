"""Dates as printed on paper for people: ``2026年5月6日（星期三）9:00``.

The meeting workbook, agendas and invitations write dates one way everywhere, so a clerk never
reads 2026-05-06 in one place and 2026年5月6日 in the next.
"""

from __future__ import annotations

import datetime as dt

WEEKDAYS = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")


def chinese_date(day: dt.date) -> str:
    """``2026年5月6日``."""
    return f"{day.year}年{day.month}月{day.day}日"


def chinese_day(day: dt.date) -> str:
    """``2026年5月6日（星期三）``."""
    return f"{chinese_date(day)}（{WEEKDAYS[day.weekday()]}）"


def clock_time(text: str) -> str:
    """``09:00`` → ``9:00``: the hour without a leading zero, as the date is written."""
    hours, _sep, minutes = text.partition(":")
    return f"{int(hours)}:{minutes}" if hours.isdigit() and minutes else text


def meeting_moment(day: dt.date, start: str | None = None, end: str | None = None) -> str:
    """``2026年5月6日（星期三）9:00—11:30``; the times only when known."""
    moment = chinese_day(day)
    if start:
        moment += clock_time(start)
        if end:
            moment += f"—{clock_time(end)}"
    return moment
