"""How one segment card of the service's ``MapCard`` is painted: status fill and outline,
chokepoint halo, key star, name, local firms, 链主 badge and the first fill candidates.

Plain functions of a card and a painter, shared by the scene items, the minimap and exports.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPen,
    QStaticText,
    QTextOption,
    QTransform,
)

from chainchief.domain.enums import SegmentStatus
from chainchief.i18n import _
from chainchief.services.chains.chain_map import MapCard
from chainchief.ui.fonts import map_font
from chainchief.ui.map import palette

PADDING = 8.0
HALO = 5.0
MAX_CANDIDATE_LINES = 2
BIG_NAME_STEPS = (palette.BIG_NAME_PIXELS, 22.0, 19.0)
WRAP_FLAGS = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap | Qt.TextFlag.TextWrapAnywhere


class CardLook:
    """Fonts and metrics shared by every card (built once per scene, not per card)."""

    def __init__(self) -> None:
        self.name_font = map_font(palette.NAME_PIXELS, bold=True)
        self.body_font = map_font(12)
        self.badge_font = map_font(10, bold=True)
        self.name_metrics = QFontMetricsF(self.name_font)
        self.body_metrics = QFontMetricsF(self.body_font)
        self.badge_metrics = QFontMetricsF(self.badge_font)
        self._big_names: dict[tuple[str, float], tuple[QFont, QStaticText]] = {}

    def big_name(self, name: str, width: float) -> tuple[QFont, QStaticText]:
        """The biggest of a few sizes (from BIG_NAME_PIXELS down) at which ``name`` fits two
        lines of ``width``, elided at the smallest, as a laid-out static text: kept per name,
        as every repaint of a zoomed-out chain draws hundreds of them."""
        key = (name, width)
        if key not in self._big_names:
            font, text = self._fit_big_name(name, width)
            static = QStaticText(text)
            static.setTextFormat(Qt.TextFormat.PlainText)
            static.setTextWidth(width)
            option = QTextOption(Qt.AlignmentFlag.AlignHCenter)
            option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
            static.setTextOption(option)
            static.prepare(QTransform(), font)
            self._big_names[key] = (font, static)
        return self._big_names[key]

    @staticmethod
    def _fit_big_name(name: str, width: float) -> tuple[QFont, str]:
        for pixels in BIG_NAME_STEPS:
            font = map_font(pixels, bold=True)
            metrics = QFontMetricsF(font)
            bounds = metrics.boundingRect(QRectF(0, 0, width, 1000), WRAP_FLAGS, name)
            if bounds.height() <= 2 * metrics.lineSpacing() + 0.5:
                return font, name
        return font, metrics.elidedText(name, Qt.TextElideMode.ElideRight, 2 * width - pixels)


LEGAL_SUFFIXES = ("股份有限公司", "集团有限公司", "有限责任公司", "有限公司", "集团")


def short_firm_name(name: str) -> str:
    """The firm's name without its legal form, which says nothing on a small card."""
    for suffix in LEGAL_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def candidate_lines(card: MapCard) -> list[tuple[str, str]]:
    """(firm, stage) of the first fill candidates a gap card lists, or a note that it has none.

    The firm part is what gets shortened when the card is narrow; the stage always shows. The
    tooltip and the inspector list every candidate.
    """
    lines = [
        (short_firm_name(target.firm), target.stage.label)
        for target in card.fill_candidates[:MAX_CANDIDATE_LINES]
    ]
    if not lines and card.status is SegmentStatus.MISSING:
        lines.append((_("No target firm yet"), ""))
    return lines


def candidate_text(firm: str, stage: str, metrics: QFontMetricsF, width: float) -> str:
    """ "目标: firm · stage" fitted to ``width`` by shortening the firm's name only."""
    if not stage:
        return metrics.elidedText(firm, Qt.TextElideMode.ElideRight, width)
    full = _("Target: {firm} · {stage}").format(firm=firm, stage=stage)
    if metrics.horizontalAdvance(full) <= width:
        return full
    frame = _("Target: {firm} · {stage}").format(firm="", stage=stage)
    room = max(0.0, width - metrics.horizontalAdvance(frame))
    short = metrics.elidedText(firm, Qt.TextElideMode.ElideRight, room)
    return _("Target: {firm} · {stage}").format(firm=short, stage=stage)


