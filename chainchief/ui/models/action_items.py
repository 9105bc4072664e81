"""A table model over the action-item service's rows, coloured as the workbooks are.

The colours are DESIGN.md §6's (red FFFFC7CE, yellow FFFFEB9C, blue FFDDEBF7, done FFC6EFCE;
no light uncoloured) and come from each row's ``light`` and status, which the service
computed: the model only paints what it is given.
"""

from __future__ import annotations

from enum import IntEnum
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QAbstractTableModel,
    QCollator,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWidget

from chainchief.domain.enums import ActionStatus
from chainchief.i18n import N_, _, ngettext
from chainchief.ui.colours import DONE_FILL, LIGHT_FILL, LIGHT_TEXT, TEXT_COLOUR

if TYPE_CHECKING:
    # Only the rows' type: the navigator's counts load without the action-item service.
    from chainchief.services.actions.items import ActionRow

Index = QModelIndex | QPersistentModelIndex
ROW_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2


class ActionColumn(IntEnum):
    CHAIN = 0
    ITEM = 1
    DEPARTMENT = 2
    OWNER = 3
    DUE = 4
    STATUS = 5
    LIGHT = 6
    QUARTER = 7
    COMMON = 8


HEADERS = {
    ActionColumn.CHAIN: N_("Chain"),
    ActionColumn.ITEM: N_("Action item"),
    ActionColumn.DEPARTMENT: N_("Department"),
    ActionColumn.OWNER: N_("Owner"),
    ActionColumn.DUE: N_("Due"),
    ActionColumn.STATUS: N_("Status"),
    ActionColumn.LIGHT: N_("Light"),
    ActionColumn.QUARTER: N_("Decided"),
    ActionColumn.COMMON: N_("Common issue"),
}


def row_fill(row: ActionRow) -> QColor | None:
    """The row's background: its light, or green once done."""
    if row.status is ActionStatus.DONE:
        return DONE_FILL
    return LIGHT_FILL.get(row.light) if row.light else None


def light_label(row: ActionRow) -> str:
    """The light and why: "Red · 20 days overdue", "Blue · due in 3 days"; empty without one."""
    if row.light is None:
        return ""
    if row.overdue:
        reason = ngettext("{n} day overdue", "{n} days overdue", row.days_overdue)
        return f"{row.light.label} · " + reason.format(n=row.days_overdue)
    if row.extensions >= 2:
        return f"{row.light.label} · " + _("extended {n} times").format(n=row.extensions)
    return row.light.label


def status_label(row: ActionRow) -> str:
    """The status, and an extension awaiting a decision."""
    if row.extension_pending:
        return _("{status} · extension requested").format(status=row.status.label)
    return row.status.label


class ActionTableModel(QAbstractTableModel):
    def __init__(self, parent: QWidget | None = None, *, show_chain: bool = True) -> None:
        super().__init__(parent)
        self._rows: list[ActionRow] = []
        self._columns = [c for c in ActionColumn if show_chain or c is not ActionColumn.CHAIN]

    def set_rows(self, rows: list[ActionRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[ActionRow]:
        return list(self._rows)

    def put_row(self, row: ActionRow) -> None:
        """Show ``row`` read again in place of the item it updates; only its cells repaint."""
        for position, shown in enumerate(self._rows):
            if shown.id == row.id:
                self._rows[position] = row
                last = len(self._columns) - 1
                self.dataChanged.emit(self.index(position, 0), self.index(position, last))
                return

    def column_of(self, column: ActionColumn) -> int:
        return self._columns.index(column)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(HEADERS[self._columns[section]])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = self._columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == Qt.ItemDataRole.BackgroundRole:
            return row_fill(row)
        if role == Qt.ItemDataRole.ForegroundRole:
            if column is ActionColumn.LIGHT and row.light is not None:
                return LIGHT_TEXT[row.light]
            return TEXT_COLOUR if row_fill(row) is not None else None
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [row.item, status_label(row), light_label(row)]
            if row.completion_note:
                lines.append(_("Completion note: {note}").format(note=row.completion_note))
            return "\n".join(lines)
        if role == ROW_ROLE:
            return row
        if role == SORT_ROLE:
            if column is ActionColumn.DUE:
                return row.due.isoformat() if row.due else "9999"
            if column is ActionColumn.LIGHT:
                return f"{3 - row.light.severity if row.light else 9}{row.days_overdue:06d}"
            return self._text(row, column)
        return None

    @staticmethod
    def _text(row: ActionRow, column: ActionColumn) -> str:
        if column is ActionColumn.CHAIN:
            return row.chain
        if column is ActionColumn.ITEM:
            return row.item
        if column is ActionColumn.DEPARTMENT:
            return row.department or ""
        if column is ActionColumn.OWNER:
            return row.owner or ""
        if column is ActionColumn.DUE:
            if row.due and row.original_due and row.due != row.original_due:
                return _("{due} (was {original})").format(
                    due=row.due.isoformat(), original=row.original_due.isoformat()
                )
            return row.due.isoformat() if row.due else ""
        if column is ActionColumn.STATUS:
            return status_label(row)
        if column is ActionColumn.LIGHT:
            return light_label(row)
        if column is ActionColumn.QUARTER:
            return row.meeting_quarter or ""
        return _("Yes") if row.common_issue else ""


class ActionSortModel(QSortFilterProxyModel):
    """Sorting by the shown text, Chinese in pinyin order (DESIGN.md §4)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._collator = QCollator(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
        self.setSortRole(SORT_ROLE)

    def lessThan(self, left: Index, right: Index) -> bool:
        return self._collator.compare(str(left.data(SORT_ROLE)), str(right.data(SORT_ROLE))) < 0
