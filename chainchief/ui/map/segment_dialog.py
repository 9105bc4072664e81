"""The segment dialog: name, tier, key flag and description of a new or existing segment.

The dialog hands its values to a ``submit`` callback (an undo command through the services)
and stays open with the service's message when the change is refused, so nothing typed is lost.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from chainchief.domain.enums import Tier
from chainchief.i18n import _
from chainchief.services.chains.editing import segment_problem
from chainchief.ui.forms import CheckedLineEdit, Submit, SubmitDialog, enum_combo, show_error


class SegmentDialog(SubmitDialog):
    def __init__(
        self,
        parent: QWidget,
        title: str,
        values: dict[str, Any],
        submit: Submit,
    ) -> None:
        super().__init__(parent, title, submit)
        self.setObjectName("segment_dialog")
        self.name = CheckedLineEdit(lambda text: segment_problem("name", text), self)
        self.name.setText(values.get("name") or "")
        self.name.setPlaceholderText(_("e.g. 电芯 or 晶圆制造"))
        self.tier = enum_combo(Tier, values.get("tier") or Tier.UPSTREAM.value, self)
        self.key = QCheckBox(_("Key segment (关键环节): the team's own judgement"), self)
        self.key.setChecked(bool(values.get("key")))
        self.description = QPlainTextEdit(values.get("description") or "", self)
        self.description.setTabChangesFocus(True)
        self.description.setFixedHeight(80)
        form = QFormLayout()
        form.addRow(_("Segment name"), self.name)
        form.addRow(_("Tier"), self.tier)
        form.addRow("", self.key)
        form.addRow(_("Description"), self.description)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.name.problem_changed.connect(self._name_checked)
        self._name_checked(segment_problem("name", self.name.text()) or "")
        self.resize(440, self.sizeHint().height())

    def _name_checked(self, problem: str) -> None:
        self.enable_ok(not problem)
        show_error(self.error, problem if self.name.text() else None)

    def values(self) -> dict[str, Any]:
        return {
            "name": self.name.text(),
            "tier": self.tier.currentData(),
            "key": self.key.isChecked(),
            "description": self.description.toPlainText(),
        }
