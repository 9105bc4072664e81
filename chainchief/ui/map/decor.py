"""The map's frame: swimlane columns with their titles, and the title block with the legend.

Both are part of the scene so an exported map explains itself exactly as the screen does.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFontMetricsF, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from chainchief.domain.enums import SegmentStatus
from chainchief.i18n import _
from chainchief.services.chains.chain_map import ChainMap, MapLane
from chainchief.ui.fonts import map_font
from chainchief.ui.map import palette
from chainchief.ui.map.cards import star_path

LANE_PADDING = 28.0
LANE_TITLE_HEIGHT = 44.0
HEADER_GAP = 16.0
SWATCH = QRectF(0, 0, 30, 18)


class LaneItem(QGraphicsItem):
    """A tinted column behind one tier's cards, titled 上游 / 中游 / 下游."""

    def __init__(self, lane: MapLane, top: float, bottom: float) -> None:
        super().__init__()
        self.lane = lane
        self._rect = QRectF(
            lane.x - LANE_PADDING,
            top - LANE_PADDING - LANE_TITLE_HEIGHT,
            lane.width + 2 * LANE_PADDING,
            bottom - top + 2 * LANE_PADDING + LANE_TITLE_HEIGHT,
        )
        self._font = map_font(18, bold=True)
        self.setZValue(0)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)

    def boundingRect(self) -> QRectF:
        return self._rect

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(palette.LANE_FILL[self.lane.tier])
        painter.drawRoundedRect(self._rect, 12, 12)
        painter.setPen(palette.LANE_TITLE)
        painter.setFont(self._font)
        title = QRectF(self._rect.left(), self._rect.top() + 6, self._rect.width(), 32)
        painter.drawText(title, Qt.AlignmentFlag.AlignCenter, self.lane.tier.label)


def lane_top(chain: ChainMap) -> float:
    return chain.bounds[1] - LANE_PADDING - LANE_TITLE_HEIGHT


