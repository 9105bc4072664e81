"""One meeting in full: when and where, who comes, the agenda, the minutes and the resolutions.

Every change goes through a service with the version the page was read at, so an edit made
meanwhile by someone else is reported (and the page reloaded) instead of overwritten.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from chainchief.domain.agenda import AgendaItem
from chainchief.domain.clock import today
from chainchief.domain.enums import MeetingKind
from chainchief.domain.errors import UserError
from chainchief.domain.supervision import Step
from chainchief.i18n import _
from chainchief.services.actions.items import Resolution, create_action
from chainchief.services.chains.lists import list_chains
from chainchief.services.meetings import meetings as meeting_service
from chainchief.services.meetings.agenda import reset_agenda, save_agenda
from chainchief.services.meetings.meetings import MeetingDetails, MeetingRow
from chainchief.services.workspace import Workspace
from chainchief.ui.dialogs.action_dialogs import ResolutionDialog, StepDialog
from chainchief.ui.forms import qdate, run_change
from chainchief.ui.models.action_items import ROW_ROLE, ActionColumn, ActionTableModel
from chainchief.ui.pages.action_steps import offered_steps, take_step
from chainchief.ui.pages.meetings import pack_export
from chainchief.ui.pages.meetings.agenda_editor import AgendaEditor
from chainchief.ui.pages.meetings.dates import ui_locale
from chainchief.ui.pages.meetings.year_grid import meeting_title
from chainchief.ui.task_notices import announce
from chainchief.ui.workers import Progress, submit

MEETING_STEPS = (Step.VERIFY, Step.RETURN, Step.CANCEL)
"""What a meeting decides about its resolutions: accept the work, send it back, or drop it."""


class MeetingPanel(QWidget):
    changed = Signal()
    """The meeting or its resolutions changed: grids and counts should be read again."""
    exported = Signal(str)

    def __init__(self, db: Workspace, actor: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor = db, actor
        self.details: MeetingDetails | None = None
        self.title = QLabel(_("Choose a meeting in the year or the month view."))
        font = QFont(self.title.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.title.setFont(font)
        self.title.setWordWrap(True)
        self.state = QLabel()
        self.date_edit = QDateEdit()
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setLocale(ui_locale())
        self.date_edit.setDisplayFormat("yyyy-MM-dd ddd")
        self.slot_box = QComboBox()
        self.place_edit = QLineEdit()
        self.save_button = QPushButton(_("Save date and place"))
        self.save_button.clicked.connect(self.save_schedule)
        self.people = QLabel()
        self.people.setWordWrap(True)
        self.held_button = QPushButton(_("Mark as held"))
        self.held_button.clicked.connect(self.mark_held)
        self.only_chain = QCheckBox(_("Only this chain"))
        self.only_chain.setChecked(True)
        self.workbook_button = QPushButton(_("Export workbook…"))
        self.workbook_button.clicked.connect(self.export_workbook_dialog)
        self.invitations_button = QPushButton(_("Export invitations…"))
        self.invitations_button.clicked.connect(self.export_invitations_dialog)
        self.export_state = QLabel()
        self.agenda = AgendaEditor()
        self.agenda.save_requested.connect(self.save_agenda)
        self.agenda.reset_requested.connect(self.reset_agenda)
        self.minutes = QPlainTextEdit()
        self.minutes.setPlaceholderText(_("What was discussed and decided"))
        self.minutes_button = QPushButton(_("Save minutes"))
        self.minutes_button.clicked.connect(self.save_minutes)
        self.resolutions = ActionTableModel(self)
        self.resolution_view = QTableView()
        self.resolution_view.setModel(self.resolutions)
        self.resolution_view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.resolution_view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.resolution_view.verticalHeader().setVisible(False)
        self.resolution_view.setWordWrap(True)
        self.add_button = QPushButton(_("Add resolution…"))
        self.add_button.clicked.connect(self.add_resolution_dialog)
        self.close_button = QPushButton(_("Verify, return or cancel…"))
        self.close_button.clicked.connect(self.close_selected_dialog)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.agenda, _("Agenda"))
        self.tabs.addTab(self._minutes_tab(), _("Minutes"))
        self.tabs.addTab(self._resolutions_tab(), _("Resolutions"))
        self._layout()

    def _layout(self) -> None:
        when = QHBoxLayout()
        when.addWidget(self.date_edit, 1)
        when.addWidget(self.slot_box, 1)
        where = QHBoxLayout()
        where.addWidget(self.place_edit, 1)
        where.addWidget(self.save_button)
        form = QFormLayout()
        form.addRow(_("When"), when)
        form.addRow(_("Place"), where)
        form.addRow(_("People"), self.people)
        files = QHBoxLayout()
        files.addWidget(self.held_button)
        files.addStretch(1)
        files.addWidget(self.only_chain)
        files.addWidget(self.workbook_button)
        files.addWidget(self.invitations_button)
        heading = QHBoxLayout()
        heading.addWidget(self.title, 1)
        heading.addWidget(self.state)
        self.body = QWidget()
        body = QVBoxLayout(self.body)
        body.setContentsMargins(0, 0, 0, 0)
        body.addLayout(form)
        body.addLayout(files)
        body.addWidget(self.export_state)
        body.addWidget(self.tabs, 1)
        self.body.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(heading)
        layout.addWidget(self.body, 1)
        layout.addStretch(0)

    def _minutes_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.minutes, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.minutes_button)
        layout.addLayout(row)
        return tab

    def _resolutions_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.resolution_view, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.add_button)
        row.addWidget(self.close_button)
        layout.addLayout(row)
        return tab

    # --- showing ----------------------------------------------------------------------------

    def show_meeting(self, meeting_id: int) -> None:
        try:
            self.details = meeting_service.meeting_details(self.db, meeting_id)
        except UserError as error:
            self.details = None
            self.title.setText(error.message)
            self.body.hide()
            return
        self._fill(self.details)
        self.body.show()

    def reload(self) -> None:
        if self.details is not None:
            self.show_meeting(self.details.meeting.id)

    def _fill(self, details: MeetingDetails) -> None:
        meeting = details.meeting
        self.title.setText(meeting_title(meeting))
        self.state.setText(meeting.status.label)
        if meeting.date is not None:
            self.date_edit.setDate(qdate(meeting.date))
        self.slot_box.clear()
        for start, end in details.slots:
            self.slot_box.addItem(f"{start}–{end}", start)
        if meeting.start is not None and self.slot_box.findData(meeting.start) < 0:
            self.slot_box.addItem(f"{meeting.start}–{meeting.end or ''}", meeting.start)
        self.slot_box.setCurrentIndex(max(self.slot_box.findData(meeting.start), 0))
        self.place_edit.setText(meeting.place or "")
        self.place_edit.setPlaceholderText(details.default_place or "待定")
        chair = _("Chair: {name}").format(name=meeting.chair or _("(none)"))
        names = "、".join(a.name for a in details.attendees) or _("(none)")
        self.people.setText(f"{chair}\n" + _("Attendees: {names}").format(names=names))
        for widget in (self.date_edit, self.slot_box):
            widget.setEnabled(not meeting.held)
        not_yet = meeting.date is None or meeting.date > today()
        self.held_button.setEnabled(not meeting.held and not not_yet)
        self.held_button.setToolTip(
            _("A meeting can be marked as held from its day on.")
            if not_yet and not meeting.held
            else ""
        )
        self.held_button.setText(_("Held") if meeting.held else _("Mark as held"))
        self.only_chain.setVisible(meeting.kind is MeetingKind.DISPATCH)
        self.agenda.set_agenda(
            list(details.agenda), edited=details.agenda_edited, editable=not meeting.held
        )
        self.minutes.setPlainText(details.minutes or "")
        self.resolutions.set_rows(list(details.resolutions))
        self.resolution_view.setColumnHidden(
            self.resolutions.column_of(ActionColumn.CHAIN), meeting.kind is MeetingKind.DISPATCH
        )
        header = self.resolution_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(
            self.resolutions.column_of(ActionColumn.ITEM), QHeaderView.ResizeMode.Stretch
        )

    # --- edits ------------------------------------------------------------------------------

    def _apply(
        self, change: Callable[[], object], overwrite: Callable[[], object] | None = None
    ) -> bool:
        """Run one service call (``overwrite``: the same without the version check, offered
        when someone changed the meeting meanwhile); the panel shows the data as it now is."""
        done = run_change(self, change, overwrite)
        self.reload()
        if done:
            self.changed.emit()
        return done

    def _versioned(self, change: Callable[[int | None], object]) -> bool:
        """A change made on the meeting's version as read, or knowingly over a newer one."""
        _meeting_id, version = self._version()
        return self._apply(lambda: change(version), lambda: change(None))

    def _version(self) -> tuple[int, int]:
        assert self.details is not None
        return self.details.meeting.id, self.details.meeting.version

    def save_schedule(self) -> bool:
        meeting_id, _version = self._version()
        day = self.date_edit.date().toPython()
        start, place = self.slot_box.currentData(), self.place_edit.text()
        return self._versioned(
            lambda expected: meeting_service.edit_meeting(
                self.db,
                meeting_id,
                day=day,  # type: ignore[arg-type]
                start=start,
                place=place,
                actor=self.actor,
                expected_version=expected,
            )
        )

    def save_minutes(self) -> bool:
        meeting_id, _version = self._version()
        text = self.minutes.toPlainText()
        return self._versioned(
            lambda expected: meeting_service.save_minutes(
                self.db, meeting_id, text, actor=self.actor, expected_version=expected
            )
        )

    def mark_held(self) -> bool:
        """After a confirmation: a held meeting never moves and its agenda stays as it is."""
        answer = QMessageBox.question(
            self,
            _("Mark as held"),
            _("Mark this meeting as held? Its date and agenda can no longer be changed."),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        meeting_id, _version = self._version()
        return self._versioned(
            lambda expected: meeting_service.mark_held(
                self.db, meeting_id, actor=self.actor, expected_version=expected
            )
        )

    def save_agenda(self, items: list[AgendaItem]) -> bool:
        meeting_id, _version = self._version()
        return self._apply(lambda: save_agenda(self.db, meeting_id, items, actor=self.actor))

    def reset_agenda(self) -> bool:
        meeting_id, _version = self._version()
        return self._apply(lambda: reset_agenda(self.db, meeting_id, actor=self.actor))

    # --- resolutions ------------------------------------------------------------------------

    def record_resolution(self, chain: str, resolution: Resolution) -> None:
        """Keep a resolution as an open action item decided at this meeting (raises refusals)."""
        meeting_id, _version = self._version()
        create_action(self.db, chain, resolution, actor=self.actor, meeting_id=meeting_id)
        self.reload()
        self.changed.emit()

    def add_resolution_dialog(self) -> ResolutionDialog:
        assert self.details is not None
        meeting = self.details.meeting
        chains = [meeting.chain] if meeting.chain else [row.name for row in list_chains(self.db)]
        people, departments = meeting_service.known_names(self.db)
        dialog = ResolutionDialog(
            chains, people, departments, self.record_resolution, self, after=meeting.date
        )
        dialog.open()
        return dialog

    def selected_action(self) -> int | None:
        index = self.resolution_view.currentIndex()
        return index.data(ROW_ROLE).id if index.isValid() else None

    def take_step(self, action_id: int, step: Step, text: str, new_due: dt.date | None) -> None:
        """A step decided at the meeting (raises the service's refusal, which the dialog shows)."""
        row = next(row for row in self.resolutions.rows() if row.id == action_id)
        take_step(self.db, self.actor, row, step, text, new_due)
        self.reload()
        self.changed.emit()

    def close_selected_dialog(self) -> StepDialog | None:
        """复核通过, 退回 or 取消 the chosen resolution, as the loop allows it now."""
        action_id = self.selected_action()
        if action_id is None:
            QMessageBox.information(self, _("ChainChief"), _("Choose a resolution first."))
            return None
        row = next(row for row in self.resolutions.rows() if row.id == action_id)
        steps = [step for step in offered_steps(row) if step in MEETING_STEPS]
        if not steps:
            QMessageBox.information(self, _("ChainChief"), _("This item is closed already."))
            return None
        dialog = StepDialog(
            row.item,
            steps,
            lambda step, text, new_due: self.take_step(action_id, step, text, new_due),
            self,
        )
        dialog.open()
        return dialog

    # --- exports ----------------------------------------------------------------------------

    def export_workbook_dialog(self) -> None:
        self._ask_and_export(
            pack_export.workbook_name, _("Excel workbook (*.xlsx)"), self.export_workbook_to
        )

    def export_invitations_dialog(self) -> None:
        self._ask_and_export(
            pack_export.invitations_name, _("Calendar invitations (*.ics)"),
            self.export_invitations_to,
        )  # fmt: skip

    def _ask_and_export(
        self,
        name_of: Callable[[MeetingRow, bool], str],
        filters: str,
        export: Callable[[str], None],
    ) -> None:
        assert self.details is not None
        suggested = name_of(self.details.meeting, self._only_chain())
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Export"), str(Path.home() / suggested), filters
        )
        if path:
            export(path)

    def _only_chain(self) -> bool:
        assert self.details is not None
        return self.details.meeting.kind is MeetingKind.DISPATCH and self.only_chain.isChecked()

    def export_workbook_to(self, path: str) -> None:
        assert self.details is not None
        meeting, db, only = self.details.meeting, self.db, self._only_chain()
        self._export(lambda _p: pack_export.export_workbook(db, meeting, path, only_chain=only))

    def export_invitations_to(self, path: str) -> None:
        assert self.details is not None
        meeting, db, only = self.details.meeting, self.db, self._only_chain()
        self._export(
            lambda _p: pack_export.export_invitations(db, meeting, path, only_chain=only),
            self._invitations_exported,
        )

    def _export(
        self, job: Callable[[Progress], Any], done: Callable[[Any], None] | None = None
    ) -> None:
        for button in (self.workbook_button, self.invitations_button):
            button.setEnabled(False)
        self.export_state.setText(_("Exporting…"))
        submit(self, job, done or self._exported, self._export_failed)

    def _invitations_exported(self, result: tuple[Path, list[str]]) -> None:
        path, unreached = result
        self._exported(path)
        if unreached:
            self.export_state.setText(
                _("Saved {path}. No e-mail address, so not reached: {names}").format(
                    path=path, names="、".join(unreached)
                )
            )

    def _export_finished(self) -> None:
        for button in (self.workbook_button, self.invitations_button):
            button.setEnabled(True)

    def _exported(self, path: Path) -> None:
        self._export_finished()
        self.export_state.setText(_("Saved {path}").format(path=path))
        announce(_("Saved {path}").format(path=path), path)
        pack_export.open_folder(path)
        self.exported.emit(str(path))

    def _export_failed(self, error: BaseException) -> None:
        self._export_finished()
        if not isinstance(error, UserError):
            self.export_state.setText(_("The export failed."))
            raise error
        self.export_state.setText(error.message)
