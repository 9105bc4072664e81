"""A table model over a service's rows, and the proxy that filters and sorts it.

The model shows the frozen rows a service returned and never changes them: an edit is handed
on (``edited``) to become an undo command, and the rows the service returns afterwards replace
these. Sorting compares each column's values in pinyin order for text (QCollator, DESIGN.md
§4), by value for numbers and dates, with empty cells last.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWidget

from chainchief.ui.forms import Check
from chainchief.ui.navigator import chinese_collator

Index = QModelIndex | QPersistentModelIndex
ROW_ROLE = Qt.ItemDataRole.UserRole + 20
"""The service's row behind a cell."""


class EditorKind(StrEnum):
    TEXT = "text"
    """Typed text, checked as typed by the service."""
    CHOICE = "choice"
    """One of an enum's values."""
    NAME = "name"
    """A person's or department's name: known ones offered, a new one allowed."""
    DIALOG = "dialog"
    """Edited in a dialog (lists, dates), opened by a double click."""


@dataclass(frozen=True)
class Column:
    """One column: what it shows, how it sorts and, when editable, how it is edited."""

    key: str
    """The service's field name (for editable columns)."""
    header: str
    text: Callable[[Any], str]
    sort: Callable[[Any], Any] | None = None
    """The value to sort by (default: the text)."""
    edit: Callable[[Any], Any] | None = None
    """The value an editor starts from; None makes the column read-only."""
    kind: EditorKind = EditorKind.TEXT
    check: Check | None = None
    choices: tuple[tuple[str, str], ...] = ()
    """(code, label) pairs of a CHOICE column."""
    names: Callable[[Any], Sequence[str]] | None = None
    """The names a NAME column offers for a row."""
    numeric: bool = False
    tip: Callable[[Any], str | None] | None = None
    width: int = 0

    @property
    def editable(self) -> bool:
        return self.edit is not None


class RecordModel(QAbstractTableModel):
    edited = Signal(object, str, object)
    """(row, column key, new value): the user committed an edit of a cell."""

    def __init__(
        self,
        columns: Sequence[Column],
        highlight: Callable[[Any], QColor | None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self._highlight = highlight
        self._rows: list[Any] = []
        self._search: list[str] = []
        self._ranks: dict[int, list[int]] = {}

    @property
    def rows(self) -> list[Any]:
        return self._rows

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._search = [
            "\t".join(column.text(row) for column in self.columns).casefold() for row in rows
        ]
        self._ranks = {}
        self.endResetModel()

    def column(self, number: int) -> Column:
        return self.columns[number]

    def search_text(self, row: int) -> str:
        return self._search[row]

    def rank(self, column: int, row: int) -> int:
        """The row's place when sorted by ``column`` (computed once per column and content)."""
        ranks = self._ranks.get(column)
        if ranks is None:
            ranks = self._ranks[column] = _ranks(self.columns[column], self._rows)
        return ranks[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].header
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(row)
        if role == Qt.ItemDataRole.EditRole:
            return column.edit(row) if column.edit else column.text(row)
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.tip(row) if column.tip else column.text(row) or None
        if role == Qt.ItemDataRole.TextAlignmentRole and column.numeric:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole and self._highlight is not None:
            return self._highlight(row)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        column = self.columns[index.column()]
        if column.editable and column.kind is not EditorKind.DIALOG:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Hand the edit on; the cell changes when the service's new rows arrive."""
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        self.edited.emit(self._rows[index.row()], self.columns[index.column()].key, value)
        return False


def _ranks(column: Column, rows: Sequence[Any]) -> list[int]:
    """Each row's rank by the column's sort value: numbers and dates by value, text in pinyin
    order, empty values last."""
    collator = chinese_collator()
    collator.setNumericMode(True)
    value_of = column.sort or column.text

    def key(position: int) -> tuple[int, Any]:
        value = value_of(rows[position])
        if value is None or value == "":
            return (2, 0)
        if isinstance(value, str):
            return (1, collator.sortKey(value))
        return (0, value)

    ranks = [0] * len(rows)
    for rank, position in enumerate(sorted(range(len(rows)), key=key)):
        ranks[position] = rank
    return ranks


class RecordProxy(QSortFilterProxyModel):
    """Rows whose text contains the filter (any column), sorted by the source's ranks."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._needle = ""

    def set_needle(self, text: str) -> None:
        self.beginFilterChange()
        self._needle = text.strip().casefold()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def record_model(self) -> RecordModel:
        model = self.sourceModel()
        assert isinstance(model, RecordModel)
        return model

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        return not self._needle or self._needle in self.record_model().search_text(source_row)

    def lessThan(self, left: Index, right: Index) -> bool:
        model = self.record_model()
        column = left.column()
        return model.rank(column, left.row()) < model.rank(column, right.row())
