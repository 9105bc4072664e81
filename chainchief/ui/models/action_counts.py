"""Counts of action items as the status bar and the navigator show them: a module of its own,
so the navigator draws its first rows without the action-item table model."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from chainchief.domain.lights import Light
from chainchief.i18n import _

if TYPE_CHECKING:
    from chainchief.services.actions.items import ActionRow


@dataclass(frozen=True)
class ActionCounts:
    """Open, overdue, due-soon and red items of some rows (the status bar and navigator)."""

    open: int = 0
    overdue: int = 0
    due_soon: int = 0
    red: int = 0

    def pieces(self) -> list[tuple[str, Light | None]]:
        """The non-zero counts as short texts, each with the light whose colour it takes:
        overdue amber (overdue items are yellow, then red), red red, due soon blue."""
        pieces: list[tuple[str, Light | None]] = [
            (_("{open} open").format(open=self.open), None),
            (_("{overdue} overdue").format(overdue=self.overdue), Light.YELLOW),
            (_("{count} red").format(count=self.red), Light.RED),
            (_("{due_soon} due soon").format(due_soon=self.due_soon), Light.BLUE),
        ]
        return [piece for piece, count in zip(pieces, self._numbers(), strict=True) if count]

    def _numbers(self) -> tuple[int, int, int, int]:
        return self.open, self.overdue, self.red, self.due_soon

    @classmethod
    def of(cls, rows: list[ActionRow]) -> ActionCounts:
        return cls(
            open=sum(1 for row in rows if not row.status.is_closed),
            overdue=sum(1 for row in rows if row.overdue),
            due_soon=sum(1 for row in rows if row.due_soon),
            red=sum(1 for row in rows if row.light is Light.RED),
        )
