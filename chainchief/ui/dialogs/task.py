"""A progress bar with a Cancel button over one job of the worker helper.

Dialogs that run long work (import, export, planning) embed this panel, so every one of them
reports progress and cancels the same way. Cancel only asks: the job notices at its next
progress report and stops, and its service rolls back whatever it had begun.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from chainchief.i18n import _
from chainchief.ui.workers import Progress, Worker, submit


class TaskPanel(QWidget):
    """Runs one job at a time; ``finished(result)`` or ``failed(error)`` when it ends."""

    finished = Signal(object)
    failed = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.bar = QProgressBar()
        self.bar.setTextVisible(True)
        self.cancel_button = QPushButton(_("Cancel"))
        self.cancel_button.clicked.connect(self.cancel)
        row = QHBoxLayout()
        row.addWidget(self.bar, 1)
        row.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addLayout(row)
        self._worker: Worker[Any] | None = None
        self._show_bar(False)

    def _show_bar(self, shown: bool) -> None:
        self.bar.setVisible(shown)
        self.cancel_button.setVisible(shown)

    @property
    def running(self) -> bool:
        return self._worker is not None

    def start(self, label: str, job: Callable[[Progress], object]) -> None:
        """Show ``label`` with a busy bar until the job reports how far it got."""
        self.label.setText(label)
        self.bar.setRange(0, 0)
        self.cancel_button.setEnabled(True)
        self._show_bar(True)
        self._worker = submit(self, job, self._done, self._failed, self._progress)

    def cancel(self) -> None:
        if self._worker is None:
            return
        self._worker.progress.cancel()
        self.cancel_button.setEnabled(False)
        self.label.setText(_("Cancelling…"))

    def _progress(self, done: int, total: int) -> None:
        if total <= 0:
            return
        self.bar.setRange(0, total)
        self.bar.setValue(min(done, total))

    def _done(self, result: object) -> None:
        self._worker = None
        self._show_bar(False)
        self.finished.emit(result)

    def _failed(self, error: BaseException) -> None:
        self._worker = None
        self._show_bar(False)
        self.failed.emit(error)


def reporting(progress: Progress) -> dict[str, Callable[..., Any]]:
    """The ``progress=`` and ``cancel=`` arguments services take, wired to a worker's Progress."""
    return {"progress": progress.report, "cancel": lambda: progress.cancelled}
