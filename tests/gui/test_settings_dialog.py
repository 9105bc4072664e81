"""Settings: personal preferences in the user file, shared settings in the database for all."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QTime
from PySide6.QtWidgets import QDialogButtonBox
from sqlalchemy import insert

from chainchief import cli
from chainchief.domain.settings import SettingKind
from chainchief.preferences import load_preferences
from chainchief.services.admin.settings import SPECS, all_settings
from chainchief.services.directory import people_names
from chainchief.store.db import Database, open_database
from chainchief.store.models import User
from chainchief.ui.dialogs.setting_editors import (
    ChoiceEditor,
    CountEditor,
    MonthsEditor,
    TextEditor,
    TimeRangesEditor,
    WeightsEditor,
)
from chainchief.ui.dialogs.settings_dialog import SettingsDialog

EDITORS = {
    SettingKind.TEXT: TextEditor,
    SettingKind.COUNT: CountEditor,
    SettingKind.TIME_RANGES: TimeRangesEditor,
    SettingKind.MONTHS: MonthsEditor,
    SettingKind.PERSON: ChoiceEditor,
    SettingKind.DEPARTMENT: ChoiceEditor,
    SettingKind.WEIGHTS: WeightsEditor,
}


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
    dialog.fields["meeting.default_place"].set_text("管委会 301 会议室")
    dialog.fields["meeting.window_months"].set_text("3,1")
    dialog.fields["meeting.coordinator"].set_text("陈立新")
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


def test_each_setting_gets_the_editor_its_kind_calls_for(qtbot, city) -> None:
    dialog = open_dialog(qtbot, city)
    for key, spec in SPECS.items():
        editor = dialog.fields[key]
        assert isinstance(editor, EDITORS[spec.setting.kind]), key
        assert editor.text() == dialog.stored[key] or key.endswith("_weights"), key
    slots = dialog.fields["meeting.slots"]
    assert isinstance(slots, TimeRangesEditor)
    assert [edit.time().toString("HH:mm") for _row, *edits in slots.rows for edit in edits] == [
        "09:00",
        "11:30",
        "14:30",
        "17:00",
    ]
    days = dialog.fields["supervision.remind_days"]
    assert isinstance(days, CountEditor) and days.field.suffix().strip() == "days"
    coordinator = dialog.fields["meeting.coordinator"]
    assert isinstance(coordinator, ChoiceEditor)
    listed = [coordinator.field.itemText(n) for n in range(1, coordinator.field.count())]
    assert listed == people_names(city)


def test_a_bad_value_is_explained_as_it_is_typed_and_ok_waits(qtbot, city) -> None:
    before = all_settings(city)
    dialog = open_dialog(qtbot, city)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    slots = dialog.fields["meeting.slots"]
    assert isinstance(slots, TimeRangesEditor)
    _row, _start, end = slots.rows[0]
    end.setTime(QTime(8, 0))
    reason = dialog.reasons["meeting.slots"]
    assert not reason.isHidden() and "09:00-08:00" in reason.text()
    assert not ok.isEnabled()
    end.setTime(QTime(11, 0))
    assert reason.isHidden() and ok.isEnabled()
    months = dialog.fields["meeting.window_months"]
    assert isinstance(months, MonthsEditor)
    months.boxes[1].setChecked(False)
    assert not dialog.reasons["meeting.window_months"].isHidden() and not ok.isEnabled()
    assert all_settings(city) == before


def test_restore_default_puts_back_one_field(qtbot, city) -> None:
    dialog = open_dialog(qtbot, city)
    keep = dialog.fields["backup.keep"]
    assert not dialog.resets["backup.keep"].isEnabled(), "already the default"
    keep.set_text("25")
    dialog.fields["supervision.remind_days"].set_text("3")
    assert dialog.resets["backup.keep"].isEnabled()
    dialog.resets["backup.keep"].click()
    assert keep.text() == "10" and not dialog.resets["backup.keep"].isEnabled()
    assert dialog.changed_settings() == {"supervision.remind_days": "3"}


def test_unchanged_fields_are_not_written_again(qtbot, city) -> None:
    dialog = open_dialog(qtbot, city)
    assert dialog.changed_settings() == {}


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
    dialog.fields["backup.keep"].set_text("20")
    dialog.accept()
    assert dialog.isVisible() and "member" in dialog.error.text()
    assert all_settings(city)["backup.keep"] == "10"
    dialog.reject()
    admin = open_dialog(qtbot, city, actor="boss")
    admin.fields["backup.keep"].set_text("20")
    admin.accept()
    assert not admin.isVisible()
    assert all_settings(city)["backup.keep"] == "20"
