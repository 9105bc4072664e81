"""What the foresight features (scenario previews, the 风险 page, the brief, 历史对比) use of the
window around them.

They are typed against this Protocol instead of ``MainWindow``: the shell builds them, and they
must not import the shell back (the ui's layers keep the shell on top without a hidden cycle).
Beside the map (``MapHost``) and a place for pages (``PageHost``) they need the window's
workspace, the File and Map menus, the status-map toggle, the navigator and the undo editor.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import SignalInstance
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from chainchief.services.workspace import Workspace
from chainchief.ui.map.host import MapHost
from chainchief.ui.map.inspector import InspectorDock
from chainchief.ui.map.navigator import NavigatorDock
from chainchief.ui.map.scene import MapMode
from chainchief.ui.pages.tables.pages import PageHost
from chainchief.ui.undo import Editor


class Menus(Protocol):
    """The menus foresight adds to."""

    @property
    def file(self) -> QMenu: ...

    @property
    def map(self) -> QMenu: ...


class ModeActions(Protocol):
    @property
    def status_view(self) -> QAction:
        """The checkable 现状图 action, checked while a preview is on the map."""


class EditingParts(Protocol):
    @property
    def editor(self) -> Editor:
        """The undo stack 应用 runs a landing on, as one step."""


class ForesightHost(MapHost, PageHost, Protocol):
    db: Workspace
    rows_loaded: SignalInstance
    """Emitted after the records were read again (the 风险 page goes stale)."""

    @property
    def menus(self) -> Menus: ...

    @property
    def map_actions(self) -> ModeActions: ...

    @property
    def editing(self) -> EditingParts: ...

    @property
    def navigator(self) -> NavigatorDock: ...

    @property
    def inspector(self) -> InspectorDock: ...

    def show_page(self, widget: QWidget) -> None:
        """Bring the page holding ``widget`` to the front."""

    def load_chain(self, chain_id: int, *, keep_view: bool = False) -> None:
        """Draw a chain's map (ending any preview on it)."""

    def set_view(self, view: MapMode) -> None:
        """Switch the map between the status map and the panorama."""
