"""F1 in a dialog: the dialog names its place in the guide, one event filter opens it.

A dialog says ``set_help_topic(self, "exchange", "import")`` (ui.help_topic); the single
filter ``install_dialog_help`` puts on the application looks, on F1, for a topic on the focused
window and the windows it was opened from. The main window's F1 is a window shortcut that a
dialog never sees, so the two cannot both answer. The guide opens in a help window owned by
the dialog: a modal dialog blocks every other window, but not its own children.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QWidget

from chainchief.ui.help.window import HelpWindow
from chainchief.ui.help_topic import help_topic


def show_topic(owner: QWidget, chapter: str, anchor: str = "") -> HelpWindow:
    """The chapter in ``owner``'s own help window, made the first time it is asked for."""
    window = owner.findChild(HelpWindow, options=Qt.FindChildOption.FindDirectChildrenOnly)
    if window is None:
        window = HelpWindow(owner)
    window.show_chapter(chapter, anchor)
    window.show()
    window.raise_()
    window.activateWindow()
    return window


class DialogHelp(QObject):
    """Answers F1 pressed in a window with a topic; every other key goes on untouched."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(watched, QWidget):
            return False
        assert isinstance(event, QKeyEvent)
        if not event.matches(QKeySequence.StandardKey.HelpContents):
            return False
        if isinstance(watched.window(), HelpWindow):
            return False
        found = help_topic(watched)
        if found is None:
            return False
        show_topic(*found)
        return True


def install_dialog_help() -> None:
    """Once per application: later calls find the filter already there."""
    app = QApplication.instance()
    if app is None or app.findChild(DialogHelp) is not None:
        return
    app.installEventFilter(DialogHelp(app))
