"""Import…: dry-run preview, refusal with every error, cancel leaving the database untouched,
dropping a workbook on the window; Export… and Export template…."""

from __future__ import annotations

import threading
import warnings
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QGuiApplication
from PySide6.QtWidgets import QApplication
from quarter_support import snapshot

from chainchief.services.admin.stats import row_counts
from chainchief.services.workbooks.apply import Applier
from chainchief.services.workbooks.exporting import export_workbook
from chainchief.store.db import Database, open_database
from chainchief.ui.dialogs.export_dialog import ExportDialog
from chainchief.ui.dialogs.import_dialog import ImportDialog
from chainchief.ui.workers import wait_for_workers

BAD_LINES = [
    "企业!2:B Not a unified social credit code (18 characters): 123",
    "企业!3:C Not one of 区内、市内、区外: 火星",
    "环节!2:A Unknown chain: 不存在的链",
]


@pytest.fixture
def city(demo_db_path: Path) -> Database:
    database = open_database(demo_db_path)
    yield database
    wait_for_workers()
    database.dispose()


@pytest.fixture
def empty(tmp_path: Path) -> Database:
    database = open_database(tmp_path / "empty.db")
    yield database
    wait_for_workers()
    database.dispose()


@pytest.fixture
def bad_workbook(tmp_path: Path) -> Path:
    book = Workbook()
    firms = book.active
    firms.title = "企业"
    firms.append(["企业名称", "统一社会信用代码", "所在地"])
    firms.append(["甲公司", "123", "区内"])
    firms.append(["乙公司", None, "火星"])
    segments = book.create_sheet("环节")
    segments.append(["产业链名称", "环节名称", "层级"])
    segments.append(["不存在的链", "电芯", "中游"])
    path = tmp_path / "bad.xlsx"
    book.save(path)
    return path


@pytest.fixture
def demo_workbook(city: Database, tmp_path: Path) -> Path:
    path = tmp_path / "demo-export.xlsx"
    export_workbook(city, path)
    return path


