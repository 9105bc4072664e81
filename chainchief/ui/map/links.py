"""All links of a map as one scene item: smooth curves with arrowheads, behind the cards.

Thousands of links as thousands of items would cost a Python call each per repaint; one item
instead keeps each link's end points and bounding box (rebuilt only when the map, the hover or a
dragged card changes) and, per repaint, draws just the links crossing the exposed area, look by
look (dimmed, plain, on the hovered path, breakpoint). Dimmed looks use translucent colours
rather than painter opacity, which is several times slower to rasterise.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from chainchief.ui.map import palette
from chainchief.ui.map.dashes import Cubic, visible_piece

if TYPE_CHECKING:
    from chainchief.ui.map.scene import ChainScene

ARROW_LENGTH = 11.0
ARROW_HALF_WIDTH = 5.0
MIN_REACH = 40.0
STRAIGHT_SCALE = 0.2
"""Below this zoom factor links are drawn as straight hairlines (curves would not show)."""
DENSE_LINKS = 150
"""With more links than this on screen they are drawn without antialiasing, 4× faster and
indistinguishable in such a tangle."""


class LinkStyle:
    PLAIN = "plain"
    ON_PATH = "on_path"
    DIMMED = "dimmed"
    BREAKPOINT = "breakpoint"
    BREAKPOINT_DIMMED = "breakpoint_dimmed"
    GHOST = "ghost"


def _faded(colour: QColor, opacity: float) -> QColor:
    faded = QColor(colour)
    faded.setAlphaF(opacity)
    return faded


PENS: dict[str, tuple[QColor, float, Qt.PenStyle]] = {
    LinkStyle.PLAIN: (palette.LINK, 1.6, Qt.PenStyle.SolidLine),
    LinkStyle.ON_PATH: (palette.LINK_HIGHLIGHT, 2.6, Qt.PenStyle.SolidLine),
    LinkStyle.DIMMED: (_faded(palette.LINK, palette.DIMMED_OPACITY), 1.2, Qt.PenStyle.SolidLine),
    LinkStyle.BREAKPOINT: (palette.BREAKPOINT, 2.6, Qt.PenStyle.DashLine),
    LinkStyle.BREAKPOINT_DIMMED: (
        _faded(palette.BREAKPOINT, palette.DIMMED_OPACITY), 2.0, Qt.PenStyle.DashLine,
    ),
    LinkStyle.GHOST: (_faded(palette.LINK, palette.GHOST_OPACITY), 1.2, Qt.PenStyle.SolidLine),
}  # fmt: skip
DRAW_ORDER = (
    LinkStyle.GHOST,
    LinkStyle.DIMMED,
    LinkStyle.BREAKPOINT_DIMMED,
    LinkStyle.PLAIN,
    LinkStyle.ON_PATH,
    LinkStyle.BREAKPOINT,
)


class LinkShape(NamedTuple):
    style: str
    start: QPointF
    end: QPointF
    bounds: QRectF


def link_shape(scene: ChainScene, upstream: int, downstream: int, style: str) -> LinkShape:
    """From the middle of the upstream card's right edge to the downstream card's left edge."""
    up, down = scene.card_rect(upstream), scene.card_rect(downstream)
    start = QPointF(up.right(), up.center().y())
    end = QPointF(down.left(), down.center().y())
    reach = _reach(start, end)
    left = min(start.x(), end.x() - ARROW_LENGTH - reach)
    right = max(start.x() + reach, end.x())
    top = min(start.y(), end.y()) - ARROW_HALF_WIDTH
    bottom = max(start.y(), end.y()) + ARROW_HALF_WIDTH
    return LinkShape(style, start, end, QRectF(left, top, right - left, bottom - top))


def _reach(start: QPointF, end: QPointF) -> float:
    return max(MIN_REACH, abs(end.x() - ARROW_LENGTH - start.x()) / 2)


def curve_points(start: QPointF, end: QPointF) -> Cubic:
    """A cubic leaving and arriving horizontally, stopping short of the arrowhead."""
    reach = _reach(start, end)
    tip_x, y0, y1 = end.x() - ARROW_LENGTH, start.y(), end.y()
    return ((start.x(), y0), (start.x() + reach, y0), (tip_x - reach, y1), (tip_x, y1))


def add_curve(path: QPainterPath, start: QPointF, end: QPointF) -> None:
    p0, p1, p2, p3 = curve_points(start, end)
    path.moveTo(*p0)
    path.cubicTo(*p1, *p2, *p3)


def add_arrow(path: QPainterPath, end: QPointF) -> None:
    path.moveTo(end)
    path.lineTo(end.x() - ARROW_LENGTH, end.y() - ARROW_HALF_WIDTH)
    path.lineTo(end.x() - ARROW_LENGTH, end.y() + ARROW_HALF_WIDTH)
    path.closeSubpath()


class LinkLayer(QGraphicsItem):
    """Draws the links of the scene's map; holds only geometry derived from the scene."""

    def __init__(self, scene: ChainScene) -> None:
        super().__init__()
        self._scene = scene
        self._shapes: list[LinkShape] | None = None
        self._bounds = QRectF()
        self.setZValue(1)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)

    def invalidate(self) -> None:
        """Forget the link geometry; the next paint rebuilds it from the scene."""
        self.prepareGeometryChange()
        self._shapes = None
        self._bounds = self._scene.cards_rect().adjusted(-80, -20, 80, 20)
        self.update()

    def boundingRect(self) -> QRectF:
        return self._bounds

    def shapes(self) -> list[LinkShape]:
        if self._shapes is None:
            scene = self._scene
            self._shapes = [
                link_shape(scene, link.upstream, link.downstream, scene.link_style(link))
                for link in scene.links
            ]
        return self._shapes

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        exposed = option.exposedRect
        visible: dict[str, list[LinkShape]] = defaultdict(list)
        for shape in self.shapes():
            if shape.bounds.intersects(exposed):
                visible[shape.style].append(shape)
        if option.levelOfDetailFromTransform(painter.worldTransform()) < STRAIGHT_SCALE:
            self._paint_lines(painter, visible)
        else:
            self._paint_curves(painter, visible, exposed)

    @staticmethod
    def _paint_curves(
        painter: QPainter, visible: dict[str, list[LinkShape]], exposed: QRectF
    ) -> None:
        """Each curve is stroked on its own: Qt rasterises one path of many overlapping curves
        in far more than the sum of their times (measured: 3 s against 0.3 s for 800 links)."""
        dense = sum(len(shapes) for shapes in visible.values()) > DENSE_LINKS
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, not dense)
        for style in DRAW_ORDER:
            shapes = visible.get(style)
            if not shapes:
                continue
            colour, width, dash = PENS[style]
            pen = QPen(colour, width, dash)
            pen.setCapStyle(Qt.PenCapStyle.FlatCap)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            arrows = QPainterPath()
            arrows.setFillRule(Qt.FillRule.WindingFill)
            area = exposed.adjusted(-width, -width, width, width)
            for shape in shapes:
                add_arrow(arrows, shape.end)
                if dash == Qt.PenStyle.SolidLine:
                    curve = QPainterPath()
                    add_curve(curve, shape.start, shape.end)
                    painter.drawPath(curve)
                    continue
                piece = visible_piece(curve_points(shape.start, shape.end), area)
                if piece is not None:
                    pen.setDashOffset(piece[1] / width)
                    painter.setPen(pen)
                    painter.drawPath(piece[0])
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            painter.drawPath(arrows)

    @staticmethod
    def _paint_lines(painter: QPainter, visible: dict[str, list[LinkShape]]) -> None:
        for style in DRAW_ORDER:
            shapes = visible.get(style)
            if not shapes:
                continue
            colour, _width, dash = PENS[style]
            pen = QPen(colour, 0, dash)
            pen.setCosmetic(True)
            painter.setPen(pen)
            painter.drawLines([QLineF(shape.start, shape.end) for shape in shapes])
