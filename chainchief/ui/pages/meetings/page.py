"""The meetings page: a year (or month) overview on the left, the chosen meeting on the right."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from chainchief.domain.clock import today
from chainchief.i18n import _, ngettext
from chainchief.services.chains.lists import list_chains
from chainchief.services.meetings.meetings import MeetingRow, list_meetings
from chainchief.services.workspace import Workspace
from chainchief.ui.icons import icon
from chainchief.ui.pages.meetings.meeting_panel import MeetingPanel
from chainchief.ui.pages.meetings.month_view import MonthView
from chainchief.ui.pages.meetings.plan_dialog import PlanYearDialog
from chainchief.ui.pages.meetings.year_grid import YearGrid


class MeetingsPage(QWidget):
    changed = Signal()
    """Meetings or resolutions were saved (action counts may have changed)."""

    def __init__(self, db: Workspace, actor: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor = db, actor
        self.rows: list[MeetingRow] = []
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(today().year)
        self.year.setPrefix(_("Year "))
        self.year.valueChanged.connect(lambda _year: self.reload())
        self.plan_button = QPushButton(icon("refresh"), _("Plan the year…"))
        self.plan_button.setToolTip(_("Propose every meeting of the year; nothing is saved yet"))
        self.plan_button.clicked.connect(self.plan_dialog)
        self.count = QLabel()
        self.grid = YearGrid()
        self.month = MonthView()
        self.views = QTabWidget()
        self.views.addTab(self.grid, _("Year"))
        self.views.addTab(self.month, _("Month"))
        self.panel = MeetingPanel(db, actor)
        self.grid.meeting_chosen.connect(self.open_meeting)
        self.month.meeting_chosen.connect(self.open_meeting)
        self.panel.changed.connect(self._panel_changed)
        bar = QHBoxLayout()
        bar.addWidget(self.year)
        bar.addWidget(self.plan_button)
        bar.addStretch(1)
        bar.addWidget(self.count)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(bar)
        left_layout.addWidget(self.views, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.panel)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([520, 620])
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.splitter)
        self.loaded = False

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if not self.loaded:
            self.reload()
        super().showEvent(event)

    def reload(self) -> None:
        """Read the year's meetings and the open meeting again."""
        self._read()
        self.panel.reload()

    def _read(self) -> None:
        year = self.year.value()
        self.rows = list_meetings(self.db, year)
        chains = [row.name for row in list_chains(self.db)]
        self.grid.grid.set_meetings(year, chains, self.rows)
        self.month.set_meetings(self.rows)
        if not self.loaded:
            upcoming = [row.date for row in self.rows if row.date and row.date >= today()]
            if upcoming:
                self.month.show_date(upcoming[0])
        self.count.setText(
            ngettext("{count} meeting saved", "{count} meetings saved", len(self.rows)).format(
                count=len(self.rows)
            )
        )
        self.loaded = True
        if self.panel.details is not None:
            self.grid.select_meeting(self.panel.details.meeting.id)

    def open_meeting(self, meeting_id: int) -> None:
        """Show the meeting; the month view turns to its month."""
        self.panel.show_meeting(meeting_id)
        self.grid.select_meeting(meeting_id)
        day = next((row.date for row in self.rows if row.id == meeting_id), None)
        if day is not None:
            self.month.show_date(day)

    def meeting(self, chain: str | None, quarter: str) -> MeetingRow | None:
        """The stored meeting of ``chain`` (None: the team-leads meeting) in ``quarter``."""
        return next(
            (row for row in self.rows if row.chain == chain and row.quarter == quarter), None
        )

    def plan_dialog(self) -> PlanYearDialog:
        dialog = PlanYearDialog(self.db, self.actor, self.year.value(), self)
        dialog.saved.connect(self._plan_saved)
        dialog.open()
        dialog.start()
        return dialog

    def _plan_saved(self) -> None:
        self.reload()
        self.changed.emit()

    def _panel_changed(self) -> None:
        self._read()
        self.changed.emit()
