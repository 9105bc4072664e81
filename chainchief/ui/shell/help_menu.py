"""The Help menu's guide and shortcut list, and F1 opening the chapter of the page shown.

Which chapter a page has is decided here, where the pages are known: the map by its view, the
other tabs by their titles (read through the same ``_()`` that named them).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence

from chainchief.i18n import _
from chainchief.ui.help.chapters import INDEX
from chainchief.ui.help.context import install_dialog_help
from chainchief.ui.help.shortcuts import ShortcutsDialog, plain_text
from chainchief.ui.help.window import HelpWindow

if TYPE_CHECKING:
    from chainchief.ui.shell.main_window import MainWindow

DEFAULT_CONTEXT = ("quickstart", "pages")


def page_chapters() -> dict[str, tuple[str, str]]:
    """Tab title → (chapter, anchor) for the tabs with a chapter of their own."""
    return {
        plain_text(_(title)): place
        for title, place in (
            ("Chain map", ("map", "")),
            ("Risks", ("gaps", "chokepoint")),
            ("Meetings", ("meetings", "")),
            ("Indicators", ("meetings", "pack")),
            ("Action items", ("supervision", "")),
            ("Scores", ("supervision", "documents")),
        )
    }


class HelpCommands(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.help_window: HelpWindow | None = None
        self.shortcuts: ShortcutsDialog | None = None
        self.guide_action = QAction(_("&User guide"), window)
        self.guide_action.setShortcuts([QKeySequence(QKeySequence.StandardKey.HelpContents)])
        self.guide_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.guide_action.setStatusTip(_("The guide's chapter about the page shown (F1)"))
        self.guide_action.triggered.connect(lambda _checked=False: self.show_context_help())
        self.shortcuts_action = QAction(_("&Keyboard shortcuts"), window)
        self.shortcuts_action.setStatusTip(_("Every shortcut of the window"))
        self.shortcuts_action.triggered.connect(lambda _checked=False: self.show_shortcuts())
        menu = window.menus.help
        about = window.map_actions.about
        menu.insertActions(about, [self.guide_action, self.shortcuts_action])
        menu.insertSeparator(about)
        install_dialog_help()

    def context(self) -> tuple[str, str]:
        """The chapter (and anchor) for what the window shows now."""
        window = self.window
        if window.welcome.page.isVisible():
            return ("quickstart", "start")
        if window.pages.currentWidget() is window.view:
            return ("map", "")
        title = plain_text(window.pages.tabText(window.pages.currentIndex()))
        return page_chapters().get(title, DEFAULT_CONTEXT)

    def show_context_help(self) -> HelpWindow:
        return self.show_help(*self.context())

    def show_help(self, chapter: str = INDEX, anchor: str = "") -> HelpWindow:
        if self.help_window is None:
            self.help_window = HelpWindow(self.window)
        self.help_window.show_chapter(chapter, anchor)
        self.help_window.show()
        self.help_window.raise_()
        self.help_window.activateWindow()
        return self.help_window

    def show_shortcuts(self) -> ShortcutsDialog:
        self.shortcuts = ShortcutsDialog(self.window)
        self.shortcuts.open()
        return self.shortcuts


def install_help(window: MainWindow) -> HelpCommands:
    return HelpCommands(window)
