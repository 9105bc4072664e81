"""The chain map scene: one ``ChainMap`` from the service drawn as lanes, links and cards.

The scene owns the presentation state (which view, what is hovered, selected or flashing, a
card being dragged) and answers the items' questions about it; the items own nothing. A new
map from the service replaces every item, which is how any edit becomes visible.
"""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtCore import QObject, QPointF, QRectF, QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QGraphicsScene,
    QGraphicsSceneHelpEvent,
    QGraphicsSceneMouseEvent,
    QToolTip,
)

from chainchief.domain.enums import SegmentStatus
from chainchief.i18n import _
from chainchief.services.chains.chain_map import (
    ChainMap,
    MapCard,
    MapLink,
    Neighbourhood,
    neighbourhood,
)
from chainchief.ui.map import palette
from chainchief.ui.map.cards import CardLook, candidate_lines
from chainchief.ui.map.decor import HeaderItem, LaneItem
from chainchief.ui.map.items import CardLayer, SegmentItem
from chainchief.ui.map.links import LinkLayer, LinkShape, LinkStyle
from chainchief.ui.map.overview import OverviewLayer

FLASH_STEPS = 6
FLASH_INTERVAL_MS = 180
MARGIN = 24.0


class MapMode(StrEnum):
    STATUS = "status"
    PANORAMA = "panorama"


