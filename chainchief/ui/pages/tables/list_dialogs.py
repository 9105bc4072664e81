"""Dialogs for the cells that hold lists: a checklist with free entries (firm types, team
members, supporting departments) and a date picker for unavailable dates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtGui import QBrush, QColor, QTextCharFormat
from PySide6.QtWidgets import (
    QCalendarWidget,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from chainchief.i18n import _, current_language

CHOSEN_DAY = QColor(0xFF, 0xC7, 0xCE)
LIST_JOIN = "、"


class ChecklistDialog(QDialog):
    """Tick known entries, type others; the result keeps the known ones in their order."""

    def __init__(
        self,
        parent: QWidget,
        title: str,
        known: Sequence[str],
        chosen: Sequence[str],
        *,
        others_label: str,
        searchable: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName("checklist_dialog")
        self.list = QListWidget(self)
        picked = set(chosen)
        self._chosen_order = list(chosen)
        for name in known:
            item = QListWidgetItem(name, self.list)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if name in picked else Qt.CheckState.Unchecked)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(_("Find in the list"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._find)
        self.search.setVisible(searchable)
        self.others = QLineEdit(LIST_JOIN.join(n for n in chosen if n not in set(known)), self)
        self.others.setPlaceholderText(_("Separate entries with 、 or ,"))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.list)
        layout.addWidget(QLabel(others_label, self))
        layout.addWidget(self.others)
        layout.addWidget(buttons)
        self.resize(360, 420)

    def _find(self, text: str) -> None:
        needle = text.strip().casefold()
        for row in range(self.list.count()):
            item = self.list.item(row)
            item.setHidden(bool(needle) and needle not in item.text().casefold())

    def checked(self) -> list[str]:
        return [
            self.list.item(row).text()
            for row in range(self.list.count())
            if self.list.item(row).checkState() == Qt.CheckState.Checked
        ]

    def value(self) -> str:
        """The list as text: ticked entries (kept in their earlier order), then the others."""
        ticked = self.checked()
        ordered = [n for n in self._chosen_order if n in ticked]
        ordered += [n for n in ticked if n not in ordered]
        others = self.others.text().strip()
        return LIST_JOIN.join([*ordered, others] if others else ordered)


class DatesDialog(QDialog):
    """Click days on the calendar to mark or unmark them; the chosen days are listed."""

    def __init__(self, parent: QWidget, title: str, days: Sequence[dt.date]) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName("dates_dialog")
        self.days: set[dt.date] = set(days)
        self.calendar = QCalendarWidget(self)
        self.calendar.setGridVisible(True)
        if current_language() == "zh_CN":
            self.calendar.setLocale(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
        self.calendar.clicked.connect(self._toggle)
        if days:
            first = min(days)
            self.calendar.setSelectedDate(QDate(first.year, first.month, first.day))
        self.chosen = QListWidget(self)
        self.chosen.setMaximumWidth(150)
        remove = QPushButton(_("Remove"), self)
        remove.clicked.connect(self._remove_selected)
        side = QVBoxLayout()
        side.addWidget(QLabel(_("Unavailable on"), self))
        side.addWidget(self.chosen)
        side.addWidget(remove)
        body = QHBoxLayout()
        body.addWidget(self.calendar, 1)
        body.addLayout(side)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        hint = QLabel(_("Click a day to mark it unavailable; click it again to unmark it."), self)
        hint.setWordWrap(True)
        layout.addWidget(hint)
        layout.addLayout(body)
        layout.addWidget(buttons)
        self._show()

    def toggle(self, day: dt.date) -> None:
        self.days ^= {day}
        self._show()

    def _toggle(self, date: QDate) -> None:
        self.toggle(dt.date(date.year(), date.month(), date.day()))

    def _remove_selected(self) -> None:
        for item in self.chosen.selectedItems():
            self.days.discard(dt.date.fromisoformat(item.text()))
        self._show()

    def _show(self) -> None:
        self.calendar.setDateTextFormat(QDate(), QTextCharFormat())
        marked = QTextCharFormat()
        marked.setBackground(QBrush(CHOSEN_DAY))
        marked.setFontWeight(700)
        self.chosen.clear()
        for day in sorted(self.days):
            self.calendar.setDateTextFormat(QDate(day.year, day.month, day.day), marked)
            self.chosen.addItem(day.isoformat())

    def value(self) -> list[dt.date]:
        return sorted(self.days)
