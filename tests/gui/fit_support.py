"""What "fits" means for the fit test: every label shown is as wide and as tall as its text,
no tab bar needs scroll arrows, and a literal ``&`` in a tab or menu text is doubled (shown as
``&``, not taken as a shortcut marker)."""

from __future__ import annotations

import re

from PySide6 import QtGui
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QLabel,
    QMenu,
    QPushButton,
    QRadioButton,
    QTabBar,
    QToolButton,
    QWidget,
)

SLACK = 1
"""Pixels of rounding allowed between a text's advance and its widget."""
LONE_AMPERSAND = re.compile(r"(?<!&)&(?=[\s]|$)")
"""An ``&`` followed by a space or the end: meant literally, but Qt would swallow it."""


def _shown(widget: QWidget, root: QWidget) -> bool:
    return widget.isVisibleTo(root) and widget.width() > 0 and widget.height() > 0


def _name(widget: QWidget) -> str:
    parents = []
    at: QWidget | None = widget
    while at is not None and len(parents) < 4:
        parents.append(type(at).__name__ + (f"#{at.objectName()}" if at.objectName() else ""))
        at = at.parentWidget()
    return " < ".join(parents)


def _plain(label: QLabel) -> str:
    text = label.text()
    if label.textFormat() == Qt.TextFormat.RichText or (
        label.textFormat() == Qt.TextFormat.AutoText and QtGui.Qt.mightBeRichText(text)
    ):
        document = QTextDocument()
        document.setHtml(text)
        return document.toPlainText()
    return text.replace("&&", "&") if label.buddy() is not None else text


def label_problems(label: QLabel) -> list[str]:
    text = _plain(label)
    if not text.strip() or (label.pixmap() is not None and not label.pixmap().isNull()):
        return []
    metrics = label.fontMetrics()
    room = label.contentsRect().adjusted(
        label.margin(), label.margin(), -label.margin(), -label.margin()
    )
    if label.wordWrap():
        needed = label.heightForWidth(label.width())
        if needed > label.height() + SLACK:
            return [f"{_name(label)}: {text!r} needs {needed}px high, has {label.height()}"]
        return []
    problems = []
    widest = max(metrics.horizontalAdvance(line) for line in text.split("\n"))
    if widest > room.width() + SLACK:
        problems.append(f"{_name(label)}: {text!r} needs {widest}px wide, has {room.width()}")
    lines = text.count("\n") + 1
    if metrics.height() * lines > label.height() + SLACK:
        problems.append(
            f"{_name(label)}: {text!r} needs {metrics.height() * lines}px high, "
            f"has {label.height()}"
        )
    return problems


def button_problems(button: QAbstractButton) -> list[str]:
    """A push button, check box or radio button narrower than it asks to be cuts its text."""
    if not button.text() or isinstance(button, QToolButton):
        return []
    if not isinstance(button, QPushButton | QCheckBox | QRadioButton):
        return []
    wanted = button.minimumSizeHint().width()
    if button.width() + SLACK < wanted:
        return [f"{_name(button)}: {button.text()!r} needs {wanted}px wide, has {button.width()}"]
    return []


def tab_bar_problems(bar: QTabBar) -> list[str]:
    problems = []
    arrows = [b for b in bar.findChildren(QToolButton) if b.isVisible()]
    if arrows:
        problems.append(f"{_name(bar)}: scroll arrows shown ({bar.count()} tabs)")
    for index in range(bar.count()):
        if LONE_AMPERSAND.search(bar.tabText(index)):
            problems.append(f"{_name(bar)}: '&' not escaped in {bar.tabText(index)!r}")
    return problems


def menu_problems(menus: list[QMenu]) -> list[str]:
    problems = []
    for menu in menus:
        for action in menu.actions():
            if LONE_AMPERSAND.search(action.text()):
                problems.append(f"menu {menu.title()!r}: '&' not escaped in {action.text()!r}")
            if action.menu() is not None:
                problems.extend(menu_problems([action.menu()]))
    return problems


def fit_problems(root: QWidget) -> list[str]:
    """Everything shown under ``root`` (itself included) that does not fit."""
    problems: list[str] = []
    for label in [*root.findChildren(QLabel), *([root] if isinstance(root, QLabel) else [])]:
        if _shown(label, root):
            problems.extend(label_problems(label))
    for button in root.findChildren(QAbstractButton):
        if _shown(button, root):
            problems.extend(button_problems(button))
    for bar in root.findChildren(QTabBar):
        if _shown(bar, root):
            problems.extend(tab_bar_problems(bar))
    return problems
