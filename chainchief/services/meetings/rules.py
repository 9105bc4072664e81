"""Where a meeting may move (DESIGN.md §1 "Quarterly meeting rules", for a change by hand).

The scheduler places meetings by these rules; a person moving one by hand must keep them: a
working day of its quarter, not in the past, a configured slot, at most ``max_per_day``
meetings that day, nobody in two overlapping meetings or on a day they marked unavailable,
and the team-leads meeting after every dispatch meeting of its quarter.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from chainchief.domain.clock import today
from chainchief.domain.enums import MeetingKind
from chainchief.domain.errors import RuleViolation
from chainchief.domain.quarters import Quarter
from chainchief.i18n import _
from chainchief.services.admin.settings import scheduler_settings
from chainchief.services.meetings.plan import workday_calendar
from chainchief.store.models import Meeting, MeetingAttendee, Person, UnavailableDay


def check_move(session: Session, meeting: Meeting, day: dt.date, start: str) -> str:
    """The slot's end when the meeting may move there; else the rule it would break."""
    quarter = Quarter.parse(meeting.quarter)
    if not quarter.contains(day):
        raise RuleViolation(
            _("A meeting of {quarter} must be held within that quarter, not on {day}.").format(
                quarter=quarter, day=day.isoformat()
            )
        )
    if day < today():
        raise RuleViolation(
            _("A meeting cannot be moved into the past ({day}).").format(day=day.isoformat())
        )
    if not workday_calendar(session).is_working(day):
        raise RuleViolation(_("{day} is not a working day.").format(day=day.isoformat()))
    settings = scheduler_settings(session)
    end = dict(settings.slots).get(start)
    if end is None:
        raise RuleViolation(
            _("{start} is not the start of a meeting slot. Slots: {slots}").format(
                start=start, slots=", ".join(f"{s}-{e}" for s, e in settings.slots)
            )
        )
    others = session.scalars(
        select(Meeting).where(Meeting.date == day, Meeting.id != meeting.id)
    ).all()
    if len(others) >= settings.max_per_day:
        raise RuleViolation(
            _("{day} already has {count} meetings, the most allowed in one day.").format(
                day=day.isoformat(), count=len(others)
            )
        )
    people = _people(session, meeting.id, meeting.chair_id)
    for other in others:
        if other.start is None or not (other.start < end and start < (other.end or other.start)):
            continue
        shared = people & _people(session, other.id, other.chair_id)
        if shared:
            raise RuleViolation(
                _("{person} is already in another meeting at {start} on {day}.").format(
                    person="、".join(sorted(shared)), start=other.start, day=day.isoformat()
                )
            )
    away = sorted(
        session.scalars(
            select(Person.name)
            .join(UnavailableDay, UnavailableDay.person_id == Person.id)
            .where(UnavailableDay.day == day, Person.name.in_(sorted(people)))
        )
    )
    if away:
        raise RuleViolation(
            _("{person} marked {day} as unavailable.").format(
                person="、".join(away), day=day.isoformat()
            )
        )
    _check_team_leads_order(session, meeting, day)
    return end


def _people(session: Session, meeting_id: int, chair_id: int | None) -> set[str]:
    ids = set(
        session.scalars(
            select(MeetingAttendee.person_id).where(MeetingAttendee.meeting_id == meeting_id)
        )
    )
    if chair_id is not None:
        ids.add(chair_id)
    return set(session.scalars(select(Person.name).where(Person.id.in_(ids)))) if ids else set()


def _check_team_leads_order(session: Session, meeting: Meeting, day: dt.date) -> None:
    """The team-leads meeting comes strictly after every dispatch meeting of its quarter."""
    kind = MeetingKind(meeting.kind)
    other_kind = MeetingKind.DISPATCH if kind is MeetingKind.TEAM_LEADS else MeetingKind.TEAM_LEADS
    days: list[dt.date] = [
        other
        for other in session.scalars(
            select(Meeting.date).where(
                Meeting.quarter == meeting.quarter,
                Meeting.kind == other_kind.value,
                Meeting.date.is_not(None),
            )
        )
        if other is not None
    ]
    if not days:
        return
    if kind is MeetingKind.TEAM_LEADS and day <= max(days):
        raise RuleViolation(
            _("The team-leads meeting must come after the last dispatch meeting ({day}).").format(
                day=max(days).isoformat()
            )
        )
    if kind is MeetingKind.DISPATCH and day >= min(days):
        raise RuleViolation(
            _("A dispatch meeting must come before the team-leads meeting ({day}).").format(
                day=min(days).isoformat()
            )
        )
