"""A banner across the top of the main window for states the user must not miss."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMainWindow, QToolBar

from chainchief.i18n import _


def show_read_only_banner(window: QMainWindow) -> QToolBar:
    """Say plainly that this database opened read-only, so refused edits are no surprise."""
    bar = QToolBar(window)
    bar.setObjectName("read_only_banner")
    bar.setMovable(False)
    bar.setFloatable(False)
    label = QLabel(
        _("This database is open read-only: you can look at everything, but changes are refused.")
    )
    label.setStyleSheet(
        "QLabel { background: #FFEB9C; color: #5C4300; padding: 6px 12px; font-weight: bold; }"
    )
    bar.addWidget(label)
    bar.setStyleSheet("QToolBar { background: #FFEB9C; border: none; }")
    window.addToolBarBreak(Qt.ToolBarArea.TopToolBarArea)
    window.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
    return bar
