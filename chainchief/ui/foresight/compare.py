"""产业链图 ▸ 历史对比: the chain as it stood at each snapshot, and what changed in between.

A window of its own over the main one: the map (the same scene and cards as the main map,
nothing forked) painted with the state of the stop the slider is on, ▲/▼ badges on the cards
whose status got better or worse since the stop before, and beside it the list of those changes
in words. The slider runs over the chain's snapshots, oldest first, and ends at "now".
Nothing here writes: dragging a card moves it on this screen only.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QBrush, QColor, QPen, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QGraphicsEllipseItem,
    QGraphicsSimpleTextItem,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QSlider,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from chainchief.domain.clock import today
from chainchief.domain.errors import UserError
from chainchief.domain.history_words import change_lines
from chainchief.i18n import _
from chainchief.services.history import HistoryStop, history_stops
from chainchief.services.workspace import Workspace
from chainchief.ui.fonts import map_font
from chainchief.ui.forms import show_warning
from chainchief.ui.map.scene import ChainScene
from chainchief.ui.map.view import ChainView

BADGE_Z = 10.0
BADGE_SIZE = 30.0
BETTER = QColor(0x1E, 0x7B, 0x34)
WORSE = QColor(0xC0, 0x1C, 0x28)


def stop_label(stop: HistoryStop) -> str:
    """The slider's words for a stop: its day, quarter and why the snapshot was taken."""
    if stop.info is None:
        return _("Now ({day})").format(day=today().isoformat())
    info = stop.info
    return f"{info.taken_on.isoformat()} · {info.quarter} · {info.reason.label}"


class CompareWindow(QDialog):
    """The compare view of one chain; built from ``history_stops``, repainted per stop."""

    def __init__(self, stops: list[HistoryStop], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.stops = stops
        chain = stops[-1].map.chain
        self.setWindowTitle(_("History of {chain}").format(chain=chain))
        self.setObjectName("compare_window")
        self.scene = ChainScene(self)
        self.view = ChainView(self.scene, self)
        self.changes = QListWidget(self)
        self.changes.setWordWrap(True)
        self.changes.setObjectName("compare_changes")
        self.slider = QSlider(Qt.Orientation.Horizontal, self)
        self.slider.setRange(0, len(stops) - 1)
        self.slider.setTickPosition(QSlider.TickPosition.TicksBelow)
        self.slider.setTickInterval(1)
        self.slider.setPageStep(1)
        self.where = QLabel(self)
        self.where.setMinimumWidth(260)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.view)
        splitter.addWidget(self.changes)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([900, 340])
        row = QHBoxLayout()
        row.addWidget(QLabel(_("Snapshot:"), self))
        row.addWidget(self.slider, 1)
        row.addWidget(self.where)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(splitter, 1)
        self.slider.valueChanged.connect(self.show_stop)
        self.slider.setValue(len(stops) - 1)
        self.show_stop(self.slider.value())

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.view.fit()

    def show_stop(self, index: int) -> None:
        stop = self.stops[index]
        self.where.setText(stop_label(stop))
        self.scene.show_map(stop.map)
        for segment_id, rise in stop.badges.items():
            self._badge(segment_id, rise)
        self.changes.clear()
        if stop.changes is None:
            self.changes.addItem(_("The first snapshot: nothing earlier to compare with."))
        else:
            before = stop_label(self.stops[index - 1])
            self.changes.addItem(_("Since {stop}:").format(stop=before))
            self.changes.addItems(change_lines(stop.changes))
        self.view.fit()

    def _badge(self, segment_id: int, rise: int) -> None:
        """▲ (better) or ▼ (worse) in a disc on the card's top right corner."""
        rect = self.scene.card_rect(segment_id)
        colour = BETTER if rise > 0 else WORSE
        disc = QGraphicsEllipseItem(0.0, 0.0, BADGE_SIZE, BADGE_SIZE)
        disc.setBrush(QBrush(QColor(255, 255, 255, 240)))
        disc.setPen(QPen(colour, 2.0))
        disc.setZValue(BADGE_Z)
        disc.setToolTip(_("Better than before") if rise > 0 else _("Worse than before"))
        arrow = QGraphicsSimpleTextItem("▲" if rise > 0 else "▼", disc)
        arrow.setFont(map_font(16, bold=True))
        arrow.setBrush(colour)
        bounds = arrow.boundingRect()
        arrow.setPos((BADGE_SIZE - bounds.width()) / 2, (BADGE_SIZE - bounds.height()) / 2)
        disc.setPos(rect.topRight() - QPointF(BADGE_SIZE * 0.7, BADGE_SIZE * 0.3))
        self.scene.addItem(disc)


def open_compare(parent: QWidget, db: Workspace, chain_id: int | None) -> CompareWindow | None:
    """Show the compare view of the chain on the map; a warning when there is none."""
    if chain_id is None:
        show_warning(parent, _("ChainChief"), _("Choose a chain on the map first."))
        return None
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        stops = history_stops(db, chain_id)
    except UserError as error:
        show_warning(parent, _("ChainChief"), error.message)
        return None
    finally:
        QApplication.restoreOverrideCursor()
    window = CompareWindow(stops, parent)
    window.resize(1200, 720)
    window.show()
    return window
