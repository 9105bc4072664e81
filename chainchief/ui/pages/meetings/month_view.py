"""A month calendar: meeting days stand out; choosing a day lists its meetings."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QColor, QFont, QTextCharFormat
from PySide6.QtWidgets import (
    QCalendarWidget,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from chainchief.i18n import _
from chainchief.services.meetings.meetings import MeetingRow
from chainchief.ui.forms import pydate, qdate
from chainchief.ui.pages.meetings.dates import slot_text, ui_locale
from chainchief.ui.pages.meetings.year_grid import HELD_FILL, meeting_title

PLANNED_FILL = QColor(0xDC, 0xE8, 0xF5)


class MonthView(QWidget):
    meeting_chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.calendar = QCalendarWidget()
        self.calendar.setGridVisible(True)
        self.calendar.setLocale(ui_locale())
        self.calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.calendar.selectionChanged.connect(self._show_day)
        self.day_label = QLabel()
        self.list = QListWidget()
        self.list.itemActivated.connect(self._chosen)
        self.list.itemClicked.connect(self._chosen)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.calendar, 3)
        layout.addWidget(self.day_label)
        layout.addWidget(self.list, 2)
        self._by_day: dict[dt.date, list[MeetingRow]] = {}

    def set_meetings(self, rows: list[MeetingRow]) -> None:
        self.calendar.setDateTextFormat(QDate(), QTextCharFormat())
        by_day: dict[dt.date, list[MeetingRow]] = defaultdict(list)
        for row in rows:
            if row.date is not None:
                by_day[row.date].append(row)
        self._by_day = dict(by_day)
        for day, meetings in self._by_day.items():
            style = QTextCharFormat()
            style.setFontWeight(QFont.Weight.Bold)
            held = all(row.held for row in meetings)
            style.setBackground(HELD_FILL if held else PLANNED_FILL)
            style.setToolTip("\n".join(meeting_title(row) for row in meetings))
            self.calendar.setDateTextFormat(qdate(day), style)
        self._show_day()

    def show_date(self, day: dt.date) -> None:
        self.calendar.setSelectedDate(qdate(day))

    def _show_day(self) -> None:
        day = pydate(self.calendar.selectedDate())
        self.day_label.setText(_("Meetings on {day}").format(day=day.isoformat()))
        self.list.clear()
        for row in self._by_day.get(day, []):
            item = QListWidgetItem(f"{slot_text(row.start, row.end)}  {meeting_title(row)}")
            item.setData(Qt.ItemDataRole.UserRole, row.id)
            self.list.addItem(item)
        if not self.list.count():
            self.list.addItem(QListWidgetItem(_("No meeting on this day.")))

    def _chosen(self, item: QListWidgetItem) -> None:
        meeting_id = item.data(Qt.ItemDataRole.UserRole)
        if meeting_id is not None:
            self.meeting_chosen.emit(meeting_id)
