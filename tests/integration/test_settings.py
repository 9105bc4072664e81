"""Shared settings: validated, stored in the database, seen by every process."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from chainchief import cli
from chainchief.domain.errors import RuleViolation
from chainchief.services.admin.settings import all_settings, scheduler_settings, set_setting
from chainchief.store.db import Database, open_database


def test_defaults_are_the_documented_ones(db: Database) -> None:
    assert all_settings(db) == {
        "meeting.slots": "09:00-11:30,14:30-17:00",
        "meeting.window_months": "2",
        "meeting.max_per_day": "2",
        "meeting.coordinator": "",
        "meeting.default_place": "",
        "analysis.min_local_firms_default": "2",
        "backup.keep": "10",
        "foresight.value_weights": "3,2,1,0.1",
        "foresight.stage_weights": "0.5,0.7,0.85,1.0",
        "supervision.remind_days": "7",
        "supervision.red_after_days": "15",
        "supervision.reply_days": "5",
        "supervision.weights": "60,30,10",
        "circular.issuer": "链长制工作办公室",
        "circular.number_prefix": "链办",
    }


def test_a_setting_is_normalised_stored_and_seen_by_a_new_connection(db_path: Path) -> None:
    first = open_database(db_path)
    assert set_setting(first, "meeting.window_months", "3，1", actor="t") == "1,3"
    first.dispose()
    second = open_database(db_path)
    with second.transaction() as session:
        assert scheduler_settings(session).window_months == (1, 3)
    second.dispose()


@pytest.mark.parametrize(
    ("key", "value", "hint"),
    [
        ("meeting.slots", "9-11", "09:00-11:30"),
        ("meeting.slots", "14:30-17:00,09:00-15:00", "09:00-11:30"),
        ("meeting.window_months", "4", "1, 2"),
        ("meeting.max_per_day", "0", "at least 1"),
        ("backup.keep", "-1", "backup.keep"),
        ("no.such.key", "1", "meeting.slots"),
        ("supervision.weights", "60,30", "60,30,10"),
        ("supervision.weights", "0,0,0", "not all 0"),
        ("supervision.remind_days", "-3", "supervision.remind_days"),
        ("supervision.reply_days", "0", "at least 1"),
    ],
)
def test_bad_values_are_refused_with_the_valid_choices(
    db: Database, key: str, value: str, hint: str
) -> None:
    before = all_settings(db)
    with pytest.raises(RuleViolation) as refused:
        set_setting(db, key, value, actor="t")
    assert hint in refused.value.message or hint in refused.value.message.lower()
    assert all_settings(db) == before


def test_coordinator_must_be_a_known_person(demo_db: Database) -> None:
    with pytest.raises(RuleViolation, match="Choose one of"):
        set_setting(demo_db, "meeting.coordinator", "不存在的人", actor="t")


def test_cli_set_then_list(capsys, db_path: Path) -> None:
    place = "管委会 301 会议室"
    assert cli.run(["settings", "set", "meeting.default_place", place, "--db", str(db_path)]) == 0
    capsys.readouterr()
    assert cli.run(["settings", "list", "--json", "--db", str(db_path)]) == 0
    assert json.loads(capsys.readouterr().out)["meeting.default_place"] == place


def test_cli_bad_value_exits_2(capsys, db_path: Path) -> None:
    assert cli.run(["settings", "set", "meeting.max_per_day", "many", "--db", str(db_path)]) == 2
    assert "many" in capsys.readouterr().err
