"""The year scheduler: a year of dispatch and team-leads meetings by the rules of DESIGN.md §1.

Quarters never share a day, and every rule (a person once per slot, available days, meetings per
day, the team-leads meeting after the dispatch meetings) binds within one day or one quarter, so
each quarter is planned on its own. Here the rules become search variables (scheduler_search
finds the canonical assignment) and the outcome is explained: warnings for meetings outside the
preferred months, and a reason naming the person for each meeting that could not be placed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from chainchief.domain.enums import MeetingKind, MeetingStatus
from chainchief.domain.quarters import Quarter
from chainchief.domain.scheduler_model import (
    ExistingMeeting,
    Plan,
    PlannedMeeting,
    ReasonCode,
    ScheduleRequest,
    Unplaced,
    meeting_sort_key,
)
from chainchief.domain.scheduler_moves import plan_moves
from chainchief.domain.scheduler_reasons import (
    ReasonContext,
    adjusted_workday_warning,
    dispatch_reason,
    outside_window_warning,
    team_leads_reason,
)
from chainchief.domain.scheduler_search import Candidate, SearchProblem, SearchVariable, solve
from chainchief.i18n import _

ProgressCallback = Callable[[int, int], None]


@dataclass(frozen=True)
class _Pending:
    """A meeting the search has to place."""

    kind: MeetingKind
    chain: str | None
    chair: str | None
    people: tuple[str, ...]


def plan_year(request: ScheduleRequest, progress: ProgressCallback | None = None) -> Plan:
    """The canonical plan of ``request.year``; ``progress(done, 4)`` follows each quarter.

    A worker may stop a long run by raising from ``progress``.
    """
    warnings = list(request.calendar.warnings_for(request.year))
    meetings: list[PlannedMeeting] = []
    unplaced: list[Unplaced] = []
    quarters = Quarter.all_of(request.year)
    for done, quarter in enumerate(quarters, start=1):
        _QuarterPlanner(request, quarter).run(meetings, unplaced, warnings)
        if progress is not None:
            progress(done, len(quarters))
    meetings.sort(key=meeting_sort_key)
    unplaced.sort(
        key=lambda item: (item.quarter, item.kind is MeetingKind.TEAM_LEADS, item.chain or "")
    )
    return Plan(request.year, warnings, meetings, unplaced, plan_moves(request, meetings, unplaced))


def is_adjusted_workday(day: dt.date) -> bool:
    """A Saturday or Sunday the calendar makes a working day (调休上班日); the planner only
    offers working days, so any weekend day it sees is one."""
    return day.weekday() >= 5


class _QuarterPlanner:
    def __init__(self, request: ScheduleRequest, quarter: Quarter) -> None:
        self.request = request
        self.quarter = quarter
        self.settings = request.settings
        self.chains = sorted(request.chains, key=lambda chain: chain.name)
        working = request.calendar.working_days(quarter.first_day, quarter.last_day)
        self.any_working_day = bool(working)
        self.open_days = [day for day in working if day >= request.today]
        self.held = {
            (meeting.kind, meeting.chain): meeting
            for meeting in request.existing
            if meeting.quarter == quarter and meeting.status is MeetingStatus.HELD
        }
        # The team-leads meeting follows every dispatch meeting, even when it was already held.
        held_team_leads = self.held.get((MeetingKind.TEAM_LEADS, None))
        self.dispatch_days = [
            day for day in self.open_days if held_team_leads is None or day < held_team_leads.date
        ]
        self.bits: dict[str, int] = {}

    def mask(self, people: tuple[str, ...]) -> int:
        result = 0
        for person in people:
            result |= self.bits.setdefault(person, 1 << len(self.bits))
        return result

    def run(
        self, meetings: list[PlannedMeeting], unplaced: list[Unplaced], warnings: list[str]
    ) -> None:
        if not self.chains:
            return
        team_leads = tuple(sorted({c.team_lead for c in self.chains if c.team_lead}))
        coordinator = self.settings.coordinator
        pending: list[_Pending] = []
        held_meetings: list[PlannedMeeting] = []
        for chain in self.chains:
            # The coordinator attends every meeting, so no two share a slot while one is set.
            people = tuple(
                dict.fromkeys(p for p in (chain.chief, chain.team_lead, coordinator) if p)
            )
            meeting = _Pending(MeetingKind.DISPATCH, chain.name, chain.chief, people)
            held = self.held.get((MeetingKind.DISPATCH, chain.name))
            if held is not None:
                held_meetings.append(self.planned(meeting, held.date, *self.times_of(held), True))
            elif self.blocked_by_time(meeting, unplaced):
                continue
            elif chain.chief is None:
                unplaced.append(self.unplaced(meeting, "no_chief", _("The chain has no chief")))
            elif not self.dispatch_days:
                reason = _(
                    "The team-leads meeting of {quarter} was already held, and a dispatch meeting "
                    "cannot come after it"
                ).format(quarter=self.quarter)
                unplaced.append(self.unplaced(meeting, "no_slot", reason))
            else:
                pending.append(meeting)
        people = tuple(p for p in (coordinator, *team_leads) if p)
        team_meeting = _Pending(MeetingKind.TEAM_LEADS, None, coordinator, people)
        held = self.held.get((MeetingKind.TEAM_LEADS, None))
        if held is not None:
            held_meetings.append(self.planned(team_meeting, held.date, *self.times_of(held), True))
        elif not self.blocked_by_time(team_meeting, unplaced):
            pending.append(team_meeting)
        meetings.extend(held_meetings)
        self.place(pending, held_meetings, meetings, unplaced, warnings)

    def blocked_by_time(self, meeting: _Pending, unplaced: list[Unplaced]) -> bool:
        """Record the meeting as past or without working day when time alone rules it out."""
        if self.quarter.last_day < self.request.today or (
            self.any_working_day and not self.open_days
        ):
            reason = _("{quarter} is already past").format(quarter=self.quarter)
            unplaced.append(self.unplaced(meeting, "past", reason))
            return True
        if not self.open_days:
            reason = _("No working day left in {quarter}").format(quarter=self.quarter)
            unplaced.append(self.unplaced(meeting, "no_working_day", reason))
            return True
        return False

    def place(
        self,
        pending: list[_Pending],
        held: list[PlannedMeeting],
        meetings: list[PlannedMeeting],
        unplaced: list[Unplaced],
        warnings: list[str],
    ) -> None:
        slots = self.settings.slots
        fixed_busy: dict[Candidate, int] = {}
        fixed_load: dict[int, int] = {}
        for meeting in held:
            day = meeting.date.toordinal()
            fixed_load[day] = fixed_load.get(day, 0) + 1
            for slot in self.slots_touched(meeting.start, meeting.end):
                people = tuple(p for p in (meeting.chair, *meeting.attendees) if p)
                fixed_busy[(day, slot)] = fixed_busy.get((day, slot), 0) | self.mask(people)
        held_dispatch_days = [m.date.toordinal() for m in held if m.kind is MeetingKind.DISPATCH]
        last_held = max(held_dispatch_days, default=-1)

        def variable(meeting: _Pending) -> SearchVariable:
            return self.variable(meeting, fixed_busy, fixed_load, last_held)

        dispatch = [meeting for meeting in pending if meeting.kind is MeetingKind.DISPATCH]
        team_leads = next((m for m in pending if m.kind is MeetingKind.TEAM_LEADS), None)
        result = solve(
            SearchProblem(
                tuple(variable(meeting) for meeting in dispatch),
                None if team_leads is None else variable(team_leads),
                self.settings.max_per_day,
                fixed_busy,
                fixed_load,
            )
        )
        choice = dict(zip(dispatch, result.dispatch, strict=True))
        if team_leads is not None:
            choice[team_leads] = result.team_leads
        placed: list[PlannedMeeting] = list(held)
        for waiting in pending:
            candidate = choice[waiting]
            if candidate is not None:
                on = dt.date.fromordinal(candidate[0])
                start, end = slots[candidate[1]]
                placed.append(self.planned(waiting, on, start, end, False))
                if waiting.kind is MeetingKind.DISPATCH and not self.in_window(on):
                    warnings.append(outside_window_warning(waiting.chain or "", self.quarter, on))
                if is_adjusted_workday(on):
                    warnings.append(adjusted_workday_warning(waiting.chain, on))
        meetings.extend(m for m in placed if not m.held)
        context = ReasonContext(
            self.quarter,
            self.dispatch_days,
            slots,
            self.request.unavailable,
            placed,
            self.settings.max_per_day,
            self.slots_touched,
        )
        for waiting in pending:
            if choice[waiting] is None:
                if waiting.kind is MeetingKind.DISPATCH:
                    code, reason = dispatch_reason(context, waiting.chair, waiting.people)
                else:
                    code, reason = team_leads_reason(context, waiting.chair, waiting.people)
                unplaced.append(self.unplaced(waiting, code, reason))

    def variable(
        self,
        meeting: _Pending,
        fixed_busy: dict[Candidate, int],
        fixed_load: dict[int, int],
        last_held_dispatch: int,
    ) -> SearchVariable:
        """The meeting's admissible slots around the held meetings, best first."""
        unavailable = self.request.unavailable
        persons = self.mask(meeting.people)
        team_leads = meeting.kind is MeetingKind.TEAM_LEADS
        begun = self.begun_slots()
        candidates = [
            (day.toordinal(), slot)
            for day in (self.open_days if team_leads else self.dispatch_days)
            if not any(day in unavailable.get(person, ()) for person in meeting.people)
            and fixed_load.get(day.toordinal(), 0) < self.settings.max_per_day
            and not (team_leads and day.toordinal() <= last_held_dispatch)
            for slot in range(len(self.settings.slots))
            if not fixed_busy.get((day.toordinal(), slot), 0) & persons
            and (day.toordinal(), slot) not in begun
        ]
        # Preference order: the window's ordinary weekdays, then its 调休 working weekend days
        # (last resort), then the rest of the quarter likewise; earliest first within each.
        if team_leads:
            candidates.sort(key=lambda c: (is_adjusted_workday(dt.date.fromordinal(c[0])), c))
        else:
            candidates.sort(
                key=lambda c: (
                    not self.in_window(dt.date.fromordinal(c[0])),
                    is_adjusted_workday(dt.date.fromordinal(c[0])),
                    c,
                )
            )
        chair = self.mask((meeting.chair,)) if meeting.chair else 0
        return SearchVariable(chair, persons, tuple(candidates))

    def begun_slots(self) -> set[Candidate]:
        """Today's slots that have already started: never offered."""
        moment = self.request.time_of_day
        if moment is None:
            return set()
        day = self.request.today.toordinal()
        return {
            (day, index)
            for index, (start, _end) in enumerate(self.settings.slots)
            if dt.time.fromisoformat(start) <= moment
        }

    def in_window(self, day: dt.date) -> bool:
        return day.month - self.quarter.months[0] + 1 in self.settings.window_months

    def slots_touched(self, start: str, end: str) -> list[int]:
        """Configured slots a meeting from ``start`` to ``end`` overlaps (its own slot, usually)."""
        return [
            index
            for index, (slot_start, slot_end) in enumerate(self.settings.slots)
            if start == slot_start or (start < slot_end and slot_start < end)
        ]

    def times_of(self, meeting: ExistingMeeting) -> tuple[str, str]:
        if meeting.end is not None:
            return meeting.start, meeting.end
        for slot_start, slot_end in self.settings.slots:
            if slot_start <= meeting.start < slot_end:
                return meeting.start, slot_end
        return meeting.start, meeting.start

    def planned(
        self, meeting: _Pending, day: dt.date, start: str, end: str, held: bool
    ) -> PlannedMeeting:
        attendees = tuple(sorted({p for p in meeting.people if p != meeting.chair}))
        return PlannedMeeting(
            meeting.kind,
            meeting.chain,
            str(self.quarter),
            day,
            start,
            end,
            meeting.chair,
            attendees,
            held,
        )

    def unplaced(self, meeting: _Pending, code: ReasonCode, reason: str) -> Unplaced:
        return Unplaced(meeting.kind, meeting.chain, str(self.quarter), code, reason)
