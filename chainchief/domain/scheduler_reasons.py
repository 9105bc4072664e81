"""Why a meeting could not be placed, in words a user can act on.

The canonical plan leaves a dispatch meeting out only when each of its possible slots is blocked
in the final plan (otherwise placing it there would give a better plan), so looking at the final
plan is enough to name the cause: a person who is never free, or the meetings already there.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from chainchief.domain.enums import MeetingKind
from chainchief.domain.quarters import Quarter
from chainchief.domain.scheduler_model import PlannedMeeting, ReasonCode
from chainchief.i18n import _


@dataclass(frozen=True)
class ReasonContext:
    """The final plan of one quarter, as seen when explaining what is missing from it."""

    quarter: Quarter
    open_days: Sequence[dt.date]
    slots: Sequence[tuple[str, str]]
    unavailable: Mapping[str, frozenset[dt.date]]
    placed: Sequence[PlannedMeeting]
    max_per_day: int
    slots_touched: Callable[[str, str], list[int]]

    def free(self, person: str, day: dt.date) -> bool:
        return day not in self.unavailable.get(person, frozenset())

    def day_full(self, day: dt.date) -> bool:
        return sum(1 for meeting in self.placed if meeting.date == day) >= self.max_per_day

    def busy(self, person: str, day: dt.date, slot: int) -> bool:
        """Whether ``person`` already sits in a meeting overlapping that slot."""
        return any(
            meeting.date == day
            and slot in self.slots_touched(meeting.start, meeting.end)
            and person in (meeting.chair, *meeting.attendees)
            for meeting in self.placed
        )


def outside_window_warning(chain: str, quarter: Quarter, day: dt.date) -> str:
    return _(
        "{chain}: no feasible slot in the preferred months of {quarter}, so the dispatch meeting "
        "is on {date}"
    ).format(chain=chain, quarter=quarter, date=day.isoformat())


def adjusted_workday_warning(chain: str | None, day: dt.date) -> str:
    """A meeting on a 调休 working weekend day, said so because people take it for a day off."""
    if chain is None:
        return _(
            "The team-leads meeting is on {date}, an adjusted working weekend day (调休上班日): "
            "no ordinary weekday was free"
        ).format(date=day.isoformat())
    return _(
        "{chain}: the dispatch meeting is on {date}, an adjusted working weekend day "
        "(调休上班日): no ordinary weekday was free"
    ).format(chain=chain, date=day.isoformat())


def dispatch_reason(
    context: ReasonContext, chief: str | None, people: Sequence[str]
) -> tuple[ReasonCode, str]:
    quarter = context.quarter
    lead = next((person for person in people if person != chief), None)
    named = [(chief, "chief"), (lead, "lead")]
    for person, role in named:
        if person is not None and not any(context.free(person, day) for day in context.open_days):
            template = (
                _("Chain chief {name} is unavailable on every remaining working day of {quarter}")
                if role == "chief"
                else _(
                    "Team lead {name} is unavailable on every remaining working day of {quarter}"
                )
            )
            return "no_slot", template.format(name=person, quarter=quarter)
    days = [day for day in context.open_days if all(context.free(p, day) for p in people)]
    if not days:
        return "no_slot", _(
            "Chain chief {chief} and team lead {lead} have no free day in common in {quarter}"
        ).format(chief=chief, lead=lead, quarter=quarter)
    slots = [(day, slot) for day in days for slot in range(len(context.slots))]
    for person, role in named:
        if person is not None and all(context.busy(person, day, slot) for day, slot in slots):
            template = (
                _("Chain chief {name} has no free slot left in {quarter}")
                if role == "chief"
                else _("Team lead {name} has no free slot left in {quarter}")
            )
            return "no_slot", template.format(name=person, quarter=quarter)
    if lead is None:
        return "no_slot", _(
            "Every slot in {quarter} that suits chain chief {chief} is taken by other meetings"
        ).format(chief=chief, quarter=quarter)
    return "no_slot", _(
        "Every slot in {quarter} that suits chain chief {chief} and team lead {lead} is taken "
        "by other meetings"
    ).format(chief=chief, lead=lead, quarter=quarter)


def team_leads_reason(
    context: ReasonContext, coordinator: str | None, people: Sequence[str]
) -> tuple[ReasonCode, str]:
    quarter = context.quarter
    dispatch_days = [m.date for m in context.placed if m.kind is MeetingKind.DISPATCH]
    last = max(dispatch_days, default=None)
    days = [day for day in context.open_days if last is None or day > last]
    if not days:
        return "no_working_day", _(
            "No working day left in {quarter} after the last dispatch meeting"
        ).format(quarter=quarter)
    leads = sorted({person for person in people if person != coordinator})
    for person in ([coordinator] if coordinator else []) + leads:
        if not any(context.free(person, day) for day in days):
            template = (
                _(
                    "Coordinator {name} is unavailable on every day left for the team-leads "
                    "meeting in {quarter}"
                )
                if person == coordinator
                else _(
                    "Team lead {name} is unavailable on every day left for the team-leads "
                    "meeting in {quarter}"
                )
            )
            return "no_slot", template.format(name=person, quarter=quarter)
    if not any(all(context.free(person, day) for person in people) for day in days):
        return "no_slot", _(
            "No day left for the team-leads meeting in {quarter} suits every team lead"
        ).format(quarter=quarter)
    return "no_slot", _(
        "Every slot left for the team-leads meeting in {quarter} that suits every team lead is "
        "taken by other meetings"
    ).format(quarter=quarter)