def drag_enter(position: QPoint, data: QMimeData) -> QDragEnterEvent:
    """A drag entering the window; PySide offers only the QPoint constructor, which Qt 6.11
    marks deprecated (its QPointF successor is not bound), so that warning is silenced here."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return QDragEnterEvent(
            position, Qt.DropAction.CopyAction, data,
            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
        )  # fmt: skip


def open_dialog(qtbot, db: Database, path: Path) -> ImportDialog:
    dialog = ImportDialog(db, "lead", str(path))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.start_check()
    return dialog


def test_a_refused_workbook_lists_every_error_and_changes_nothing(
    qtbot, city, bad_workbook, tmp_path
) -> None:
    before = snapshot(city)
    dialog = open_dialog(qtbot, city, bad_workbook)
    qtbot.waitUntil(lambda: dialog.pages.currentWidget() is dialog.errors, timeout=20_000)
    table = dialog.errors.table
    assert table.rowCount() == 3
    cells = [[table.item(r, c).text() for c in range(4)] for r in range(3)]
    assert cells[0] == ["企业", "2", "B", "Not a unified social credit code (18 characters): 123"]
    assert "Nothing was imported" in dialog.errors.message.text()
    assert "3 problems" in dialog.errors.message.text()
    assert not dialog.import_button.isEnabled()
    dialog.errors.copy()
    assert QGuiApplication.clipboard().text().splitlines() == BAD_LINES
    saved = tmp_path / "problems.txt"
    dialog.errors.save(saved)
    assert saved.read_text(encoding="utf-8-sig").splitlines() == BAD_LINES
    assert snapshot(city) == before


def test_the_preview_writes_nothing_and_import_writes_everything(
    qtbot, empty, demo_workbook
) -> None:
    before = snapshot(empty)
    dialog = open_dialog(qtbot, empty, demo_workbook)
    qtbot.waitUntil(lambda: dialog.import_button.isEnabled(), timeout=30_000)
    titles = [dialog.preview.item(r, 0).text() for r in range(dialog.preview.rowCount())]
    assert "产业链" in titles and "企业" in titles
    chains = titles.index("产业链")
    assert dialog.preview.item(chains, 1).text() == "8"
    assert "nothing has been written yet" in dialog.preview_note.text()
    assert snapshot(empty) == before
    with qtbot.waitSignal(dialog.imported, timeout=60_000) as imported:
        dialog.import_button.click()
    summary = imported.args[0]
    added = {sheet.sheet: sheet.added for sheet in summary.sheets}
    counts = row_counts(empty)
    assert summary.updated == 0 and not summary.dry_run
    for alias in ("chains", "segments", "links", "firms", "targets", "projects", "actions"):
        assert added[alias] == counts[alias], alias
    assert counts["chains"] == 8
    assert "Imported" in dialog.outcome.text()


def test_cancelling_a_running_import_leaves_the_database_untouched(
    qtbot, empty, demo_workbook, monkeypatch
) -> None:
    """Cancel arrives after every row was written inside the transaction: all is rolled back."""
    reached, release = threading.Event(), threading.Event()
    write_all = Applier.run

    def gated(self: Applier) -> None:
        write_all(self)
        reached.set()
        release.wait(30)

    monkeypatch.setattr(Applier, "run", gated)
    before = snapshot(empty)
    dialog = open_dialog(qtbot, empty, demo_workbook)
    qtbot.waitUntil(lambda: dialog.import_button.isEnabled(), timeout=30_000)
    dialog.import_button.click()
    qtbot.waitUntil(reached.is_set, timeout=60_000)
    assert dialog.task.running
    dialog.task.cancel_button.click()
    release.set()
    qtbot.waitUntil(lambda: dialog.pages.currentWidget() is dialog.outcome, timeout=30_000)
    assert "Cancelled" in dialog.outcome.text() and "unchanged" in dialog.outcome.text()
    assert snapshot(empty) == before


def test_closing_the_dialog_while_checking_cancels_the_check(qtbot, empty, demo_workbook) -> None:
    before = snapshot(empty)
    dialog = open_dialog(qtbot, empty, demo_workbook)
    dialog.reject()
    qtbot.waitUntil(lambda: not dialog.isVisible() and not dialog.task.running, timeout=30_000)
    assert snapshot(empty) == before


def test_dropping_a_workbook_on_the_window_opens_the_import_dialog(
    qtbot, open_window, demo_db, bad_workbook
) -> None:
    window = open_window(demo_db)
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(bad_workbook))])
    position = QPointF(window.width() / 2, window.height() / 2)
    action = Qt.DropAction.CopyAction
    buttons, modifiers = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = drag_enter(position.toPoint(), data)
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    QApplication.sendEvent(window, QDropEvent(position, action, data, buttons, modifiers))
    qtbot.waitUntil(lambda: bool(window.findChildren(ImportDialog)), timeout=5_000)
    dialog = window.findChildren(ImportDialog)[0]
    assert dialog.path == str(bad_workbook)
    qtbot.waitUntil(lambda: dialog.errors.table.rowCount() == 3, timeout=20_000)
    dialog.close()


def test_dropping_anything_else_is_not_taken(qtbot, open_window, demo_db, tmp_path) -> None:
    window = open_window(demo_db)
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(tmp_path / "notes.txt"))])
    enter = drag_enter(window.rect().center(), data)
    enter.ignore()
    QApplication.sendEvent(window, enter)
    assert not enter.isAccepted()


def test_export_and_template_write_workbooks(qtbot, city, tmp_path) -> None:
    for template in (False, True):
        path = tmp_path / ("template.xlsx" if template else "all.xlsx")
        dialog = ExportDialog(city, str(path), template=template)
        qtbot.addWidget(dialog)
        dialog.show()
        with qtbot.waitSignal(dialog.written, timeout=60_000):
            dialog.start()
        book = load_workbook(path, read_only=True)
        assert book.sheetnames[0] == "填写说明"
        rows = sum(1 for _row in book["企业"].iter_rows())
        assert rows == (1 if template else 181)


def test_changes_to_stored_rows_are_listed_and_need_a_confirmation(
    qtbot, city, tmp_path: Path
) -> None:
    """Issue 18, defect 4: a chain's chief replaced behind "更新 1 行"."""
    exported = tmp_path / "export.xlsx"
    export_workbook(city, exported)
    book = load_workbook(exported)
    old_chief = book["产业链"]["B2"].value
    book["产业链"]["B2"].value = "赵华"
    edited = tmp_path / "edited.xlsx"
    book.save(edited)
    before = snapshot(city)

    dialog = open_dialog(qtbot, city, edited)
    qtbot.waitUntil(lambda: dialog.changes.table.rowCount() == 1, timeout=30_000)

    table = dialog.changes.table
    shown = [table.item(0, column).text() for column in range(table.columnCount())]
    assert shown[0:2] == ["产业链", "2"] and shown[3:] == ["链长", old_chief, "赵华"]
    assert table.item(0, 5).background().color().name().upper() == "#FFEB9C"
    assert table.item(0, 5).font().bold()
    assert not dialog.import_button.isEnabled()
    dialog.changes.confirm.setChecked(True)
    assert dialog.import_button.isEnabled()
    dialog.changes.confirm.setChecked(False)
    assert not dialog.import_button.isEnabled()
    assert snapshot(city) == before
