"""The scene items of the cards: one per segment, under a layer that shows or hides them all.

An item keeps only the card value it was built from; whether it is selected or flashing is
asked of the scene at paint time, and the scene sets its opacity (dimmed, ghosted). On screen a
card is painted once per zoom factor into a cached picture (Qt's device-coordinate cache), so
panning blits pictures instead of laying out text: the scene updates an item whose ring
changes, and a new map from the service is the only way a card's content changes. Exports
draw every card afresh (vector text in SVG and PDF). Setting up an item
is kept to the minimum (no per-item cursor, z value or change notifications), because a
city-sized chain has thousands of them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPainter, QPainterPath, QPen
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsSceneHoverEvent,
    QGraphicsSceneMouseEvent,
    QStyleOptionGraphicsItem,
    QWidget,
)

from chainchief.services.chains.chain_map import MapCard
from chainchief.ui.map import palette
from chainchief.ui.map.cards import HALO, paint_card

if TYPE_CHECKING:
    from chainchief.ui.map.scene import ChainScene

MARGIN = HALO + palette.CHOKEPOINT_WIDTH


class CardLayer(QGraphicsItem):
    """Draws nothing itself; parent of every card, so all of them hide or show in one call."""

    def __init__(self) -> None:
        super().__init__()
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents)
        self.setZValue(2)

    def boundingRect(self) -> QRectF:
        return QRectF()

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        return


class SegmentItem(QGraphicsItem):
    """One card; dragging it asks the scene to pin it where it was dropped."""

    def __init__(self, card: MapCard, scene: ChainScene, layer: CardLayer) -> None:
        super().__init__(layer)
        self.card = card
        self._scene = scene
        self.setPos(card.x, card.y)
        # Asked of every card on every repaint (the scene keeps no index): built once.
        self._bounds = QRectF(-MARGIN, -MARGIN, card.width + 2 * MARGIN, card.height + 2 * MARGIN)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsMovable)
        self.setAcceptHoverEvents(True)
        if not scene.for_paper:
            self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)

    @property
    def segment_id(self) -> int:
        return self.card.segment_id

    def boundingRect(self) -> QRectF:
        return self._bounds

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addRect(QRectF(0, 0, self.card.width, self.card.height))
        return path

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        scene = self._scene
        scale = option.levelOfDetailFromTransform(painter.worldTransform())
        paint_card(
            painter,
            self.card,
            scene.look,
            status_view=scene.status_view,
            detailed=scale >= palette.DETAIL_SCALE,
            name_only=scale < palette.FULL_CARD_SCALE and not scene.for_paper,
        )
        emphasis = scene.emphasis(self.card.segment_id)
        if emphasis is not None:
            painter.setPen(QPen(emphasis, 3.5))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            ring = QRectF(-3, -3, self.card.width + 6, self.card.height + 6)
            painter.drawRoundedRect(ring, palette.CORNER_RADIUS + 3, palette.CORNER_RADIUS + 3)

    def hoverEnterEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self._scene.set_hover(self.card.segment_id)

    def hoverLeaveEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        self._scene.set_hover(None)

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        self._scene.select(self.card.segment_id)
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        super().mouseMoveEvent(event)
        self._scene.card_dragged(self.card.segment_id, self.pos())

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        self._scene.card_dropped(self.card.segment_id, self.pos())
