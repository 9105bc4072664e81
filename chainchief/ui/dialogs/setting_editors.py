"""One editor per kind of shared setting (domain/settings.py ``SettingKind``): time pickers for
meeting slots, the months of a quarter as check boxes, a spin box with its unit for a count,
the directory's people and departments in drop-downs, one spin box per named weight.

Every editor reads and writes the setting's stored text, so the settings service stays the one
place that checks and normalises a value; ``editor_for`` picks the editor from the registry's
kind, so a new setting gets the right control without code here.
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Callable

from PySide6.QtCore import QTime, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTimeEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from chainchief.domain.settings import SettingKind, SharedSetting
from chainchief.i18n import _
from chainchief.ui.qt_abc import QtABCMeta

TIME_FORMAT = "HH:mm"
MOST = 999


class SettingEditor(QWidget, metaclass=QtABCMeta):
    """A control for one setting's text; ``edited`` says the text may have changed."""

    edited = Signal()

    @abstractmethod
    def text(self) -> str:
        """The setting's text as the control shows it."""

    @abstractmethod
    def set_text(self, text: str) -> None:
        """Show a stored text."""


class TextEditor(SettingEditor):
    def __init__(self, setting: SharedSetting[int] | SharedSetting[str]) -> None:
        super().__init__()
        self.field = QLineEdit()
        self.field.setPlaceholderText(setting.default_text or _("(empty)"))
        self.field.textEdited.connect(lambda _text: self.edited.emit())
        _single(self, self.field)

    def text(self) -> str:
        return self.field.text()

    def set_text(self, text: str) -> None:
        self.field.setText(text)


class CountEditor(SettingEditor):
    """A whole number with its unit; the spin box cannot go below the setting's minimum."""

    def __init__(self, setting: SharedSetting[int] | SharedSetting[str]) -> None:
        super().__init__()
        self.field = QSpinBox()
        self.field.setRange(setting.minimum, MOST)
        if setting.unit:
            self.field.setSuffix(" " + _(setting.unit))
        self.field.valueChanged.connect(lambda _value: self.edited.emit())
        _single(self, self.field, stretch=True)

    def text(self) -> str:
        return str(self.field.value())

    def set_text(self, text: str) -> None:
        self.field.setValue(int(text) if text.strip().isdigit() else self.field.minimum())


class TimeRangesEditor(SettingEditor):
    """A list of from–to time pickers, with a button to add a range and one to remove each."""

    def __init__(self, setting: SharedSetting[int] | SharedSetting[str]) -> None:
        super().__init__()
        self.rows: list[tuple[QWidget, QTimeEdit, QTimeEdit]] = []
        self.list = QVBoxLayout()
        self.list.setContentsMargins(0, 0, 0, 0)
        self.add = QPushButton(_("Add a time slot"))
        self.add.clicked.connect(lambda: self._add_row("14:00", "17:00", notify=True))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.list)
        bottom = QHBoxLayout()
        bottom.addWidget(self.add)
        bottom.addStretch(1)
        layout.addLayout(bottom)

    def _add_row(self, start: str, end: str, *, notify: bool) -> None:
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        edits = []
        for value, name in ((start, _("Slot starts at")), (end, _("Slot ends at"))):
            edit = QTimeEdit(QTime.fromString(value, TIME_FORMAT))
            edit.setDisplayFormat(TIME_FORMAT)
            edit.setAccessibleName(name)
            edit.timeChanged.connect(lambda _time: self.edited.emit())
            edits.append(edit)
        remove = QToolButton()
        remove.setText(_("Remove"))
        remove.clicked.connect(lambda: self._remove(row))
        line.addWidget(edits[0])
        line.addWidget(QLabel("–"))
        line.addWidget(edits[1])
        line.addWidget(remove)
        line.addStretch(1)
        self.list.addWidget(row)
        self.rows.append((row, edits[0], edits[1]))
        if notify:
            self.edited.emit()

    def _remove(self, row: QWidget) -> None:
        self.rows = [entry for entry in self.rows if entry[0] is not row]
        row.deleteLater()
        self.edited.emit()

    def text(self) -> str:
        return ",".join(
            f"{start.time().toString(TIME_FORMAT)}-{end.time().toString(TIME_FORMAT)}"
            for _row, start, end in self.rows
        )

    def set_text(self, text: str) -> None:
        for row, _start, _end in self.rows:
            row.deleteLater()
        self.rows = []
        for part in filter(None, (part.strip() for part in text.replace("，", ",").split(","))):
            start, _dash, end = part.partition("-")
            self._add_row(start.strip(), end.strip(), notify=False)
        self.edited.emit()


