"""The import preview's list of changes to stored rows, and the confirmation they need.

Every changed field is one line, old → new; changes of chain roles (链长, 专班…, 角色) and of
figures stand out in bold on a yellow fill. While the list is not empty the import waits for
the user to tick that they have checked it, so stored data is never replaced unseen.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from chainchief.i18n import _, ngettext
from chainchief.services.workbooks.changes import ImportFieldChange

HIGHLIGHT = QColor("#FFEB9C")


class ChangesView(QWidget):
    """Changed fields of stored rows; ``confirmed`` says whether the import may go ahead."""

    confirmation_changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.table = QTableWidget(0, 6)
        self.table.setHorizontalHeaderLabels(
            [_("Sheet"), _("Row"), _("Stored record"), _("Field"), _("Old value"), _("New value")]
        )
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        for column in range(4):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.confirm = QCheckBox(_("I have checked these changes to stored records"))
        self.confirm.toggled.connect(self.confirmation_changed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.confirm)
        self.changes: tuple[ImportFieldChange, ...] = ()

    @property
    def confirmed(self) -> bool:
        return not self.changes or self.confirm.isChecked()

    def show_changes(self, changes: tuple[ImportFieldChange, ...]) -> None:
        self.changes = changes
        self.setVisible(bool(changes))
        self.confirm.setChecked(False)
        rows = {(change.sheet, change.row) for change in changes}
        self.heading.setText(
            ngettext(
                "This import changes {fields} field in {rows} stored rows; role and figure "
                "changes are highlighted:",
                "This import changes {fields} fields in {rows} stored rows; role and figure "
                "changes are highlighted:",
                len(changes),
            ).format(fields=len(changes), rows=len(rows))
        )
        self.table.setRowCount(len(changes))
        bold = QFont(self.table.font())
        bold.setBold(True)
        for row, change in enumerate(changes):
            values: tuple[object, ...] = (change.sheet, change.row, change.key, change.header)
            values += (change.old_text, change.new_text)
            for column, value in enumerate(values):
                item = QTableWidgetItem(str(value))
                if change.highlighted:
                    item.setBackground(QBrush(HIGHLIGHT))
                    item.setFont(bold)
                self.table.setItem(row, column, item)
