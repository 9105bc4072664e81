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
    """The current moment, timezone-aware in Asia/Shanghai (for audit and stage history)."""
    return dt.datetime.now(SHANGHAI)
