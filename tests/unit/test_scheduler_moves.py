"""Re-planning names the saved meetings it moves and why their old slot no longer serves."""

from __future__ import annotations

import datetime as dt

from chainchief.domain.enums import HolidayKind, MeetingKind, MeetingStatus
from chainchief.domain.quarters import Quarter
from chainchief.domain.scheduler import plan_year
from chainchief.domain.scheduler_model import (
    ChainMeetingPeople,
    ExistingMeeting,
    ScheduleRequest,
)
from chainchief.domain.workdays import WorkdayCalendar

Q2 = Quarter(2026, 2)
CHAINS = (ChainMeetingPeople("集成电路", "李链长", "王专班"),)
TODAY = dt.date(2026, 3, 2)


def request(
    existing: tuple[ExistingMeeting, ...],
    calendar: WorkdayCalendar | None = None,
    unavailable: dict[str, frozenset[dt.date]] | None = None,
) -> ScheduleRequest:
    return ScheduleRequest(
        year=2026,
        today=TODAY,
        chains=CHAINS,
        calendar=calendar or WorkdayCalendar(),
        unavailable=unavailable or {},
        existing=existing,
    )


def saved_dispatch(status: MeetingStatus = MeetingStatus.PLANNED) -> ExistingMeeting:
    """Where the plan of an unchanged calendar puts the Q2 dispatch meeting."""
    first = plan_year(request(()))
    placed = next(
        m for m in first.meetings if m.quarter == "2026Q2" and m.kind is MeetingKind.DISPATCH
    )
    return ExistingMeeting(
        MeetingKind.DISPATCH, "集成电路", Q2, placed.date, placed.start, status, placed.end
    )


def test_an_unchanged_plan_moves_nothing():
    saved = saved_dispatch()
    assert plan_year(request((saved,))).moves == []


def test_a_day_off_for_the_chief_moves_the_meeting_and_names_him():
    saved = saved_dispatch()
    plan = plan_year(request((saved,), unavailable={"李链长": frozenset({saved.date})}))
    (move,) = plan.moves
    assert (move.chain, move.quarter, move.before) == ("集成电路", "2026Q2", (saved.date, "09:00"))
    assert move.after is not None and move.after[0] != saved.date
    assert "李链长" in move.reason


def test_a_new_holiday_moves_the_meeting_and_says_so():
    saved = saved_dispatch()
    calendar = WorkdayCalendar({saved.date: HolidayKind.OFF})
    (move,) = plan_year(request((saved,), calendar=calendar)).moves
    assert move.reason == f"{saved.date.isoformat()} is no longer a working day"


def test_a_held_meeting_never_moves():
    saved = saved_dispatch(MeetingStatus.HELD)
    plan = plan_year(request((saved,), unavailable={"李链长": frozenset({saved.date})}))
    assert plan.moves == []
