"""帮助 → 快捷键: every shortcut of the window, read from its actions (never a kept list)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from chainchief.i18n import _


@dataclass(frozen=True)
class ShortcutRow:
    command: str
    keys: str


MNEMONIC_SUFFIX = re.compile(r"\s*\(&[^)]\)")
"""A Chinese menu text's mnemonic, written after it: 设置(&S)."""


def plain_text(text: str) -> str:
    """A menu text without its mnemonic (设置(&S) → 设置; && stays one &) and trailing dots."""
    text = MNEMONIC_SUFFIX.sub("", text)
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip(".…").strip()


def key_text(keys: list[QKeySequence]) -> str:
    native = QKeySequence.SequenceFormat.NativeText
    return ", ".join(key.toString(native) for key in keys if not key.isEmpty())


def shortcut_rows(window: QWidget) -> list[ShortcutRow]:
    """Each action of the window with a shortcut, by command name; undo and redo included."""
    rows = {
        ShortcutRow(plain_text(action.text()) or action.toolTip(), key_text(action.shortcuts()))
        for action in window.findChildren(QAction)
        if any(not key.isEmpty() for key in action.shortcuts())
    }
    return sorted(rows, key=lambda row: (row.keys, row.command))


class ShortcutsDialog(QDialog):
    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName("shortcuts_dialog")
        self.setWindowTitle(_("Keyboard shortcuts"))
        self.rows = shortcut_rows(window)
        self.table = QTableWidget(len(self.rows), 2, self)
        self.table.setAccessibleName(_("Keyboard shortcuts"))
        self.table.setHorizontalHeaderLabels([_("Command"), _("Keys")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        for number, row in enumerate(self.rows):
            self.table.setItem(number, 0, QTableWidgetItem(row.command))
            self.table.setItem(number, 1, QTableWidgetItem(row.keys))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(520, 560)
