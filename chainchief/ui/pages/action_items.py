"""督办事项: every action item across chains and quarters, with filters, lights and the loop.

Filtering is the service's (``ActionFilter``), so the page shows exactly what the ``actions``
command would; the choices in the filter boxes come from the unfiltered list. The side panel
shows the item's history and offers the steps of its supervision loop (签收, 进展, 申请办结,
复核通过, 退回, 申请延期, 延期审批, 取消), each through its service. Counts of open, overdue,
due-soon and red items go to the status bar and the chain navigator through ``counts_changed``.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
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
from chainchief.domain.lights import Light
from chainchief.domain.supervision import Step
from chainchief.i18n import _
from chainchief.services.actions.items import ActionFilter, ActionRow, list_actions
from chainchief.services.actions.supervision import extension_requests, history
from chainchief.services.workspace import Workspace
from chainchief.ui.dialogs.action_dialogs import StepDialog
from chainchief.ui.forms import run_change
from chainchief.ui.models.action_counts import ActionCounts
from chainchief.ui.models.action_items import (
    ROW_ROLE,
    ActionColumn,
    ActionSortModel,
    ActionTableModel,
    light_label,
    status_label,
)
from chainchief.ui.models.collation import compare_names
from chainchief.ui.pages.action_steps import DECISIONS, offered_steps, take_step

ANY = None
ITEM_CHARACTERS = 16
"""Width of the action-item column, in Chinese characters (one line height wide each)."""
DIALOG_STEPS = (
    Step.REQUEST_COMPLETION,
    Step.VERIFY,
    Step.RETURN,
    Step.REQUEST_EXTENSION,
    Step.APPROVE_EXTENSION,
    Step.CANCEL,
)
"""The steps with a button opening a dialog (签收 needs none; 进展 has its own line)."""


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
        self.light_box = _choice_box(_("Light"))
        self.overdue_only = QCheckBox(_("Overdue only"))
        for box in (
            self.chain_box,
            self.department_box,
            self.status_box,
            self.quarter_box,
            self.common_box,
            self.light_box,
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
        # The item's text is the longest and the one people read: a column of its own width,
        # wrapped into as many lines as it needs, instead of what the other columns leave.
        header.setSectionResizeMode(ActionColumn.ITEM, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(ActionColumn.ITEM, ITEM_CHARACTERS * self.fontMetrics().height())
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_current())
        self.detail = QLabel(_("Choose an item to see its history."))
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.notes = QListWidget()
        self.notes.setWordWrap(True)
        self.note_edit = QLineEdit()
        self.note_edit.setPlaceholderText(_("Progress today, e.g. met the investor"))
        self.note_edit.returnPressed.connect(self.add_note)
        self.note_button = QPushButton(Step.REPORT_PROGRESS.label)
        self.note_button.clicked.connect(self.add_note)
        self.acknowledge_button = QPushButton(Step.ACKNOWLEDGE.label)
        self.acknowledge_button.clicked.connect(self.acknowledge)
        self.step_buttons: dict[Step, QPushButton] = {}
        for step in DIALOG_STEPS:
            text = _("Decide extension…") if step in DECISIONS else step.label + "…"
            button = QPushButton(text)
            button.clicked.connect(functools.partial(self.step_dialog, step))
            self.step_buttons[step] = button
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
            self.light_box,
            self.overdue_only,
        ):
            filters.addWidget(widget)
        filters.addStretch(1)
        filters.addWidget(self.shown)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(6, 0, 0, 0)
        side_layout.addWidget(self.detail)
        side_layout.addWidget(QLabel(_("History")))
        side_layout.addWidget(self.notes, 1)
        note_row = QHBoxLayout()
        note_row.addWidget(self.note_edit, 1)
        note_row.addWidget(self.note_button)
        side_layout.addLayout(note_row)
        steps = QGridLayout()
        buttons = [self.acknowledge_button, *self.step_buttons.values()]
        for number, button in enumerate(buttons):
            steps.addWidget(button, number // 3, number % 3)
        side_layout.addLayout(steps)
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
        _fill(self.light_box, _("Any light"), [(light.label, light.value) for light in Light])
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
        light = self.light_box.currentData()
        return ActionFilter(
            chain=self.chain_box.currentData(),
            department=self.department_box.currentData(),
            status=ActionStatus(status) if status else None,
            quarter=self.quarter_box.currentData(),
            common_issue=self.common_box.currentData(),
            overdue_only=self.overdue_only.isChecked(),
            light=Light(light) if light else None,
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
            "light": self.light_box,
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
        offered = offered_steps(row) if row is not None else []
        for widget in (self.note_edit, self.note_button):
            widget.setEnabled(Step.REPORT_PROGRESS in offered)
        self.acknowledge_button.setEnabled(Step.ACKNOWLEDGE in offered)
        for step, button in self.step_buttons.items():
            button.setEnabled(step in offered)
        self.notes.clear()
        if row is None:
            self.detail.setText(_("Choose an item to see its history."))
            return
        heading, *lines = _summary(row)
        self.detail.setText(
            "<br>".join([f"<b>{html.escape(heading)}</b>", *(html.escape(x) for x in lines)])
        )
        for entry in history(self.db, row.id):
            line = f"{entry.day.isoformat()}  {entry.step.label}"
            if entry.text:
                line += f"：{entry.text}"
            self.notes.addItem(line + (f"（{entry.actor}）" if entry.actor else ""))

    # --- changes ----------------------------------------------------------------------------

    def read_item(self, action_id: int) -> None:
        """Read one item again after a step on it: its row repaints where it is, the counts
        and filter choices follow, and nothing else is read. Under a filter the item may
        leave the view, so the filtered list is read again instead."""
        if self.current_filter() != ActionFilter():
            self.reload()
            return
        fresh = {row.id: row for row in list_actions(self.db, ActionFilter(ids=(action_id,)))}
        self.set_all_rows([fresh.get(row.id, row) for row in self.all_rows])
        for row in fresh.values():
            self.model.put_row(row)
        self._show_current()

    def _apply(self, row: ActionRow, change: Callable[[], object]) -> bool:
        done = run_change(self, change)
        self.read_item(row.id)
        if done:
            self.changed.emit()
        return done

    def add_note(self) -> bool:
        row = self.current_row()
        if row is None:
            return False
        text = self.note_edit.text()
        done = self._apply(
            row, lambda: take_step(self.db, self.actor, row, Step.REPORT_PROGRESS, text, None)
        )
        if done:
            self.note_edit.clear()
        return done

    def acknowledge(self) -> bool:
        row = self.current_row()
        if row is None:
            return False
        return self._apply(
            row, lambda: take_step(self.db, self.actor, row, Step.ACKNOWLEDGE, "", None)
        )

    def take(self, row: ActionRow, step: Step, text: str, new_due: dt.date | None) -> None:
        """Take ``step`` from a dialog (raises the service's refusal, which the dialog shows)."""
        take_step(self.db, self.actor, row, step, text, new_due)
        self.read_item(row.id)
        self.changed.emit()

    def step_dialog(self, step: Step) -> StepDialog | None:
        row = self.current_row()
        if row is None:
            return None
        steps = list(DECISIONS) if step in DECISIONS else [step]
        dialog = StepDialog(
            row.item,
            steps,
            lambda chosen, text, new_due: self.take(row, chosen, text, new_due),
            self,
            context=self._pending_text(row) if step in DECISIONS else "",
            due=row.due,
        )
        dialog.open()
        return dialog

    def focus_chain(self, chain: str) -> None:
        """The navigator chose ``chain``: show its items only (全部产业链 in the box shows all)."""
        index = self.chain_box.findData(chain)
        if index >= 0:
            self.chain_box.setCurrentIndex(index)

    def _pending_text(self, row: ActionRow) -> str:
        pending = [r for r in extension_requests(self.db, row.id) if r.decided_on is None]
        if not pending:
            return ""
        request = pending[-1]
        return _("{who} asks to move the deadline from {old} to {new}: {reason}").format(
            who=request.requested_by or "",
            old=request.old_due.isoformat() if request.old_due else "",
            new=request.new_due.isoformat(),
            reason=request.reason,
        )


def _summary(row: ActionRow) -> list[str]:
    """The side panel's heading lines: item, chain, status and light, deadlines, notes."""
    lines = [row.item, f"{row.chain} · {status_label(row)}"]
    if row.light is not None:
        lines.append(light_label(row))
    if row.due is not None:
        due = _("Due {due}").format(due=row.due.isoformat())
        if row.original_due and row.original_due != row.due:
            due += " · " + _("first due {original}, extended {n} times").format(
                original=row.original_due.isoformat(), n=row.extensions
            )
        lines.append(due)
    if row.completion_note:
        lines.append(_("Completion note: {note}").format(note=row.completion_note))
    return lines
