"""Meeting invitations (``chainchief ics``) parsed back with icalendar."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from icalendar import Calendar
from meeting_support import MAIN, MEETING_DAY, TODAY, build_city
from sqlalchemy import select

from chainchief.cli import run
from chainchief.domain.enums import MeetingKind
from chainchief.domain.quarters import Quarter
from chainchief.exchange.ics import meeting_uid, write_ics
from chainchief.services.meetings.pack import quarter_pack
from chainchief.services.meetings.plan import apply_plan, plan_meetings
from chainchief.store.db import Database, open_database
from chainchief.store.models import Chain, Meeting, Person, UnavailableDay

Q2 = Quarter(2026, 2)
STAMP = dt.datetime(2026, 5, 6, 8, 0, tzinfo=dt.UTC)
CHECKER = Path(__file__).resolve().parents[3] / "shared" / "acceptance" / "check.py"


@pytest.fixture
def city(db: Database) -> Database:
    build_city(db)
    return db


def export(db: Database, path: Path, stamp: dt.datetime = STAMP) -> dict[str, object]:
    write_ics(quarter_pack(db, Q2, on=TODAY).meetings, path, stamp=stamp)
    calendar = Calendar.from_ical(path.read_bytes())
    return {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}


def test_each_dated_meeting_is_one_event_in_shanghai_time(city, tmp_path):
    path = tmp_path / "q2.ics"
    events = export(city, path)
    assert set(events) == {
        "新能源汽车产业链2026年第二季度链长调度会",
        "2026年第二季度专班负责人会议",
    }
    dispatch = events["新能源汽车产业链2026年第二季度链长调度会"]
    start, end = dispatch["DTSTART"].dt, dispatch["DTEND"].dt
    assert str(start.tzinfo) == "Asia/Shanghai"
    assert (start.date(), start.strftime("%H:%M"), end.strftime("%H:%M")) == (
        MEETING_DAY,
        "14:30",
        "17:00",
    )
    calendar = Calendar.from_ical(path.read_bytes())
    zones = [str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")]
    assert zones == ["Asia/Shanghai"]


def test_event_carries_place_agenda_headings_and_people_with_email(city, tmp_path):
    event = export(city, tmp_path / "q2.ics")["新能源汽车产业链2026年第二季度链长调度会"]
    assert str(event["LOCATION"]) == "管委会三楼会议室"
    description = str(event["DESCRIPTION"])
    for heading in (
        "一、上次会议督办事项落实情况",
        "二、卡点及缺链弱链环节补链招商",
        "五、其他事项",
    ):
        assert heading in description
    assert "主持：陈立新" in description and "参会：王昇、赵鹏" in description
    assert str(event["ORGANIZER"]) == "mailto:chen@etdz.example.com"
    assert event["ORGANIZER"].params["CN"] == "陈立新"
    attendees = event["ATTENDEE"]
    addresses = sorted(str(a) for a in (attendees if isinstance(attendees, list) else [attendees]))
    assert addresses == ["mailto:chen@etdz.example.com", "mailto:zhao@etdz.example.com"]


def test_uids_are_stable_across_exports_and_databases(city, db_path, tmp_path):
    first = export(city, tmp_path / "a.ics")
    later = export(city, tmp_path / "b.ics", stamp=STAMP + dt.timedelta(days=3))
    copy = tmp_path / "copy.db"
    city.dispose()
    shutil.copyfile(db_path, copy)
    other = open_database(copy)
    try:
        copied = export(other, tmp_path / "c.ics")
    finally:
        other.dispose()
    uids = {name: str(event["UID"]) for name, event in first.items()}
    assert uids == {name: str(event["UID"]) for name, event in later.items()}
    assert uids == {name: str(event["UID"]) for name, event in copied.items()}
    assert uids["新能源汽车产业链2026年第二季度链长调度会"] == meeting_uid(
        MeetingKind.DISPATCH, MAIN, "2026Q2"
    )
    assert len(set(uids.values())) == len(uids)


def test_sequence_rises_when_a_meeting_moves(city, tmp_path, monkeypatch):
    monkeypatch.setenv("CHAINCHIEF_TODAY", TODAY.isoformat())
    apply_plan(city, plan_meetings(city, 2026), actor="test")
    name = "新能源汽车产业链2026年第二季度链长调度会"
    before = export(city, tmp_path / "before.ics")[name]
    with city.transaction() as session:
        chief = session.scalar(
            select(Person.id).join(Chain, Chain.chief_id == Person.id).where(Chain.name == MAIN)
        )
        session.add(UnavailableDay(person_id=chief, day=before["DTSTART"].dt.date()))
    apply_plan(city, plan_meetings(city, 2026), actor="test")
    after = export(city, tmp_path / "after.ics")[name]
    assert str(after["UID"]) == str(before["UID"])
    assert after["DTSTART"].dt.date() != before["DTSTART"].dt.date()
    assert int(after["SEQUENCE"]) == int(before["SEQUENCE"]) + 1
    with city.transaction() as session:
        stored = session.scalar(
            select(Meeting.sequence)
            .join(Chain, Chain.id == Meeting.chain_id)
            .where(Chain.name == MAIN, Meeting.quarter == "2026Q2")
        )
    assert int(after["SEQUENCE"]) == stored


def test_ics_command_writes_invitations_and_refuses_a_quarter_without_meetings(
    city, db_path, tmp_path, capsys
):
    out = tmp_path / "q2.ics"
    assert run(["--db", str(db_path), "ics", "--quarter", "2026Q2", "-o", str(out)]) == 0
    assert len(Calendar.from_ical(out.read_bytes()).walk("VEVENT")) == 2
    empty = tmp_path / "q3.ics"
    assert run(["--db", str(db_path), "ics", "--quarter", "2026Q3", "-o", str(empty)]) == 2
    assert "schedule" in capsys.readouterr().err
    assert not empty.exists()
    assert run(["--db", str(db_path), "ics", "--quarter", "Q2", "-o", str(empty)]) == 2


@pytest.mark.skipif(not CHECKER.is_file(), reason="shared acceptance checker not present")
def test_demo_invitations_pass_the_acceptance_checker(demo_db_path, tmp_path, monkeypatch):
    monkeypatch.setenv("CHAINCHIEF_TODAY", "2026-11-27")
    db = ["--db", str(demo_db_path)]
    assert run([*db, "schedule", "--year", "2026", "--apply", "--json"]) == 0
    out = tmp_path / "demo.ics"
    assert run([*db, "ics", "--quarter", "2026Q4", "-o", str(out)]) == 0
    checked = subprocess.run(
        [sys.executable, str(CHECKER), "ics", str(out)], capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stdout
