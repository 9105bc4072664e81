"""Names for screen readers where Qt finds none, and Tab that leaves read-only tables.

Qt reads a button's text, a labelled field's label and a window's title by itself; a search
field with only a placeholder, or a table alone on its page, is read as nothing. Those get
their placeholder, their tool tip or, last, the title of the page they sit on.

Qt's tables take Tab to move from cell to cell, which in a table nobody types into only traps
the keyboard: there Tab goes on to the next control and the arrow keys move inside.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QAbstractItemView, QAbstractSpinBox, QLineEdit, QWidget


def spoken_name(widget: QWidget) -> str:
    """What a screen reader announces for ``widget`` ("" when nothing)."""
    interface = QAccessible.queryAccessibleInterface(widget)
    return interface.text(QAccessible.Text.Name) if interface is not None else ""


def takes_focus(widget: QWidget) -> bool:
    return bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus)


def name_unnamed(root: QWidget, page_title: str) -> None:
    """Give ``root`` and every focusable control under it that would be read as nothing a
    name."""
    for widget in [root, *root.findChildren(QWidget)]:
        if not takes_focus(widget) or spoken_name(widget):
            continue
        if isinstance(widget.parentWidget(), QAbstractSpinBox):
            continue  # the spin box's own line edit: the spin box is what is named
        placeholder = widget.placeholderText() if isinstance(widget, QLineEdit) else ""
        widget.setAccessibleName(placeholder or widget.toolTip() or page_title)


def tab_leaves_read_only_views(root: QWidget) -> None:
    """Tab moves on from every item view under ``root`` that cannot be edited."""
    for view in root.findChildren(QAbstractItemView):
        if view.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers:
            view.setTabKeyNavigation(False)
