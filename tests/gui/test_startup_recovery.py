"""Starting on a damaged or read-only database: recovery offered, read-only made visible."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel, QMessageBox, QToolBar

from chainchief import app
from chainchief.services.admin.stats import row_counts
from chainchief.store import backup
from chainchief.store.db import Database, open_database


def damage_pages(path: Path) -> None:
    size = path.stat().st_size
    with open(path, "r+b") as handle:
        handle.seek(size // 3)
        handle.write(b"\xde\xad\xbe\xef" * (size // 12))


def first_open(path: Path) -> Database:
    """The start-up's first attempt, which run_gui makes on its own thread."""
    return app.open_for_gui(str(path), actor="tester")


def test_a_damaged_database_is_restored_when_the_user_agrees(
    qtbot, demo_db_path: Path, monkeypatch
) -> None:
    database = open_database(demo_db_path)
    counts = row_counts(database)
    database.dispose()
    assert backup.list_backups(demo_db_path), "opening takes the daily backup"
    damage_pages(demo_db_path)
    asked: list[str] = []

    def agree(_parent, _title, text, *_args):
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", agree)
    recovered = app._open_or_recover(str(demo_db_path), lambda: first_open(demo_db_path))
    assert recovered is not None
    try:
        assert row_counts(recovered) == counts
    finally:
        recovered.dispose()
    assert asked and "backup" in asked[0].lower()


def test_a_damaged_database_stays_closed_when_the_user_declines(
    qtbot, demo_db_path: Path, monkeypatch
) -> None:
    open_database(demo_db_path).dispose()
    damage_pages(demo_db_path)
    damaged = demo_db_path.read_bytes()
    monkeypatch.setattr(QMessageBox, "question", lambda *_args: QMessageBox.StandardButton.No)
    assert app._open_or_recover(str(demo_db_path), lambda: first_open(demo_db_path)) is None
    assert demo_db_path.read_bytes() == damaged


def test_read_only_database_shows_a_banner(qtbot, demo_db_path: Path) -> None:
    from chainchief.ui.shell.banner import show_read_only_banner
    from chainchief.ui.shell.main_window import MainWindow

    database = open_database(f"sqlite:///{demo_db_path}?mode=ro")
    assert database.read_only
    window = MainWindow(database, actor="tester")
    qtbot.addWidget(window)
    show_read_only_banner(window)
    window.show()
    banner = window.findChild(QToolBar, "read_only_banner")
    assert banner is not None and banner.isVisible()
    assert "read-only" in banner.findChild(QLabel).text()
    with qtbot.waitSignal(window.map_loaded, timeout=30_000):
        pass
    database.dispose()


def test_a_file_handed_over_by_the_desktop_opens_read_only(
    qtbot, demo_db_path: Path, monkeypatch
) -> None:
    """Double-clicking a backup runs ``chainchief-gui FILE``: the file is opened read-only."""
    started: list[str | None] = []
    monkeypatch.setattr(app, "run_gui", lambda db=None, lang=None: started.append(db) or 0)
    # Without a window no first screen resumes the collector: left paused, it would stay off
    # for every later test of this process.
    monkeypatch.setattr(app, "pause_collection", lambda: None)
    with pytest.raises(SystemExit):
        app.main([str(demo_db_path)])
    assert len(started) == 1 and started[0] is not None
    database = app.open_for_gui(started[0], actor="tester")
    try:
        assert database.read_only
        assert database.path == demo_db_path.resolve()
    finally:
        database.dispose()
