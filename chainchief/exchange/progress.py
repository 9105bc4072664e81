"""Progress reports and cancellation for long imports and exports (DESIGN.md §2).

The GUI runs these off its thread and passes a callback and a flag; the CLI passes a callback
that draws one line. Checking the flag often is what makes Cancel feel immediate.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from chainchief.domain.errors import UserError
from chainchief.i18n import _

ProgressCallback = Callable[[int, int], None]
CancelFlag = threading.Event | Callable[[], bool]
REPORT_EVERY = 1000


class OperationCancelled(UserError):
    """The user cancelled; whatever was under way left nothing behind."""

    def __init__(self) -> None:
        super().__init__(_("Cancelled; nothing was changed."))


class Tracker:
    """Counts work done against a total, reports it and honours the cancel flag."""

    def __init__(
        self,
        total: int = 0,
        progress: ProgressCallback | None = None,
        cancel: CancelFlag | None = None,
    ) -> None:
        self.total = total
        self.done = 0
        self._progress = progress
        self._cancel = cancel

    def cancelled(self) -> bool:
        if self._cancel is None:
            return False
        if isinstance(self._cancel, threading.Event):
            return self._cancel.is_set()
        return bool(self._cancel())

    def check(self) -> None:
        """Raise OperationCancelled when the user asked to stop."""
        if self.cancelled():
            raise OperationCancelled

    def advance(self, count: int) -> None:
        """Record ``count`` more units done, report, and stop here if cancelled."""
        self.done += count
        if self.total < self.done:
            self.total = self.done
        if self._progress is not None:
            self._progress(self.done, self.total)
        self.check()
