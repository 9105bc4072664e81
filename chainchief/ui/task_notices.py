"""What a finished background task tells the user: one line in the main window's status bar,
with links to the file or folder it wrote.

Pages and dialogs call ``announce`` when their job is done; the shell's status bar listens
(shell/status_notice.py). They need not know the window, and a dialog opened on its own (in a
test) announces to nobody.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal


class TaskNotices(QObject):
    announced = Signal(str, str)
    """(what was done, the file or folder written, or "")."""


_notices: TaskNotices | None = None


def notices() -> TaskNotices:
    global _notices
    if _notices is None:
        _notices = TaskNotices()
    return _notices


def announce(text: str, output: Path | str | None = None) -> None:
    """Say that a task finished, and where its output is, if it wrote any."""
    notices().announced.emit(text, str(output) if output else "")
