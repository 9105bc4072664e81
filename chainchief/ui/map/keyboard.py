"""The map from the keyboard: arrow keys walk from card to card along the links, Enter opens
the inspector, and the view tells screen readers which card has the focus.

→ goes downstream along a link (to the linked card nearest in height), ← upstream; a card
without a link that way steps to the nearest card of the next lane, so every card can be
reached. ↑ and ↓ move within the card's lane, Home to the first card; the menu key opens the
card's menu. The selected card is
the focused one: the scene already rings it, so the focus is visible where the eye is. Before
any card is selected, a map focused from the keyboard wears a frame with the hint, and the
first arrow key selects the first card in reading order.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import (
    QAccessible,
    QAccessibleEvent,
    QContextMenuEvent,
    QFocusEvent,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QPen,
    QShortcut,
)
from PySide6.QtWidgets import QApplication, QWidget

from chainchief.i18n import _, ngettext
from chainchief.services.chains.chain_map import ChainMap, MapCard
from chainchief.ui.map import palette
from chainchief.ui.map.scene import ChainScene
from chainchief.ui.map.view import ChainView

MOVES = {Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_Home}
OPEN = {Qt.Key.Key_Return, Qt.Key.Key_Enter}
FRAME_WIDTH = 3
HINT_MARGIN = 8


def reading_order(chain: ChainMap) -> list[MapCard]:
    """Lane by lane from upstream, top to bottom within a lane."""
    return sorted(chain.cards, key=lambda card: (card.tier.rank, card.y, card.x))


def _centre_y(card: MapCard) -> float:
    return card.y + card.height / 2


def _nearest(cards: list[MapCard], to: MapCard) -> MapCard | None:
    return min(cards, key=lambda card: (abs(_centre_y(card) - _centre_y(to)), card.x), default=None)


def next_card(chain: ChainMap, current: int | None, key: Qt.Key) -> int | None:
    """The card the key moves the focus to from ``current`` (None: the first card)."""
    order = reading_order(chain)
    if not order:
        return None
    if current is None or key == Qt.Key.Key_Home or current not in {c.segment_id for c in order}:
        return order[0].segment_id
    card = chain.card(current)
    if key in (Qt.Key.Key_Right, Qt.Key.Key_Left):
        downstream = key == Qt.Key.Key_Right
        linked = (chain.successors if downstream else chain.predecessors).get(current, ())
        candidates = [chain.card(segment) for segment in linked]
        if not candidates:
            step = 1 if downstream else -1
            lanes = sorted({c.tier.rank for c in order})
            ahead = [rank for rank in lanes if (rank - card.tier.rank) * step > 0]
            if ahead:
                nearest = min(ahead, key=lambda rank: abs(rank - card.tier.rank))
                candidates = [c for c in order if c.tier.rank == nearest]
        found = _nearest(candidates, card)
        return current if found is None else found.segment_id
    same_lane = [c for c in order if c.tier is card.tier]
    position = same_lane.index(card) + (1 if key == Qt.Key.Key_Down else -1)
    return same_lane[position].segment_id if 0 <= position < len(same_lane) else current


def card_description(card: MapCard) -> str:
    """What a screen reader says of a card: name, tier, status and local firms."""
    firms = ngettext("{count} local firm", "{count} local firms", card.local_firms).format(
        count=card.local_firms
    )
    text = _("{segment}: {tier}, {status}, {firms}").format(
        segment=card.name, tier=card.tier.label, status=card.status.label, firms=firms
    )
    if card.chokepoint:
        text += _(", chokepoint")
    return text


def hint() -> str:
    """What the keys do on the map: read aloud before a card is chosen, and shown then."""
    return _(
        "Arrow keys move between the cards along the links; Enter opens the inspector, "
        "Esc comes back."
    )


class FocusFrame(QWidget):
    """The map's focus before a card is selected: a frame in the selection colour round the
    viewport, with the hint at its top. It lets every mouse event through to the map."""

    def __init__(self, view: ChainView) -> None:
        super().__init__(view)
        self.setObjectName("map_focus_frame")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.stackUnder(view.minimap)
        self.hide()
        view.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Keeps to the viewport, whose size the scroll bars change."""
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Move) and isinstance(watched, QWidget):
            self.setGeometry(watched.geometry())
        return False

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setPen(QPen(palette.SELECTION, FRAME_WIDTH))
        inset = FRAME_WIDTH // 2
        painter.drawRect(self.rect().adjusted(inset, inset, -inset - 1, -inset - 1))
        text = hint()
        area = self.rect().adjusted(HINT_MARGIN, HINT_MARGIN, -HINT_MARGIN, -HINT_MARGIN)
        flags = Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter | Qt.TextFlag.TextWordWrap
        box = painter.boundingRect(area, flags, text).adjusted(-6, -3, 6, 3)
        painter.fillRect(box, palette.SELECTION)
        painter.setPen(Qt.GlobalColor.white)
        painter.drawText(area, flags, text)


