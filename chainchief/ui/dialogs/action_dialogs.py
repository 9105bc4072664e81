"""Recording a resolution as an action item, and taking a step of its supervision loop.

Both dialogs hand their values to a ``submit`` callback that calls the service; a refusal
(empty text, a duplicate, a return without a reason, a step the role may not take…) is shown
in the dialog, which stays open so nothing typed is lost.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

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
from chainchief.domain.errors import UserError
from chainchief.domain.supervision import NEEDS_TEXT, Step
from chainchief.i18n import N_, _
from chainchief.services.actions.items import Resolution
from chainchief.ui.colours import error_style
from chainchief.ui.forms import qdate
from chainchief.ui.help_topic import set_help_topic

ResolutionSubmit = Callable[[str, Resolution], None]
StepSubmit = Callable[[Step, str, dt.date], None]


def _error_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet(error_style())
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
        *,
        after: dt.date | None = None,
    ) -> None:
        """``after``: the meeting's day — the deadline must fall after it."""
        super().__init__(parent)
        self.setWindowTitle(_("New resolution"))
        set_help_topic(self, "meetings", "minutes")
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
        start = max(today(), after or today())
        self.due = QDateEdit(qdate(start + dt.timedelta(days=30)))
        if after is not None:
            self.due.setMinimumDate(qdate(after + dt.timedelta(days=1)))
        self.due.setCalendarPopup(True)
        self.due.setDisplayFormat("yyyy-MM-dd")
        self.has_due.toggled.connect(self.due.setEnabled)
        self.common = QCheckBox(_("Common issue (for the team-leads meeting)"))
        self.needs_chief = QCheckBox(_("Needs the chain chief to coordinate"))
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
        form.addRow("", self.needs_chief)
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
            needs_chief=self.needs_chief.isChecked(),
        )

    def accept(self) -> None:
        try:
            self._submit(self.chain.currentText(), self.resolution())
        except UserError as error:
            self.error.setText(error.message)
            self.error.show()
            return
        super().accept()


class StepDialog(QDialog):
    """One step of the supervision loop: the step (when several are offered), its text, a date.

    The text is the progress report, the completion report, the reason or the decision note,
    as the step needs; the new deadline is asked only for an extension request.
    """

    def __init__(
        self,
        item: str,
        steps: Sequence[Step],
        submit: StepSubmit,
        parent: QWidget | None = None,
        *,
        context: str = "",
        due: dt.date | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(steps[0].label if len(steps) == 1 else _("Supervision step"))
        set_help_topic(self, "supervision", "loop")
        self._submit = submit
        heading = QLabel(item)
        heading.setWordWrap(True)
        heading.setStyleSheet("font-weight: bold;")
        self.context = QLabel(context)
        self.context.setWordWrap(True)
        self.context.setVisible(bool(context))
        self.step = QComboBox()
        for step in steps:
            self.step.addItem(step.label, step.value)
        self.step.setEnabled(len(steps) > 1)
        self.text = QPlainTextEdit()
        self.text.setFixedHeight(96)
        start = max(today(), due or today()) + dt.timedelta(days=30)
        self.new_due = QDateEdit(qdate(start))
        self.new_due.setCalendarPopup(True)
        self.new_due.setDisplayFormat("yyyy-MM-dd")
        self.form = QFormLayout()
        self.form.addRow(_("Step"), self.step)
        self.form.addRow(_("New deadline"), self.new_due)
        self.form.addRow(_("Text"), self.text)
        self.step.currentIndexChanged.connect(lambda _index: self._fit())
        self.error = _error_label()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.context)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self._fit()
        self.resize(480, self.sizeHint().height())

    def chosen(self) -> Step:
        return Step(self.step.currentData())

    def _fit(self) -> None:
        """Show the date only for an extension request; name the text after the step."""
        step = self.chosen()
        self.form.setRowVisible(self.new_due, step is Step.REQUEST_EXTENSION)
        label = self.form.labelForField(self.text)
        if isinstance(label, QLabel):
            label.setText(_(TEXT_LABELS.get(step, N_("Note"))))
        self.text.setPlaceholderText(_("Required") if step in NEEDS_TEXT else _("Optional"))

    def accept(self) -> None:
        new_due = self.new_due.date().toPython()
        try:
            self._submit(self.chosen(), self.text.toPlainText(), new_due)  # type: ignore[arg-type]
        except UserError as error:
            self.error.setText(error.message)
            self.error.show()
            return
        super().accept()


TEXT_LABELS = {
    Step.REPORT_PROGRESS: N_("Progress"),
    Step.REQUEST_COMPLETION: N_("Completion report"),
    Step.RETURN: N_("Reason for returning"),
    Step.REQUEST_EXTENSION: N_("Reason"),
    Step.CANCEL: N_("Reason for cancelling"),
    Step.APPROVE_EXTENSION: N_("Decision note"),
    Step.REFUSE_EXTENSION: N_("Decision note"),
}
