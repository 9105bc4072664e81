"""Import…: check the workbook first (a dry run), show what would change, then import it all.

Both runs go through the worker helper with a progress bar and Cancel; the import service
writes all or nothing in one transaction, so a refusal or a cancel leaves the database exactly
as it was — and the dialog says so in plain words. A refused workbook lists every problem as
工作表!行:列 with its reason, in a table that can be copied or saved.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from chainchief import write_guard
from chainchief.domain.errors import CellError, ImportRefused, UserError
from chainchief.fileio import atomic_path
from chainchief.i18n import _
from chainchief.services.workbooks import importing
from chainchief.services.workbooks.importing import ImportSummary, OperationCancelled
from chainchief.services.workspace import Workspace
from chainchief.ui.dialogs.import_changes import ChangesView
from chainchief.ui.dialogs.task import TaskPanel, reporting
from chainchief.ui.forms import read_only_table
from chainchief.ui.help_topic import set_help_topic
from chainchief.ui.task_notices import announce
from chainchief.ui.workers import Progress


def _cell(value: object, *, right: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(str(value))
    if right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


class ErrorList(QWidget):
    """Every problem of a refused workbook, with Copy and Save…."""

    def __init__(self, source: str | Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.source = source
        self.message = QLabel()
        self.message.setWordWrap(True)
        bold = QFont(self.message.font())
        bold.setBold(True)
        self.message.setFont(bold)
        self.table = read_only_table([_("Sheet"), _("Row"), _("Column"), _("Problem")])
        self.copy_button = QPushButton(_("Copy"))
        self.copy_button.clicked.connect(self.copy)
        self.save_button = QPushButton(_("Save…"))
        self.save_button.clicked.connect(self.save_dialog)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.errors: list[CellError] = []

    def show_refusal(self, refusal: ImportRefused) -> None:
        self.errors = list(refusal.errors)
        self.message.setText(
            _("{message} Nothing was imported: the database is unchanged.").format(
                message=refusal.message
            )
        )
        self.table.setRowCount(len(self.errors))
        for row, error in enumerate(self.errors):
            self.table.setItem(row, 0, _cell(error.sheet))
            self.table.setItem(row, 1, _cell(error.row, right=True))
            self.table.setItem(row, 2, _cell(error.column))
            self.table.setItem(row, 3, _cell(error.reason))
        header = self.table.horizontalHeader()
        for column in range(3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)

    def text(self) -> str:
        """One problem a line, as 工作表!行:列 原因 — what the CLI prints."""
        return "".join(f"{error}\n" for error in self.errors)

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.text())

    def save_dialog(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Save the problems"), str(Path.home() / "import-problems.txt"),
            _("Text file (*.txt)"),
        )  # fmt: skip
        if not path:
            return
        try:
            self.save(Path(path))
        except UserError as error:
            QMessageBox.warning(self, _("Save the problems"), error.message)

    def save(self, path: Path) -> None:
        """The report, never over the workbook it is about."""
        with write_guard.reading(self.source), atomic_path(path) as temporary:
            temporary.write_text(self.text(), encoding="utf-8-sig")


class ImportDialog(QDialog):
    """Check → preview → import, each step cancellable; ``imported`` after a real import."""

    imported = Signal(object)

    def __init__(self, db: Workspace, actor: str, path: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor, self.path = db, actor, path
        self.setWindowTitle(_("Import {file}").format(file=Path(path).name))
        set_help_topic(self, "exchange", "import")
        self.resize(720, 480)
        self.task = TaskPanel()
        self.task.finished.connect(self._finished)
        self.task.failed.connect(self._failed)
        self.preview = read_only_table([_("Sheet"), _("Added"), _("Updated"), _("Unchanged")])
        self.preview.horizontalHeader().setStretchLastSection(False)
        self.preview.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.preview_note = QLabel()
        self.preview_note.setWordWrap(True)
        self.errors = ErrorList(path)
        self.outcome = QLabel()
        self.outcome.setWordWrap(True)
        self.outcome.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        preview_page = QWidget()
        preview_layout = QVBoxLayout(preview_page)
        preview_layout.setContentsMargins(0, 0, 0, 0)
        preview_layout.addWidget(self.preview_note)
        preview_layout.addWidget(self.preview, 1)
        self.changes = ChangesView()
        self.changes.confirmation_changed.connect(self._update_import_button)
        preview_layout.addWidget(self.changes, 2)
        self.pages = QStackedWidget()
        for page in (self.task, preview_page, self.errors, self.outcome):
            self.pages.addWidget(page)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.import_button = self.buttons.addButton(
            _("Import"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.start_import)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("File: {path}").format(path=path)))
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.buttons)
        self.summary: ImportSummary | None = None
        self._dry_run = True
        self._close_when_done = False

    def start_check(self) -> None:
        """The dry run: read and check everything, write nothing."""
        self._run(dry_run=True, label=_("Checking {file}…"))

    def start_import(self) -> None:
        self.import_button.setEnabled(False)
        self._run(dry_run=False, label=_("Importing {file}…"))

    def _run(self, *, dry_run: bool, label: str) -> None:
        self._dry_run = dry_run
        db, path, actor = self.db, self.path, self.actor

        def job(progress: Progress) -> ImportSummary:
            return importing.import_workbook(
                db, path, actor=actor, dry_run=dry_run, **reporting(progress)
            )

        self.pages.setCurrentWidget(self.task)
        self.task.start(label.format(file=Path(path).name), job)

    def _finished(self, summary: ImportSummary) -> None:
        self.summary = summary
        if self._close_when_done:
            self.done(QDialog.DialogCode.Rejected)
        elif summary.dry_run:
            self._show_preview(summary)
        else:
            text = _("Imported: {added} rows added, {updated} updated.").format(
                added=summary.added, updated=summary.updated
            )
            self._show_result(text)
            announce(text)
            self.imported.emit(summary)

    def _show_preview(self, summary: ImportSummary) -> None:
        self.preview.setRowCount(len(summary.sheets))
        for row, sheet in enumerate(summary.sheets):
            self.preview.setItem(row, 0, _cell(sheet.title))
            for column, value in enumerate((sheet.added, sheet.updated, sheet.unchanged), 1):
                self.preview.setItem(row, column, _cell(value, right=True))
        notes = [
            _("The workbook passed every check. Importing it would add {added} rows and update "
              "{updated}; nothing has been written yet.").format(
                added=summary.added, updated=summary.updated
            )
        ]  # fmt: skip
        if summary.people_created:
            notes.append(
                _("People created with just their name ({count}): {names}").format(
                    count=len(summary.people_created), names="、".join(summary.people_created)
                )
            )
        if summary.departments_created:
            notes.append(
                _("Departments created ({count}): {names}").format(
                    count=len(summary.departments_created),
                    names="、".join(summary.departments_created),
                )
            )
        if not summary.added and not summary.updated:
            notes[0] = _("The workbook passed every check; importing it would change nothing.")
        notes.extend(summary.warnings)
        self.preview_note.setText("\n".join(notes))
        self.changes.show_changes(summary.changes)
        self.pages.setCurrentIndex(1)
        self._update_import_button()
        self.import_button.setFocus()

    def _update_import_button(self) -> None:
        """Import once there is something to write and any change to stored rows is confirmed."""
        summary = self.summary
        ready = summary is not None and bool(summary.added or summary.updated)
        self.import_button.setEnabled(ready and self.changes.confirmed)

    def _failed(self, error: BaseException) -> None:
        if self._close_when_done:
            self.done(QDialog.DialogCode.Rejected)
            return
        self.import_button.hide()
        if isinstance(error, ImportRefused):
            self.errors.show_refusal(error)
            self.pages.setCurrentWidget(self.errors)
        elif isinstance(error, OperationCancelled):
            self._show_result(_("Cancelled. Nothing was imported: the database is unchanged."))
        elif isinstance(error, UserError):
            self._show_result(
                _("{message}\nNothing was imported: the database is unchanged.").format(
                    message=error.message
                )
            )
        else:
            self._show_result(_("The import failed. Nothing was imported."))
            raise error

    def _show_result(self, text: str) -> None:
        self.import_button.hide()
        self.outcome.setText(text)
        self.pages.setCurrentWidget(self.outcome)

    def reject(self) -> None:
        """Closing while a job runs cancels it and closes once the job has let go."""
        if self.task.running:
            self._close_when_done = True
            self.task.cancel()
            return
        super().reject()
