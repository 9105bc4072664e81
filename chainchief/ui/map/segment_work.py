"""Dialogs for the work on one segment: attach a firm (existing or new) and add a target firm.

Like the segment dialog, each hands its values to a ``submit`` callback and stays open with
the service's message when refused. Choices (firms, people) come from the services.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from chainchief.domain.enums import Location, Role, Stage
from chainchief.i18n import _
from chainchief.services.firms.ledger import FirmChoice, firm_problem
from chainchief.services.firms.targets import target_problem
from chainchief.ui.forms import (
    CheckedLineEdit,
    Submit,
    SubmitDialog,
    enum_combo,
    name_box,
    show_error,
)


class AttachFirmDialog(SubmitDialog):
    """Pick a firm of the ledger, or type a new one (then say where it is), and its role."""

    def __init__(
        self, parent: QWidget, segment: str, firms: Sequence[FirmChoice], submit: Submit
    ) -> None:
        super().__init__(parent, _("Attach a firm to {segment}").format(segment=segment), submit)
        self.setObjectName("attach_firm_dialog")
        self._firms = {_choice_text(choice): choice for choice in firms}
        self.firm = name_box(list(self._firms), None, None, self)
        _line_edit(self.firm).setPlaceholderText(_("Type to search the firms, or a new name"))
        self.role = enum_combo(Role, Role.CORE.value, self)
        self.product = QLineEdit(self)
        self.new_firm = QGroupBox(_("New firm"), self)
        self.location = enum_combo(Location, Location.IN_ZONE.value, self.new_firm)
        self.uscc = CheckedLineEdit(lambda text: firm_problem("uscc", text), self.new_firm)
        self.uscc.setPlaceholderText(_("18 characters; may stay empty"))
        new_form = QFormLayout(self.new_firm)
        new_form.addRow(_("Location"), self.location)
        new_form.addRow(_("Unified social credit code"), self.uscc)
        self.found = QLabel(self)
        self.found.setWordWrap(True)
        form = QFormLayout()
        form.addRow(_("Firm"), self.firm)
        form.addRow("", self.found)
        form.addRow(_("Role"), self.role)
        form.addRow(_("Main products"), self.product)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.new_firm)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.firm.editTextChanged.connect(self._firm_typed)
        self.uscc.problem_changed.connect(
            lambda _problem: self._firm_typed(self.firm.currentText())
        )
        self._firm_typed("")
        self.resize(480, self.sizeHint().height())

    def chosen(self) -> FirmChoice | None:
        return self._firms.get(self.firm.currentText().strip())

    def _firm_typed(self, text: str) -> None:
        choice = self.chosen()
        typed = bool(text.strip())
        self.new_firm.setVisible(typed and choice is None)
        if choice is not None:
            self.found.setText(
                _("In the ledger: {location}").format(location=choice.location.label)
            )
        else:
            self.found.setText(_("Not in the ledger yet: it will be added.") if typed else "")
        new = typed and choice is None
        show_error(self.error, self.uscc.problem if new and self.uscc.text() else None)
        self.enable_ok(typed and (choice is not None or self.uscc.problem is None))
        self.adjustSize()

    def values(self) -> dict[str, Any]:
        choice = self.chosen()
        values: dict[str, Any] = {
            "firm_id": choice.id if choice else None,
            "name": self.firm.currentText().strip(),
            "role": self.role.currentData(),
            "product": self.product.text(),
        }
        if choice is None:
            values |= {"location": self.location.currentData(), "uscc": self.uscc.text()}
        return values


def _choice_text(choice: FirmChoice) -> str:
    return f"{choice.name}（{choice.uscc}）" if choice.uscc else choice.name


class TargetDialog(SubmitDialog):
    """A firm we try to attract to the segment: who follows it up, what comes next."""

    def __init__(
        self, parent: QWidget, segment: str, people: Sequence[str], submit: Submit
    ) -> None:
        super().__init__(
            parent, _("Add a target firm to {segment}").format(segment=segment), submit
        )
        self.setObjectName("target_dialog")
        self.firm = CheckedLineEdit(lambda text: target_problem("firm", text), self)
        self.firm.setPlaceholderText(_("The outside firm to attract"))
        self.region = QLineEdit(self)
        self.region.setPlaceholderText(_("e.g. 上海 or 深圳"))
        self.stage = enum_combo(Stage, Stage.RESERVE.value, self)
        self.owner = name_box(people, None, lambda text: target_problem("owner", text), self)
        self.investment = CheckedLineEdit(lambda text: target_problem("investment", text), self)
        self.next_step = QLineEdit(self)
        form = QFormLayout()
        form.addRow(_("Firm"), self.firm)
        form.addRow(_("Region"), self.region)
        form.addRow(_("Stage"), self.stage)
        form.addRow(_("Owner"), self.owner)
        form.addRow(_("Planned investment (10k yuan)"), self.investment)
        form.addRow(_("Next step"), self.next_step)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        for field in (self.firm, self.investment, _line_edit(self.owner)):
            field.textChanged.connect(self._checked)
        self._checked()
        self.resize(460, self.sizeHint().height())

    def _checked(self) -> None:
        problems = [
            problem
            for problem in (
                target_problem("firm", self.firm.text()) if self.firm.text() else "",
                self.investment.problem,
                target_problem("owner", self.owner.currentText()),
            )
            if problem
        ]
        show_error(self.error, problems[0] if problems else None)
        self.enable_ok(bool(self.firm.text().strip()) and not problems)

    def values(self) -> dict[str, Any]:
        return {
            "firm": self.firm.text(),
            "region": self.region.text(),
            "stage": self.stage.currentData(),
            "owner": self.owner.currentText(),
            "investment": self.investment.text(),
            "next_step": self.next_step.text(),
        }


def _line_edit(box: QComboBox) -> QLineEdit:
    """The text field of an editable combo box (Qt types it as optional)."""
    edit = box.lineEdit()
    assert edit is not None
    return edit
