"""A table model over the action-item service's rows, coloured as the workbooks are.

The colours are DESIGN.md §3's (overdue FFFFC7CE, due within 7 days FFFFEB9C, done
FFC6EFCE; open and on track uncoloured) and come from each row's ``urgency``, which the
service computed: the model only paints what it is given.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

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

from chainchief.domain.actions import Urgency
from chainchief.i18n import N_, _
from chainchief.services.actions.items import ActionRow

Index = QModelIndex | QPersistentModelIndex
ROW_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2

URGENCY_FILL = {
    Urgency.OVERDUE: QColor(0xFF, 0xC7, 0xCE),
    Urgency.DUE_SOON: QColor(0xFF, 0xEB, 0x9C),
    Urgency.DONE: QColor(0xC6, 0xEF, 0xCE),
}
TEXT_COLOUR = QColor(0x20, 0x20, 0x20)


class ActionColumn(IntEnum):
    CHAIN = 0
    ITEM = 1
    DEPARTMENT = 2
    OWNER = 3
    DUE = 4
    STATUS = 5
    QUARTER = 6
    COMMON = 7


HEADERS = {
    ActionColumn.CHAIN: N_("Chain"),
    ActionColumn.ITEM: N_("Action item"),
    ActionColumn.DEPARTMENT: N_("Department"),
    ActionColumn.OWNER: N_("Owner"),
    ActionColumn.DUE: N_("Due"),
    ActionColumn.STATUS: N_("Status"),
    ActionColumn.QUARTER: N_("Decided"),
    ActionColumn.COMMON: N_("Common issue"),
}


def urgency_label(row: ActionRow) -> str:
    if row.overdue:
        return _("Overdue")
    if row.due_soon:
        return _("Due within 7 days")
    return row.status.label


@dataclass(frozen=True)
class ActionCounts:
    """Open, overdue and due-soon items of a set of rows (the status bar and navigator show it)."""

    open: int = 0
    overdue: int = 0
    due_soon: int = 0

    @classmethod
    def of(cls, rows: list[ActionRow]) -> ActionCounts:
        return cls(
            open=sum(1 for row in rows if not row.status.is_closed),
            overdue=sum(1 for row in rows if row.overdue),
            due_soon=sum(1 for row in rows if row.due_soon),
        )


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
            return URGENCY_FILL.get(row.urgency)
        if role == Qt.ItemDataRole.ForegroundRole:
            return TEXT_COLOUR if row.urgency in URGENCY_FILL else None
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [row.item, urgency_label(row)]
            if row.completion_note:
                lines.append(_("Completion note: {note}").format(note=row.completion_note))
            return "\n".join(lines)
        if role == ROW_ROLE:
            return row
        if role == SORT_ROLE:
            if column is ActionColumn.DUE:
                return row.due.isoformat() if row.due else "9999"
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
            return row.due.isoformat() if row.due else ""
        if column is ActionColumn.STATUS:
            return urgency_label(row) if row.overdue else row.status.label
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
