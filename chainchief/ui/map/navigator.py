"""The chain navigator: every chain with its chief, completeness and a red/amber/green bar.

A list model over the service's ``NavigatorRow`` values, a filter box, and a delegate that
draws each chain as two short lines, readable in a narrow dock at 1366×768.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QRectF,
    QSize,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (
    QDockWidget,
    QLineEdit,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from chainchief.domain.enums import SegmentStatus
from chainchief.domain.lights import Light
from chainchief.i18n import _
from chainchief.services.chains.chain_map import NavigatorRow
from chainchief.ui.colours import LIGHT_TEXT
from chainchief.ui.map import palette
from chainchief.ui.models.action_counts import ActionCounts
from chainchief.ui.models.collation import chinese_collator

ROW_ROLE = Qt.ItemDataRole.UserRole + 1
CHAIN_ID_ROLE = Qt.ItemDataRole.UserRole + 2
COUNTS_ROLE = Qt.ItemDataRole.UserRole + 3
Index = QModelIndex | QPersistentModelIndex


class ChainListModel(QAbstractListModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[NavigatorRow] = []
        self.counts: dict[str, ActionCounts] = {}
        """Action items per chain name: red ones after the name, the rest on the second line."""

    def set_rows(self, rows: list[NavigatorRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    @property
    def rows(self) -> list[NavigatorRow]:
        return list(self._rows)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return row.chain
        if role == ROW_ROLE:
            return row
        if role == CHAIN_ID_ROLE:
            return row.chain_id
        if role == COUNTS_ROLE:
            return self.counts.get(row.chain, ActionCounts())
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            pieces = [text for text, _light in self.counts.get(row.chain, ActionCounts()).pieces()]
            return "\n".join(filter(None, [tooltip(row), " · ".join(pieces)]))
        return None


def tooltip(row: NavigatorRow) -> str:
    return "\n".join(
        [
            row.chain,
            _("Chain chief: {name}").format(name=row.chief or _("(none)")),
            _("Completeness {completeness}% of {segments} segments").format(
                completeness=row.completeness, segments=row.segments
            ),
            _("Missing {missing} · weak {weak} · strong {strong}").format(
                missing=row.missing, weak=row.weak, strong=row.strong
            ),
        ]
    )


def second_line(
    row: NavigatorRow, counts: ActionCounts, metrics: QFontMetrics, width: float, gap: int
) -> tuple[str, list[tuple[str, Light | None]]]:
    """The chief's text and the counts that fit beside it in ``width``. The least important
    goes first: the open count, the due-soon count, the words "Chief:", the overdue count;
    only then is the chief's name elided (the tooltip has it all)."""
    name = row.chief or _("(none)")
    labelled = _("Chief: {name}").format(name=name)
    everything = [piece for piece in counts.pieces() if piece[1] is not Light.RED]
    no_open = [piece for piece in everything if piece[1] is not None]
    overdue = [piece for piece in no_open if piece[1] is Light.YELLOW]
    choices = [(labelled, everything), (labelled, no_open), (labelled, overdue), (name, overdue)]

    def needs(text: str, pieces: list[tuple[str, Light | None]]) -> int:
        widths = [metrics.horizontalAdvance(piece) + gap for piece, _light in pieces]
        return metrics.horizontalAdvance(text) + sum(widths)

    for text, pieces in choices:
        if needs(text, pieces) <= width:
            return text, pieces
    return metrics.elidedText(name, Qt.TextElideMode.ElideRight, int(width)), []


