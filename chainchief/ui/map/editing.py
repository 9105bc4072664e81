"""Editing the chain on its map: gestures on the scene and the commands they start.

Shift-drag from one card to another (or any drag while "Draw links" is on) adds a link; a
right click on a card, a link or an empty lane opens what can be done there; a double click
edits a card or adds a segment in that lane. This object watches the scene's events from the
outside (an event filter), so the scene and its items stay as they are: they show the map the
services computed, and every change comes back to them as a new map after the service call.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPointF, Qt
from PySide6.QtGui import QAction, QKeySequence, QPainterPath, QPen
from PySide6.QtWidgets import (
    QGraphicsPathItem,
    QGraphicsSceneContextMenuEvent,
    QGraphicsSceneMouseEvent,
    QLabel,
    QMenu,
    QWidget,
)

from chainchief.domain.enums import Tier
from chainchief.i18n import _
from chainchief.services.chains.chain_map import MapLink
from chainchief.ui.labels import literal
from chainchief.ui.map import palette
from chainchief.ui.map.host import MapHost
from chainchief.ui.map.items import SegmentItem
from chainchief.ui.map.links import STUB, add_arrow, add_polyline, distance_to_route
from chainchief.ui.map.segment_commands import SegmentCommands

LINK_TOLERANCE = 7.0
"""How near (in pixels on screen) a right click must be to a link to mean that link."""


class MapEditing(QObject):
    def __init__(self, host: MapHost, commands: SegmentCommands) -> None:
        window = host.window()
        super().__init__(window)
        self.host = host
        self.window = window
        self.scene = host.scene
        self.commands = commands
        self._drag_source: int | None = None
        self._drag_line: QGraphicsPathItem | None = None
        self.add_segment = _action(
            window,
            _("Add &segment…"),
            _("Add a segment to the shown chain"),
            "add-segment",
            [QKeySequence("Ctrl+Shift+N")],
        )
        self.add_segment.triggered.connect(lambda: self.commands.add_segment(Tier.UPSTREAM))
        self.draw_links = _action(
            window,
            _("Draw &links"),
            _("Drag from the supplying card to the card it supplies (or Shift-drag any time)"),
            "link",
            [QKeySequence("Ctrl+L")],
        )
        self.draw_links.setCheckable(True)
        self.draw_links.toggled.connect(self._link_mode)
        self.delete_segment = _action(
            window,
            _("&Delete segment…"),
            _("Delete the selected segment"),
            "delete",
            [QKeySequence(QKeySequence.StandardKey.Delete)],
        )
        self.delete_segment.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.delete_segment.triggered.connect(self._delete_selected)
        host.view.addAction(self.delete_segment)
        self.empty_hint = QLabel(host.view)
        self.empty_hint.setObjectName("map_empty_hint")
        self.empty_hint.setWordWrap(True)
        self.empty_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_hint.setStyleSheet("color: #555f6d; font-size: 11pt; padding: 16px;")
        self.empty_hint.hide()
        self.scene.installEventFilter(self)
        self.scene.redrawn.connect(self._show_empty_hint)
        self.scene.segment_selected.connect(self._selection_changed)
        self._selection_changed(-1)

    # --- what the scene shows ------------------------------------------------------------

    def _show_empty_hint(self) -> None:
        chain = self.scene.chain
        empty = chain is not None and not chain.cards
        self.add_segment.setEnabled(chain is not None)
        if chain is not None and empty:
            self.empty_hint.setText(
                _(
                    "{chain} has no segments yet. Right-click here or press Ctrl+Shift+N to "
                    "add the first one, then Shift-drag from card to card to link them."
                ).format(chain=chain.chain)
            )
            self.empty_hint.setGeometry(self.host.view.viewport().rect())
        self.empty_hint.setVisible(empty)

    def _selection_changed(self, segment_id: int) -> None:
        self.delete_segment.setEnabled(segment_id >= 0)

    def _link_mode(self, on: bool) -> None:
        if on:
            self.host.statusBar().showMessage(
                _("Drag from the supplying card to the card it supplies."), 8000
            )

    def _delete_selected(self) -> None:
        if self.scene.selected is not None:
            self.commands.delete_segment(self.scene.selected)

    # --- events on the scene -------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.GraphicsSceneMousePress:
            return self._pressed(event)  # type: ignore[arg-type]
        if kind == QEvent.Type.GraphicsSceneMouseMove and self._drag_source is not None:
            self._dragged(event.scenePos())  # type: ignore[attr-defined]
            return True
        if kind == QEvent.Type.GraphicsSceneMouseRelease and self._drag_source is not None:
            self._dropped(event.scenePos())  # type: ignore[attr-defined]
            return True
        if kind == QEvent.Type.GraphicsSceneMouseDoubleClick:
            return self._double_clicked(event)  # type: ignore[arg-type]
        if kind == QEvent.Type.GraphicsSceneContextMenu:
            menu = self.menu_at(event.scenePos())  # type: ignore[attr-defined]
            assert isinstance(event, QGraphicsSceneContextMenuEvent)
            menu.exec(event.screenPos())
            menu.deleteLater()
            return True
        return False

    def _pressed(self, event: QGraphicsSceneMouseEvent) -> bool:
        if event.button() != Qt.MouseButton.LeftButton:
            return False
        drawing = self.draw_links.isChecked() or bool(
            event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        )
        source = self.card_at(event.scenePos())
        if not drawing or source is None:
            return False
        self.start_link(source)
        self._dragged(event.scenePos())
        event.accept()
        return True

    def _double_clicked(self, event: QGraphicsSceneMouseEvent) -> bool:
        if self.scene.chain is None:
            return False
        card = self.card_at(event.scenePos())
        if card is not None:
            self.commands.edit_segment(card)
        else:
            self.commands.add_segment(self.tier_at(event.scenePos()))
        event.accept()
        return True

    # --- drawing a link ------------------------------------------------------------------

    def start_link(self, source: int) -> None:
        self._drag_source = source
        self._drag_line = QGraphicsPathItem()
        pen = QPen(palette.LINK_HIGHLIGHT, 2.4, Qt.PenStyle.DashLine)
        self._drag_line.setPen(pen)
        self._drag_line.setZValue(10)
        self.scene.addItem(self._drag_line)

    def _dragged(self, point: QPointF) -> None:
        if self._drag_source is None or self._drag_line is None:
            return
        up = self.scene.card_rect(self._drag_source)
        start = QPointF(up.right(), up.center().y())
        target = self.card_at(point)
        if target is not None and target != self._drag_source:
            rect = self.scene.card_rect(target)
            point = QPointF(rect.left(), rect.center().y())
        points = [start, start + QPointF(STUB, 0), point - QPointF(STUB, 0), point]
        path = QPainterPath()
        add_polyline(path, points)
        add_arrow(path, points)
        self._drag_line.setPath(path)

    def _dropped(self, point: QPointF) -> None:
        source = self._drag_source
        self.cancel_link()
        target = self.card_at(point)
        if source is not None and target is not None and target != source:
            self.commands.add_link(source, target)

    def cancel_link(self) -> None:
        if self._drag_line is not None:
            self.scene.removeItem(self._drag_line)
        self._drag_line = None
        self._drag_source = None

    # --- finding what is under the mouse -------------------------------------------------

    def card_at(self, point: QPointF) -> int | None:
        for item in self.scene.items(point):
            if isinstance(item, SegmentItem):
                return item.segment_id
        return None

    def link_at(self, point: QPointF) -> MapLink | None:
        """The link whose curve passes nearest ``point``, within LINK_TOLERANCE on screen."""
        scale = max(self.host.view.scale_factor(), 1e-6)
        best, nearest = None, LINK_TOLERANCE / scale
        for link, shape in zip(self.scene.links, self.scene.link_shapes(), strict=True):
            if not shape.bounds.adjusted(-nearest, -nearest, nearest, nearest).contains(point):
                continue
            distance = distance_to_route(point, shape.points)
            if distance <= nearest:
                best, nearest = link, distance
        return best

    def tier_at(self, point: QPointF) -> Tier:
        chain = self.scene.chain
        for lane in chain.lanes if chain else ():
            if lane.x <= point.x() <= lane.x + lane.width:
                return lane.tier
        return Tier.UPSTREAM

    # --- context menus -------------------------------------------------------------------

    def menu_at(self, point: QPointF) -> QMenu:
        """What can be done where the user right-clicked: on a card, a link or a lane."""
        card = self.card_at(point)
        if card is not None:
            self.scene.select(card)
            return self.commands.card_menu(card, self.window)
        link = self.link_at(point)
        if link is not None:
            return self.link_menu(link)
        menu = QMenu(self.window)
        if self.scene.chain is not None:
            tier = self.tier_at(point)
            add = menu.addAction(
                _("Add a segment here ({tier})…").format(tier=tier.label),
                lambda: self.commands.add_segment(tier),
            )
            add.setObjectName("add_segment_here")
        menu.addAction(self.draw_links)
        return menu

    def link_menu(self, link: MapLink) -> QMenu:
        menu = QMenu(self.window)
        up, down = self.scene.card(link.upstream), self.scene.card(link.downstream)
        remove = menu.addAction(
            literal(
                _("Delete the link {upstream} → {downstream}").format(
                    upstream=up.name, downstream=down.name
                )
            ),
            lambda: self.commands.delete_link(link.upstream, link.downstream),
        )
        remove.setObjectName("delete_link")
        return menu


def _action(
    window: QWidget, text: str, tip: str, icon_name: str, keys: list[QKeySequence]
) -> QAction:
    from chainchief.ui.icons import icon

    action = QAction(icon(icon_name), text, window)
    action.setShortcuts(keys)
    shown = keys[0].toString(QKeySequence.SequenceFormat.NativeText)
    action.setToolTip(f"{tip} ({shown})")
    action.setStatusTip(tip)
    return action