def paint_card(
    painter: QPainter,
    card: MapCard,
    look: CardLook,
    *,
    status_view: bool,
    detailed: bool,
    name_only: bool = False,
) -> None:
    """Draw the card at its own origin (0, 0); the caller sets opacity and transform.

    ``name_only`` (zoomed out past where details read): the status colour and the name alone,
    bigger, so the card is still legible from across the room.
    """
    rect = QRectF(0, 0, card.width, card.height)
    fill = palette.STATUS_FILL[card.status] if status_view else palette.NEUTRAL_FILL
    outline = palette.STATUS_OUTLINE[card.status] if status_view else palette.NEUTRAL_OUTLINE
    if status_view and card.chokepoint:
        painter.setPen(QPen(palette.CHOKEPOINT, palette.CHOKEPOINT_WIDTH))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        halo = rect.adjusted(-HALO, -HALO, HALO, HALO)
        painter.drawRoundedRect(halo, palette.CORNER_RADIUS + HALO, palette.CORNER_RADIUS + HALO)
    painter.setPen(QPen(outline, palette.OUTLINE_WIDTH))
    painter.setBrush(QBrush(fill))
    if not detailed:
        painter.drawRect(rect)
        return
    painter.drawRoundedRect(rect, palette.CORNER_RADIUS, palette.CORNER_RADIUS)
    if name_only:
        inner = rect.adjusted(PADDING / 2, PADDING / 2, -PADDING / 2, -PADDING / 2)
        font, text = look.big_name(card.name, inner.width())
        painter.setFont(font)
        painter.setPen(palette.TEXT)
        top = inner.top() + (inner.height() - text.size().height()) / 2
        painter.drawStaticText(QPointF(inner.left(), top), text)
        return
    inner = rect.adjusted(PADDING, PADDING - 2, -PADDING, -PADDING)
    name_left = inner.left()
    if card.key:
        _draw_key_mark(painter, QPointF(inner.left(), inner.top() + 3))
        name_left += 16
    right = inner.right()
    if status_view and card.chokepoint:
        right -= (
            _draw_pill(
                painter, look, _("Chokepoint"), inner.right(), inner.top(), palette.CHOKEPOINT
            )
            + 4
        )
    painter.setFont(look.name_font)
    painter.setPen(palette.TEXT)
    if not status_view:
        _draw_centred_name(
            painter, card.name, look, inner.adjusted(name_left - inner.left(), 0, 0, 0)
        )
        return
    name_rect = QRectF(name_left, inner.top(), right - name_left, look.name_metrics.height())
    painter.drawText(
        name_rect,
        Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
        look.name_metrics.elidedText(card.name, Qt.TextElideMode.ElideRight, name_rect.width()),
    )
    line_height = look.body_metrics.height() + 1
    y = name_rect.bottom() + 3
    painter.setFont(look.body_font)
    painter.setPen(palette.STATUS_TEXT[card.status])
    count_text = _("Local firms: {count}").format(count=card.local_firms)
    painter.drawText(
        QRectF(inner.left(), y, inner.width(), line_height),
        Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
        count_text,
    )
    if card.has_local_leader:
        _draw_pill(painter, look, _("Leader"), inner.right(), y + 1, palette.LEADER_BADGE)
    painter.setFont(look.body_font)
    painter.setPen(palette.MUTED_TEXT)
    for firm, stage in candidate_lines(card):
        y += line_height
        if y + line_height > rect.bottom() - 2:
            break
        painter.drawText(
            QRectF(inner.left(), y, inner.width(), line_height),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            candidate_text(firm, stage, look.body_metrics, inner.width()),
        )


def _draw_centred_name(painter: QPainter, name: str, look: CardLook, rect: QRectF) -> None:
    """The name in the middle of the card, on two lines when one is too short for it."""
    flags = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap | Qt.TextFlag.TextWrapAnywhere
    bounds = look.name_metrics.boundingRect(rect, flags, name)
    if bounds.height() > 2 * look.name_metrics.lineSpacing():
        name = look.name_metrics.elidedText(name, Qt.TextElideMode.ElideRight, 2 * rect.width())
    painter.drawText(rect, flags, name)


def star_path(centre: QPointF, outer: float = 7.0, inner: float = 3.0) -> QPainterPath:
    """A five-pointed star: the user's 关键环节 flag, drawn as a shape so no font can lack it."""
    star = QPainterPath()
    for index in range(10):
        radius = outer if index % 2 == 0 else inner
        angle = -math.pi / 2 + index * math.pi / 5
        point = centre + QPointF(radius * math.cos(angle), radius * math.sin(angle))
        if index == 0:
            star.moveTo(point)
        else:
            star.lineTo(point)
    star.closeSubpath()
    return star


def _draw_key_mark(painter: QPainter, origin: QPointF) -> None:
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(palette.KEY_MARK)
    painter.drawPath(star_path(QPointF(origin.x() + 6.5, origin.y() + 7)))


def _draw_pill(
    painter: QPainter, look: CardLook, text: str, right: float, top: float, colour: QColor
) -> float:
    """A filled rounded label ending at ``right``; returns its width."""
    width = look.badge_metrics.horizontalAdvance(text) + 10
    height = look.badge_metrics.height() + 2
    pill = QRectF(right - width, top, width, height)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    painter.drawRoundedRect(pill, height / 2, height / 2)
    painter.setFont(look.badge_font)
    painter.setPen(QColor(Qt.GlobalColor.white))
    painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, text)
    return width
