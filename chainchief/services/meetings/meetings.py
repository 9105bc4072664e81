"""The meetings page's use cases: the year's meetings, one meeting in full, and its edits.

Each edit is one short transaction that checks the user's permission and the row's version
(someone else may have moved the meeting since the page was read), writes an audit row, and
keeps the rules of DESIGN.md §1: a meeting sits on a working day of its quarter, in a
configured slot, never before today, with nobody in two meetings at once or on a day they
marked unavailable, at most ``max_per_day`` a day, and the team-leads meeting after every
dispatch meeting of its quarter (``meetings.rules``). A held meeting never moves.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from chainchief.domain.agenda import AgendaItem
from chainchief.domain.clock import today
from chainchief.domain.enums import MeetingKind, MeetingStatus
from chainchief.domain.errors import NotFoundError, RuleViolation
from chainchief.domain.history import SnapshotReason
from chainchief.domain.quarters import Quarter
from chainchief.domain.settings import MEETING_DEFAULT_PLACE
from chainchief.i18n import _
from chainchief.services.actions.items import ActionFilter, ActionRow, query_actions
from chainchief.services.admin import audit
from chainchief.services.admin.permissions import Permission, require
from chainchief.services.admin.settings import read_setting, scheduler_settings
from chainchief.services.history.snapshots import record
from chainchief.services.history.states import chain_states
from chainchief.services.meetings.agenda import (
    MeetingKey,
    meeting_agenda,
    meeting_audit_key,
    stored_agenda,
)
from chainchief.services.meetings.rules import check_move
from chainchief.store.conflicts import check_version
from chainchief.store.db import Database
from chainchief.store.models import ActionItem, Chain, Department, Meeting, MeetingAttendee, Person

PLACE_LIMIT = 200


@dataclass(frozen=True)
class MeetingRow:
    """One meeting as the year grid and the calendar show it."""

    id: int
    version: int
    kind: MeetingKind
    chain_id: int | None
    chain: str | None
    quarter: str
    date: dt.date | None
    start: str | None
    end: str | None
    place: str | None
    status: MeetingStatus
    sequence: int
    chair: str | None

    @property
    def held(self) -> bool:
        return self.status is MeetingStatus.HELD


@dataclass(frozen=True)
class Attendee:
    name: str
    title: str | None


@dataclass(frozen=True)
class MeetingDetails:
    """Everything the meeting page shows; ``slots`` are the configured (start, end) pairs."""

    meeting: MeetingRow
    attendees: tuple[Attendee, ...]
    minutes: str | None
    agenda: tuple[AgendaItem, ...]
    agenda_edited: bool
    resolutions: tuple[ActionRow, ...]
    slots: tuple[tuple[str, str], ...]
    default_place: str | None


def _rows(session: Session, *conditions: object) -> list[MeetingRow]:
    chair = aliased(Person)
    query = (
        select(Meeting, Chain.name, chair.name)
        .outerjoin(Chain, Chain.id == Meeting.chain_id)
        .outerjoin(chair, chair.id == Meeting.chair_id)
        .where(*conditions)  # type: ignore[arg-type]
    )
    rows = [
        MeetingRow(
            id=meeting.id,
            version=meeting.version,
            kind=MeetingKind(meeting.kind),
            chain_id=meeting.chain_id,
            chain=chain,
            quarter=meeting.quarter,
            date=meeting.date,
            start=meeting.start,
            end=meeting.end,
            place=meeting.place,
            status=MeetingStatus(meeting.status),
            sequence=meeting.sequence,
            chair=chair_name,
        )
        for meeting, chain, chair_name in session.execute(query)
    ]
    rows.sort(key=_order)
    return rows


def _order(row: MeetingRow) -> tuple[dt.date, str, str, str]:
    """By date (undated last), start, kind, chain — the order of ``schedule --json``."""
    return (row.date or dt.date.max, row.start or "", row.kind.value, row.chain or "")


def list_meetings(db: Database, year: int) -> list[MeetingRow]:
    """The stored meetings of ``year`` (planned and held)."""
    with db.transaction() as session:
        return _rows(session, Meeting.quarter.in_([str(q) for q in Quarter.all_of(year)]))


def meeting_details(db: Database, meeting_id: int) -> MeetingDetails:
    with db.transaction() as session:
        found = _rows(session, Meeting.id == meeting_id)
        if not found:
            raise NotFoundError(_("This meeting no longer exists."))
        row = found[0]
        attendees = tuple(
            Attendee(name, title)
            for name, title in session.execute(
                select(Person.name, Person.title)
                .join(MeetingAttendee, MeetingAttendee.person_id == Person.id)
                .where(MeetingAttendee.meeting_id == meeting_id)
                .order_by(Person.name)
            )
        )
        key = MeetingKey(row.kind, row.chain_id, Quarter.parse(row.quarter), row.id)
        edited = bool(stored_agenda(session, row.id))
        agenda = tuple(meeting_agenda(session, key, today()))
        decided = set(session.scalars(select(ActionItem.id).where(ActionItem.meeting_id == row.id)))
        resolutions = tuple(
            action
            for action in query_actions(session, ActionFilter(quarter=row.quarter), today())
            if action.id in decided
        )
        return MeetingDetails(
            meeting=row,
            attendees=attendees,
            minutes=session.scalar(select(Meeting.minutes).where(Meeting.id == meeting_id)),
            agenda=agenda,
            agenda_edited=edited,
            resolutions=resolutions,
            slots=scheduler_settings(session).slots,
            default_place=read_setting(session, MEETING_DEFAULT_PLACE) or None,
        )


def _locked(session: Session, meeting_id: int, expected_version: int | None, actor: str) -> Meeting:
    """The meeting to change, after the permission and version checks."""
    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        raise NotFoundError(_("This meeting no longer exists."))
    if meeting.chain_id is None:
        require(session, actor, Permission.ADMINISTER)
    else:
        require(session, actor, Permission.EDIT_CHAIN, [meeting.chain_id])
    check_version(meeting, expected_version)
    return meeting


def edit_meeting(
    db: Database,
    meeting_id: int,
    *,
    day: dt.date,
    start: str,
    place: str | None,
    actor: str,
    expected_version: int | None = None,
) -> None:
    """Move the meeting to ``day`` in the slot starting at ``start`` and set its place.

    Its ``sequence`` goes up when the date, slot or place changes, so calendars that got the
    earlier invitation replace it.
    """
    place_text = (place or "").strip() or None
    if place_text is not None and len(place_text) > PLACE_LIMIT:
        raise RuleViolation(
            _("A meeting place has at most {limit} characters.").format(limit=PLACE_LIMIT)
        )
    with db.transaction() as session:
        meeting = _locked(session, meeting_id, expected_version, actor)
        old = (meeting.date, meeting.start, meeting.place)
        if (day, start) != (meeting.date, meeting.start):
            if meeting.status == MeetingStatus.HELD.value:
                raise RuleViolation(_("The meeting was held; it can no longer be moved."))
            end = check_move(session, meeting, day, start)
            meeting.date, meeting.start, meeting.end = day, start, end
        meeting.place = place_text
        if (meeting.date, meeting.start, meeting.place) == old:
            return
        meeting.sequence += 1
        meeting.updated_by = actor
        audit.record(
            session,
            user=actor,
            action="edit",
            entity="meeting",
            key=meeting_audit_key(session, meeting),
            changes={
                name: [_plain(before), _plain(after)]
                for name, before, after in zip(
                    ("date", "start", "place"),
                    old,
                    (meeting.date, meeting.start, meeting.place),
                    strict=True,
                )
                if before != after
            },
        )


def _plain(value: dt.date | str | None) -> str | None:
    return value.isoformat() if isinstance(value, dt.date) else value


def save_minutes(
    db: Database,
    meeting_id: int,
    text: str,
    *,
    actor: str,
    expected_version: int | None = None,
) -> None:
    """Keep the meeting's minutes (before or after it is held)."""
    with db.transaction() as session:
        meeting = _locked(session, meeting_id, expected_version, actor)
        new = text.strip() or None
        if new == meeting.minutes:
            return
        old = meeting.minutes
        meeting.minutes = new
        meeting.updated_by = actor
        audit.record(
            session,
            user=actor,
            action="edit",
            entity="meeting_minutes",
            key=meeting_audit_key(session, meeting),
            changes={"minutes": [old, new]},
        )


