"""Recording a resolution as an action item, and closing an item with its completion note.

Both dialogs hand their values to a ``submit`` callback that calls the service; a refusal
(empty text, a duplicate, closing without a note…) is shown in the dialog, which stays open so
nothing typed is lost.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from chainchief.domain.clock import today
from chainchief.domain.enums import ActionStatus
from chainchief.domain.errors import UserError
from chainchief.i18n import _
from chainchief.services.actions.items import Resolution

ResolutionSubmit = Callable[[str, Resolution], None]
CloseSubmit = Callable[[ActionStatus, str], None]


def _error_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet("color: #9C0006;")
    label.hide()
    return label


def _names_box(names: Sequence[str]) -> QComboBox:
    box = QComboBox()
    box.setEditable(True)
    box.addItems(["", *names])
    box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    return box


class ResolutionDialog(QDialog):
    """What the meeting decided: the item, who is accountable and by when."""

    def __init__(
        self,
        chains: Sequence[str],
        people: Sequence[str],
        departments: Sequence[str],
        submit: ResolutionSubmit,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("New resolution"))
        self._submit = submit
        self.chain = QComboBox()
        self.chain.addItems(list(chains))
        self.chain.setEnabled(len(chains) > 1)
        self.item = QPlainTextEdit()
        self.item.setPlaceholderText(_("What is to be done"))
        self.item.setFixedHeight(72)
        self.department = _names_box(departments)
        self.owner = _names_box(people)
        self.has_due = QCheckBox(_("Deadline"))
        self.has_due.setChecked(True)
        self.due = QDateEdit(QDate(today() + dt.timedelta(days=30)))
        self.due.setCalendarPopup(True)
        self.due.setDisplayFormat("yyyy-MM-dd")
        self.has_due.toggled.connect(self.due.setEnabled)
        self.common = QCheckBox(_("Common issue (for the team-leads meeting)"))
        due_row = QHBoxLayout()
        due_row.addWidget(self.has_due)
        due_row.addWidget(self.due, 1)
        form = QFormLayout()
        form.addRow(_("Chain"), self.chain)
        form.addRow(_("Action item"), self.item)
        form.addRow(_("Department"), self.department)
        form.addRow(_("Owner"), self.owner)
        form.addRow(_("Due"), due_row)
        form.addRow("", self.common)
        self.error = _error_label()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(480, self.sizeHint().height())

    def resolution(self) -> Resolution:
        due = self.due.date().toPython() if self.has_due.isChecked() else None
        return Resolution(
            item=self.item.toPlainText(),
            department=self.department.currentText().strip() or None,
            owner=self.owner.currentText().strip() or None,
            due=due,  # type: ignore[arg-type]
            common_issue=self.common.isChecked(),
        )

    def accept(self) -> None:
        try:
            self._submit(self.chain.currentText(), self.resolution())
        except UserError as error:
            self.error.setText(error.message)
            self.error.show()
            return
        super().accept()


class CloseActionDialog(QDialog):
    """Done or cancelled, with the note saying what was done or why it stops."""

    def __init__(self, item: str, submit: CloseSubmit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Close action item"))
        self._submit = submit
        heading = QLabel(item)
        heading.setWordWrap(True)
        self.status = QComboBox()
        for status in (ActionStatus.DONE, ActionStatus.CANCELLED):
            self.status.addItem(status.label, status.value)
        self.note = QPlainTextEdit()
        self.note.setPlaceholderText(_("What was done, or why it stops"))
        self.note.setFixedHeight(96)
        form = QFormLayout()
        form.addRow(_("Status"), self.status)
        form.addRow(_("Completion note"), self.note)
        self.error = _error_label()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(460, self.sizeHint().height())

    def accept(self) -> None:
        try:
            self._submit(ActionStatus(self.status.currentData()), self.note.toPlainText())
        except UserError as error:
            self.error.setText(error.message)
            self.error.show()
            return
        super().accept()
