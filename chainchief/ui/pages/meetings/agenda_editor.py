"""The meeting's agenda as an editable outline: points with their lines, before the meeting.

The agenda text is Chinese file text (it goes into the workbook and the invitations), so it is
shown and stored as typed. Until someone saves an edit the agenda is built from the data; "Build
from the data again" forgets the edit. A held meeting's agenda is read-only.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from chainchief.domain.agenda import AgendaItem
from chainchief.i18n import _
from chainchief.ui.forms import wrap_long_lines

SECTION_ROLE = Qt.ItemDataRole.UserRole + 1
NEW_SECTION = "other"
NEW_POINT = "新议题"
NEW_LINE = "新内容"


class AgendaEditor(QWidget):
    save_requested = Signal(list)
    reset_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = QLabel()
        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        wrap_long_lines(self.tree)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.add_point_button = QPushButton(_("Add point"))
        self.add_line_button = QPushButton(_("Add line"))
        self.remove_button = QPushButton(_("Remove"))
        self.up_button = QPushButton(_("Up"))
        self.down_button = QPushButton(_("Down"))
        self.save_button = QPushButton(_("Save agenda"))
        self.reset_button = QPushButton(_("Build from the data again"))
        self.add_point_button.clicked.connect(self.add_point)
        self.add_line_button.clicked.connect(self.add_line)
        self.remove_button.clicked.connect(self.remove_current)
        self.up_button.clicked.connect(lambda: self.move_current(-1))
        self.down_button.clicked.connect(lambda: self.move_current(1))
        self.save_button.clicked.connect(lambda: self.save_requested.emit(self.items()))
        self.reset_button.clicked.connect(self.reset_requested.emit)
        edit_row = QHBoxLayout()
        for button in (
            self.add_point_button,
            self.add_line_button,
            self.remove_button,
            self.up_button,
            self.down_button,
        ):
            edit_row.addWidget(button)
        edit_row.addStretch(1)
        save_row = QHBoxLayout()
        save_row.addWidget(self.state, 1)
        save_row.addWidget(self.reset_button)
        save_row.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(edit_row)
        layout.addWidget(self.tree, 1)
        layout.addLayout(save_row)
        self._editable = True

    def set_agenda(self, items: list[AgendaItem], *, edited: bool, editable: bool) -> None:
        self._editable = editable
        self.tree.clear()
        for item in items:
            point = self._point(item.title, item.section)
            for line in item.lines:
                self._line(point, line)
        self.tree.expandAll()
        if not editable:
            self.state.setText(_("The meeting was held; its agenda is kept as it was."))
        elif edited:
            self.state.setText(_("Edited by hand."))
        else:
            self.state.setText(_("Built from the data; edit it before the meeting."))
        for button in (
            self.add_point_button,
            self.add_line_button,
            self.remove_button,
            self.up_button,
            self.down_button,
            self.save_button,
        ):
            button.setEnabled(editable)
        self.reset_button.setEnabled(editable and edited)

    def _flags(self) -> Qt.ItemFlag:
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return flags | Qt.ItemFlag.ItemIsEditable if self._editable else flags

    def _point(self, title: str, section: str, position: int | None = None) -> QTreeWidgetItem:
        point = QTreeWidgetItem([title])
        point.setData(0, SECTION_ROLE, section)
        point.setFlags(self._flags())
        font = point.font(0)
        font.setBold(True)
        point.setFont(0, font)
        if position is None:
            self.tree.addTopLevelItem(point)
        else:
            self.tree.insertTopLevelItem(position, point)
        return point

    def _line(
        self, point: QTreeWidgetItem, text: str, position: int | None = None
    ) -> QTreeWidgetItem:
        line = QTreeWidgetItem([text])
        line.setFlags(self._flags())
        line.setToolTip(0, text)
        if position is None:
            point.addChild(line)
        else:
            point.insertChild(position, line)
        return line

    def items(self) -> list[AgendaItem]:
        found = []
        for point in _children(self.tree.invisibleRootItem()):
            lines = [line.text(0) for line in _children(point)]
            found.append(AgendaItem(point.data(0, SECTION_ROLE), point.text(0), lines))
        return found

    def add_point(self) -> None:
        current = self.tree.currentItem()
        position = self.tree.topLevelItemCount()
        if current is not None:
            top = current.parent() or current
            position = self.tree.indexOfTopLevelItem(top) + 1
        point = self._point(NEW_POINT, NEW_SECTION, position)
        self.tree.setCurrentItem(point)
        self.tree.editItem(point, 0)

    def add_line(self) -> None:
        current = self.tree.currentItem()
        if current is None:
            return
        point = current.parent() or current
        position = point.indexOfChild(current) + 1 if current.parent() else point.childCount()
        line = self._line(point, NEW_LINE, position)
        point.setExpanded(True)
        self.tree.setCurrentItem(line)
        self.tree.editItem(line, 0)

    def remove_current(self) -> None:
        current = self.tree.currentItem()
        if current is None:
            return
        parent = current.parent()
        if parent is None:
            self.tree.takeTopLevelItem(self.tree.indexOfTopLevelItem(current))
        else:
            parent.removeChild(current)

    def move_current(self, step: int) -> None:
        current = self.tree.currentItem()
        if current is None:
            return
        parent = current.parent()
        if parent is None:
            index = self.tree.indexOfTopLevelItem(current)
            target = index + step
            if 0 <= target < self.tree.topLevelItemCount():
                expanded = current.isExpanded()
                self.tree.takeTopLevelItem(index)
                self.tree.insertTopLevelItem(target, current)
                current.setExpanded(expanded)
        else:
            index = parent.indexOfChild(current)
            target = index + step
            if 0 <= target < parent.childCount():
                parent.takeChild(index)
                parent.insertChild(target, current)
        self.tree.setCurrentItem(current)


def _children(item: QTreeWidgetItem) -> list[QTreeWidgetItem]:
    """The items under ``item`` in order (Qt types ``child`` as optional: an index past the
    end gives None, which a count-bounded loop never asks for)."""
    return [child for row in range(item.childCount()) if (child := item.child(row)) is not None]
