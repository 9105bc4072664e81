"""The main window: chain navigator on the left, the chain map in the middle, the inspector
on the right. Everything shown comes from services; maps are built on a worker thread so a
city-sized chain never freezes the window.
"""

from __future__ import annotations

import functools
import getpass
import os
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from PySide6.QtCore import QByteArray, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMainWindow,
    QScrollArea,
    QToolButton,
    QWidget,
)

from chainchief.domain.errors import UserError
from chainchief.i18n import _
from chainchief.services.chains.chain_map import ChainMap, NavigatorRow, chain_map, navigator_rows
from chainchief.services.chains.lists import ChainRow, list_chains
from chainchief.services.workspace import Workspace
from chainchief.ui.icons import icon
from chainchief.ui.map.inspector import InspectorDock
from chainchief.ui.map.keyboard import MapKeys
from chainchief.ui.map.navigator import NavigatorDock
from chainchief.ui.map.scene import ChainScene, MapMode
from chainchief.ui.map.search import SearchBox
from chainchief.ui.map.view import ChainView
from chainchief.ui.models.collation import compare_names
from chainchief.ui.page_groups import PageGroup
from chainchief.ui.shell.commands import build_actions, build_menus, build_toolbar
from chainchief.ui.shell.first_paint import EXIT_AFTER_FIRST_PAINT, FirstPaintReport
from chainchief.ui.shell.page_book import PageBook
from chainchief.ui.shell.status_notice import StatusNotice
from chainchief.ui.shell.window_state import ui_settings
from chainchief.ui.task_notices import announce
from chainchief.ui.workers import submit, wait_for_workers

if TYPE_CHECKING:
    from PySide6.QtGui import QAction

    from chainchief.services.chains.details import SearchHit
    from chainchief.ui.foresight.preview import ScenarioController
    from chainchief.ui.shell.editing import Editing
    from chainchief.ui.shell.help_menu import HelpCommands
    from chainchief.ui.shell.quarter import QuarterWorkspace
    from chainchief.ui.shell.welcome import Welcome
    from chainchief.ui.shell.workbench import Workbench


@runtime_checkable
class ChainFocused(Protocol):
    """A page listing several chains' records that the navigator's choice filters."""

    def focus_chain(self, chain: str) -> None: ...