class MonthsEditor(SettingEditor):
    """The three months of a quarter as check boxes."""

    def __init__(self, setting: SharedSetting[int] | SharedSetting[str]) -> None:
        super().__init__()
        names = (_("1st month"), _("2nd month"), _("3rd month"))
        self.boxes = [QCheckBox(name) for name in names]
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for box in self.boxes:
            box.toggled.connect(lambda _on: self.edited.emit())
            layout.addWidget(box)
        layout.addStretch(1)

    def text(self) -> str:
        return ",".join(str(n) for n, box in enumerate(self.boxes, 1) if box.isChecked())

    def set_text(self, text: str) -> None:
        chosen = {part.strip() for part in text.split(",")}
        for n, box in enumerate(self.boxes, 1):
            box.setChecked(str(n) in chosen)


class ChoiceEditor(SettingEditor):
    """A name from a list (people, departments); ``free`` also takes a name typed in."""

    def __init__(self, names: list[str], *, free: bool, empty: str) -> None:
        super().__init__()
        self.field = QComboBox()
        self.field.setEditable(free)
        self.field.addItem(empty, "")
        for name in names:
            self.field.addItem(name, name)
        self.field.currentIndexChanged.connect(lambda _index: self.edited.emit())
        if free:
            self.field.editTextChanged.connect(lambda _text: self.edited.emit())
        _single(self, self.field, stretch=True)

    def text(self) -> str:
        if self.field.isEditable():
            typed = self.field.currentText()
            return "" if typed == self.field.itemText(0) else typed
        return str(self.field.currentData() or "")

    def set_text(self, text: str) -> None:
        index = self.field.findData(text)
        if index >= 0:
            self.field.setCurrentIndex(index)
        elif self.field.isEditable():
            self.field.setEditText(text)
        else:
            self.field.addItem(text, text)
            self.field.setCurrentIndex(self.field.count() - 1)


class WeightsEditor(SettingEditor):
    """One spin box per named weight, in the order the setting lists them."""

    def __init__(self, setting: SharedSetting[int] | SharedSetting[str]) -> None:
        super().__init__()
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self.fields: list[QDoubleSpinBox] = []
        for n, part in enumerate(setting.parts):
            field = QDoubleSpinBox()
            field.setDecimals(setting.decimals)
            field.setRange(0, MOST)
            field.setSingleStep(10**-setting.decimals if setting.decimals else 1)
            field.setAccessibleName(_(part))
            field.valueChanged.connect(lambda _value: self.edited.emit())
            label = QLabel(_(part))
            label.setWordWrap(True)
            label.setBuddy(field)
            grid.addWidget(label, n // 2, (n % 2) * 2)
            grid.addWidget(field, n // 2, (n % 2) * 2 + 1)
            self.fields.append(field)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(2, 1)

    def text(self) -> str:
        return ",".join(f"{field.value():g}" for field in self.fields)

    def set_text(self, text: str) -> None:
        parts = [part.strip() for part in text.replace("，", ",").split(",")]
        for field, part in zip(self.fields, parts, strict=False):
            try:
                field.setValue(float(part))
            except ValueError:
                field.setValue(0)


def _single(editor: QWidget, field: QWidget, *, stretch: bool = False) -> None:
    layout = QHBoxLayout(editor)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(field, 0 if stretch else 1)
    if stretch:
        layout.addStretch(1)


def editor_for(
    setting: SharedSetting[int] | SharedSetting[str],
    people: Callable[[], list[str]],
    departments: Callable[[], list[str]],
) -> SettingEditor:
    """The editor for the setting's kind; the name lists are read only when needed."""
    match setting.kind:
        case SettingKind.COUNT:
            return CountEditor(setting)
        case SettingKind.TIME_RANGES:
            return TimeRangesEditor(setting)
        case SettingKind.MONTHS:
            return MonthsEditor(setting)
        case SettingKind.PERSON:
            return ChoiceEditor(people(), free=False, empty=_("(nobody)"))
        case SettingKind.DEPARTMENT:
            return ChoiceEditor(departments(), free=True, empty=_("(the default)"))
        case SettingKind.WEIGHTS:
            return WeightsEditor(setting)
    return TextEditor(setting)