class ChainFilterModel(QSortFilterProxyModel):
    """Chains whose name or chief contains the filter text, in pinyin order."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._collator = chinese_collator()
        self._needle = ""
        self.sort(0)

    def set_needle(self, text: str) -> None:
        self.beginFilterChange()
        self._needle = text.strip().casefold()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if not self._needle:
            return True
        row = self.sourceModel().index(source_row, 0, source_parent).data(ROW_ROLE)
        return self._needle in row.chain.casefold() or self._needle in (row.chief or "").casefold()

    def lessThan(self, left: Index, right: Index) -> bool:
        return self._collator.compare(str(left.data()), str(right.data())) < 0


class ChainDelegate(QStyledItemDelegate):
    """Name, red items and completeness on the first line; the chief and the other action-item
    counts on the second; the status bar under them.

    A narrow dock cannot show everything, so the least important goes first: the open count,
    then the due-soon count, then the overdue count, then the words "Chief:"; the chain's and
    the chief's names are elided only when nothing else is left to drop.
    """

    PADDING = 8
    BAR_HEIGHT = 8
    GAP = 8

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        metrics = QFontMetrics(option.font)
        return QSize(200, metrics.height() * 2 + self.BAR_HEIGHT + 3 * self.PADDING)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        row: NavigatorRow = index.data(ROW_ROLE)
        counts: ActionCounts = index.data(COUNTS_ROLE)
        painter.save()
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        if selected:
            painter.fillRect(option.rect, option.palette.highlight())
        text_role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        colour = option.palette.color(text_role)
        rect = QRectF(option.rect).adjusted(self.PADDING, self.PADDING / 2, -self.PADDING, 0)
        metrics = QFontMetrics(option.font)
        line = metrics.height()
        bold = QFont(option.font)
        bold.setBold(True)
        first = QRectF(rect.left(), rect.top(), rect.width(), line)
        painter.setFont(option.font)
        painter.setPen(colour)
        percent = f"{row.completeness:.1f}%"
        right = self._draw_right(painter, first, [(percent, None)], metrics, colour, selected)
        painter.setFont(bold)
        if counts.red:
            red: list[tuple[str, Light | None]] = [
                (_("{count} red").format(count=counts.red), Light.RED)
            ]
            first.setWidth(right - first.left())
            right = self._draw_right(painter, first, red, QFontMetrics(bold), colour, selected)
        painter.setPen(colour)
        name_rect = QRectF(rect.left(), rect.top(), right - rect.left(), line)
        painter.drawText(
            name_rect,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            QFontMetrics(bold).elidedText(row.chain, Qt.TextElideMode.ElideRight,
                                          int(name_rect.width())),
        )  # fmt: skip
        painter.setFont(option.font)
        second = QRectF(rect.left(), rect.top() + line, rect.width(), line)
        chief, badges = second_line(row, counts, metrics, second.width(), self.GAP)
        right = self._draw_right(painter, second, badges, metrics, colour, selected)
        painter.setPen(colour)
        painter.drawText(
            QRectF(second.left(), second.top(), right - second.left(), line),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            chief,
        )
        self._paint_bar(
            painter,
            row,
            QRectF(rect.left(), rect.top() + 2 * line + 4, rect.width(), self.BAR_HEIGHT),
        )
        painter.restore()

    def _draw_right(
        self,
        painter: QPainter,
        rect: QRectF,
        pieces: list[tuple[str, Light | None]],
        metrics: QFontMetrics,
        colour: QColor,
        selected: bool,
    ) -> float:
        """Draw the pieces right-aligned in ``rect``, each in its light's colour (the
        selection's text colour on the highlight); returns where the leftmost one starts."""
        right = rect.right()
        for text, light in reversed(pieces):
            width = metrics.horizontalAdvance(text)
            painter.setPen(colour if selected or light is None else LIGHT_TEXT[light])
            painter.drawText(
                QRectF(right - width, rect.top(), width, rect.height()),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                text,
            )
            right -= width + self.GAP
        return right

    @staticmethod
    def _paint_bar(painter: QPainter, row: NavigatorRow, rect: QRectF) -> None:
        total = row.missing + row.weak + row.strong
        painter.setPen(Qt.PenStyle.NoPen)
        if total == 0:
            painter.setBrush(palette.LANE_FILL[next(iter(palette.LANE_FILL))])
            painter.drawRect(rect)
            return
        x = rect.left()
        for status, count in (
            (SegmentStatus.MISSING, row.missing),
            (SegmentStatus.WEAK, row.weak),
            (SegmentStatus.STRONG, row.strong),
        ):
            width = rect.width() * count / total
            painter.setBrush(palette.STATUS_OUTLINE[status])
            painter.drawRect(QRectF(x, rect.top(), width, rect.height()))
            x += width


class NavigatorDock(QDockWidget):
    chain_chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Chains"), parent)
        self.setObjectName("navigator")
        self.model = ChainListModel(self)
        self.proxy = ChainFilterModel(self)
        self.proxy.setSourceModel(self.model)
        self._shown: int | None = None
        self._quiet = False
        self.filter_box = QLineEdit()
        self.filter_box.setPlaceholderText(_("Filter chains or chiefs"))
        self.filter_box.setClearButtonEnabled(True)
        self.filter_box.textChanged.connect(self._filter)
        self.list = QListView()
        self.list.setModel(self.proxy)
        self.list.setItemDelegate(ChainDelegate(self.list))
        self.list.setUniformItemSizes(True)
        self.list.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self.list.selectionModel().currentChanged.connect(self._current_changed)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.filter_box)
        layout.addWidget(self.list)
        self.setWidget(body)

    def set_rows(self, rows: list[NavigatorRow]) -> None:
        current = self.current_chain()
        self.list.selectionModel().blockSignals(True)
        self.model.set_rows(rows)
        self.proxy.sort(0)
        self.list.selectionModel().blockSignals(False)
        if current is not None:
            self.select_chain(current, notify=False)

    def set_counts(self, counts: dict[str, ActionCounts]) -> None:
        """Show each named chain's action-item counts, each in its light's colour."""
        self.model.counts = dict(counts)
        self.list.viewport().update()

    def chain_names(self) -> list[str]:
        """Names in the order shown (after filter and sort)."""
        return [self.proxy.index(r, 0).data() for r in range(self.proxy.rowCount())]

    def current_chain(self) -> int | None:
        index = self.list.currentIndex()
        return index.data(CHAIN_ID_ROLE) if index.isValid() else None

    def select_chain(self, chain_id: int, *, notify: bool = True) -> bool:
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if index.data(CHAIN_ID_ROLE) == chain_id:
                # Quiet rather than with the selection model's signals blocked: the view must
                # hear of the change, or the highlight stays painted on the previous chain.
                quiet, self._quiet = self._quiet, not notify
                try:
                    self.list.setCurrentIndex(index)
                finally:
                    self._quiet = quiet
                self._shown = chain_id
                return True
        return False

    def _filter(self, text: str) -> None:
        """Filter the list only: the chain on the map stays current (and selected while it is
        listed), instead of the list's current row silently moving to another chain."""
        shown = self.current_chain() if self._shown is None else self._shown
        quiet, self._quiet = self._quiet, True
        try:
            self.proxy.set_needle(text)
            if shown is None or not self.select_chain(shown, notify=False):
                self.list.setCurrentIndex(QModelIndex())
        finally:
            self._quiet = quiet
        self._shown = shown

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid() and not self._quiet:
            self._shown = current.data(CHAIN_ID_ROLE)
            self.chain_chosen.emit(self._shown)
