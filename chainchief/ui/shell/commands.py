"""The main window's commands: menus, the tool bar and their shortcuts, built in one place."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QToolBar, QWidget

from chainchief.i18n import _
from chainchief.ui.icons import icon


@dataclass
class MapActions:
    export: QAction
    quit: QAction
    status_view: QAction
    panorama: QAction
    gaps_only: QAction
    fit: QAction
    zoom_in: QAction
    zoom_out: QAction
    find: QAction
    relayout: QAction
    refresh: QAction
    about: QAction


def _action(
    parent: QWidget,
    text: str,
    tip: str,
    slot: Callable[..., object],
    *,
    icon_name: str | None = None,
    shortcuts: list[QKeySequence] | None = None,
    checkable: bool = False,
) -> QAction:
    action = QAction(text, parent)
    if icon_name:
        action.setIcon(icon(icon_name))
    if shortcuts:
        action.setShortcuts(shortcuts)
        tip = f"{tip} ({shortcuts[0].toString(QKeySequence.SequenceFormat.NativeText)})"
    action.setToolTip(tip)
    action.setStatusTip(tip)
    action.setCheckable(checkable)
    (action.toggled if checkable else action.triggered).connect(slot)
    return action


def build_actions(window: QMainWindow, handlers: dict[str, Callable[..., object]]) -> MapActions:
    key = QKeySequence
    actions = MapActions(
        export=_action(window, _("&Export map…"), _("Save the map as PNG, SVG or PDF"),
                       handlers["export"], icon_name="export", shortcuts=[key("Ctrl+E")]),
        quit=_action(window, _("&Quit"), _("Close ChainChief"), window.close,
                     shortcuts=[key(key.StandardKey.Quit)]),
        status_view=_action(window, _("&Local status map"),
                            _("Colour each segment by what the zone has of it"),
                            handlers["status_view"], icon_name="status-map",
                            shortcuts=[key("Ctrl+1")], checkable=True),
        panorama=_action(window, _("&Panorama"), _("The whole chain as it should be"),
                         handlers["panorama"], icon_name="panorama",
                         shortcuts=[key("Ctrl+2")], checkable=True),
        gaps_only=_action(window, _("&Gaps only"), _("Fade strong segments, keep the gaps"),
                          handlers["gaps_only"], icon_name="gaps-only",
                          shortcuts=[key("Ctrl+G")], checkable=True),
        fit=_action(window, _("&Fit to window"), _("Show the whole chain"), handlers["fit"],
                    icon_name="fit", shortcuts=[key("Ctrl+0")]),
        zoom_in=_action(window, _("Zoom &in"), _("Zoom in"), handlers["zoom_in"],
                        icon_name="zoom-in", shortcuts=[key("Ctrl+="), key("Ctrl++")]),
        zoom_out=_action(window, _("Zoom &out"), _("Zoom out"), handlers["zoom_out"],
                         icon_name="zoom-out", shortcuts=[key("Ctrl+-")]),
        find=_action(window, _("&Find…"), _("Find a segment or firm"), handlers["find"],
                     icon_name="search", shortcuts=[key("Ctrl+F")]),
        relayout=_action(window, _("&Re-layout"), _("Forget dragged positions and lay out anew"),
                         handlers["relayout"], icon_name="relayout"),
        refresh=_action(window, _("Re&fresh"), _("Read the data again"), handlers["refresh"],
                        icon_name="refresh", shortcuts=[key("F5")]),
        about=_action(window, _("&About ChainChief"), _("About ChainChief"), handlers["about"]),
    )  # fmt: skip
    # Checked before it joins the group: the group learns which action is current from the
    # action's signals, so checking it with signals blocked afterwards left the group unaware
    # and 全景图 then showed both views pressed.
    blocked = actions.status_view.blockSignals(True)
    actions.status_view.setChecked(True)
    actions.status_view.blockSignals(blocked)
    group = QActionGroup(window)
    group.addAction(actions.status_view)
    group.addAction(actions.panorama)
    return actions


@dataclass(frozen=True)
class Menus:
    """The window's menus, handed to the features that add to them (never looked up by name).

    Edit, Quarter and Supervision are filled when the workbench is built, after the first
    paint; their titles are in the bar from the start, so the bar never shifts."""

    file: QMenu
    edit: QMenu
    view: QMenu
    map: QMenu
    quarter: QMenu
    supervision: QMenu
    help: QMenu


def build_menus(window: QMainWindow, actions: MapActions, docks: list[QAction]) -> Menus:
    bar = window.menuBar()
    file_menu = bar.addMenu(_("&File"))
    file_menu.setObjectName("file_menu")
    file_menu.addAction(actions.export)
    file_menu.addSeparator()
    file_menu.addAction(actions.quit)
    edit_menu = bar.addMenu(_("&Edit"))
    edit_menu.setObjectName("edit_menu")
    view_menu = bar.addMenu(_("&View"))
    view_menu.addActions([actions.status_view, actions.panorama])
    view_menu.addSeparator()
    view_menu.addAction(actions.gaps_only)
    view_menu.addSeparator()
    view_menu.addActions([actions.fit, actions.zoom_in, actions.zoom_out])
    view_menu.addSeparator()
    view_menu.addActions(docks)
    map_menu = bar.addMenu(_("&Map"))
    map_menu.addActions([actions.find, actions.relayout, actions.refresh])
    quarter_menu = bar.addMenu(_("&Quarter"))
    supervision_menu = bar.addMenu(_("&Supervision"))
    supervision_menu.setObjectName("supervision_menu")
    help_menu = bar.addMenu(_("&Help"))
    help_menu.setObjectName("help_menu")
    help_menu.addAction(actions.about)
    return Menus(
        file_menu, edit_menu, view_menu, map_menu, quarter_menu, supervision_menu, help_menu
    )


EDITING_TOOL_ICONS = ("undo", "redo", "add-segment", "link")
"""The editing tools at the head of the map's tool bar (undo, redo, add segment, draw links)."""
RESERVED_TOOL = "reserved_tool"


