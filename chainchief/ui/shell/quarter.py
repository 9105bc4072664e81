"""The quarter's work in the main window: the meetings, action-item and indicator pages, the
File menu's data commands, a Quarter menu, and the action-item counts in the status bar and
on the chain navigator. ``install_quarter_workspace`` is the one call MainWindow makes.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFrame, QLabel, QMenu, QScrollArea, QWidget

from chainchief.domain.errors import UserError
from chainchief.i18n import _
from chainchief.services.actions.items import ActionRow, list_actions
from chainchief.ui.colours import coloured
from chainchief.ui.lazy_page import LazyPage
from chainchief.ui.models.action_counts import ActionCounts
from chainchief.ui.page_groups import PageGroup
from chainchief.ui.pages.action_items import ActionItemsPage
from chainchief.ui.shell.file_commands import FileCommands
from chainchief.ui.shell.supervision_menu import SupervisionMenu
from chainchief.ui.workers import submit

if TYPE_CHECKING:
    from chainchief.ui.pages.indicators import IndicatorsPage
    from chainchief.ui.pages.meetings.page import MeetingsPage
    from chainchief.ui.shell.main_window import MainWindow


def counts_html(counts: ActionCounts) -> str:
    """The status bar's counts, each in its light's colour (DESIGN.md §6)."""
    if not counts.open:
        return escape(_("Action items: none open"))
    pieces = [coloured(text, light) for text, light in counts.pieces()]
    return escape(_("Action items:")) + " " + " · ".join(pieces)


def _indicators(window: MainWindow) -> IndicatorsPage:
    from chainchief.ui.pages.indicators import IndicatorsPage

    return IndicatorsPage(window.db)


class QuarterWorkspace:
    """Owns the three pages and keeps them, the counts and the map in step after changes."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        # The action items are counted at start (status bar, navigator badges), so their page
        # exists from the start; the meetings and indicators pages are built when first used.
        self.actions = ActionItemsPage(window.db, window.actor)
        self._meetings: LazyPage[MeetingsPage] = LazyPage(self._build_meetings)
        self._indicators: LazyPage[IndicatorsPage] = LazyPage(lambda: _indicators(window))
        for page, title in (
            (self._meetings, _("Meetings")),
            (self.actions, _("Action items")),
            (self._indicators, _("Indicators")),
        ):
            frame = QScrollArea()
            frame.setWidget(page)
            frame.setWidgetResizable(True)
            frame.setFrameShape(QFrame.Shape.NoFrame)
            window.add_page(frame, title, PageGroup.QUARTER)
        self.files = FileCommands(window)
        self.files.install(window.menus.file)
        self.files.data_changed.connect(self.refresh)
        self.quarter_menu = self._quarter_menu()
        self.supervision = SupervisionMenu(window)
        self.counts_label = QLabel()
        self.counts_label.setTextFormat(Qt.TextFormat.RichText)
        window.statusBar().addPermanentWidget(self.counts_label)
        self.actions.counts_changed.connect(self.show_counts)
        window.first_screen.connect(self.read_counts)

    @property
    def meetings(self) -> MeetingsPage:
        return self._meetings.page

    @property
    def indicators(self) -> IndicatorsPage:
        return self._indicators.page

    def _build_meetings(self) -> MeetingsPage:
        from chainchief.ui.pages.meetings.page import MeetingsPage

        page = MeetingsPage(self.window.db, self.window.actor)
        self.actions.changed.connect(page.panel.reload)
        page.changed.connect(self.read_counts)
        return page

    def _quarter_menu(self) -> QMenu:
        menu = self.window.menus.quarter
        plan = QAction(_("&Plan the year…"), self.window)
        plan.triggered.connect(self.plan_year)
        menu.addAction(plan)
        menu.addSeparator()
        for text, page, shortcut in (
            (_("&Meetings"), self._meetings, "Ctrl+4"),
            (_("&Action items"), self.actions, "Ctrl+5"),
            (_("&Indicators"), self._indicators, "Ctrl+6"),
        ):
            action = QAction(text, self.window)
            action.setShortcut(QKeySequence(shortcut))
            action.triggered.connect(lambda _checked=False, p=page: self.show(p))
            menu.addAction(action)
        return menu

    def show(self, page: QWidget) -> None:
        """Bring a page to the front (each sits in a scroll area so a small window still fits)."""
        self.window.show_page(page)

    def plan_year(self) -> None:
        self.show(self.meetings)
        self.meetings.plan_dialog()

    def read_counts(self) -> None:
        """Count the action items off the GUI thread (the page may not be open yet)."""
        db = self.window.db
        submit(self.actions, lambda _progress: list_actions(db), self._counted, self._failed)

    def _counted(self, rows: list[ActionRow]) -> None:
        self.actions.set_all_rows(rows)
        if self.actions.loaded:
            self.actions.apply_filter()

    def show_counts(self, total: ActionCounts, by_chain: dict[str, ActionCounts]) -> None:
        self.counts_label.setText(counts_html(total))
        self.window.navigator.set_counts(by_chain)

    def refresh(self) -> None:
        """After an import or a settings change: the map, the pages and the counts."""
        self.window.refresh()
        built = [tab.page for tab in (self._meetings, self._indicators) if tab.built]
        for page in (*built, self.actions):
            if page.loaded:
                page.reload()
        self.read_counts()

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, UserError):
            self.window.statusBar().showMessage(error.message, 8000)
            return
        raise error


def install_quarter_workspace(window: MainWindow) -> QuarterWorkspace:
    return QuarterWorkspace(window)
