"""What the year scheduler takes and gives (DESIGN.md §1 "Quarterly meeting rules", §3 JSON).

Plain frozen dataclasses so services can build a request from the database and hand the plan to
the CLI, the UI and the ICS/workbook writers without any of them knowing how it was searched.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from chainchief.domain.enums import MeetingKind, MeetingStatus
from chainchief.domain.errors import RuleViolation
from chainchief.domain.quarters import Quarter
from chainchief.domain.workdays import WorkdayCalendar
from chainchief.i18n import _

ReasonCode = Literal["past", "no_chief", "no_slot", "no_working_day"]

DEFAULT_SLOTS: tuple[tuple[str, str], ...] = (("09:00", "11:30"), ("14:30", "17:00"))
_TIME = re.compile(r"([01]\d|2[0-3]):[0-5]\d")


@dataclass(frozen=True)
class SchedulerSettings:
    """The shared ``meeting.*`` settings; slots are kept sorted, morning first."""

    slots: tuple[tuple[str, str], ...] = DEFAULT_SLOTS
    window_months: tuple[int, ...] = (2,)
    max_per_day: int = 2
    coordinator: str | None = None

    def __post_init__(self) -> None:
        slots = tuple(sorted((start, end) for start, end in self.slots))
        valid = bool(slots) and all(
            _TIME.fullmatch(start) and _TIME.fullmatch(end) and start < end for start, end in slots
        )
        if not valid or any(slots[i][1] > slots[i + 1][0] for i in range(len(slots) - 1)):
            raise RuleViolation(_slots_message(_format_slots(self.slots)))
        months = tuple(sorted(set(self.window_months)))
        if not months or any(month not in (1, 2, 3) for month in months):
            raise RuleViolation(_window_message(",".join(map(str, self.window_months))))
        if self.max_per_day < 1:
            raise RuleViolation(_max_per_day_message(str(self.max_per_day)))
        object.__setattr__(self, "slots", slots)
        object.__setattr__(self, "window_months", months)
        object.__setattr__(self, "coordinator", (self.coordinator or "").strip() or None)

    @classmethod
    def from_texts(
        cls,
        slots: str = "09:00-11:30,14:30-17:00",
        window_months: str = "2",
        max_per_day: str = "2",
        coordinator: str = "",
    ) -> SchedulerSettings:
        """Read the settings table's text values; a bad value raises ``RuleViolation``."""
        parsed_slots: list[tuple[str, str]] = []
        for part in _split(slots):
            start, dash, end = part.partition("-")
            if not dash:
                raise RuleViolation(_slots_message(slots))
            parsed_slots.append((start.strip(), end.strip()))
        try:
            months = tuple(int(part) for part in _split(window_months))
        except ValueError:
            raise RuleViolation(_window_message(window_months)) from None
        try:
            per_day = int(max_per_day.strip())
        except ValueError:
            raise RuleViolation(_max_per_day_message(max_per_day)) from None
        return cls(tuple(parsed_slots), months, per_day, coordinator)


@dataclass(frozen=True)
class ChainMeetingPeople:
    """A chain as the scheduler sees it: who chairs its dispatch meeting and who attends."""

    name: str
    chief: str | None
    team_lead: str | None


@dataclass(frozen=True)
class ExistingMeeting:
    """A stored meeting: a held one is fixed; a planned one is placed again from scratch."""

    kind: MeetingKind
    chain: str | None
    quarter: Quarter
    date: dt.date
    start: str
    status: MeetingStatus
    end: str | None = None


@dataclass(frozen=True)
class ScheduleRequest:
    """Everything one run of the year scheduler depends on (and nothing else: it is pure)."""

    year: int
    today: dt.date
    chains: tuple[ChainMeetingPeople, ...]
    calendar: WorkdayCalendar
    settings: SchedulerSettings = field(default_factory=SchedulerSettings)
    unavailable: Mapping[str, frozenset[dt.date]] = field(default_factory=dict)
    existing: tuple[ExistingMeeting, ...] = ()
    time_of_day: dt.time | None = None
    """Now, on ``today``: a slot of today that has begun is not offered (None: none has)."""


@dataclass(frozen=True)
class PlannedMeeting:
    """One meeting of the plan; ``held`` ones are the stored meetings that never move."""

    kind: MeetingKind
    chain: str | None
    quarter: str
    date: dt.date
    start: str
    end: str
    chair: str | None
    attendees: tuple[str, ...]
    held: bool = False


@dataclass(frozen=True)
class Unplaced:
    kind: MeetingKind
    chain: str | None
    quarter: str
    reason_code: ReasonCode
    reason: str


@dataclass(frozen=True)
class PlanMove:
    """A stored meeting the plan moves (``after`` None: it can no longer be placed)."""

    kind: MeetingKind
    chain: str | None
    quarter: str
    before: tuple[dt.date, str]
    after: tuple[dt.date, str] | None
    reason: str


@dataclass(frozen=True)
class Plan:
    year: int
    warnings: list[str]
    meetings: list[PlannedMeeting]
    unplaced: list[Unplaced]
    moves: list[PlanMove] = field(default_factory=list)
    """Stored meetings this plan moves, with why (``scheduler_moves``)."""


def meeting_sort_key(meeting: PlannedMeeting) -> tuple[dt.date, str, str, str]:
    """The order of §3: by date, start, kind, chain."""
    return (meeting.date, meeting.start, meeting.kind.value, meeting.chain or "")


def plan_to_json(plan: Plan) -> dict[str, Any]:
    """The ``schedule --json`` document of DESIGN.md §3."""
    return {
        "year": plan.year,
        "warnings": list(plan.warnings),
        "meetings": [
            {
                "kind": meeting.kind.value,
                "chain": meeting.chain,
                "quarter": meeting.quarter,
                "date": meeting.date.isoformat(),
                "start": meeting.start,
                "end": meeting.end,
                "chair": meeting.chair,
                "attendees": list(meeting.attendees),
            }
            for meeting in plan.meetings
        ],
        "unplaced": [
            {
                "kind": item.kind.value,
                "chain": item.chain,
                "quarter": item.quarter,
                "reason_code": item.reason_code,
                "reason": item.reason,
            }
            for item in plan.unplaced
        ],
    }


def _split(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"[,，、;；]", text) if part.strip()]


def _format_slots(slots: tuple[tuple[str, str], ...]) -> str:
    return ",".join(f"{start}-{end}" for start, end in slots)


def _slots_message(text: str) -> str:
    return _(
        "Meeting slots must look like 09:00-11:30,14:30-17:00 (start before end, no overlap): "
        "{text}"
    ).format(text=text)


def _window_message(text: str) -> str:
    return _("The preferred months are a comma list of 1, 2 and 3: {text}").format(text=text)


def _max_per_day_message(text: str) -> str:
    return _("The number of meetings per day must be a whole number of at least 1: {text}").format(
        text=text
    )
