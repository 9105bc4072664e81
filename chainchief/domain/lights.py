"""Three-colour escalation of open action items (蓝黄红, DESIGN.md §6), and what is overdue.

One rule for the app, the CLI, the meeting pack and the documents, so a red item is red
everywhere: ``blue`` when open and due within ``remind_days`` (today and that day included),
``yellow`` when overdue 1..``red_after_days`` days, ``red`` when overdue longer or extended
twice; no light otherwise (closed, undated, or not yet near its deadline).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from chainchief.domain.enums import ActionStatus
from chainchief.i18n import N_, _

RED_AFTER_EXTENSIONS = 2


class Light(StrEnum):
    BLUE = "blue"
    YELLOW = "yellow"
    RED = "red"

    @property
    def label(self) -> str:
        return _(_LABELS[self])

    @property
    def severity(self) -> int:
        return list(Light).index(self)


@dataclass(frozen=True)
class LightRules:
    """The settings ``supervision.remind_days`` and ``supervision.red_after_days``."""

    remind_days: int = 7
    red_after_days: int = 15


def days_overdue(due: dt.date | None, status: ActionStatus, today: dt.date) -> int:
    """Whole days past the deadline of an open item; 0 when closed, undated or not yet due."""
    if due is None or status.is_closed:
        return 0
    return max((today - due).days, 0)


def is_overdue(due: dt.date | None, status: ActionStatus, today: dt.date) -> bool:
    return days_overdue(due, status, today) > 0


def light(
    status: ActionStatus,
    due: dt.date | None,
    extensions: int,
    today: dt.date,
    rules: LightRules = LightRules(),
) -> Light | None:
    """The item's light; ``extensions`` counts its approved extensions."""
    if status.is_closed:
        return None
    if extensions >= RED_AFTER_EXTENSIONS:
        return Light.RED
    if due is None:
        return None
    late = (today - due).days
    if late > rules.red_after_days:
        return Light.RED
    if late >= 1:
        return Light.YELLOW
    if (due - today).days <= rules.remind_days:
        return Light.BLUE
    return None


def worst(lights: list[Light | None]) -> Light | None:
    """The most severe of some lights (red over yellow over blue), or None."""
    present = [item for item in lights if item is not None]
    return max(present, key=lambda item: item.severity) if present else None


_LABELS = {Light.BLUE: N_("Blue"), Light.YELLOW: N_("Yellow"), Light.RED: N_("Red")}

LIGHT_WORDS = {Light.BLUE: "蓝色提醒", Light.YELLOW: "黄色督办", Light.RED: "红色督办"}
"""The lights as documents and workbooks name them (files for people are always Chinese)."""
