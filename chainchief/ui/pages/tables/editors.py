"""Editors of table cells and of new records, built from the columns that describe them.

A TEXT cell is a line edit checked as typed by the service (Qt will not commit it while the
check fails: Enter does nothing, leaving the cell drops the text); a CHOICE cell a drop-down of
the enum; a NAME cell an editable drop-down of known names. The same editors make up the dialog
for a new record, so a field is checked alike in the table and in the dialog.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from chainchief.ui.forms import CheckedLineEdit, Submit, SubmitDialog, name_box, show_error
from chainchief.ui.models.records import ROW_ROLE, EditorKind, TableColumn

Index = QModelIndex | QPersistentModelIndex


def make_editor(column: TableColumn, row: Any, parent: QWidget) -> QWidget:
    """The widget that edits ``column`` (of ``row``, None for a new record)."""
    if column.kind is EditorKind.CHOICE:
        combo = QComboBox(parent)
        for code, label in column.choices:
            combo.addItem(label, code)
        return combo
    if column.kind is EditorKind.NAME:
        names = column.names(row) if column.names else ()
        return name_box(names, None, column.check, parent)
    return CheckedLineEdit(column.check, parent)


def set_editor_value(editor: QWidget, value: Any) -> None:
    if isinstance(editor, QComboBox) and not editor.isEditable():
        editor.setCurrentIndex(max(0, editor.findData(value)))
    elif isinstance(editor, QComboBox):
        editor.setEditText("" if value is None else str(value))
    elif isinstance(editor, QLineEdit):
        editor.setText("" if value is None else str(value))


def editor_value(editor: QWidget) -> Any:
    if isinstance(editor, QComboBox) and not editor.isEditable():
        return editor.currentData()
    if isinstance(editor, QComboBox):
        return editor.currentText()
    assert isinstance(editor, QLineEdit)
    return editor.text()


def _shown(value: Any) -> Any:
    """A value as its editor gives it back (None and numbers as text)."""
    return "" if value is None else value if isinstance(value, str) else str(value)


def editor_problem(editor: QWidget) -> str | None:
    line = editor.lineEdit() if isinstance(editor, QComboBox) else editor
    return line.problem if isinstance(line, CheckedLineEdit) else None


class RecordDelegate(QStyledItemDelegate):
    """Creates each column's editor; never commits a value the service's check refuses."""

    problem = Signal(str)
    """Why the text being typed would be refused ("" when it is fine)."""

    def __init__(self, columns: Sequence[TableColumn], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._columns = list(columns)

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        column = self._columns[index.column()]
        editor = make_editor(column, index.data(ROW_ROLE), parent)
        line = editor.lineEdit() if isinstance(editor, QComboBox) else editor
        if isinstance(line, CheckedLineEdit):
            line.problem_changed.connect(self.problem)
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        set_editor_value(editor, index.data(Qt.ItemDataRole.EditRole))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        if editor_problem(editor):
            return
        value = editor_value(editor)
        if value != _shown(index.data(Qt.ItemDataRole.EditRole)):
            model.setData(index, value)
        self.problem.emit("")


class RecordDialog(SubmitDialog):
    """A new record: one editor per column given, checked as typed; OK runs ``submit``."""

    def __init__(
        self,
        parent: QWidget,
        title: str,
        columns: Sequence[TableColumn],
        submit: Submit,
        *,
        extra: Sequence[tuple[str, str, QWidget]] = (),
        initial: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(parent, title, submit)
        self.setObjectName("record_dialog")
        self.editors: dict[str, QWidget] = {key: widget for key, _label, widget in extra}
        form = QFormLayout()
        for _key, label, widget in extra:
            widget.setParent(self)
            form.addRow(label, widget)
        for column in columns:
            editor = make_editor(column, None, self)
            set_editor_value(editor, (initial or {}).get(column.key))
            self.editors[column.key] = editor
            form.addRow(column.header, editor)
            line = editor.lineEdit() if isinstance(editor, QComboBox) else editor
            if isinstance(line, QLineEdit):
                line.textChanged.connect(self._checked)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self._checked()
        self.resize(460, self.sizeHint().height())

    def _checked(self) -> None:
        problems = [p for p in map(editor_problem, self.editors.values()) if p]
        typed = [
            problem
            for editor in self.editors.values()
            if (problem := editor_problem(editor)) and editor_value(editor)
        ]
        show_error(self.error, typed[0] if typed else None)
        self.enable_ok(not problems)

    def values(self) -> dict[str, Any]:
        return {key: editor_value(editor) for key, editor in self.editors.items()}
