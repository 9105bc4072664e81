"""The whole map as one picture for far-out zoom: cards as coloured boxes, links as lines.

At a scale where no card text could be read, thousands of card items cost a Python call each
per repaint for nothing; this one item draws every box with a handful of batched calls (one
per look) and keeps the result in a device-coordinate cache, so a repaint at the same zoom is
a copy of pixels.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import QLineF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from chainchief.ui.map import palette
from chainchief.ui.map.links import DRAW_ORDER, PENS, _faded, route_lines

if TYPE_CHECKING:
    from chainchief.ui.map.scene import ChainScene


class OverviewGeometry(NamedTuple):
    lines: dict[str, list[QLineF]]
    boxes: dict[tuple[int, int], list[QRectF]]
    halos: list[QRectF]


class OverviewLayer(QGraphicsItem):
    def __init__(self, scene: ChainScene) -> None:
        super().__init__()
        self._scene = scene
        self._bounds = QRectF()
        self._geometry: OverviewGeometry | None = None
        self.setZValue(1.5)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)

    def invalidate(self) -> None:
        """Forget the drawing (the map, a style or a card's place changed)."""
        self.prepareGeometryChange()
        self._bounds = self._scene.cards_rect().adjusted(-20, -20, 20, 20)
        self._geometry = None
        self.update()

    def boundingRect(self) -> QRectF:
        return self._bounds

    def geometry(self) -> OverviewGeometry:
        """Lines by link style and boxes by colours, kept until the next invalidate."""
        if self._geometry is not None:
            return self._geometry
        scene = self._scene
        lines: dict[str, list[QLineF]] = defaultdict(list)
        for shape in scene.link_shapes():
            lines[shape.style] += route_lines(shape.points)
        boxes: dict[tuple[int, int], list[QRectF]] = defaultdict(list)
        halos: list[QRectF] = []
        status_view = scene.status_view
        for segment_id in scene.card_ids():
            card = scene.card(segment_id)
            rect = scene.card_rect(segment_id)
            if status_view:
                fill = palette.STATUS_FILL[card.status]
                outline = palette.STATUS_OUTLINE[card.status]
                if card.chokepoint:
                    halos.append(rect)
            else:
                fill, outline = palette.NEUTRAL_FILL, palette.NEUTRAL_OUTLINE
            if scene.is_ghosted(card):
                fill, outline = _faded(fill, palette.GHOST_OPACITY), _faded(outline, 0.3)
            boxes[(fill.rgba(), outline.rgba())].append(rect)
        self._geometry = OverviewGeometry(lines, boxes, halos)
        return self._geometry

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        geometry = self.geometry()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        for style in DRAW_ORDER:
            if geometry.lines.get(style):
                colour, _width, dash = PENS[style]
                pen = QPen(colour, 0, dash)
                pen.setCosmetic(True)
                painter.setPen(pen)
                painter.drawLines(geometry.lines[style])
        for (fill, outline), rects in geometry.boxes.items():
            painter.setPen(QPen(QColor.fromRgba(outline), 0))
            painter.setBrush(QBrush(QColor.fromRgba(fill)))
            painter.drawRects(rects)
        if geometry.halos:
            pen = QPen(palette.CHOKEPOINT, 3)
            pen.setCosmetic(True)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRects(geometry.halos)