def build_toolbar(window: QMainWindow, actions: MapActions, search: QWidget) -> QToolBar:
    """The map's tool bar. The editing tools come with the workbench, after the first paint:
    until then disabled stand-ins hold their places, so no button moves when they come."""
    bar = QToolBar(_("Map tools"), window)
    bar.setObjectName("map_tools")
    bar.setMovable(False)
    for icon_name in EDITING_TOOL_ICONS:
        stand_in = QAction(icon(icon_name), "", bar)
        stand_in.setObjectName(RESERVED_TOOL)
        stand_in.setEnabled(False)
        bar.addAction(stand_in)
    bar.addSeparator()
    bar.addActions([actions.status_view, actions.panorama, actions.gaps_only])
    bar.addSeparator()
    bar.addActions([actions.fit, actions.zoom_in, actions.zoom_out])
    bar.addSeparator()
    bar.addActions([actions.relayout, actions.refresh, actions.export])
    bar.addSeparator()
    bar.addWidget(search)
    window.addToolBar(bar)
    return bar


def fill_reserved(bar: QToolBar, tools: list[QAction]) -> None:
    """Put ``tools`` where ``build_toolbar``'s stand-ins are, in their order, and drop those."""
    stand_ins = [action for action in bar.actions() if action.objectName() == RESERVED_TOOL]
    for tool, stand_in in zip(tools, stand_ins, strict=True):
        bar.insertAction(stand_in, tool)
        bar.removeAction(stand_in)
        stand_in.deleteLater()


def put_at(container: QWidget, index: int, items: list[QAction]) -> None:
    """``items`` at position ``index`` of a menu, menu bar or tool bar (at its end when it holds
    fewer): Qt's insert calls take the action to insert before, which an empty one lacks."""
    existing = container.actions()
    if index < len(existing):
        container.insertActions(existing[index], items)
    else:
        container.addActions(items)


def separator(parent: QWidget) -> QAction:
    action = QAction(parent)
    action.setSeparator(True)
    return action