class MainWindow(QMainWindow):
    rows_loaded = Signal()
    map_loaded = Signal(int)
    """A chain's map is on screen (its chain id)."""
    exported = Signal(str)
    first_screen = Signal()
    """Emitted once, when the first map (or, without chains, the navigator) is on screen and
    the workbench is built: work that can wait until the user sees something, such as counting
    action items, starts then."""

    def __init__(self, db: Workspace, actor: str | None = None) -> None:
        super().__init__()
        self.db = db
        self.actor = actor or getpass.getuser()
        self.chain_id: int | None = None
        self._request = 0
        self._pending_focus: int | None = None
        self._rows_in = False
        self._waiting_map: tuple[int, ChainMap, bool] | None = None
        self._on_screen = False
        self._workbench: Workbench | None = None
        self.setWindowTitle(_("ChainChief"))
        self.setWindowIcon(icon("chain"))
        self.scene = ChainScene(self)
        self.view = ChainView(self.scene, self)
        self.pages = PageBook(self)
        self.setCentralWidget(self.pages)
        self.add_page(self.view, _("Chain map"), PageGroup.MAP, "chain")
        self.navigator = NavigatorDock(self)
        self.inspector = InspectorDock(self)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.navigator)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.inspector)
        self.search_box = SearchBox(self._search, self)
        self.map_actions = build_actions(
            self,
            {
                "export": self.export_dialog,
                "status_view": functools.partial(self._mode_toggled, MapMode.STATUS),
                "panorama": functools.partial(self._mode_toggled, MapMode.PANORAMA),
                "gaps_only": self.scene.set_gaps_only,
                "fit": self.view.fit,
                "zoom_in": self.view.zoom_in,
                "zoom_out": self.view.zoom_out,
                "find": self.focus_search,
                "relayout": self.relayout,
                "refresh": self.refresh,
                "about": self.about,
            },
        )
        self.menus = build_menus(
            self,
            self.map_actions,
            [self.navigator.toggleViewAction(), self.inspector.toggleViewAction()],
        )
        self.map_tools = toolbar = build_toolbar(self, self.map_actions, self.search_box)
        acts = self.map_actions
        for action in (acts.status_view, acts.panorama, acts.gaps_only):
            button = toolbar.widgetForAction(action)
            if isinstance(button, QToolButton):
                button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.task_notice = StatusNotice(self.statusBar())
        self.zoom_label = QLabel()
        self.summary_label = QLabel()
        self.statusBar().addPermanentWidget(self.summary_label)
        self.statusBar().addPermanentWidget(self.zoom_label)
        self.navigator.chain_chosen.connect(self.load_chain)
        self.navigator.chain_chosen.connect(self._focus_page_on_chain)
        self.scene.segment_selected.connect(self._segment_selected)
        self.scene.pin_requested.connect(self._pin)
        self.scene.card_released.connect(lambda _segment: self.reveal_inspector())
        self.search_box.hit_chosen.connect(self.go_to_hit)
        self.view.zoom_changed.connect(lambda scale: self.zoom_label.setText(f"{scale * 100:.0f}%"))
        self.map_keys = MapKeys(self.view, self.open_inspector, self.inspector)
        self._restore_layout()
        self._install_first_paint_hook()
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(wait_for_workers)
        self._start()

    # --- the workbench: built after the first screen -----------------------------------------

    def workbench(self) -> Workbench:
        """Editing, the quarter's pages, scenarios, welcome and help: built after the first
        map painted, or now if asked for earlier."""
        if self._workbench is None:
            from chainchief.ui.shell.workbench import build_workbench

            self._workbench = build_workbench(self)
            if self._rows_in:
                self._workbench.welcome.rows_loaded()
        return self._workbench

    @property
    def started(self) -> bool:
        """The first screen is shown and the whole window built (``first_screen`` was emitted)."""
        return self._on_screen

    @property
    def editing(self) -> Editing:
        return self.workbench().editing

    @property
    def quarter(self) -> QuarterWorkspace:
        return self.workbench().quarter

    @property
    def foresight(self) -> ScenarioController:
        return self.workbench().foresight

    @property
    def welcome(self) -> Welcome:
        return self.workbench().welcome

    @property
    def help(self) -> HelpCommands:
        return self.workbench().help

    @property
    def audit_action(self) -> QAction:
        return self.workbench().audit_action

    def add_page(
        self, widget: QWidget, title: str, group: PageGroup, icon_name: str | None = None
    ) -> int:
        """Add a workspace page (tables, meetings, actions…) to one of the page groups."""
        return self.pages.add_page(widget, title, group, icon_name)

    def show_page(self, widget: QWidget) -> None:
        """Bring the tab holding ``widget`` to the front (a page may sit inside its tab)."""
        tab: QWidget | None = widget
        while tab is not None and self.pages.indexOf(tab) < 0:
            tab = tab.parentWidget()
        if tab is not None:
            self.pages.setCurrentWidget(tab)

    def _focus_page_on_chain(self, chain_id: int) -> None:
        """On a page that lists several chains' records, choosing a chain filters that page."""
        from chainchief.ui.lazy_page import LazyPage  # the pages come with the workbench

        shown = self.pages.currentWidget()
        if isinstance(shown, QScrollArea):
            shown = shown.widget()
        if isinstance(shown, LazyPage):
            shown = shown.page
        name = next((row.chain for row in self.navigator.model.rows if row.chain_id == chain_id),
                    None)  # fmt: skip
        if isinstance(shown, ChainFocused) and name is not None:
            shown.focus_chain(name)

    # --- loading ---------------------------------------------------------------------------

    def _start(self) -> None:
        """Fill the navigator and, at the same time, draw the remembered (or first) chain.

        Nothing here reads the database on the GUI thread: the window's frame paints at once,
        and the chain to draw is chosen on a worker (the first query of a run pays for the
        connection and SQL compilation)."""
        submit(self, lambda _progress: navigator_rows(self.db), self._rows_ready, self._failed)
        remembered = ui_settings().value("map/chain", None)
        submit(
            self,
            lambda _progress: self._initial_chain(remembered),
            self._first_chosen,
            self._failed,
        )

    def _first_chosen(self, first: int | None) -> None:
        if first is not None:
            self.load_chain(first)
        elif self._rows_in:
            self._first_screen_shown()
        else:
            self.rows_loaded.connect(self._first_screen_shown)

    def _initial_chain(self, remembered: object) -> int | None:
        """The chain shown last if it still exists, else the first by name (worker thread)."""
        chains = list_chains(self.db)
        if not chains:
            return None
        if remembered not in (None, "") and int(str(remembered)) in {c.id for c in chains}:
            return int(str(remembered))
        return sorted(chains, key=functools.cmp_to_key(compare_names(_chain_name)))[0].id

    def refresh(self) -> None:
        """Read the navigator's figures and the shown chain again (F5)."""
        submit(self, lambda _progress: navigator_rows(self.db), self._refreshed, self._failed)

    def _rows_ready(self, rows: list[NavigatorRow]) -> None:
        self.navigator.set_rows(rows)
        if self.chain_id is not None:
            self.navigator.select_chain(self.chain_id, notify=False)
        self.statusBar().showMessage(_("{count} chains").format(count=len(rows)), 5000)
        self._rows_in = True
        if self._waiting_map is not None:
            waiting, self._waiting_map = self._waiting_map, None
            self._map_ready(*waiting)
        self.rows_loaded.emit()

    def _refreshed(self, rows: list[NavigatorRow]) -> None:
        self._rows_ready(rows)
        if self.chain_id is not None and self.navigator.current_chain() == self.chain_id:
            self.load_chain(self.chain_id, keep_view=True)
        elif rows:
            self.navigator.list.setCurrentIndex(self.navigator.proxy.index(0, 0))
        else:
            self.chain_id = None
            self.scene.show_map(None)

    def load_chain(self, chain_id: int, *, keep_view: bool = False) -> None:
        """Build the chain's map off the GUI thread and show it when ready."""
        self._request += 1
        request = self._request
        keep_view = keep_view and chain_id == self.chain_id
        self.chain_id = chain_id
        self.statusBar().showMessage(_("Drawing the map…"))
        submit(
            self,
            lambda _progress: chain_map(self.db, chain_id),
            lambda result: self._map_ready(request, result, keep_view),
            self._failed,
        )

    def _map_ready(self, request: int, result: ChainMap, keep_view: bool) -> None:
        """Show the map; the first one waits for the navigator, so both appear together."""
        if request != self._request:
            return
        if not self._rows_in:
            self._waiting_map = (request, result, keep_view)
            return
        centre = self.view.visible_scene_rect().center()
        self.scene.show_map(result)
        if keep_view:
            self.view.centerOn(centre)
        else:
            self.view.fit_width()
        self.summary_label.setText(
            _("{chain}: completeness {completeness}% · missing {missing} · weak {weak}").format(
                chain=result.chain,
                completeness=result.completeness,
                missing=result.missing,
                weak=result.weak,
            )
        )
        self.statusBar().clearMessage()
        if self._pending_focus is not None:
            self.focus_segment(self._pending_focus)
            self._pending_focus = None
        elif self.scene.selected is not None:
            self._segment_selected(self.scene.selected)
        else:
            self.inspector.clear()
        self.map_loaded.emit(result.chain_id)
        if not self._on_screen:
            # The map is painted now; the rest of the window is built once that reached the
            # screen, behind the paint in the event queue.
            self._arm_paint_hook()
            self.repaint()
            QTimer.singleShot(0, self, self._first_screen_shown)

    def _first_screen_shown(self) -> None:
        if not self._on_screen:
            self._on_screen = True
            self.workbench()
            if self._paint_hook is not None and not self._paint_hook.armed:
                self._arm_paint_hook()
                self.view.viewport().update()
            self.first_screen.emit()

    def _failed(self, error: BaseException) -> None:
        self.statusBar().clearMessage()
        self._first_screen_shown()
        if isinstance(error, UserError):
            from chainchief.ui.forms import show_warning

            show_warning(self, _("ChainChief"), error.message)
            return
        raise error

    # --- map commands ----------------------------------------------------------------------

    def _mode_toggled(self, mode: MapMode, on: bool) -> None:
        if on:
            self.set_view(mode)

    def set_view(self, view: MapMode) -> None:
        self.scene.set_view(view)
        self.map_actions.gaps_only.setEnabled(view is MapMode.STATUS)

    def _search(self, text: str) -> list[SearchHit]:
        from chainchief.services.chains.details import search_map

        return search_map(self.db, text)

    def focus_search(self) -> None:
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    def go_to_hit(self, hit: SearchHit) -> None:
        if hit.chain_id == self.chain_id and self.scene.chain is not None:
            self.focus_segment(hit.segment_id)
            return
        self._pending_focus = hit.segment_id
        self.navigator.select_chain(hit.chain_id, notify=False)
        self.load_chain(hit.chain_id)

    def focus_segment(self, segment_id: int) -> None:
        """Select the card, bring it to the middle of the view and flash it."""
        if segment_id not in self.scene.card_ids():
            return
        self.scene.select(segment_id)
        self.reveal_inspector()
        self.view.centre_on_segment(segment_id)
        self.scene.flash(segment_id)

    def _segment_selected(self, segment_id: int) -> None:
        if segment_id < 0:
            self.inspector.clear()
            return
        from chainchief.services.chains.details import segment_details

        try:
            details = segment_details(self.db, segment_id)
        except UserError as error:
            self.statusBar().showMessage(error.message, 5000)
            return
        self.inspector.show_segment(self.scene.card(segment_id), details)

    def reveal_inspector(self) -> None:
        """Open the inspector dock for a selection (after the mouse let go: opening it
        resizes the map, which must not happen under a card being dragged)."""
        if self.inspector.isHidden() and self.scene.selected is not None:
            self.inspector.show()

    def open_inspector(self) -> None:
        """Enter on a card: show the inspector and give its first button the focus (Esc or
        Shift+Tab come back to the map)."""
        self.reveal_inspector()
        buttons = [b for b in self.inspector.findChildren(QToolButton) if b.isEnabled()]
        if buttons:
            buttons[0].setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _pin(self, segment_id: int, x: float, y: float) -> None:
        """A dropped card stays there: an undo step (drops of one card in a row merge)."""
        if self.chain_id is None:
            return
        from chainchief.ui.map.pin_commands import PinCommand

        name = self.scene.card(segment_id).name
        text = _("Move {segment}").format(segment=name)
        if not self.editing.editor.run(
            PinCommand(self.editing.editor, text, self.chain_id, segment_id, (x, y))
        ):
            self.load_chain(self.chain_id, keep_view=True)

    def relayout(self) -> None:
        """Forget every pin of the chain and lay it out anew, as one undo step."""
        if self.chain_id is None:
            return
        from chainchief.ui.map.pin_commands import RelayoutCommand

        command = RelayoutCommand(self.editing.editor, _("Re-layout"), self.chain_id)
        self.editing.editor.run(command)

    def export_dialog(self) -> None:
        chain = self.scene.chain
        if chain is None:
            return
        view_name = _("Local status map") if self.scene.status_view else _("Panorama")
        suggested = str(Path.home() / f"{chain.chain}-{view_name}.png")
        from PySide6.QtWidgets import QFileDialog

        path, _filter = QFileDialog.getSaveFileName(
            self,
            _("Export map"),
            suggested,
            _(
                "PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf);;"
                "yEd GraphML (*.graphml)"
            ),
        )
        if path:
            self.export_to(path)

    def export_to(self, path: str) -> None:
        chain, view, gaps_only = self.scene.chain, self.scene.view, self.scene.gaps_only
        if chain is None:
            return
        from chainchief.ui.map.export import export_map  # QtSvg and the PDF writer, when asked

        self.statusBar().showMessage(_("Exporting {path}…").format(path=path))
        submit(
            self,
            lambda _progress: export_map(chain, view, path, gaps_only=gaps_only),
            self._export_done,
            self._failed,
        )

    def _export_done(self, path: Path) -> None:
        announce(_("Map saved to {path}").format(path=path), path)
        self.exported.emit(str(path))

    def about(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.about(
            self,
            _("About ChainChief"),
            _("ChainChief: the workbench of the industrial-chain chief system."),
        )

    # --- window layout ---------------------------------------------------------------------

    def _restore_layout(self) -> None:
        settings = ui_settings()
        geometry = settings.value("window/geometry")
        if isinstance(geometry, QByteArray) and self.restoreGeometry(geometry):
            state = settings.value("window/state")
            if isinstance(state, QByteArray):
                self.restoreState(state)
        else:
            self.resize(1366, 768)
            docks = [self.navigator, self.inspector]
            self.resizeDocks(docks, [220, 300], Qt.Orientation.Horizontal)
            self.inspector.hide()
        if settings.value("map/view") == MapMode.PANORAMA.value:
            self.map_actions.panorama.setChecked(True)
        self.map_actions.gaps_only.setChecked(settings.value("map/gaps_only") in (True, "true"))

    def closeEvent(self, event: QCloseEvent) -> None:
        settings = ui_settings()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/state", self.saveState())
        settings.setValue("map/view", self.scene.view.value)
        settings.setValue("map/gaps_only", self.scene.gaps_only)
        if self.chain_id is not None:
            settings.setValue("map/chain", self.chain_id)
        settings.sync()
        super().closeEvent(event)

    # --- benchmark hook --------------------------------------------------------------------

    def _install_first_paint_hook(self) -> None:
        """With CHAINCHIEF_EXIT_AFTER_FIRST_PAINT=1, print when the map is first painted, quit."""
        self._paint_hook: FirstPaintReport | None = None
        if os.environ.get(EXIT_AFTER_FIRST_PAINT) == "1":
            self._paint_hook = FirstPaintReport(self)
            self.view.viewport().installEventFilter(self._paint_hook)

    def _arm_paint_hook(self) -> None:
        """The next paint of the map's view is the one the benchmark reports."""
        if self._paint_hook is not None:
            self._paint_hook.armed = True


def _chain_name(chain: ChainRow) -> str:
    return chain.name
