"""The File menu's data commands in the main window: import refreshes everything, recent files,
New database… and Open database… (a new window on the other database)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMenu
from quarter_support import record_message_boxes

from chainchief.preferences import load_preferences
from chainchief.services.admin.stats import row_counts
from chainchief.services.workbooks.exporting import export_workbook
from chainchief.store.db import Database, open_database
from chainchief.ui.shell import file_commands
from chainchief.ui.shell.main_window import MainWindow
from chainchief.ui.workers import wait_for_workers


def test_the_file_menu_holds_the_data_commands(open_window, demo_db) -> None:
    window = open_window(demo_db)
    file_menu = window.menuBar().findChild(QMenu, "file_menu")
    files = window.quarter.files
    actions = file_menu.actions()
    for action in (files.import_action, files.export_action, files.template_action,
                   files.open_action, files.new_action, files.settings_action):  # fmt: skip
        assert action in actions
    assert files.recent_menu.menuAction() in actions
    assert actions.index(files.import_action) < actions.index(window.map_actions.quit)


def test_an_import_refreshes_the_navigator_and_is_remembered(
    qtbot, db_path, demo_db_path, tmp_path
) -> None:
    source = open_database(demo_db_path)
    workbook = tmp_path / "ledger.xlsx"
    export_workbook(source, workbook)
    source.dispose()
    empty = open_database(db_path)
    window = _open_empty(qtbot, empty)
    dialog = window.quarter.files.import_file(str(workbook))
    qtbot.waitUntil(lambda: dialog.import_button.isEnabled(), timeout=30_000)
    with qtbot.waitSignal(window.rows_loaded, timeout=60_000):
        dialog.import_button.click()
    assert len(window.navigator.chain_names()) == 8
    assert load_preferences().recent_files[0] == str(workbook.resolve())
    window.close()
    wait_for_workers()
    empty.dispose()


def _open_empty(qtbot, db: Database) -> MainWindow:
    """A window on an empty database (the shared fixture waits for a first map)."""
    window = MainWindow(db, actor="tester")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.quarter.counts_label.text() != "", timeout=20_000)
    return window


def test_new_database_opens_a_new_window_and_closes_the_old_one(
    qtbot, open_window, demo_db, tmp_path
) -> None:
    window = open_window(demo_db)
    target = tmp_path / "fresh.db"
    successor = window.quarter.files.switch_to(str(target))
    assert successor is not None and successor is not window
    qtbot.addWidget(successor)
    assert not window.isVisible() and successor.isVisible()
    assert successor.db.path == target
    assert row_counts(successor.db)["chains"] == 0
    preferences = load_preferences()
    assert preferences.last_database == str(target.resolve())
    assert preferences.recent_files[0] == str(target.resolve())
    successor.quarter.files._fill_recent()
    recent = successor.quarter.files.recent_menu.actions()
    assert recent[0].toolTip() == str(target.resolve())
    successor.close()
    wait_for_workers()
    successor.db.dispose()
    file_commands._open_windows.clear()


def test_a_database_that_cannot_be_opened_is_reported(
    qtbot, open_window, demo_db, tmp_path, monkeypatch
) -> None:
    shown = record_message_boxes(monkeypatch)
    window = open_window(demo_db)
    folder = tmp_path / "a-folder.db"
    folder.mkdir()
    assert window.quarter.files.switch_to(str(folder)) is None
    assert shown and window.isVisible()
    assert Path(str(folder)).is_dir()
