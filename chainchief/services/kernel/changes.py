"""What a service call changed, by kind of record: the window refreshes only those parts.

Each editing service already hands back what it did — a ``FieldChange`` for an update, a
``RowRef`` for a new row, a ``Removal`` for a delete — and each can say it as a ``Changes``:
the kind of record (the audit's entity name: ``"firm"``, ``"target"``…) and the ids updated,
created or removed. A table of that kind reads just those rows again; anything else refreshes
as before. This is Anki's "op changes" idea, kept to what the tables need.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Changes:
    """Rows of one kind that one service call updated, created or removed."""

    entity: str
    updated: frozenset[int] = frozenset()
    created: frozenset[int] = frozenset()
    removed: frozenset[int] = frozenset()


@dataclass(frozen=True)
class ChangeSet:
    """The changes of a burst of edits (an edit, an undo, a macro), as the window gets them.

    ``complete`` is False when some step did not say what it changed (a map edit, a refused
    step that reloads): then anything may have changed and every view reads itself again.
    """

    changes: tuple[Changes, ...] = ()
    complete: bool = True

    def only(self, entity: str) -> Changes | None:
        """All the changes merged when they are of ``entity`` alone; None when any step
        changed something else or did not say (then a view of ``entity`` reads everything)."""
        if not self.complete or not self.changes:
            return None
        if any(change.entity != entity for change in self.changes):
            return None
        return merge(self.changes)


def merge(changes: Iterable[Changes]) -> Changes:
    """Changes of one entity as one: a row created then removed in the burst is just removed,
    one removed then created (undo of a delete, then redo) counts as created."""
    updated: set[int] = set()
    created: set[int] = set()
    removed: set[int] = set()
    entity = ""
    for change in changes:
        entity = change.entity
        removed -= change.created
        created -= change.removed
        updated -= change.removed
        updated |= change.updated - created
        created |= change.created
        removed |= change.removed
    return Changes(entity, frozenset(updated), frozenset(created), frozenset(removed))
