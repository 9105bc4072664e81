"""The meetings page's service: listing, details, validated moves, minutes, held, conflicts."""

from __future__ import annotations

import datetime as dt

import pytest
from editing_support import elsewhere
from sqlalchemy import func, insert, select

from chainchief.domain.enums import MeetingKind, MeetingStatus
from chainchief.domain.errors import ConflictError, RuleViolation
from chainchief.services.actions.items import Resolution, create_action
from chainchief.services.admin.permissions import PermissionDenied
from chainchief.services.admin.settings import set_setting
from chainchief.services.meetings.meetings import (
    MeetingRow,
    edit_meeting,
    list_meetings,
    mark_held,
    meeting_details,
    save_minutes,
)
from chainchief.services.meetings.plan import apply_plan, plan_meetings
from chainchief.store.db import Database
from chainchief.store.models import AuditEntry, Meeting, Person, UnavailableDay, User


@pytest.fixture
def planned(demo_db: Database, monkeypatch) -> Database:
    """The demo city with 2026 planned as of 1 April (Q1 lies in the past)."""
    monkeypatch.setenv("CHAINCHIEF_TODAY", "2026-04-01")
    apply_plan(demo_db, plan_meetings(demo_db, 2026), actor="planner")
    return demo_db


def dispatch(db: Database, chain: str, quarter: str = "2026Q2") -> MeetingRow:
    return next(
        row
        for row in list_meetings(db, 2026)
        if row.kind is MeetingKind.DISPATCH and row.chain == chain and row.quarter == quarter
    )


def team_leads(db: Database, quarter: str = "2026Q2") -> MeetingRow:
    return next(
        row
        for row in list_meetings(db, 2026)
        if row.kind is MeetingKind.TEAM_LEADS and row.quarter == quarter
    )


def audit_count(db: Database) -> int:
    with db.transaction() as session:
        return session.scalar(select(func.count()).select_from(AuditEntry))


def test_the_year_lists_every_stored_meeting_in_schedule_order(planned: Database) -> None:
    rows = list_meetings(planned, 2026)
    assert len(rows) == 8 * 3 + 3
    assert {row.quarter for row in rows} == {"2026Q2", "2026Q3", "2026Q4"}
    keys = [(row.date, row.start, row.kind.value, row.chain or "") for row in rows]
    assert keys == sorted(keys)
    assert all(row.status is MeetingStatus.PLANNED and row.chair for row in rows if row.chain)
    assert list_meetings(planned, 2027) == []


def test_details_show_attendees_agenda_and_slots(planned: Database) -> None:
    row = dispatch(planned, "新能源汽车")
    details = meeting_details(planned, row.id)
    assert details.meeting == row
    assert [attendee.name for attendee in details.attendees] == ["赵鹏"]
    assert details.meeting.chair == "陈立新"
    assert details.agenda[0].section == "actions"
    assert not details.agenda_edited
    assert details.slots == (("09:00", "11:30"), ("14:30", "17:00"))
    assert details.resolutions == ()


def test_a_resolution_of_the_meeting_is_among_its_details(planned: Database) -> None:
    row = dispatch(planned, "新能源汽车")
    action_id = create_action(
        planned, "新能源汽车", Resolution("梳理电池回收企业名单"), actor="t", meeting_id=row.id
    )
    assert [action.id for action in meeting_details(planned, row.id).resolutions] == [action_id]


def test_moving_a_meeting_bumps_its_sequence_and_is_audited(planned: Database) -> None:
    row = dispatch(planned, "新能源汽车")
    before = audit_count(planned)
    edit_meeting(
        planned,
        row.id,
        day=dt.date(2026, 4, 15),
        start="14:30",
        place="管委会 301 会议室",
        actor="lead",
        expected_version=row.version,
    )
    moved = dispatch(planned, "新能源汽车")
    assert (moved.date, moved.start, moved.end) == (dt.date(2026, 4, 15), "14:30", "17:00")
    assert moved.place == "管委会 301 会议室"
    assert moved.sequence == row.sequence + 1
    assert moved.version > row.version
    assert audit_count(planned) == before + 1
    with planned.transaction() as session:
        entry = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert entry.user == "lead" and entry.changes["date"] == ["2026-05-07", "2026-04-15"]


def test_an_unchanged_edit_writes_nothing(planned: Database) -> None:
    row = dispatch(planned, "新能源汽车")
    before = audit_count(planned)
    edit_meeting(planned, row.id, day=row.date, start=row.start, place=row.place, actor="lead")
    assert dispatch(planned, "新能源汽车") == row
    assert audit_count(planned) == before


