"""Editing in the main window: the undo stack, the Edit menu, map editing, the table pages.

``install_editing`` is the one call the main window makes; everything here hangs off the
window's existing parts (its scene, tool bar and menu bar, and the place the inspector keeps
for tools) without them knowing.
After every edit, undo or redo the window reads its map and navigator again from the services.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QGridLayout,
    QSizePolicy,
    QToolButton,
    QWidget,
)

from chainchief.i18n import _
from chainchief.ui.forms import ask_overwrite, show_refusal
from chainchief.ui.icons import icon
from chainchief.ui.map.editing import MapEditing
from chainchief.ui.map.segment_commands import SegmentCommands
from chainchief.ui.pages.tables.pages import TablePages, add_table_pages
from chainchief.ui.shell.commands import fill_reserved
from chainchief.ui.undo import Editor

if TYPE_CHECKING:
    from chainchief.ui.shell.main_window import MainWindow


@dataclass
class Editing:
    """The window's editing parts, for the window itself and for tests."""

    editor: Editor
    commands: SegmentCommands
    map: MapEditing
    pages: TablePages
    undo: QAction
    redo: QAction


def install_editing(window: MainWindow) -> Editing:
    editor = Editor(window.db, window.actor, window)
    editor.changed.connect(window.refresh)
    editor.refused.connect(lambda message: show_refusal(window, message))
    editor.ask_overwrite = lambda message: ask_overwrite(window, message)
    commands = SegmentCommands(window, editor)
    map_editing = MapEditing(window, commands)
    undo = editor.stack.createUndoAction(window, _("Undo"))
    undo.setShortcuts([QKeySequence(QKeySequence.StandardKey.Undo)])
    undo.setIcon(icon("undo"))
    redo = editor.stack.createRedoAction(window, _("Redo"))
    redo_keys = [QKeySequence("Ctrl+Shift+Z")]
    redo_keys += [
        key
        for key in QKeySequence.keyBindings(QKeySequence.StandardKey.Redo)
        if key not in redo_keys
    ]
    redo.setShortcuts(redo_keys)
    redo.setIcon(icon("redo"))
    _edit_menu(window, [undo, redo], map_editing)
    _tool_bar(window, [undo, redo], map_editing)
    _inspector_bar(window, commands)
    pages = add_table_pages(window, editor)
    _inspector_follows_the_map(window)
    return Editing(editor, commands, map_editing, pages, undo, redo)


def _edit_menu(window: MainWindow, history: list[QAction], map_editing: MapEditing) -> None:
    menu = window.menus.edit
    menu.addActions(history)
    menu.addSeparator()
    menu.addActions([map_editing.add_segment, map_editing.draw_links, map_editing.delete_segment])


def _tool_bar(window: MainWindow, history: list[QAction], map_editing: MapEditing) -> None:
    fill_reserved(window.map_tools, [*history, map_editing.add_segment, map_editing.draw_links])


def _inspector_bar(window: MainWindow, commands: SegmentCommands) -> None:
    """Buttons above the inspector for the selected segment (the same as its card's menu),
    two by two so they fit a narrow dock in either language."""
    scene = window.scene
    bar = QWidget(window.inspector)
    bar.setObjectName("inspector_tools")
    grid = QGridLayout(bar)
    grid.setContentsMargins(4, 4, 4, 4)
    grid.setSpacing(4)
    buttons = []
    for number, (text, icon_name, run) in enumerate(
        (
            (_("Edit segment"), "edit", commands.edit_segment),
            (_("Add target"), "target", commands.add_target),
            (_("Attach firm"), "firm", commands.attach_firm),
            (_("Delete"), "delete", commands.delete_segment),
        )
    ):
        button = QToolButton(bar)
        button.setIcon(icon(icon_name))
        button.setText(text)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        button.clicked.connect(
            lambda _checked=False, run=run: scene.selected is not None and run(scene.selected)
        )
        grid.addWidget(button, number // 2, number % 2)
        buttons.append(button)

    def selected(segment_id: int) -> None:
        for button in buttons:
            button.setEnabled(segment_id >= 0)

    scene.segment_selected.connect(selected)
    selected(-1)
    window.inspector.put_tools_above(bar)


def _inspector_follows_the_map(window: MainWindow) -> None:
    """The inspector describes a card of the map: it steps aside while another page is shown
    (the tables need the width at 1366×768) and comes back with the map if it was open."""
    remembered = {"on_map": True, "inspector": False}

    def page_changed(_index: int) -> None:
        on_map = window.pages.currentWidget() is window.view
        if on_map == remembered["on_map"]:
            return
        remembered["on_map"] = on_map
        if not on_map:
            remembered["inspector"] = window.inspector.isVisible()
            window.inspector.hide()
        elif remembered["inspector"]:
            window.inspector.show()

    window.pages.currentChanged.connect(page_changed)
