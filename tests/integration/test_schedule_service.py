"""Planning the demo city's year and saving it: identity, held meetings, sequence."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import insert, select, update

from chainchief import cli
from chainchief.domain.enums import MeetingStatus
from chainchief.services.meetings.plan import apply_plan, plan_meetings
from chainchief.store.db import Database
from chainchief.store.models import Chain, Meeting, Person, UnavailableDay


@pytest.fixture(autouse=True)
def spring_2026(monkeypatch) -> None:
    monkeypatch.setenv("CHAINCHIEF_TODAY", "2026-01-05")


def test_cli_plans_every_meeting_of_2026(capsys, demo_db_path: Path) -> None:
    assert cli.run(["schedule", "--year", "2026", "--json", "--db", str(demo_db_path)]) == 0
    plan = json.loads(capsys.readouterr().out)
    assert list(plan) == ["year", "warnings", "meetings", "unplaced"]
    assert plan["unplaced"] == []
    dispatch = [m for m in plan["meetings"] if m["kind"] == "dispatch"]
    team_leads = [m for m in plan["meetings"] if m["kind"] == "team_leads"]
    assert len(dispatch) == 8 * 4 and len(team_leads) == 4
    keys = [(m["date"], m["start"], m["kind"], m["chain"] or "") for m in plan["meetings"]]
    assert keys == sorted(keys)
    for quarter in ("2026Q1", "2026Q2", "2026Q3", "2026Q4"):
        last_dispatch = max(m["date"] for m in dispatch if m["quarter"] == quarter)
        (leads,) = [m for m in team_leads if m["quarter"] == quarter]
        assert leads["date"] > last_dispatch
        assert leads["attendees"] == sorted(leads["attendees"])


def test_past_quarters_are_not_planned(capsys, demo_db_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("CHAINCHIEF_TODAY", "2026-11-27")
    assert cli.run(["schedule", "--year", "2026", "--json", "--db", str(demo_db_path)]) == 0
    plan = json.loads(capsys.readouterr().out)
    assert {m["quarter"] for m in plan["meetings"]} == {"2026Q4"}
    assert {u["reason_code"] for u in plan["unplaced"]} == {"past"}
    assert all(m["date"] >= "2026-11-27" for m in plan["meetings"])


def test_apply_keeps_identity_and_bumps_sequence_when_moved(demo_db: Database) -> None:
    plan = plan_meetings(demo_db, 2026)
    apply_plan(demo_db, plan, actor="test")
    with demo_db.transaction() as session:
        first = {
            (m.kind, m.chain_id, m.quarter): (m.id, m.date, m.sequence)
            for m in session.scalars(select(Meeting))
        }
        chain_id, chief_id = session.execute(
            select(Chain.id, Chain.chief_id).order_by(Chain.name).limit(1)
        ).one()
    moved_key = ("dispatch", chain_id, "2026Q2")
    _id, moved_day, _sequence = first[moved_key]
    with demo_db.transaction() as session:
        session.execute(insert(UnavailableDay).values(person_id=chief_id, day=moved_day))
    apply_plan(demo_db, plan_meetings(demo_db, 2026), actor="test")
    with demo_db.transaction() as session:
        second = {
            (m.kind, m.chain_id, m.quarter): (m.id, m.date, m.sequence)
            for m in session.scalars(select(Meeting))
        }
    assert second.keys() == first.keys()
    assert second[moved_key][0] == first[moved_key][0]
    assert second[moved_key][1] != moved_day
    assert second[moved_key][2] == first[moved_key][2] + 1


def test_held_meetings_never_move(demo_db: Database) -> None:
    apply_plan(demo_db, plan_meetings(demo_db, 2026), actor="test")
    with demo_db.transaction() as session:
        meeting = session.scalars(
            select(Meeting).where(Meeting.quarter == "2026Q1", Meeting.kind == "dispatch")
        ).first()
        held_id, held_day = meeting.id, meeting.date
        session.execute(
            update(Meeting).where(Meeting.id == held_id).values(status=MeetingStatus.HELD.value)
        )
        chief = session.get(Person, session.get(Chain, meeting.chain_id).chief_id)
        session.execute(insert(UnavailableDay).values(person_id=chief.id, day=held_day))
    plan = plan_meetings(demo_db, 2026)
    apply_plan(demo_db, plan, actor="test")
    with demo_db.transaction() as session:
        assert session.get(Meeting, held_id).date == held_day
    assert any(m.date == held_day and m.held for m in plan.meetings)


def test_plain_plan_reads_by_quarter(capsys, demo_db_path: Path) -> None:
    code = cli.run(
        ["schedule", "--year", "2026", "--lang", "zh_CN", "--apply", "--db", str(demo_db_path)]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert "2026年第一季度" in out or "2026Q1" in out
    assert "链长调度会" in out and "专班负责人会议" in out
    assert dt.date(2026, 1, 1).isoformat() not in out  # New Year's Day is a holiday
