"""What the map's features (editing gestures, segment commands) use of the window around them.

They are typed against this Protocol instead of ``MainWindow``: they reach only for the scene,
the view, the shown chain and the status bar, and they do not import the shell that builds
them, so the ui's layers (shell above the map) hold without a hidden cycle.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import SignalInstance
from PySide6.QtWidgets import QStatusBar, QWidget

from chainchief.ui.map.scene import ChainScene
from chainchief.ui.map.view import ChainView


class MapHost(Protocol):
    scene: ChainScene
    view: ChainView
    chain_id: int | None
    """The chain the map shows, None before one is chosen."""
    map_loaded: SignalInstance
    """Emitted with the chain id once a chain's map is drawn."""

    def focus_segment(self, segment_id: int) -> None:
        """Select a segment's card, centre it and show it in the inspector."""

    def statusBar(self) -> QStatusBar:
        """The window's status bar, for short messages."""

    def window(self) -> QWidget:
        """The top-level widget: the parent of dialogs, menus and actions."""
