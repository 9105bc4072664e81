"""Dates and slots as the meeting pages write them, in the user's language."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QLocale

from chainchief.i18n import N_, _, current_language

WEEKDAYS = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))


def ui_locale() -> QLocale:
    """The locale of the chosen language, for calendars and date fields (周四, not Thu)."""
    if current_language() == "zh_CN":
        return QLocale(QLocale.Language.Chinese, QLocale.Country.China)
    return QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)


def day_text(day: dt.date) -> str:
    """A short day with its weekday, e.g. 5月7日 周四."""
    return _("{month}/{day} {weekday}").format(
        month=day.month, day=day.day, weekday=_(WEEKDAYS[day.weekday()])
    )


def part_of_day(start: str | None) -> str:
    if start is None:
        return ""
    return _("Morning") if start < "12:00" else _("Afternoon")


def slot_text(start: str | None, end: str | None) -> str:
    """Morning or afternoon with the times, e.g. 上午 09:00–11:30."""
    if start is None:
        return ""
    return f"{part_of_day(start)} {start}–{end or ''}".rstrip("–")
