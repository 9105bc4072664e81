"""Undo steps of the map's own edits: pinning a card where it was dropped, and 重新布局.

Both go through the pin services, which hand back the pins they replaced, so undo puts exactly
those back (``restore_pins``). Successive drops of the same card merge into one step
(``mergeWith``), so dragging a card about and letting go several times is one undo.
"""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand

from chainchief.services.chains.pins import Pin, clear_pins, pin_segment, restore_pins
from chainchief.ui.undo import Editor, ServiceCommand

PIN_COMMAND_ID = 1501
"""Qt merges only commands with the same id (any number unique among the app's commands)."""


class PinCommand(ServiceCommand):
    """The card stays where it was dropped; undo returns it to where it was before the drag."""

    def __init__(
        self, editor: Editor, text: str, chain_id: int, segment_id: int, corner: Pin
    ) -> None:
        super().__init__(editor, text)
        self.chain_id = chain_id
        self.segment_id = segment_id
        self.corner = corner
        self._before: dict[int, Pin | None] | None = None

    def apply(self) -> None:
        previous = pin_segment(
            self.editor.db, self.segment_id, *self.corner, actor=self.editor.actor
        )
        if self._before is None:
            self._before = {self.segment_id: previous}

    def revert(self) -> None:
        assert self._before is not None
        restore_pins(self.editor.db, self.chain_id, self._before, actor=self.editor.actor)

    def id(self) -> int:
        return PIN_COMMAND_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        """Another drop of the same card: one step from where it was to where it is now."""
        if not isinstance(other, PinCommand) or other.segment_id != self.segment_id:
            return False
        self.corner = other.corner
        return True


class RelayoutCommand(ServiceCommand):
    """Every card of the chain unpinned; undo pins them back where they were."""

    def __init__(self, editor: Editor, text: str, chain_id: int) -> None:
        super().__init__(editor, text)
        self.chain_id = chain_id
        self._taken: dict[int, Pin] = {}

    def apply(self) -> None:
        self._taken = clear_pins(self.editor.db, self.chain_id, actor=self.editor.actor)

    def revert(self) -> None:
        restore_pins(self.editor.db, self.chain_id, dict(self._taken), actor=self.editor.actor)
