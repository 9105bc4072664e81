"""Which stored meetings a new plan moves, and why their old slot no longer serves.

Re-planning keeps a meeting's identity but may give it another date: a holiday was added, a
person marked the day unavailable, another meeting now takes the slot, or an earlier slot has
come free (the plan places every meeting as early as the rules allow). Invitations already
sent are then out of date, so the plan dialog lists each move with the first reason that
applies to the old slot, judged against the same request the plan was made from.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from chainchief.domain.enums import MeetingStatus
from chainchief.domain.scheduler_model import (
    ExistingMeeting,
    PlanMove,
    PlannedMeeting,
    ScheduleRequest,
    Unplaced,
)
from chainchief.i18n import _


def plan_moves(
    request: ScheduleRequest, meetings: Sequence[PlannedMeeting], unplaced: Sequence[Unplaced]
) -> list[PlanMove]:
    """Each stored, not yet held meeting whose date or start the plan changes, by old date."""
    planned = {(m.kind, m.chain, m.quarter): m for m in meetings}
    dropped = {(u.kind, u.chain, u.quarter): u for u in unplaced}
    moves = []
    for old in request.existing:
        if old.status is MeetingStatus.HELD:
            continue
        key = (old.kind, old.chain, str(old.quarter))
        new = planned.get(key)
        if new is not None and (new.date, new.start) == (old.date, old.start):
            continue
        if new is None:
            gone = dropped.get(key)
            if gone is None:
                continue
            after, reason = None, gone.reason
        else:
            after, reason = (new.date, new.start), _old_slot_reason(request, old, new, meetings)
        moves.append(PlanMove(old.kind, old.chain, key[2], (old.date, old.start), after, reason))
    return sorted(moves, key=lambda move: (move.before, move.kind.value, move.chain or ""))


def _old_slot_reason(
    request: ScheduleRequest,
    old: ExistingMeeting,
    new: PlannedMeeting,
    meetings: Sequence[PlannedMeeting],
) -> str:
    day, start = old.date, old.start
    moment = request.time_of_day
    if day < request.today or (
        day == request.today and moment is not None and dt.time.fromisoformat(start) <= moment
    ):
        return _("Its time has passed")
    if not request.calendar.is_working(day):
        return _("{day} is no longer a working day").format(day=day.isoformat())
    people = [p for p in (new.chair, *new.attendees) if p]
    away = [p for p in people if day in request.unavailable.get(p, frozenset())]
    if away:
        return _("{names} cannot attend on {day}").format(
            names="、".join(away), day=day.isoformat()
        )
    for other in meetings:
        if other is new or other.date != day or not _overlap(other, start, old.end):
            continue
        shared = sorted(set(people) & {p for p in (other.chair, *other.attendees) if p})
        if shared:
            return _("{meeting} now takes that slot, and {names} attend both").format(
                meeting=other.chain or _("Team-leads meeting"), names="、".join(shared)
            )
    if day.weekday() >= 5:
        return _("{day} is a 调休 working weekend day, used only as a last resort").format(
            day=day.isoformat()
        )
    on_day = sum(1 for other in meetings if other is not new and other.date == day)
    if on_day >= request.settings.max_per_day:
        return _("{day} already has {count} meetings").format(day=day.isoformat(), count=on_day)
    if (new.date, new.start) < (day, start):
        return _("An earlier slot is free")
    return _("The plan now places the meetings of the quarter differently")


def _overlap(meeting: PlannedMeeting, start: str, end: str | None) -> bool:
    return meeting.start == start or (
        end is not None and meeting.start < end and start < meeting.end
    )
