"""督办事项: every action item across chains and quarters, with filters, notes and closing.

Filtering is the service's (``ActionFilter``), so the page shows exactly what the ``actions``
command would; the choices in the filter boxes come from the unfiltered list. Counts of open,
overdue and due-soon items go to the status bar and the chain navigator through
``counts_changed``.
"""

from __future__ import annotations

import functools
import html
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from chainchief.domain.enums import ActionStatus
from chainchief.i18n import _
from chainchief.services.actions.items import (
    ActionFilter,
    ActionRow,
    add_progress_note,
    change_status,
    list_actions,
    progress_notes,
)
from chainchief.services.workspace import Workspace
from chainchief.ui.dialogs.action_dialogs import CloseActionDialog
from chainchief.ui.forms import run_change
from chainchief.ui.models.action_items import (
    ROW_ROLE,
    ActionColumn,
    ActionCounts,
    ActionSortModel,
    ActionTableModel,
    urgency_label,
)
from chainchief.ui.models.collation import compare_names

ANY = None


def _choice_box(tip: str) -> QComboBox:
    box = QComboBox()
    box.setToolTip(tip)
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    return box


def _fill(box: QComboBox, everything: str, choices: list[tuple[str, object]]) -> None:
    """Refill a filter box, keeping its choice when it is still offered."""
    kept = box.currentData()
    box.blockSignals(True)
    box.clear()
    box.addItem(everything, ANY)
    for text, value in choices:
        box.addItem(text, value)
    box.setCurrentIndex(max(box.findData(kept), 0))
    box.blockSignals(False)


