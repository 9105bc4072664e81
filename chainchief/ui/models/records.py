"""A table model over a service's rows, and the proxy that filters and sorts it.

The model shows the frozen rows a service returned and never changes them: an edit is handed
on (``edited``) to become an undo command, and the rows the service returns afterwards replace
these — just the rows an edit changed (``put_rows``, ``remove_ids``), so an edit at 20,000
firms repaints one row instead of reading the whole list. Such a row keeps its place until the
table is sorted again, as in a spreadsheet. Everything per row — each cell's text, the
filter's text, each column's sort rank — is computed by ``prepare`` on the worker thread that
loaded the rows, so the GUI thread only swaps lists, even for a city's 20,000 firms. Ranks
order text in pinyin (QCollator, DESIGN.md §4), numbers and dates by value, empty cells last;
the model sorts itself by them and the proxy only filters (a Python ``lessThan`` per
comparison would take seconds on such a table).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
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
from chainchief.ui.models.collation import chinese_collator

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
class TableColumn:
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


@dataclass(frozen=True)
class Content:
    """Rows ready to show: their texts, filter texts and per-column ranks."""

    rows: list[Any]
    texts: list[tuple[str, ...]]
    search: list[str]
    ranks: list[list[int]]
    """For each column, each row's place when sorted by that column."""


def prepare(columns: Sequence[TableColumn], rows: Sequence[Any]) -> Content:
    """Everything the model shows of ``rows`` (plain Python and QCollator: fine off the GUI
    thread)."""
    texts = [tuple(column.text(row) for column in columns) for row in rows]
    return Content(
        rows=list(rows),
        texts=texts,
        search=["\t".join(cells).casefold() for cells in texts],
        ranks=[
            _ranks(column, rows, [cells[number] for cells in texts])
            for number, column in enumerate(columns)
        ],
    )


def _ranks(column: TableColumn, rows: Sequence[Any], texts: list[str]) -> list[int]:
    """Each row's rank by the column's sort value: numbers and dates by value, text in pinyin
    order, empty values last."""
    collator = chinese_collator()
    collator.setNumericMode(True)
    values = [column.sort(row) for row in rows] if column.sort else texts

    text_keys: dict[str, Any] = {}

    def key(position: int) -> tuple[int, Any]:
        value = values[position]
        if value is None or value == "":
            return (2, 0)
        if isinstance(value, str):
            found = text_keys.get(value)
            if found is None:
                found = text_keys[value] = collator.sortKey(value)
            return (1, found)
        return (0, value)

    ranks = [0] * len(rows)
    for rank, position in enumerate(sorted(range(len(rows)), key=key)):
        ranks[position] = rank
    return ranks


