"""Widgets shared by the editing dialogs, the table editors and the read-only report tables.

A field is checked as people type by the service's own ``*_problem`` function (the importer's
parsers), so the UI knows no rule: it only shows the reason next to the field and will not
commit while there is one.
"""

from __future__ import annotations

import datetime as dt
from abc import abstractmethod
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QDate, QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTreeView,
    QWidget,
)

from chainchief.domain.enums import CodedEnum
from chainchief.domain.errors import ConflictError, UserError
from chainchief.i18n import _
from chainchief.ui.colours import error_style
from chainchief.ui.qt_abc import QtABCMeta

Check = Callable[[str], str | None]
"""Why a typed text would be refused, or None."""

INVALID_STYLE = "border: 2px solid #c0392b; border-radius: 3px;"


class ServiceValidator(QValidator):
    """Acceptable when the service's check passes; Intermediate (keep typing) otherwise, so
    Qt's item views and dialogs refuse to commit the text while it would be refused."""

    def __init__(self, check: Check, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._check = check

    def validate(self, text: str, pos: int) -> object:
        if self._check(text) is None:
            return QValidator.State.Acceptable
        return QValidator.State.Intermediate


class CheckedLineEdit(QLineEdit):
    """A line edit that says, while people type, why its text would be refused."""

    problem_changed = Signal(str)
    """The reason the text would be refused, or "" when it is fine."""

    def __init__(self, check: Check | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._check = check
        self.problem: str | None = check(self.text()) if check is not None else None
        if check is not None:
            self.setValidator(ServiceValidator(check, self))
            self.textChanged.connect(self._recheck)

    def _recheck(self, text: str) -> None:
        assert self._check is not None
        problem = self._check(text)
        if problem == self.problem:
            return
        self.problem = problem
        self.setStyleSheet(INVALID_STYLE if problem else "")
        self.setToolTip(problem or "")
        self.problem_changed.emit(problem or "")


def enum_combo(
    enum: type[CodedEnum], current: str | None = None, parent: QWidget | None = None
) -> QComboBox:
    """A drop-down of an enum's labels, carrying the codes as item data."""
    combo = QComboBox(parent)
    for member in enum:
        combo.addItem(member.label, member.value)
    if current is not None:
        combo.setCurrentIndex(max(0, combo.findData(current)))
    return combo


def name_box(
    names: Sequence[str], current: str | None, check: Check | None, parent: QWidget | None = None
) -> QComboBox:
    """An editable drop-down of known names; a new name may be typed (it becomes a record)."""
    combo = QComboBox(parent)
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    combo.setLineEdit(CheckedLineEdit(check, combo))
    combo.addItem("")
    combo.addItems(list(names))
    completer = QCompleter(list(names), combo)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    combo.setCompleter(completer)
    combo.setEditText(current or "")
    return combo


def error_label(parent: QWidget | None = None) -> QLabel:
    """The red line under a form where a refusal is explained."""
    label = QLabel(parent)
    label.setWordWrap(True)
    label.setStyleSheet(error_style())
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.hide()
    return label


def show_error(label: QLabel, message: str | None) -> None:
    label.setText(message or "")
    label.setVisible(bool(message))


def confirm(parent: QWidget, title: str, text: str, details: Sequence[str] = ()) -> bool:
    """Ask before a destructive action; ``details`` say what goes with it."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, parent=parent)
    if details:
        box.setInformativeText("\n".join(details))
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    return box.exec() == QMessageBox.StandardButton.Yes


def ask_overwrite(parent: QWidget | None, message: str) -> bool:
    """Someone changed the row since it was read: 重新加载 (the default) or 仍然覆盖. True when
    the user keeps their own change over the other one."""
    box = QMessageBox(QMessageBox.Icon.Warning, _("Changed meanwhile"), message, parent=parent)
    box.setObjectName("conflict")
    box.setInformativeText(_("Reload to see their change, or overwrite it with yours?"))
    reload = box.addButton(_("Reload"), QMessageBox.ButtonRole.RejectRole)
    overwrite = box.addButton(_("Overwrite anyway"), QMessageBox.ButtonRole.DestructiveRole)
    box.setDefaultButton(reload)
    box.setEscapeButton(reload)
    box.exec()
    return box.clickedButton() is overwrite


def run_change(
    parent: QWidget, change: Callable[[], object], overwrite: Callable[[], object] | None = None
) -> bool:
    """One service call made from a page; True when it was made. A refusal is shown. When
    someone changed the row meanwhile and ``overwrite`` (the same change without the version
    check) is given, the user chooses to reload or to overwrite."""
    try:
        change()
    except ConflictError as conflict:
        if overwrite is not None and conflict.stale:
            return ask_overwrite(parent, conflict.message) and run_change(parent, overwrite)
        QMessageBox.warning(parent, _("Changed meanwhile"), conflict.message)
        return False
    except UserError as error:
        QMessageBox.warning(parent, _("ChainChief"), error.message)
        return False
    return True


def show_refusal(parent: QWidget, message: str) -> QMessageBox:
    """A refusal the user must read, shown without blocking the window's event loop."""
    box = show_warning(parent, _("Not changed"), message)
    box.setObjectName("refusal")
    return box


def show_warning(parent: QWidget, title: str, message: str) -> QMessageBox:
    """A warning that does not block: a nested event loop inside a slot (a worker's result,
    a refusal) would let other queued slots run under it, half-way through this one."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, message, parent=parent)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


Submit = Callable[[dict[str, Any]], str | None]
"""Apply a dialog's values; the refusal's message, or None (or "") when done."""


class SubmitDialog(QDialog, metaclass=QtABCMeta):
    """OK hands the values to ``submit``; a refusal is shown and the dialog stays open.

    Subclasses lay out their fields, then ``error`` and ``buttons`` (made here, and parented
    when laid out: a widget joins the focus chain when it gets its parent, so the first field,
    not OK, has the focus when the dialog opens and Tab runs from the fields to the buttons)."""

    def __init__(self, parent: QWidget | None, title: str, submit: Submit) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self._submit = submit
        self.error = error_label()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    @abstractmethod
    def values(self) -> dict[str, Any]:
        """What the dialog hands to ``submit``, keyed by the service's field names."""

    def enable_ok(self, enabled: bool) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(enabled)

    def accept(self) -> None:
        message = self._submit(self.values())
        if message:
            show_error(self.error, message)
            return
        super().accept()


def qdate(day: dt.date) -> QDate:
    """A Python date as a QDate (PySide6 converts at run time, but its stubs do not say so)."""
    return QDate(day.year, day.month, day.day)


def pydate(value: QDate) -> dt.date:
    """A QDate as a Python date, typed (``QDate.toPython`` is typed as object)."""
    return dt.date(value.year(), value.month(), value.day())


class _WrappingDelegate(QStyledItemDelegate):
    """Sizes a row for its text wrapped to the column's width; QTreeView itself measures rows
    as one unbroken line, so its word wrap alone draws wrapped text into a one-line row."""

    def __init__(self, view: QTreeView) -> None:
        super().__init__(view)
        self.view = view

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
                 ) -> QSize:  # fmt: skip
        depth, parent = 0, index.parent()
        while parent.isValid():
            depth, parent = depth + 1, parent.parent()
        if self.view.rootIsDecorated():
            depth += 1
        width = self.view.columnWidth(index.column()) - depth * self.view.indentation()
        sized = QStyleOptionViewItem(option)
        sized.rect = QRect(0, 0, max(width, 1), 1)
        return super().sizeHint(sized, index)


def read_only_table(
    headers: list[str], *, fit_contents: bool = False, stretch_last: bool = True
) -> QTableWidget:
    """A table to read and copy from (reports, previews, proposals): whole rows are selected,
    no row numbers; ``fit_contents`` sizes each column to its text, ``stretch_last`` gives the
    last one the rest of the width."""
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    table.verticalHeader().setVisible(False)
    if fit_contents:
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(stretch_last)
    return table


def wrap_long_lines(view: QTreeView) -> None:
    """Let a one-column tree (the agenda) wrap long lines instead of cutting them off: the
    column fills the view and never scrolls sideways, so each row grows to hold its text."""
    view.setWordWrap(True)
    view.setUniformRowHeights(False)
    view.setTextElideMode(Qt.TextElideMode.ElideNone)
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.header().setStretchLastSection(True)
    view.header().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    view.setItemDelegate(_WrappingDelegate(view))
    view.header().sectionResized.connect(lambda *_sizes: view.doItemsLayout())
