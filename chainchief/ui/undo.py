"""Undo and redo (DESIGN.md §2): every command applies and reverts through the services.

A command is applied once by the ``Editor`` before it enters the stack, so a refused edit (a
cycle, a stale version, a role rule) never becomes a step of the history: the user reads the
service's message and nothing was recorded. Undo and redo call the same services with what
the first call handed back — the fields before a change, or the removed rows — and the view
redraws from what the services then return; a command holds no state of its own besides
those results. A multi-step action is one macro: one undo step, several service calls.

When undo or redo is refused (someone else changed the same record meanwhile), the history
no longer fits the database; it is cleared and the user is told so.
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from chainchief.domain.errors import ConflictError, UserError
from chainchief.i18n import _
from chainchief.services.admin import audit
from chainchief.services.kernel.changes import Changes, ChangeSet
from chainchief.services.kernel.edits import FieldChange, RowRef
from chainchief.services.kernel.removals import Removal, restore
from chainchief.services.workspace import Workspace
from chainchief.ui.qt_abc import QtABCMeta

UNDO_LIMIT = 200


class Editor(QObject):
    """The window's one undo stack and the way every edit of the UI is made."""

    changed = Signal()
    """Data changed (an edit, an undo or a redo): views read their content again."""
    records_changed = Signal(object)
    """The same moment, with the ``ChangeSet`` saying which records changed: a table of one
    kind of record updates just those rows."""
    refused = Signal(str)
    """A service refused an edit; the message says why, in the user's language."""

    def __init__(self, db: Workspace, actor: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.actor = actor
        self.ask_overwrite: Callable[[str], bool] = lambda _message: False
        """Asked when someone changed the row meanwhile: True to make the change anyway
        (the window asks the user, 重新加载 / 仍然覆盖); by default the edit is refused."""
        self.stack = QUndoStack(self)
        self.stack.setUndoLimit(UNDO_LIMIT)
        self._notify = QTimer(self)
        self._notify.setSingleShot(True)
        self._notify.setInterval(0)
        self._notify.timeout.connect(self._tell)
        self._burst: list[Changes] = []
        self._burst_complete = True

    def _note(self, command: ServiceCommand | None) -> None:
        """Remember what ``command`` changed (None: something unsaid) and tell the views soon:
        the edits of one burst (a macro, undo plus refresh) reach them as one change set."""
        found = command.changes() if command is not None else None
        if found is None:
            self._burst_complete = False
        else:
            self._burst.append(found)
        self._notify.start()

    def _tell(self) -> None:
        found = ChangeSet(tuple(self._burst), self._burst_complete)
        self._burst, self._burst_complete = [], True
        self.records_changed.emit(found)
        self.changed.emit()

    def attempt(self, command: ServiceCommand) -> str | None:
        """Apply ``command`` now and keep it for undo; the refusal's message if refused, ""
        when the user chose to reload after someone else changed the row (nothing to add)."""
        try:
            command.apply()
        except ConflictError as conflict:
            if not (conflict.stale and command.can_overwrite()):
                return conflict.message
            if not self.ask_overwrite(conflict.message):
                self._note(None)
                return ""
            command.overwrite()
            return self.attempt(command)
        except UserError as error:
            return error.message
        if not command.is_noop():
            self.stack.push(command)
            self._note(command)
        return None

    def run(self, command: ServiceCommand) -> bool:
        """``attempt``, telling the window about a refusal; True when applied."""
        return self._reported(self.attempt(command))

    def attempt_macro(
        self, text: str, *steps: Callable[[MacroCommand], ServiceCommand]
    ) -> str | None:
        """Apply the steps in order as one undo step; each step may use the results of the
        ones before (``macro.parts``). If one is refused, those applied are reverted."""
        macro = MacroCommand(text)
        for step in steps:
            try:
                command = step(macro)
                command.apply()
            except UserError as error:
                self._roll_back(macro)
                return error.message
            macro.parts.append(command)
        self.stack.push(macro)
        for part in macro.parts:
            self._note(part)
        return None

    def run_macro(self, text: str, *steps: Callable[[MacroCommand], ServiceCommand]) -> bool:
        return self._reported(self.attempt_macro(text, *steps))

    def _reported(self, message: str | None) -> bool:
        if message:
            self.refused.emit(message)
        return message is None

    def _roll_back(self, macro: MacroCommand) -> None:
        for command in reversed(macro.parts):
            try:
                command.revert()
            except UserError as error:
                self.refused.emit(error.message)
        if macro.parts:
            self._note(None)

    def replay(self, step: Callable[[], None], how: str, command: ServiceCommand) -> None:
        """Run an undo or redo step of ``command``; a refusal clears the history, which no
        longer fits."""
        try:
            with audit.origin(how):
                step()
        except UserError as error:
            self.refused.emit(
                _("{reason}\nThe undo history was cleared: the data changed meanwhile.").format(
                    reason=error.message
                )
            )
            QTimer.singleShot(0, self.stack.clear)
            self._note(None)
            return
        self._note(command)

    def restore(self, removal: Removal) -> RowRef:
        restore(self.db, removal, actor=self.actor)
        return RowRef(removal.row_id, removal.version)


class ServiceCommand(QUndoCommand, metaclass=QtABCMeta):
    """A step of the history whose apply and revert are service calls."""

    def __init__(self, editor: Editor, text: str, parent: QUndoCommand | None = None) -> None:
        super().__init__(text, parent)
        self.editor = editor
        self._applied_before_push = True

    @abstractmethod
    def apply(self) -> None:
        """Make the change through the services (first time, and again on redo)."""

    @abstractmethod
    def revert(self) -> None:
        """Take the change back through the services with what ``apply`` handed back."""

    def is_noop(self) -> bool:
        return False

    def changes(self) -> Changes | None:
        """What the last apply or revert changed, when the services said (None: unknown, so
        every view reads itself again)."""
        return None

    def can_overwrite(self) -> bool:
        """Whether the same change may be made again over a newer version of the row."""
        return False

    def overwrite(self) -> None:
        """Drop the version check, so that ``apply`` makes the change over whatever is stored."""
        raise TypeError(f"{type(self).__name__} cannot overwrite")

    def redo(self) -> None:
        if self._applied_before_push:
            self._applied_before_push = False
            return
        self.editor.replay(self.apply, "redo", self)

    def undo(self) -> None:
        self.editor.replay(self.revert, "undo", self)


class MacroCommand(QUndoCommand):
    """Several commands as one step: redone in order, undone in reverse."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.parts: list[ServiceCommand] = []

    def redo(self) -> None:
        for part in self.parts:
            part.redo()

    def undo(self) -> None:
        for part in reversed(self.parts):
            part.undo()


class CreateCommand(ServiceCommand):
    """Create a row; undo deletes it (keeping what went), redo puts the same row back."""

    def __init__(
        self,
        editor: Editor,
        text: str,
        create: Callable[[], RowRef],
        delete: Callable[[RowRef], Removal],
    ) -> None:
        super().__init__(editor, text)
        self._create = create
        self._delete = delete
        self.ref: RowRef | None = None
        self._removal: Removal | None = None
        self._changes: Changes | None = None

    def apply(self) -> None:
        if self._removal is None:
            self.ref = self._create()
            self._changes = self.ref.changes
        else:
            self._changes = _put_back(self._removal)
            self.ref = self.editor.restore(self._removal)
            self._removal = None

    def revert(self) -> None:
        assert self.ref is not None
        self._removal = self._delete(self.ref)
        self._changes = self._removal.changes

    def changes(self) -> Changes | None:
        return self._changes


class DeleteCommand(ServiceCommand):
    """Delete a row with what goes with it; undo puts all of it back."""

    def __init__(self, editor: Editor, text: str, delete: Callable[[], Removal]) -> None:
        super().__init__(editor, text)
        self._delete = delete
        self.removal: Removal | None = None
        self._changes: Changes | None = None

    def apply(self) -> None:
        self.removal = self._delete()
        self._changes = self.removal.changes

    def revert(self) -> None:
        assert self.removal is not None
        self.editor.restore(self.removal)
        self._changes = _put_back(self.removal)

    def changes(self) -> Changes | None:
        return self._changes


def _put_back(removal: Removal) -> Changes:
    """What restoring ``removal`` changes: its row is there again."""
    return Changes(removal.entity, created=frozenset({removal.row_id}))


Update = Callable[[Mapping[str, Any], int | None], FieldChange]
"""A service update bound to its row: (values, expected_version) → what changed."""


class UpdateCommand(ServiceCommand):
    """Change fields of a row; undo sends the old values back through the same service."""

    def __init__(
        self,
        editor: Editor,
        text: str,
        update: Update,
        values: Mapping[str, Any],
        expected_version: int | None,
    ) -> None:
        super().__init__(editor, text)
        self._update = update
        self._values = dict(values)
        self.version = expected_version
        self.change: FieldChange | None = None
        self._last: FieldChange | None = None

    def apply(self) -> None:
        values = self._values if self.change is None else self.change.after
        change = self._update(values, self.version)
        if self.change is None:
            self.change = change
        self.version = change.version
        self._last = change

    def revert(self) -> None:
        assert self.change is not None
        self._last = self._update(self.change.before, self.version)
        self.version = self._last.version

    def changes(self) -> Changes | None:
        return None if self._last is None else self._last.changes

    def is_noop(self) -> bool:
        return self.change is not None and not self.change.changed

    def can_overwrite(self) -> bool:
        return self.change is None

    def overwrite(self) -> None:
        self.version = None