def mark_held(
    db: Database, meeting_id: int, *, actor: str, expected_version: int | None = None
) -> None:
    """Record that the meeting took place; from then on it never moves and its agenda stays.

    A dispatch meeting's chain is snapshotted in the same transaction: the state the next
    meeting's 与上次会议相比 compares with."""
    with db.transaction() as session:
        meeting = _locked(session, meeting_id, expected_version, actor)
        if meeting.status == MeetingStatus.HELD.value:
            return
        if meeting.date is None or meeting.date > today():
            raise RuleViolation(
                _("A meeting can be marked as held on or after its day ({day}).").format(
                    day=meeting.date.isoformat() if meeting.date else _("(no date)")
                )
            )
        meeting.status = MeetingStatus.HELD.value
        meeting.updated_by = actor
        if meeting.chain_id is not None:
            record(
                session,
                chain_states(session, [meeting.chain_id], today()),
                SnapshotReason.MEETING,
                quarter=Quarter.parse(meeting.quarter),
                meeting_id=meeting.id,
            )
        audit.record(
            session,
            user=actor,
            action="edit",
            entity="meeting",
            key=meeting_audit_key(session, meeting),
            changes={"status": [MeetingStatus.PLANNED.value, MeetingStatus.HELD.value]},
        )


def known_names(db: Database) -> tuple[list[str], list[str]]:
    """People and departments by name, offered when a resolution names its owner."""
    with db.transaction() as session:
        people = sorted(session.scalars(select(Person.name)))
        departments = sorted(session.scalars(select(Department.name)))
    return people, departments