class RecordModel(QAbstractTableModel):
    edited = Signal(object, str, object)
    """(row, column key, new value): the user committed an edit of a cell."""

    def __init__(
        self,
        columns: Sequence[TableColumn],
        highlight: Callable[[Any], QColor | None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self._highlight = highlight
        self._content = Content([], [], [], [[] for _column in self.columns])
        self._positions: dict[int, int] = {}
        self._sorted_by: tuple[int, Qt.SortOrder] | None = None
        self._stale_ranks: set[int] = set()
        """Columns whose ranks no longer fit rows changed in place: ranked again on sorting."""

    @property
    def rows(self) -> list[Any]:
        return self._content.rows

    @property
    def content(self) -> Content:
        return self._content

    def set_rows(self, rows: Sequence[Any]) -> None:
        """Show ``rows`` (preparing them here: for small tables and tests)."""
        self.set_content(prepare(self.columns, rows))

    @property
    def sorted_by(self) -> tuple[int, Qt.SortOrder] | None:
        return self._sorted_by

    def set_content(self, content: Content) -> None:
        self.beginResetModel()
        self._content = content
        self._stale_ranks.clear()
        if self._sorted_by is not None:
            self._reorder(self._order(*self._sorted_by))
        self._index_positions()
        self.endResetModel()

    def put_rows(self, content: Content) -> None:
        """Show these rows read again after an edit: a shown row changes where it is, a new
        one goes last; only their cells repaint."""
        shown = self._content
        fresh: list[int] = []
        last = len(self.columns) - 1
        for number, row in enumerate(content.rows):
            position = self._positions.get(row.id)
            if position is None:
                fresh.append(number)
                continue
            before = shown.texts[position]
            shown.rows[position] = row
            shown.texts[position] = content.texts[number]
            shown.search[position] = content.search[number]
            texts = content.texts[number]
            self._stale_ranks.update(n for n, text in enumerate(texts) if text != before[n])
            self.dataChanged.emit(self.index(position, 0), self.index(position, last))
        if not fresh:
            return
        start = len(shown.rows)
        self.beginInsertRows(QModelIndex(), start, start + len(fresh) - 1)
        # A new Content (not the old lists grown) tells the proxy to match its filter again.
        self._content = Content(
            rows=shown.rows + [content.rows[n] for n in fresh],
            texts=shown.texts + [content.texts[n] for n in fresh],
            search=shown.search + [content.search[n] for n in fresh],
            ranks=[ranks + list(range(start, start + len(fresh))) for ranks in shown.ranks],
        )
        self._stale_ranks.update(range(len(self.columns)))
        self._index_positions()
        self.endInsertRows()

    def remove_ids(self, row_ids: Collection[int]) -> None:
        """Take away the rows of records deleted (the others keep their places)."""
        positions = sorted(
            (self._positions[row_id] for row_id in row_ids if row_id in self._positions),
            reverse=True,
        )
        for position in positions:
            shown = self._content
            self.beginRemoveRows(QModelIndex(), position, position)
            self._content = Content(
                rows=shown.rows[:position] + shown.rows[position + 1 :],
                texts=shown.texts[:position] + shown.texts[position + 1 :],
                search=shown.search[:position] + shown.search[position + 1 :],
                ranks=[ranks[:position] + ranks[position + 1 :] for ranks in shown.ranks],
            )
            self.endRemoveRows()
        if positions:
            self._index_positions()

    def column(self, number: int) -> TableColumn:
        return self.columns[number]

    def position_of(self, row_id: int) -> int | None:
        """The model row showing the record ``row_id``."""
        return self._positions.get(row_id)

    # --- sorting ---------------------------------------------------------------------------

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._sorted_by = (column, order)
        if not self._content.rows:
            return
        self.layoutAboutToBeChanged.emit()
        permutation = self._order(column, order)
        moved_to = [0] * len(permutation)
        for new, old in enumerate(permutation):
            moved_to[old] = new
        persistent = self.persistentIndexList()
        self._reorder(permutation)
        self._index_positions()
        self.changePersistentIndexList(
            persistent,
            [self.index(moved_to[index.row()], index.column()) for index in persistent],
        )
        self.layoutChanged.emit()

    def _order(self, column: int, order: Qt.SortOrder) -> list[int]:
        if column in self._stale_ranks:
            texts = [cells[column] for cells in self._content.texts]
            self._content.ranks[column] = _ranks(self.columns[column], self._content.rows, texts)
            self._stale_ranks.discard(column)
        ranks = self._content.ranks[column]
        descending = order == Qt.SortOrder.DescendingOrder
        return sorted(range(len(ranks)), key=ranks.__getitem__, reverse=descending)

    def _reorder(self, permutation: list[int]) -> None:
        content = self._content
        self._content = Content(
            rows=[content.rows[old] for old in permutation],
            texts=[content.texts[old] for old in permutation],
            search=[content.search[old] for old in permutation],
            ranks=[[ranks[old] for old in permutation] for ranks in content.ranks],
        )

    def _index_positions(self) -> None:
        self._positions = {row.id: number for number, row in enumerate(self._content.rows)}

    # --- Qt's model interface --------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._content.rows)

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
        if role == Qt.ItemDataRole.DisplayRole:
            return self._content.texts[index.row()][index.column()]
        row = self._content.rows[index.row()]
        column = self.columns[index.column()]
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
        self.edited.emit(self._content.rows[index.row()], self.columns[index.column()].key, value)
        return False


class RecordProxy(QSortFilterProxyModel):
    """Rows whose text contains the filter (any column); sorting is the source model's.

    Which rows match is worked out once per filter text and content, in one pass over the
    prepared texts, so the per-row check Qt makes is a list lookup.
    """

    def __init__(
        self,
        chains_of: Callable[[Any], Collection[str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._needle = ""
        self._chain: str | None = None
        self._chains_of = chains_of
        self._matches: list[bool] = []
        self._matched: Content | None = None

    def set_chain(self, chain: str | None) -> None:
        """Only rows that belong to ``chain`` (``chains_of`` the row names it); None for all."""
        self.beginFilterChange()
        self._chain = chain
        self._matched = None
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_needle(self, text: str) -> None:
        self.beginFilterChange()
        self._needle = text.strip().casefold()
        self._matched = None
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def record_model(self) -> RecordModel:
        model = self.sourceModel()
        assert isinstance(model, RecordModel)
        return model

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if not self._needle and self._chain is None:
            return True
        content = self.record_model().content
        if self._matched is not content:
            chain, chains_of = self._chain, self._chains_of
            self._matches = [
                self._needle in text and (chain is None or chain in chains_of(row))
                for text, row in zip(content.search, content.rows, strict=True)
            ]
            self._matched = content
        return self._matches[source_row]

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.record_model().sort(column, order)
