"""Planning the year's meetings from the database, and saving a plan (``--apply``)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, aliased

from chainchief.domain.clock import time_of_day, today
from chainchief.domain.enums import HolidayKind, MeetingKind, MeetingStatus
from chainchief.domain.quarters import Quarter
from chainchief.domain.scheduler import ProgressCallback, plan_year
from chainchief.domain.scheduler_model import (
    ChainMeetingPeople,
    ExistingMeeting,
    Plan,
    ScheduleRequest,
)
from chainchief.domain.settings import MEETING_DEFAULT_PLACE
from chainchief.domain.workdays import WorkdayCalendar
from chainchief.services.admin import audit
from chainchief.services.admin.permissions import Permission, require
from chainchief.services.admin.settings import read_setting, scheduler_settings
from chainchief.store.db import Database
from chainchief.store.models import (
    Chain,
    HolidayOverride,
    Meeting,
    MeetingAttendee,
    Person,
    UnavailableDay,
    table_of,
)


def quarters_of(year: int) -> list[str]:
    """The stored codes of the year's quarters: an exact match, not LIKE, whose case rules
    differ between SQLite and PostgreSQL."""
    return [str(quarter) for quarter in Quarter.all_of(year)]


def workday_calendar(session: Session) -> WorkdayCalendar:
    """The working-day calendar with this database's holiday overrides applied."""
    overrides = {
        day: HolidayKind(kind)
        for day, kind in session.execute(select(HolidayOverride.day, HolidayOverride.kind))
    }
    return WorkdayCalendar(overrides)


def schedule_request(session: Session, year: int) -> ScheduleRequest:
    chief = aliased(Person)
    lead = aliased(Person)
    chains = tuple(
        ChainMeetingPeople(name=name, chief=chief_name, team_lead=lead_name)
        for name, chief_name, lead_name in session.execute(
            select(Chain.name, chief.name, lead.name)
            .outerjoin(chief, chief.id == Chain.chief_id)
            .outerjoin(lead, lead.id == Chain.team_lead_id)
        )
    )
    unavailable: dict[str, set] = defaultdict(set)
    for name, day in session.execute(
        select(Person.name, UnavailableDay.day).join(
            UnavailableDay, UnavailableDay.person_id == Person.id
        )
    ):
        unavailable[name].add(day)
    existing = tuple(
        ExistingMeeting(
            kind=MeetingKind(kind),
            chain=chain,
            quarter=Quarter.parse(quarter),
            date=date,
            start=start,
            end=end,
            status=MeetingStatus(status),
        )
        for kind, chain, quarter, date, start, end, status in session.execute(
            select(
                Meeting.kind,
                Chain.name,
                Meeting.quarter,
                Meeting.date,
                Meeting.start,
                Meeting.end,
                Meeting.status,
            )
            .outerjoin(Chain, Chain.id == Meeting.chain_id)
            .where(Meeting.quarter.in_(quarters_of(year)), Meeting.date.is_not(None))
        )
        # the date and start are set together (a move or a saved plan): a placed meeting has both
        if date is not None and start is not None
    )
    return ScheduleRequest(
        year=year,
        today=today(),
        chains=chains,
        calendar=workday_calendar(session),
        settings=scheduler_settings(session),
        unavailable={name: frozenset(days) for name, days in unavailable.items()},
        existing=existing,
        time_of_day=time_of_day(),
    )


def plan_meetings(db: Database, year: int, progress: ProgressCallback | None = None) -> Plan:
    """The canonical plan of ``year`` for the stored chains, people and meetings."""
    with db.transaction() as session:
        request = schedule_request(session, year)
    return plan_year(request, progress)


@dataclass(frozen=True)
class MovedMeeting:
    """A stored meeting the plan moves: its invitations sent before are out of date (the next
    export carries a higher SEQUENCE, so calendars replace the old entry)."""

    kind: MeetingKind
    chain: str | None
    quarter: str
    before: tuple[dt.date, str | None]
    after: tuple[dt.date, str]


def apply_plan(db: Database, plan: Plan, *, actor: str) -> list[MovedMeeting]:
    """Save ``plan``: meetings keep their identity, held ones never move, moves bump sequence.

    Returns the meetings that had a date and now move.

    Stored planned meetings of the year that the plan no longer holds (a chain that lost its
    chief, say) are removed, except those dated in the past, which stay as history.
    """
    with db.transaction() as session:
        require(session, actor, Permission.ADMINISTER)
        chain_ids = {name: id_ for name, id_ in session.execute(select(Chain.name, Chain.id))}
        person_ids = {name: id_ for name, id_ in session.execute(select(Person.name, Person.id))}
        default_place = read_setting(session, MEETING_DEFAULT_PLACE) or None
        stored = {
            (m.kind, m.chain_id, m.quarter): m
            for m in session.scalars(
                select(Meeting).where(Meeting.quarter.in_(quarters_of(plan.year)))
            )
        }
        kept: set[int] = set()
        moved: list[MovedMeeting] = []
        for planned in plan.meetings:
            chain_id = chain_ids.get(planned.chain) if planned.chain else None
            key = (planned.kind.value, chain_id, planned.quarter)
            meeting = stored.get(key)
            if meeting is not None and meeting.status == MeetingStatus.HELD.value:
                kept.add(meeting.id)
                continue
            if meeting is None:
                meeting = Meeting(
                    kind=planned.kind.value,
                    chain_id=chain_id,
                    quarter=planned.quarter,
                    status=MeetingStatus.PLANNED.value,
                    sequence=0,
                    place=default_place,
                )
                session.add(meeting)
            elif (meeting.date, meeting.start) != (planned.date, planned.start):
                meeting.sequence += 1
                if meeting.date is not None:
                    moved.append(
                        MovedMeeting(
                            planned.kind,
                            planned.chain,
                            planned.quarter,
                            (meeting.date, meeting.start),
                            (planned.date, planned.start),
                        )
                    )
            old = (meeting.date, meeting.start)
            meeting.date, meeting.start, meeting.end = planned.date, planned.start, planned.end
            meeting.chair_id = person_ids.get(planned.chair) if planned.chair else None
            meeting.updated_by = actor
            session.flush()
            kept.add(meeting.id)
            session.execute(delete(MeetingAttendee).where(MeetingAttendee.meeting_id == meeting.id))
            attendees = [person_ids[name] for name in planned.attendees if name in person_ids]
            if attendees:
                session.execute(
                    table_of(MeetingAttendee).insert(),
                    [{"meeting_id": meeting.id, "person_id": pid} for pid in attendees],
                )
            if old != (planned.date, planned.start):
                audit.record(
                    session,
                    user=actor,
                    action="schedule",
                    entity="meeting",
                    key=f"{planned.kind.value}/{planned.chain or ''}/{planned.quarter}",
                    changes={
                        "date": [old[0].isoformat() if old[0] else None, planned.date.isoformat()],
                        "start": [old[1], planned.start],
                    },
                )
        for meeting in stored.values():
            stale = meeting.id not in kept and meeting.status == MeetingStatus.PLANNED.value
            if stale and (meeting.date is None or meeting.date >= today()):
                session.delete(meeting)
        return moved