class HeaderItem(QGraphicsItem):
    """Chain name and view, the headline figures, and the legend of what the marks mean."""

    def __init__(self, chain: ChainMap, *, status_view: bool) -> None:
        super().__init__()
        self.chain = chain
        self.status_view = status_view
        self._title_font = map_font(24, bold=True)
        self._text_font = map_font(14)
        self._legend_font = map_font(14)
        self._badge_font = map_font(10, bold=True)
        metrics = QFontMetricsF(self._legend_font)
        self._line = max(metrics.height(), SWATCH.height()) + 6
        width = max(
            QFontMetricsF(self._title_font).horizontalAdvance(self.title()),
            QFontMetricsF(self._text_font).horizontalAdvance(self.summary()),
            self._legend_width(metrics),
        )
        height = QFontMetricsF(self._title_font).height() + 30 + self._line
        left = chain.bounds[0] - LANE_PADDING
        self._rect = QRectF(left, lane_top(chain) - HEADER_GAP - height, width, height)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)

    def title(self) -> str:
        view = _("Local status map") if self.status_view else _("Panorama")
        return _("{chain} · {view}").format(chain=self.chain.chain, view=view)

    def summary(self) -> str:
        chain = self.chain
        if not self.status_view:
            return _("{segments} segments · {links} links").format(
                segments=len(chain.cards), links=len(chain.links)
            )
        return _(
            "Completeness {completeness}% · leading coverage {coverage}% · missing {missing} · "
            "weak {weak} · strong {strong} · chokepoints {chokepoints} · breakpoints {breakpoints}"
        ).format(
            completeness=chain.completeness,
            coverage=chain.leading_coverage,
            missing=chain.missing,
            weak=chain.weak,
            strong=chain.strong,
            chokepoints=chain.chokepoints,
            breakpoints=chain.breakpoints,
        )

    def legend(self) -> list[tuple[str, str]]:
        """(mark, label) pairs; the mark names how ``_draw_mark`` draws it."""
        if not self.status_view:
            return [("card", _("Segment")), ("key", _("Key segment")), ("link", _("Supplies"))]
        return [
            ("missing", SegmentStatus.MISSING.label),
            ("weak", SegmentStatus.WEAK.label),
            ("strong", SegmentStatus.STRONG.label),
            ("chokepoint", _("Chokepoint")),
            ("key", _("Key segment")),
            ("leader", _("Local leading firm present")),
            ("breakpoint", _("Breakpoint")),
        ]

    def _legend_width(self, metrics: QFontMetricsF) -> float:
        return sum(
            self._mark_width(mark) + 8 + metrics.horizontalAdvance(label) + 24
            for mark, label in self.legend()
        )

    def _mark_width(self, mark: str) -> float:
        if mark != "leader":
            return SWATCH.width()
        badge = QFontMetricsF(self._badge_font).horizontalAdvance(_("Leader")) + 10
        return max(SWATCH.width(), badge)

    def boundingRect(self) -> QRectF:
        return self._rect

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        rect = self._rect
        title_height = QFontMetricsF(self._title_font).height()
        painter.setPen(palette.TEXT)
        painter.setFont(self._title_font)
        painter.drawText(
            QRectF(rect.left(), rect.top(), rect.width(), title_height),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            self.title(),
        )
        painter.setPen(palette.MUTED_TEXT)
        painter.setFont(self._text_font)
        summary_top = rect.top() + title_height + 2
        painter.drawText(
            QRectF(rect.left(), summary_top, rect.width(), 22),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            self.summary(),
        )
        metrics = QFontMetricsF(self._legend_font)
        x, y = rect.left(), rect.bottom() - self._line
        for mark, label in self.legend():
            swatch = QRectF(
                x, y + (self._line - SWATCH.height()) / 2, self._mark_width(mark), SWATCH.height()
            )
            self._draw_mark(painter, mark, swatch)
            x = swatch.right() + 8
            painter.setPen(palette.TEXT)
            painter.setFont(self._legend_font)
            width = metrics.horizontalAdvance(label)
            painter.drawText(
                QRectF(x, y, width + 2, self._line),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                label,
            )
            x += width + 24

    def _draw_mark(self, painter: QPainter, mark: str, box: QRectF) -> None:
        middle = box.center().y()
        if mark in ("missing", "weak", "strong"):
            status = SegmentStatus(mark)
            painter.setPen(QPen(palette.STATUS_OUTLINE[status], palette.OUTLINE_WIDTH))
            painter.setBrush(QBrush(palette.STATUS_FILL[status]))
            painter.drawRoundedRect(box, 4, 4)
        elif mark == "card":
            painter.setPen(QPen(palette.NEUTRAL_OUTLINE, palette.OUTLINE_WIDTH))
            painter.setBrush(QBrush(palette.NEUTRAL_FILL))
            painter.drawRoundedRect(box, 4, 4)
        elif mark == "chokepoint":
            painter.setPen(QPen(palette.CHOKEPOINT, 4))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(box.adjusted(2, 2, -2, -2), 4, 4)
        elif mark == "key":
            _star(painter, box.center())
        elif mark == "leader":
            text = _("Leader")
            pill = box.adjusted(0, 2, 0, -2)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(palette.LEADER_BADGE)
            painter.drawRoundedRect(pill, pill.height() / 2, pill.height() / 2)
            painter.setPen(QColor(Qt.GlobalColor.white))
            painter.setFont(self._badge_font)
            painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, text)
        else:
            breakpoint_ = mark == "breakpoint"
            colour = palette.BREAKPOINT if breakpoint_ else palette.LINK
            style = Qt.PenStyle.DashLine if breakpoint_ else Qt.PenStyle.SolidLine
            painter.setPen(QPen(colour, 2.6 if breakpoint_ else 1.6, style))
            painter.drawLine(QPointF(box.left(), middle), QPointF(box.right() - 8, middle))
            arrow = QPainterPath(QPointF(box.right(), middle))
            arrow.lineTo(box.right() - 9, middle - 4.5)
            arrow.lineTo(box.right() - 9, middle + 4.5)
            arrow.closeSubpath()
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            painter.drawPath(arrow)


def _star(painter: QPainter, centre: QPointF) -> None:
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(palette.KEY_MARK)
    painter.drawPath(star_path(centre))