class ChainScene(QGraphicsScene):
    segment_selected = Signal(int)
    """The selected segment's id, or -1 when the selection was cleared."""
    pin_requested = Signal(int, float, float)
    """A card was dropped at a new place: segment id and its new top-left corner."""
    card_released = Signal(int)
    """The mouse let go of a card (after a click or a drag)."""
    redrawn = Signal()
    """The map, the view or the gap filter changed: overviews of the scene must render anew."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)
        self.setBackgroundBrush(palette.BACKGROUND)
        self.look = CardLook()
        self.chain: ChainMap | None = None
        self.view = MapMode.STATUS
        self.gaps_only = False
        self.detailed = True
        self.for_paper = False
        """Exports keep every card's details at any scale: paper is read up close."""
        self.hovered: Neighbourhood | None = None
        self.selected: int | None = None
        self._cards: dict[int, MapCard] = {}
        self._rects: dict[int, QRectF] = {}
        self._items: dict[int, SegmentItem] = {}
        self._dragged: dict[int, QPointF] = {}
        self._links = LinkLayer(self)
        self._layer = CardLayer()
        self._overview = OverviewLayer(self)
        self._frame = QRectF()
        self._flash_id: int | None = None
        self._flash_steps = 0
        self._flash_timer = QTimer(self)
        self._flash_timer.setInterval(FLASH_INTERVAL_MS)
        self._flash_timer.timeout.connect(self._flash_tick)

    # --- content -------------------------------------------------------------------------

    def show_map(self, chain: ChainMap | None) -> None:
        """Replace everything with ``chain``; selection survives if its segment still exists."""
        self._links = LinkLayer(self)
        self._layer = CardLayer()
        self._overview = OverviewLayer(self)
        self.clear()
        self.chain = chain
        self.hovered = None
        self._dragged.clear()
        self._cards = {card.segment_id: card for card in chain.cards} if chain else {}
        self._rects = {
            card.segment_id: QRectF(card.x, card.y, card.width, card.height)
            for card in self._cards.values()
        }
        if self.selected not in self._cards:
            self.selected = None
        self._items = {}
        if chain is None or not chain.cards:
            self.setSceneRect(QRectF())
            self.redrawn.emit()
            return
        top, bottom = chain.bounds[1], chain.bounds[3]
        frame = QRectF(*chain.bounds[:2], chain.bounds[2] - chain.bounds[0], bottom - top)
        for lane in chain.lanes:
            lane_item = LaneItem(lane, top, bottom)
            frame = frame.united(lane_item.boundingRect())
            self.addItem(lane_item)
        header = HeaderItem(chain, status_view=self.status_view)
        self._frame = frame.united(header.boundingRect())
        self.addItem(header)
        for card in chain.cards:
            item = SegmentItem(card, self, self._layer)
            item.setOpacity(self.card_opacity(card))
            self._items[card.segment_id] = item
        self.addItem(self._layer)
        self.addItem(self._links)
        self.addItem(self._overview)
        self._show_detail()
        self._links.invalidate()
        self._overview.invalidate()
        self.setSceneRect(self.map_rect())
        self.redrawn.emit()

    @property
    def status_view(self) -> bool:
        return self.view is MapMode.STATUS

    @property
    def links(self) -> tuple[MapLink, ...]:
        return self.chain.links if self.chain else ()

    def set_view(self, view: MapMode) -> None:
        if view is not self.view:
            self.view = view
            self.show_map(self.chain)

    def set_gaps_only(self, gaps_only: bool) -> None:
        if gaps_only != self.gaps_only:
            self.gaps_only = gaps_only
            self._restyle()
            self.redrawn.emit()

    def set_detailed(self, detailed: bool) -> None:
        """Card items with text (True), or the one-picture overview for far-out zoom (False)."""
        if detailed != self.detailed:
            self.detailed = detailed
            self._show_detail()

    def _show_detail(self) -> None:
        self._layer.setVisible(self.detailed)
        self._links.setVisible(self.detailed)
        self._overview.setVisible(not self.detailed)

    def item(self, segment_id: int) -> SegmentItem:
        return self._items[segment_id]

    def card(self, segment_id: int) -> MapCard:
        return self._cards[segment_id]

    def card_ids(self) -> list[int]:
        return list(self._items)

    # --- geometry ------------------------------------------------------------------------

    def is_dragged(self, segment_id: int) -> bool:
        return segment_id in self._dragged

    def card_rect(self, segment_id: int) -> QRectF:
        """Where the card is now: as laid out, or where it is being dragged."""
        return self._rects[segment_id]

    def link_shapes(self) -> list[LinkShape]:
        return self._links.shapes()

    def cards_rect(self) -> QRectF:
        """Where the cards are, dragged ones included."""
        if self.chain is None:
            return QRectF()
        left, top, right, bottom = self.chain.bounds
        rect = QRectF(left, top, right - left, bottom - top)
        for segment_id in self._dragged:
            rect = rect.united(self.card_rect(segment_id))
        return rect

    def map_rect(self) -> QRectF:
        """Everything drawn (header, lanes, cards) with a margin: what fit and export show."""
        if self.chain is None or not self._cards:
            return QRectF()
        rect = self._frame.united(self.cards_rect())
        return rect.adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN)

    # --- how things look -----------------------------------------------------------------

    def is_dimmed(self, segment_id: int) -> bool:
        return self.hovered is not None and segment_id not in self.hovered.segments

    def is_ghosted(self, card: MapCard) -> bool:
        return self.gaps_only and self.status_view and card.status is SegmentStatus.STRONG

    def card_opacity(self, card: MapCard) -> float:
        if self.is_dimmed(card.segment_id):
            return palette.DIMMED_OPACITY
        if self.is_ghosted(card):
            return palette.GHOST_OPACITY
        return 1.0

    def emphasis(self, segment_id: int) -> QColor | None:
        if segment_id == self._flash_id and self._flash_steps % 2 == 1:
            return palette.FLASH
        if segment_id == self.selected:
            return palette.SELECTION
        return None

    def link_style(self, link: MapLink) -> str:
        breakpoint_ = link.breakpoint and self.status_view
        if self.hovered is not None:
            if self.hovered.on_path(link.upstream, link.downstream):
                return LinkStyle.BREAKPOINT if breakpoint_ else LinkStyle.ON_PATH
            return LinkStyle.BREAKPOINT_DIMMED if breakpoint_ else LinkStyle.DIMMED
        if breakpoint_:
            return LinkStyle.BREAKPOINT
        if self.gaps_only and self.status_view:
            ends = (self._cards[link.upstream], self._cards[link.downstream])
            if all(self.is_ghosted(card) for card in ends):
                return LinkStyle.GHOST
        return LinkStyle.PLAIN

    def _restyle(self) -> None:
        for item in self._items.values():
            item.setOpacity(self.card_opacity(item.card))
        self._links.invalidate()
        self._overview.invalidate()
        self.update()

    def _update_cards(self, *segment_ids: int | None) -> None:
        """Repaint these cards' pictures (their ring changed)."""
        for segment_id in segment_ids:
            if segment_id is not None and segment_id in self._items:
                self._items[segment_id].update()

    # --- interaction ---------------------------------------------------------------------

    def set_hover(self, segment_id: int | None) -> None:
        if self.chain is None or segment_id is None or segment_id not in self._cards:
            changed = self.hovered is not None
            self.hovered = None
        else:
            changed = self.hovered is None or self.hovered.segment_id != segment_id
            if changed:
                self.hovered = neighbourhood(self.chain, segment_id)
        if changed:
            self._restyle()

    def select(self, segment_id: int | None) -> None:
        if segment_id is not None and segment_id not in self._cards:
            segment_id = None
        if segment_id != self.selected:
            self._update_cards(self.selected, segment_id)
            self.selected = segment_id
            self.segment_selected.emit(-1 if segment_id is None else segment_id)

    def flash(self, segment_id: int) -> None:
        """Blink the card a few times so the eye finds it after a search."""
        self._update_cards(self._flash_id, segment_id)
        self._flash_id = segment_id
        self._flash_steps = FLASH_STEPS
        self._flash_timer.start()

    def _flash_tick(self) -> None:
        self._update_cards(self._flash_id)
        self._flash_steps -= 1
        if self._flash_steps <= 0:
            self._flash_timer.stop()
            self._flash_id = None

    def card_dragged(self, segment_id: int, corner: QPointF) -> None:
        card = self._cards.get(segment_id)
        if card is None:
            return
        if (corner.x(), corner.y()) == (card.x, card.y):
            self._dragged.pop(segment_id, None)
        else:
            self._dragged[segment_id] = QPointF(corner)
        self._rects[segment_id] = QRectF(corner.x(), corner.y(), card.width, card.height)
        self._links.invalidate()
        self._overview.invalidate()

    def card_dropped(self, segment_id: int, corner: QPointF) -> None:
        if segment_id in self._dragged:
            self.pin_requested.emit(segment_id, corner.x(), corner.y())
        self.card_released.emit(segment_id)

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        super().mousePressEvent(event)
        if not any(isinstance(item, SegmentItem) for item in self.items(event.scenePos())):
            self.select(None)

    def helpEvent(self, event: QGraphicsSceneHelpEvent) -> None:
        for item in self.items(event.scenePos()):
            if isinstance(item, SegmentItem):
                QToolTip.showText(event.screenPos(), self.tooltip(item.card))
                return
        QToolTip.hideText()

    def tooltip(self, card: MapCard) -> str:
        lines = [card.name, f"{card.tier.label} · {card.status.label}"]
        lines.append(_("Local firms: {count}").format(count=card.local_firms))
        if card.chokepoint:
            lines.append(_("Chokepoint: a critical segment that is not strong"))
        elif card.critical:
            lines.append(_("Critical: every path of some supply chain passes through it"))
        lines += [
            _("Target: {firm} · {stage}").format(firm=firm, stage=stage) if stage else firm
            for firm, stage in candidate_lines(card)
        ]
        lines.append(_("Drag to pin the card; click for details."))
        return "\n".join(lines)
