""" "Today" for every date rule (DESIGN.md §1): Asia/Shanghai, overridable for tests."""

from __future__ import annotations

import datetime as dt
import os
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")
TODAY_VARIABLE = "CHAINCHIEF_TODAY"


def today() -> dt.date:
    """The current date in Asia/Shanghai, or ``CHAINCHIEF_TODAY`` (YYYY-MM-DD) when it is set."""
    override = os.environ.get(TODAY_VARIABLE)
    if override:
        return dt.date.fromisoformat(override.strip())
    return dt.datetime.now(SHANGHAI).date()


def now() -> dt.datetime:
    """The current moment, timezone-aware in Asia/Shanghai (for audit and stage history).

    With ``CHAINCHIEF_TODAY`` set, the moment falls on that day (at the current time of day),
    so a demo's stage history and audit agree with the dates its agendas are built for.
    """
    moment = dt.datetime.now(SHANGHAI)
    if os.environ.get(TODAY_VARIABLE):
        return dt.datetime.combine(today(), moment.timetz())
    return moment


def time_of_day() -> dt.time | None:
    """The time now in Asia/Shanghai; None under ``CHAINCHIEF_TODAY``, whose day is taken from
    its start, so plans made for a given day do not depend on the hour they are made."""
    if os.environ.get(TODAY_VARIABLE):
        return None
    return dt.datetime.now(SHANGHAI).time()
