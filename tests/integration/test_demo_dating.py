"""The demo city is dated around today: a pack made on any day tells a coherent story."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select

from chainchief.domain.quarters import Quarter
from chainchief.services.actions.items import list_actions
from chainchief.services.workbooks.demo import load_demo
from chainchief.store.db import open_database
from chainchief.store.models import HolidayOverride, Indicator, Project


@pytest.mark.parametrize("day", ["2026-04-01", "2026-07-15", "2026-11-27"])
def test_demo_is_dated_around_today(tmp_path: Path, monkeypatch, day: str) -> None:
    monkeypatch.setenv("CHAINCHIEF_TODAY", day)
    today = dt.date.fromisoformat(day)
    db = open_database(tmp_path / "demo.db")
    load_demo(db, force=False, actor="test")
    actions = list_actions(db)
    assert sum(1 for a in actions if a.overdue) >= 3
    assert sum(1 for a in actions if a.due_soon) >= 3
    with db.transaction() as session:
        reported = {
            quarter
            for quarter, actual in session.execute(select(Indicator.quarter, Indicator.actual))
            if actual is not None
        }
        happened = [
            value
            for row in session.execute(
                select(Project.signed_on, Project.actual_start, Project.actual_production)
            )
            for value in row
            if value is not None
        ]
        holidays = set(session.scalars(select(HolidayOverride.day)))
    assert max(reported) == str(Quarter.of(today).previous)
    assert max(happened) <= today
    assert dt.date(2026, 12, 31) in holidays  # a calendar fact, never moved
    db.dispose()
