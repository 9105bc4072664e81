"""The year at a glance: one row per chain (and the team-leads meeting), one column per quarter.

Each cell shows the meeting's date, slot and state, from the service's ``MeetingRow`` values;
held meetings are tinted with the "done" colour of DESIGN.md §3, unplanned cells stay grey.
"""

from __future__ import annotations

import functools

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from chainchief.domain.clock import today
from chainchief.domain.enums import MeetingKind
from chainchief.domain.quarters import Quarter
from chainchief.i18n import _
from chainchief.services.meetings.meetings import MeetingRow
from chainchief.ui.colours import DONE_FILL
from chainchief.ui.models.collation import compare_names
from chainchief.ui.pages.meetings.dates import day_text, part_of_day, slot_text

Index = QModelIndex | QPersistentModelIndex
MEETING_ROLE = Qt.ItemDataRole.UserRole + 1
HELD_FILL = DONE_FILL
EMPTY_FILL = QColor(0xF2, 0xF2, 0xF2)


def meeting_title(row: MeetingRow) -> str:
    if row.kind is MeetingKind.TEAM_LEADS:
        return _("Team-leads meeting · {quarter}").format(quarter=row.quarter)
    return _("{chain} · dispatch meeting · {quarter}").format(chain=row.chain, quarter=row.quarter)


class YearGridModel(QAbstractTableModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._year = today().year
        self._lines: list[str | None] = []
        self._cells: dict[tuple[str | None, str], MeetingRow] = {}

    def set_meetings(self, year: int, chains: list[str], rows: list[MeetingRow]) -> None:
        """Chains in pinyin order, then the team-leads line (``None``)."""
        self.beginResetModel()
        self._year = year
        ordered = sorted(chains, key=functools.cmp_to_key(compare_names(lambda name: name)))
        self._lines = [*ordered, None]
        self._cells = {
            (row.chain if row.kind is MeetingKind.DISPATCH else None, row.quarter): row
            for row in rows
        }
        self.endResetModel()

    def quarters(self) -> tuple[Quarter, ...]:
        return Quarter.all_of(self._year)

    def index_of(self, meeting_id: int) -> QModelIndex:
        for (line, quarter), row in self._cells.items():
            if row.id == meeting_id:
                return self.index(self._lines.index(line), int(quarter[-1]) - 1)
        return QModelIndex()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._lines)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else 4

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return _("Q{number}").format(number=section + 1)
        line = self._lines[section]
        return line if line is not None else _("Team-leads meeting")

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        key = (self._lines[index.row()], str(self.quarters()[index.column()]))
        row = self._cells.get(key)
        if role == MEETING_ROLE:
            return row
        if role == Qt.ItemDataRole.DisplayRole:
            if row is None:
                return _("Not planned")
            if row.date is None:
                return _("No date yet")
            return f"{day_text(row.date)}\n{part_of_day(row.start)} · {row.status.label}"
        if role == Qt.ItemDataRole.BackgroundRole:
            if row is None:
                return EMPTY_FILL
            return HELD_FILL if row.held else None
        if role == Qt.ItemDataRole.ForegroundRole and row is None:
            return QColor(0x80, 0x80, 0x80)
        if role == Qt.ItemDataRole.ToolTipRole and row is not None:
            lines = [meeting_title(row)]
            if row.date is not None:
                lines.append(f"{row.date.isoformat()} {slot_text(row.start, row.end)}")
            if row.chair:
                lines.append(_("Chair: {name}").format(name=row.chair))
            lines.append(_("Place: {place}").format(place=row.place or _("to be decided")))
            return "\n".join(lines)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignCenter
        return None


class YearGrid(QTableView):
    """The grid view; ``meeting_chosen(id)`` when a cell with a meeting is clicked."""

    meeting_chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.grid = YearGridModel(self)
        self.setModel(self.grid)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setWordWrap(True)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.clicked.connect(self._clicked)
        self.activated.connect(self._clicked)

    def _clicked(self, index: QModelIndex) -> None:
        row = index.data(MEETING_ROLE)
        if row is not None:
            self.meeting_chosen.emit(row.id)

    def select_meeting(self, meeting_id: int) -> None:
        index = self.grid.index_of(meeting_id)
        if index.isValid():
            self.setCurrentIndex(index)