class ActionItemsPage(QWidget):
    counts_changed = Signal(object, object)
    """(ActionCounts of all items, {chain name: ActionCounts})."""
    changed = Signal()
    """An item was noted or closed here (a meeting page showing it should read it again)."""

    def __init__(self, db: Workspace, actor: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor = db, actor
        self.all_rows: list[ActionRow] = []
        self.chain_box = _choice_box(_("Chain"))
        self.department_box = _choice_box(_("Department"))
        self.status_box = _choice_box(_("Status"))
        self.quarter_box = _choice_box(_("Quarter the item was decided in"))
        self.common_box = _choice_box(_("Common issue"))
        self.overdue_only = QCheckBox(_("Overdue only"))
        for box in (
            self.chain_box,
            self.department_box,
            self.status_box,
            self.quarter_box,
            self.common_box,
        ):
            box.currentIndexChanged.connect(lambda _index: self.apply_filter())
        self.overdue_only.toggled.connect(lambda _on: self.apply_filter())
        self.shown = QLabel()
        self.model = ActionTableModel(self)
        self.proxy = ActionSortModel(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(ActionColumn.CHAIN, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(ActionColumn.ITEM, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_current())
        self.detail = QLabel(_("Choose an item to see its progress notes."))
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.notes = QListWidget()
        self.notes.setWordWrap(True)
        self.note_edit = QLineEdit()
        self.note_edit.setPlaceholderText(_("Progress today, e.g. met the investor"))
        self.note_edit.returnPressed.connect(self.add_note)
        self.note_button = QPushButton(_("Add note"))
        self.note_button.clicked.connect(self.add_note)
        self.close_button = QPushButton(_("Close item…"))
        self.close_button.clicked.connect(self.close_dialog)
        self._layout()
        self._show_current()
        self.loaded = False

    def _layout(self) -> None:
        filters = QHBoxLayout()
        for widget in (
            self.chain_box,
            self.department_box,
            self.status_box,
            self.quarter_box,
            self.common_box,
            self.overdue_only,
        ):
            filters.addWidget(widget)
        filters.addStretch(1)
        filters.addWidget(self.shown)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(6, 0, 0, 0)
        side_layout.addWidget(self.detail)
        side_layout.addWidget(QLabel(_("Progress notes")))
        side_layout.addWidget(self.notes, 1)
        side_layout.addWidget(self.note_edit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.note_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        side_layout.addLayout(buttons)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.table)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(filters)
        layout.addWidget(splitter, 1)

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if not self.loaded:
            self.reload()
        super().showEvent(event)

    # --- reading ----------------------------------------------------------------------------

    def reload(self) -> None:
        """Read every item again: filter choices, the table and the counts."""
        self.set_all_rows(list_actions(self.db))
        self.apply_filter()
        self.loaded = True

    def set_all_rows(self, rows: list[ActionRow]) -> None:
        """The unfiltered items: they give the filter choices and the counts."""
        self.all_rows = rows
        by_name = functools.cmp_to_key(compare_names(lambda text: text))
        chains = sorted({row.chain for row in rows}, key=by_name)
        departments = sorted({row.department for row in rows if row.department}, key=by_name)
        quarters = sorted({row.meeting_quarter for row in rows if row.meeting_quarter})
        _fill(self.chain_box, _("All chains"), [(name, name) for name in chains])
        _fill(self.department_box, _("All departments"), [(name, name) for name in departments])
        _fill(self.status_box, _("Any status"), [(s.label, s.value) for s in ActionStatus])
        _fill(self.quarter_box, _("Any quarter"), [(q, q) for q in reversed(quarters)])
        _fill(
            self.common_box,
            _("Common issue or not"),
            [(_("Common issues only"), True), (_("Not common issues"), False)],
        )
        by_chain = {
            chain: ActionCounts.of([r for r in rows if r.chain == chain]) for chain in chains
        }
        self.counts_changed.emit(ActionCounts.of(rows), by_chain)

    def current_filter(self) -> ActionFilter:
        status = self.status_box.currentData()
        return ActionFilter(
            chain=self.chain_box.currentData(),
            department=self.department_box.currentData(),
            status=ActionStatus(status) if status else None,
            quarter=self.quarter_box.currentData(),
            common_issue=self.common_box.currentData(),
            overdue_only=self.overdue_only.isChecked(),
        )

    def apply_filter(self) -> None:
        selected = self.current_row()
        rows = list_actions(self.db, self.current_filter())
        self.model.set_rows(rows)
        self.shown.setText(
            _("{shown} of {total} items").format(shown=len(rows), total=len(self.all_rows))
        )
        if selected is not None:
            self.select(selected.id)
        self._show_current()

    def set_filter(self, **values: object) -> None:
        """Choose filter values by their data (tests and the navigator use this)."""
        boxes = {
            "chain": self.chain_box,
            "department": self.department_box,
            "status": self.status_box,
            "quarter": self.quarter_box,
            "common_issue": self.common_box,
        }
        for name, value in values.items():
            box = boxes[name]
            box.blockSignals(True)
            box.setCurrentIndex(max(box.findData(value), 0))
            box.blockSignals(False)
        self.apply_filter()

    def shown_rows(self) -> list[ActionRow]:
        """The rows in the order shown (after sorting)."""
        return [self.proxy.index(r, 0).data(ROW_ROLE) for r in range(self.proxy.rowCount())]

    def current_row(self) -> ActionRow | None:
        index = self.table.currentIndex()
        return index.data(ROW_ROLE) if index.isValid() else None

    def select(self, action_id: int) -> bool:
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if index.data(ROW_ROLE).id == action_id:
                self.table.setCurrentIndex(index)
                return True
        return False

    def _show_current(self) -> None:
        row = self.current_row()
        for widget in (self.note_edit, self.note_button, self.close_button):
            widget.setEnabled(row is not None and not row.status.is_closed)
        self.notes.clear()
        if row is None:
            self.detail.setText(_("Choose an item to see its progress notes."))
            return
        lines = [
            f"<b>{html.escape(row.item)}</b>",
            html.escape(f"{row.chain} · {urgency_label(row)}"),
        ]
        if row.completion_note:
            note = _("Completion note: {note}").format(note=row.completion_note)
            lines.append(html.escape(note))
        self.detail.setText("<br>".join(lines))
        for day, text, author in progress_notes(self.db, row.id):
            self.notes.addItem(f"{day.isoformat()}  {text}" + (f"（{author}）" if author else ""))

    # --- changes ----------------------------------------------------------------------------

    def _apply(self, change: Callable[[], object]) -> bool:
        done = run_change(self, change)
        self.reload()
        if done:
            self.changed.emit()
        return done

    def add_note(self) -> bool:
        row = self.current_row()
        if row is None:
            return False
        text = self.note_edit.text()
        done = self._apply(lambda: add_progress_note(self.db, row.id, text, actor=self.actor))
        if done:
            self.note_edit.clear()
        return done

    def close_item(self, action_id: int, version: int, status: ActionStatus, note: str) -> None:
        """Close with its completion note (raises the service's refusal)."""
        change_status(
            self.db, action_id, status, actor=self.actor, note=note, expected_version=version
        )
        self.reload()
        self.changed.emit()

    def close_dialog(self) -> CloseActionDialog | None:
        row = self.current_row()
        if row is None:
            return None
        dialog = CloseActionDialog(
            row.item, lambda status, note: self.close_item(row.id, row.version, status, note), self
        )
        dialog.open()
        return dialog
