"""All links of a map as one scene item: routed polylines with arrowheads, behind the cards.

Thousands of links as thousands of items would cost a Python call each per repaint; one item
instead keeps each link's route and bounding box (rebuilt only when the map, the hover or a
dragged card changes) and, per repaint, draws just the links crossing the exposed area, look by
look (dimmed, plain, on the hovered path, breakpoint). Routes come from the layout, so the
window, PNG, SVG, PDF and GraphML show the same lines. Dimmed looks use translucent colours
rather than painter opacity, which is several times slower to rasterise.
"""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from chainchief.services.chains.chain_map import MapLink
from chainchief.ui.map import palette

if TYPE_CHECKING:
    from chainchief.ui.map.scene import ChainScene

ARROW_LENGTH = 11.0
ARROW_HALF_WIDTH = 5.0
STUB = 15.0
"""Horizontal run before a card side when a link is drawn to a dragged card."""
THIN_SCALE = 0.2
"""Below this zoom factor links are drawn as hairlines (widths would not show)."""
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
    points: tuple[QPointF, ...]
    bounds: QRectF
    route: QPainterPath
    """The polyline up to the arrowhead, built once: repaints only stroke it."""
    arrow: QPainterPath

    @property
    def start(self) -> QPointF:
        return self.points[0]

    @property
    def end(self) -> QPointF:
        return self.points[-1]


def link_shape(scene: ChainScene, link: MapLink, style: str) -> LinkShape:
    """The link's route; a link to or from a dragged card runs straight to where it is now."""
    points = [QPointF(x, y) for x, y in link.points]
    if scene.is_dragged(link.upstream) or scene.is_dragged(link.downstream):
        up, down = scene.card_rect(link.upstream), scene.card_rect(link.downstream)
        card_up, card_down = scene.card(link.upstream), scene.card(link.downstream)
        start = QPointF(up.right(), up.top() + link.points[0][1] - card_up.y)
        end = QPointF(down.left(), down.top() + link.points[-1][1] - card_down.y)
        points = [start, start + QPointF(STUB, 0), end - QPointF(STUB, 0), end]
    xs, ys = [p.x() for p in points], [p.y() for p in points]
    bounds = QRectF(min(xs), min(ys) - ARROW_HALF_WIDTH, max(xs) - min(xs),
                    max(ys) - min(ys) + 2 * ARROW_HALF_WIDTH)  # fmt: skip
    route, arrow = QPainterPath(), QPainterPath()
    add_polyline(route, points)
    add_arrow(arrow, points)
    return LinkShape(style, tuple(points), bounds, route, arrow)


def add_polyline(path: QPainterPath, points: Sequence[QPointF]) -> None:
    """The route up to the base of its arrowhead."""
    path.moveTo(points[0])
    for point in points[1:-1]:
        path.lineTo(point)
    path.lineTo(_arrow_base(points))


def _arrow_base(points: Sequence[QPointF]) -> QPointF:
    before, end = points[-2], points[-1]
    length = math.hypot(end.x() - before.x(), end.y() - before.y()) or 1.0
    share = min(1.0, ARROW_LENGTH / length)
    return end + (before - end) * share


def add_arrow(path: QPainterPath, points: Sequence[QPointF]) -> None:
    """A filled triangle at the route's end, pointing along its last piece."""
    before, end = points[-2], points[-1]
    dx, dy = end.x() - before.x(), end.y() - before.y()
    length = math.hypot(dx, dy) or 1.0
    ux, uy = dx / length, dy / length
    base = QPointF(end.x() - ux * ARROW_LENGTH, end.y() - uy * ARROW_LENGTH)
    side = QPointF(-uy * ARROW_HALF_WIDTH, ux * ARROW_HALF_WIDTH)
    path.moveTo(end)
    path.lineTo(base + side)
    path.lineTo(base - side)
    path.closeSubpath()


def distance_to_route(point: QPointF, points: Sequence[QPointF]) -> float:
    """Shortest distance from ``point`` to any piece of the route."""
    best = math.inf
    for a, b in itertools.pairwise(points):
        dx, dy = b.x() - a.x(), b.y() - a.y()
        span = dx * dx + dy * dy
        t = 0.0 if span == 0 else ((point.x() - a.x()) * dx + (point.y() - a.y()) * dy) / span
        t = max(0.0, min(1.0, t))
        best = min(best, math.hypot(point.x() - a.x() - t * dx, point.y() - a.y() - t * dy))
    return best


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
        if not scene.for_paper:
            # On screen, what is drawn is kept as a picture of the viewport at this zoom, so a
            # repaint (a scroll, a card's ring) blits it instead of stroking a thousand routes;
            # ``invalidate`` (a new style or geometry) redraws it. Exports stay vector.
            self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)

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
            self._shapes = [link_shape(scene, link, scene.link_style(link)) for link in scene.links]
        return self._shapes

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        exposed = option.exposedRect
        visible: dict[str, list[LinkShape]] = defaultdict(list)
        for shape in self.shapes():
            if shape.bounds.intersects(exposed):
                visible[shape.style].append(shape)
        if option.levelOfDetailFromTransform(painter.worldTransform()) < THIN_SCALE:
            self._paint_hairlines(painter, visible)
        else:
            self._paint_routes(painter, visible, exposed)

    @staticmethod
    def _paint_routes(
        painter: QPainter, visible: dict[str, list[LinkShape]], exposed: QRectF
    ) -> None:
        """Each route is stroked on its own: Qt rasterises one path of many overlapping lines
        in far more than the sum of their times. Dashed routes are stroked piece by piece, only
        where exposed, with the dash offset of the length before the piece (Qt dashes a whole
        path before clipping it, and the pattern must not crawl when the view scrolls)."""
        dense = sum(len(shapes) for shapes in visible.values()) > DENSE_LINKS
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, not dense)
        for style in DRAW_ORDER:
            shapes = visible.get(style)
            if not shapes:
                continue
            colour, width, dash = PENS[style]
            pen = QPen(colour, width, dash)
            pen.setCapStyle(Qt.PenCapStyle.FlatCap)
            pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            area = exposed.adjusted(-width, -width, width, width)
            for shape in shapes:
                if dash == Qt.PenStyle.SolidLine:
                    painter.drawPath(shape.route)
                else:
                    _draw_dashed(painter, pen, shape.points, area)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            for shape in shapes:
                painter.drawPath(shape.arrow)

    @staticmethod
    def _paint_hairlines(painter: QPainter, visible: dict[str, list[LinkShape]]) -> None:
        for style in DRAW_ORDER:
            shapes = visible.get(style)
            if not shapes:
                continue
            colour, _width, dash = PENS[style]
            pen = QPen(colour, 0, dash)
            pen.setCosmetic(True)
            painter.setPen(pen)
            painter.drawLines([line for shape in shapes for line in route_lines(shape.points)])


def route_lines(points: Sequence[QPointF]) -> list[QLineF]:
    return [QLineF(a, b) for a, b in itertools.pairwise(points)]


def _draw_dashed(painter: QPainter, pen: QPen, points: Sequence[QPointF], area: QRectF) -> None:
    travelled = 0.0
    width = pen.widthF()
    pieces = [*points[:-1], _arrow_base(points)]
    for a, b in itertools.pairwise(pieces):
        length = math.hypot(b.x() - a.x(), b.y() - a.y())
        if QRectF(a, b).normalized().adjusted(-1, -1, 1, 1).intersects(area):
            pen.setDashOffset(travelled / width)
            painter.setPen(pen)
            painter.drawLine(QLineF(a, b))
        travelled += length