@pytest.mark.parametrize(
    ("day", "start", "words"),
    [
        (dt.date(2026, 7, 6), "09:00", "within that quarter"),
        (dt.date(2026, 5, 16), "09:00", "not a working day"),
        (dt.date(2026, 5, 1), "09:00", "not a working day"),
        (dt.date(2026, 4, 15), "10:00", "not the start of a meeting slot"),
        (dt.date(2026, 5, 6), "14:30", "the most allowed"),
        (dt.date(2026, 5, 13), "09:00", "before the team-leads meeting"),
    ],
)
def test_moves_breaking_a_rule_are_refused(
    planned: Database, day: dt.date, start: str, words: str
) -> None:
    row = dispatch(planned, "新能源汽车")
    with pytest.raises(RuleViolation, match=words):
        edit_meeting(planned, row.id, day=day, start=start, place=None, actor="lead")
    assert dispatch(planned, "新能源汽车") == row


def test_nobody_is_in_two_meetings_at_once(planned: Database) -> None:
    set_setting(planned, "meeting.max_per_day", "3", actor="t")
    rail = dispatch(planned, "轨道交通")  # chaired by 刘建华, as is 智能制造装备
    equipment = dispatch(planned, "智能制造装备")
    with pytest.raises(RuleViolation, match="刘建华"):
        edit_meeting(planned, rail.id, day=equipment.date, start="09:00", place=None, actor="t")
    edit_meeting(planned, rail.id, day=equipment.date, start="14:30", place=None, actor="t")
    assert dispatch(planned, "轨道交通").date == equipment.date


def test_an_unavailable_day_is_refused(planned: Database) -> None:
    row = dispatch(planned, "新能源汽车")
    with planned.transaction() as session:
        chief = session.scalar(select(Person.id).where(Person.name == "陈立新"))
        session.execute(insert(UnavailableDay).values(person_id=chief, day=dt.date(2026, 4, 15)))
    with pytest.raises(RuleViolation, match="陈立新"):
        edit_meeting(planned, row.id, day=dt.date(2026, 4, 15), start="09:00", place="", actor="t")


def test_the_team_leads_meeting_stays_after_the_dispatch_meetings(planned: Database) -> None:
    row = team_leads(planned)
    with pytest.raises(RuleViolation, match="after the last dispatch meeting"):
        edit_meeting(planned, row.id, day=dt.date(2026, 4, 15), start="14:30", place="", actor="t")
    edit_meeting(planned, row.id, day=dt.date(2026, 5, 12), start="14:30", place="", actor="t")
    assert team_leads(planned).date == dt.date(2026, 5, 12)


def test_a_meeting_never_moves_into_the_past(planned: Database, monkeypatch) -> None:
    row = dispatch(planned, "新能源汽车", "2026Q3")
    monkeypatch.setenv("CHAINCHIEF_TODAY", "2026-08-20")
    with pytest.raises(RuleViolation, match="into the past"):
        edit_meeting(planned, row.id, day=dt.date(2026, 8, 19), start="09:00", place="", actor="t")


def test_a_stale_version_is_a_conflict_and_changes_nothing(planned: Database) -> None:
    row = dispatch(planned, "新能源汽车")
    with elsewhere(planned) as other:
        edit_meeting(other, row.id, day=row.date, start=row.start, place="一号楼", actor="alice")
    with pytest.raises(ConflictError, match="alice") as conflict:
        edit_meeting(
            planned,
            row.id,
            day=row.date,
            start=row.start,
            place="二号楼",
            actor="bob",
            expected_version=row.version,
        )
    assert conflict.value.changed_by == "alice"
    assert dispatch(planned, "新能源汽车").place == "一号楼"
    with pytest.raises(ConflictError):
        save_minutes(planned, row.id, "记录", actor="bob", expected_version=row.version)


def test_minutes_are_kept_and_a_held_meeting_no_longer_moves(
    planned: Database, monkeypatch
) -> None:
    row = dispatch(planned, "新能源汽车")
    with pytest.raises(RuleViolation, match="on or after its day"):
        mark_held(planned, row.id, actor="t")
    monkeypatch.setenv("CHAINCHIEF_TODAY", row.date.isoformat())
    save_minutes(planned, row.id, "  会议听取了电池项目进展。 ", actor="t")
    mark_held(planned, row.id, actor="t", expected_version=dispatch(planned, "新能源汽车").version)
    details = meeting_details(planned, row.id)
    assert details.minutes == "会议听取了电池项目进展。"
    assert details.meeting.held
    with pytest.raises(RuleViolation, match="held"):
        edit_meeting(planned, row.id, day=dt.date(2026, 4, 15), start="09:00", place="", actor="t")
    edit_meeting(planned, row.id, day=row.date, start=row.start, place="会议中心", actor="t")
    assert meeting_details(planned, row.id).meeting.place == "会议中心"


def test_a_viewer_may_not_change_a_meeting(planned: Database) -> None:
    row = dispatch(planned, "新能源汽车")
    with planned.transaction() as session:
        session.execute(insert(User).values(name="guest", role="viewer", password_hash="x"))
    with pytest.raises(PermissionDenied):
        save_minutes(planned, row.id, "记录", actor="guest")
    with pytest.raises(PermissionDenied):
        mark_held(planned, team_leads(planned).id, actor="guest")
    with planned.transaction() as session:
        assert session.get(Meeting, row.id).minutes is None