class MapKeys(QObject):
    """Watches the view's keys; ``open_inspector`` is the window's way to show the selection."""

    def __init__(
        self, view: ChainView, open_inspector: Callable[[], object], inspector: QWidget
    ) -> None:
        super().__init__(view)
        self.view = view
        self.scene: ChainScene = view.map_scene
        self._open = open_inspector
        view.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.frame = FocusFrame(view)
        self._clicked_in = False
        """The focus came with a click: the eye is already on the map, no frame needed."""
        view.installEventFilter(self)
        self.scene.segment_selected.connect(self._describe)
        self.scene.redrawn.connect(lambda: self._describe(self.scene.selected or -1))
        self._describe(-1)
        back = QShortcut(QKeySequence(Qt.Key.Key_Escape), inspector)
        back.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        back.activated.connect(lambda: view.setFocus(Qt.FocusReason.ShortcutFocusReason))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.FocusIn, QEvent.Type.FocusOut):
            assert isinstance(event, QFocusEvent)
            self._clicked_in = event.reason() == Qt.FocusReason.MouseFocusReason
            self._show_focus()
        if self.scene.chain is None:
            return False
        if event.type() == QEvent.Type.ContextMenu:
            assert isinstance(event, QContextMenuEvent)
            return self._card_menu(event)
        if event.type() != QEvent.Type.KeyPress:
            return False
        assert isinstance(event, QKeyEvent)
        if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            return False
        key = Qt.Key(event.key())
        if key in MOVES:
            target = next_card(self.scene.chain, self.scene.selected, key)
            if target is not None:
                self.scene.select(target)
                self.view.ensureVisible(self.scene.card_rect(target), 40, 40)
            return True
        if key in OPEN and self.scene.selected is not None:
            self._open()
            return True
        return False

    def _card_menu(self, event: QContextMenuEvent) -> bool:
        """The menu key (or Shift+F10) opens the selected card's menu, as a right click on
        the card does: the same event at the card's centre."""
        selected = self.scene.selected
        if event.reason() != QContextMenuEvent.Reason.Keyboard or selected is None:
            return False
        viewport = self.view.viewport()
        centre = self.view.mapFromScene(self.scene.card_rect(selected).center())
        QApplication.sendEvent(
            viewport,
            QContextMenuEvent(QContextMenuEvent.Reason.Mouse, centre, viewport.mapToGlobal(centre)),
        )
        return True

    def _show_focus(self) -> None:
        """The frame while the map has the keyboard's focus (not a click's), has cards, and none
        of them is selected."""
        showing = (
            self.view.hasFocus()
            and not self._clicked_in
            and self.scene.selected is None
            and bool(self.scene.chain and self.scene.chain.cards)
        )
        self.frame.setGeometry(self.view.viewport().geometry())
        self.frame.setVisible(showing)

    def _describe(self, segment_id: int) -> None:
        self._show_focus()
        chain = self.scene.chain
        self.view.setAccessibleName(
            _("Chain map of {chain}").format(chain=chain.chain) if chain else _("Chain map")
        )
        if chain is None or segment_id < 0 or segment_id not in self.scene.card_ids():
            description = hint()
        else:
            description = card_description(self.scene.card(segment_id))
        self.view.setAccessibleDescription(description)
        if QAccessible.isActive():
            event = QAccessibleEvent(self.view, QAccessible.Event.DescriptionChanged)
            QAccessible.updateAccessibility(event)
