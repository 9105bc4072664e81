"""Settings: personal preferences in the user file, shared settings in the database for all."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import insert

from chainchief import cli
from chainchief.preferences import load_preferences
from chainchief.services.admin.settings import all_settings
from chainchief.store.db import Database, open_database
from chainchief.store.models import User
from chainchief.ui.dialogs.settings_dialog import SettingsDialog


@pytest.fixture
def city(demo_db_path: Path) -> Database:
    database = open_database(demo_db_path)
    yield database
    database.dispose()


def open_dialog(qtbot, db: Database, actor: str = "lead") -> SettingsDialog:
    dialog = SettingsDialog(db, actor)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_settings_persist_and_the_cli_reads_them(qtbot, city, demo_db_path, capsys) -> None:
    dialog = open_dialog(qtbot, city)
    dialog.language.setCurrentIndex(dialog.language.findData("zh_CN"))
    dialog.fields["meeting.default_place"].setText("管委会 301 会议室")
    dialog.fields["meeting.window_months"].setText("3，1")
    dialog.fields["meeting.coordinator"].setText("陈立新")
    dialog.accept()
    assert not dialog.isVisible()
    assert load_preferences().language == "zh_CN"
    city.dispose()
    assert cli.run(["settings", "list", "--json", "--db", str(demo_db_path)]) == 0
    shared = json.loads(capsys.readouterr().out)
    assert shared["meeting.default_place"] == "管委会 301 会议室"
    assert shared["meeting.window_months"] == "1,3"
    assert shared["meeting.coordinator"] == "陈立新"
    again = open_dialog(qtbot, open_database(demo_db_path))
    assert again.fields["meeting.window_months"].text() == "1,3"
    assert again.language.currentData() == "zh_CN"
    again.db.dispose()


def test_the_language_note_says_it_applies_after_a_restart(qtbot, city) -> None:
    dialog = open_dialog(qtbot, city)
    notes = [label.text() for label in dialog.findChildren(type(dialog.error))]
    assert any("next started" in text for text in notes)


def test_a_bad_value_is_refused_and_the_dialog_stays_open(qtbot, city) -> None:
    before = all_settings(city)
    dialog = open_dialog(qtbot, city)
    dialog.fields["meeting.max_per_day"].setText("0")
    dialog.accept()
    assert dialog.isVisible() and not dialog.error.isHidden()
    assert "at least 1" in dialog.error.text()
    assert all_settings(city) == before


def test_only_an_administrator_changes_shared_settings_once_users_exist(qtbot, city) -> None:
    with city.transaction() as session:
        session.execute(
            insert(User),
            [
                {"name": "boss", "role": "admin", "password_hash": "x"},
                {"name": "member", "role": "member", "password_hash": "x"},
            ],
        )
    dialog = open_dialog(qtbot, city, actor="member")
    dialog.fields["backup.keep"].setText("20")
    dialog.accept()
    assert dialog.isVisible() and "member" in dialog.error.text()
    assert all_settings(city)["backup.keep"] == "10"
    dialog.reject()
    admin = open_dialog(qtbot, city, actor="boss")
    admin.fields["backup.keep"].setText("20")
    admin.accept()
    assert not admin.isVisible()
    assert all_settings(city)["backup.keep"] == "20"
