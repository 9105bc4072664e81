"""生成年度计划 / Plan the year: the scheduler's proposal, shown in full before anything is saved.

Planning runs in a worker with progress and Cancel; the dialog then lists every proposed
meeting, the warnings, every saved meeting the plan moves (a holiday, an absence, a clash) with
why, and every meeting that could not be placed with its reason. Only "Save plan" writes,
through the schedule service, again off the GUI thread.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHeaderView,
    QLabel,
    QListWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from chainchief.domain.errors import UserError
from chainchief.domain.scheduler_model import Plan, PlanMove, PlannedMeeting, Unplaced
from chainchief.i18n import _, ngettext
from chainchief.services.meetings.plan import apply_plan, plan_meetings
from chainchief.services.workspace import Workspace
from chainchief.ui.dialogs.task import TaskPanel
from chainchief.ui.forms import read_only_table
from chainchief.ui.help_topic import set_help_topic
from chainchief.ui.pages.meetings.dates import day_text, slot_text
from chainchief.ui.pages.meetings.year_grid import HELD_FILL
from chainchief.ui.task_notices import announce
from chainchief.ui.workers import Cancelled, Progress


def _table(headers: list[str]) -> QTableWidget:
    table = read_only_table(headers, fit_contents=True)
    table.setTabKeyNavigation(False)  # read-only: Tab goes on to 保存计划, not cell to cell
    return table


def _fill_reasons(table: QTableWidget, rows: list[list[str]]) -> None:
    """Rows whose last column is a reason: it takes the rest of the width and wraps, and every
    cell shows its whole text as a tooltip."""
    table.setRowCount(len(rows))
    for row, cells in enumerate(rows):
        for column, text in enumerate(cells):
            cell = QTableWidgetItem(text)
            cell.setToolTip(text)
            table.setItem(row, column, cell)
    last = table.columnCount() - 1
    table.horizontalHeader().setSectionResizeMode(last, QHeaderView.ResizeMode.Stretch)
    table.setWordWrap(True)
    table.resizeRowsToContents()


def _meeting_name(kind_label: str, chain: str | None) -> str:
    return f"{chain} · {kind_label}" if chain else kind_label


class PlanYearDialog(QDialog):
    saved = Signal()

    def __init__(self, db: Workspace, actor: str, year: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor, self.year = db, actor, year
        self.plan: Plan | None = None
        self._close_when_done = False
        self.setWindowTitle(_("Plan the year {year}").format(year=year))
        set_help_topic(self, "meetings", "plan")
        self.resize(980, 620)
        self.task = TaskPanel()
        self.task.finished.connect(self._finished)
        self.task.failed.connect(self._failed)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        bold = QFont(self.summary.font())
        bold.setBold(True)
        self.summary.setFont(bold)
        self.meetings = _table(
            [_("Quarter"), _("Date"), _("Time"), _("Meeting"), _("Chair"), _("Attendees")]
        )
        self.warnings = QListWidget()
        self.unplaced = _table([_("Quarter"), _("Meeting"), _("Reason")])
        self.moves = _table([_("Quarter"), _("Meeting"), _("Saved for"), _("Now"), _("Why")])
        self.warnings_box = self._group(self.warnings)
        self.moves_box = self._group(self.moves)
        self.unplaced_box = self._group(self.unplaced)
        self.warnings_box.hide()
        self.moves_box.hide()
        self.unplaced_box.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.save_button = self.buttons.addButton(
            _("Save plan"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.save_button.setEnabled(False)
        self.save_button.clicked.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.task)
        layout.addWidget(self.summary)
        layout.addWidget(self.meetings, 3)
        layout.addWidget(self.warnings_box, 1)
        layout.addWidget(self.moves_box, 2)
        layout.addWidget(self.unplaced_box, 2)
        layout.addWidget(self.buttons)

    @staticmethod
    def _group(widget: QWidget) -> QGroupBox:
        box = QGroupBox()
        inner = QVBoxLayout(box)
        inner.setContentsMargins(6, 6, 6, 6)
        inner.addWidget(widget)
        return box

    def start(self) -> None:
        db, year = self.db, self.year

        def job(progress: Progress) -> Plan:
            def report(done: int, total: int) -> None:
                progress.report(done, total)
                progress.check()

            return plan_meetings(db, year, report)

        self.task.start(_("Planning the meetings of {year}…").format(year=year), job)

    def save(self) -> None:
        plan, db, actor = self.plan, self.db, self.actor
        if plan is None:
            return
        self.save_button.setEnabled(False)
        self.task.start(_("Saving the plan…"), lambda _progress: apply_plan(db, plan, actor=actor))

    def _finished(self, result: object) -> None:
        if not isinstance(result, Plan):
            announce(_("The meeting plan of {year} is saved.").format(year=self.year))
            self.saved.emit()
            self.accept()
        elif self._close_when_done:
            super().reject()
        else:
            self.show_plan(result)

    def _failed(self, error: BaseException) -> None:
        if self._close_when_done:
            super().reject()
        if isinstance(error, Cancelled):
            self.task.label.setText(_("Cancelled; nothing was saved."))
        elif isinstance(error, UserError):
            self.task.label.setText(error.message)
            self.save_button.setEnabled(self.plan is not None)
        else:
            raise error

    def show_plan(self, plan: Plan) -> None:
        self.plan = plan
        self.task.label.setText(_("Proposed plan; nothing is saved until you choose Save plan."))
        self.summary.setText(
            ngettext(
                "{count} meeting proposed, {unplaced} not placed, {warnings} warnings.",
                "{count} meetings proposed, {unplaced} not placed, {warnings} warnings.",
                len(plan.meetings),
            ).format(
                count=len(plan.meetings), unplaced=len(plan.unplaced), warnings=len(plan.warnings)
            )
        )
        self._fill_meetings(plan.meetings)
        self.warnings.clear()
        self.warnings.addItems(plan.warnings)
        self.warnings_box.setTitle(_("Warnings ({count})").format(count=len(plan.warnings)))
        self.warnings_box.setVisible(bool(plan.warnings))
        self._fill_moves(plan.moves)
        self.moves_box.setTitle(
            _(
                "Moved from their saved time ({count}): invitations sent before are out of "
                "date; export them again after saving"
            ).format(count=len(plan.moves))
        )
        self.moves_box.setVisible(bool(plan.moves))
        self._fill_unplaced(plan.unplaced)
        self.unplaced_box.setTitle(_("Not placed ({count})").format(count=len(plan.unplaced)))
        self.unplaced_box.setVisible(bool(plan.unplaced))
        self.save_button.setEnabled(bool(plan.meetings))

    def _fill_meetings(self, meetings: list[PlannedMeeting]) -> None:
        self.meetings.setRowCount(len(meetings))
        for row, meeting in enumerate(meetings):
            cells = [
                meeting.quarter,
                day_text(meeting.date),
                slot_text(meeting.start, meeting.end),
                _meeting_name(meeting.kind.label, meeting.chain),
                meeting.chair or _("(none)"),
                "、".join(meeting.attendees),
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if meeting.held:
                    item.setBackground(HELD_FILL)
                    item.setToolTip(_("Held: this meeting stays where it is."))
                self.meetings.setItem(row, column, item)

    def _fill_moves(self, moves: list[PlanMove]) -> None:
        _fill_reasons(
            self.moves,
            [
                [
                    move.quarter,
                    _meeting_name(move.kind.label, move.chain),
                    f"{day_text(move.before[0])} {move.before[1]}",
                    f"{day_text(move.after[0])} {move.after[1]}" if move.after else _("Not placed"),
                    move.reason,
                ]
                for move in moves
            ],
        )

    def _fill_unplaced(self, unplaced: list[Unplaced]) -> None:
        _fill_reasons(
            self.unplaced,
            [
                [item.quarter, _meeting_name(item.kind.label, item.chain), item.reason]
                for item in unplaced
            ],
        )
        self.unplaced.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft)

    def reject(self) -> None:
        """Closing while planning cancels it; a save under way is let finish first."""
        if self.task.running:
            self._close_when_done = True
            self.task.cancel()
            return
        super().reject()
