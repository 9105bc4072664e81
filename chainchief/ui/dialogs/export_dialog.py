"""Export… and Export template…: one job in a worker with progress and Cancel, then the result.

A cancelled export leaves no file behind (the writers build a temporary file beside the target
and rename it only when complete), and any earlier file of that name stays as it was.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout, QWidget

from chainchief.domain.errors import UserError
from chainchief.i18n import _
from chainchief.services.workbooks.exporting import export_template, export_workbook
from chainchief.services.workspace import Workspace
from chainchief.ui.dialogs.task import TaskPanel, reporting
from chainchief.ui.help_topic import set_help_topic
from chainchief.ui.task_notices import announce
from chainchief.ui.workers import Progress


class ExportDialog(QDialog):
    """Writes the whole database (or, with ``template``, an empty workbook) to ``path``."""

    written = Signal(str)

    def __init__(
        self, db: Workspace, path: str, *, template: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.db, self.path, self.template = db, path, template
        self.setWindowTitle(_("Export template") if template else _("Export"))
        set_help_topic(self, "exchange", "template" if template else "export")
        self.resize(520, 140)
        self.task = TaskPanel()
        self.task.finished.connect(self._finished)
        self.task.failed.connect(self._failed)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.task)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self._close_when_done = False

    def start(self) -> None:
        db, path = self.db, self.path
        name = Path(path).name
        if self.template:
            self.task.start(
                _("Writing the template {file}…").format(file=name),
                lambda _progress: export_template(path),
            )
            return

        def job(progress: Progress) -> dict[str, int]:
            return export_workbook(db, path, **reporting(progress))

        self.task.start(_("Exporting to {file}…").format(file=name), job)

    def _finished(self, counts: object) -> None:
        if isinstance(counts, dict):
            text = _("Exported {rows} rows to {file}.").format(
                rows=sum(counts.values()), file=self.path
            )
        else:
            text = _("Template written to {file}.").format(file=self.path)
        self.task.label.setText(text)
        announce(text, self.path)
        self.written.emit(self.path)
        if self._close_when_done:
            super().reject()

    def _failed(self, error: BaseException) -> None:
        if self._close_when_done:
            super().reject()
        if not isinstance(error, UserError):
            raise error
        self.task.label.setText(error.message)

    def reject(self) -> None:
        if self.task.running:
            self._close_when_done = True
            self.task.cancel()
            return
        super().reject()
