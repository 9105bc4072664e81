"""Settings: personal preferences (this PC) and the shared settings (the database, §1).

Personal preferences go to the per-user file; shared settings go through the settings service,
which validates them and — once the database has users — lets only an administrator change
them. The service's refusal is shown as it is; nothing is half-saved from the UI's side.

Each shared setting gets the editor its kind calls for (setting_editors.py), is checked by the
service as it is edited, with the reason shown under it, and has its own 恢复默认 button; OK
waits until every field is acceptable.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from chainchief.domain.errors import UserError
from chainchief.i18n import N_, _, current_language
from chainchief.preferences import load_preferences, save_preferences
from chainchief.services.admin.settings import SPECS, all_settings, check_setting, set_setting
from chainchief.services.directory import department_names, people_names
from chainchief.services.workspace import Workspace
from chainchief.ui.colours import error_style
from chainchief.ui.dialogs.setting_editors import SettingEditor, editor_for
from chainchief.ui.help_topic import set_help_topic

LANGUAGES = (("zh_CN", "简体中文"), ("en", "English"))
SECTIONS = {
    "meeting": N_("Meetings"),
    "analysis": N_("Gap analysis"),
    "backup": N_("Backups"),
    "foresight": N_("Target value"),
    "supervision": N_("Supervision"),
    "circular": N_("Circulars and notices"),
}
"""The shared tab's boxes, by the settings' key prefix (an unknown prefix is shown as is)."""


class SettingsDialog(QDialog):
    def __init__(self, db: Workspace, actor: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor = db, actor
        self.setWindowTitle(_("Settings"))
        set_help_topic(self, "quickstart", "settings")
        self.preferences = load_preferences()
        self.language = QComboBox()
        self.language.addItem(_("The system's language"), None)
        for code, name in LANGUAGES:
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(self.language.findData(self.preferences.language), 0))
        self.stored = all_settings(db)
        self.fields: dict[str, SettingEditor] = {}
        self.reasons: dict[str, QLabel] = {}
        self.resets: dict[str, QPushButton] = {}
        self.shown: dict[str, str] = {}
        """Each stored value as its editor writes it: a field differing from it was changed."""
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet(error_style())
        self.error.hide()
        tabs = QTabWidget()
        tabs.addTab(self._personal_tab(), _("Personal"))
        tabs.addTab(self._shared_tab(), _("Shared (database)"))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(tabs)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        for key in SPECS:
            self._check(key)
        self.resize(780, 620)

    def _personal_tab(self) -> QWidget:
        tab = QWidget()
        form = QFormLayout(tab)
        form.addRow(_("Language"), self.language)
        note = QLabel(
            _("A new language applies when ChainChief is next started (now: {language}).").format(
                language=dict(LANGUAGES).get(current_language(), current_language())
            )
        )
        note.setWordWrap(True)
        form.addRow("", note)
        where = QLabel(_("Personal preferences are kept for you on this computer only."))
        where.setWordWrap(True)
        form.addRow("", where)
        return tab

    def _shared_tab(self) -> QWidget:
        body = QWidget()
        layout = QVBoxLayout(body)
        note = QLabel(
            _("Shared settings are stored in the database: the command line and every user see "
              "the same values. Once the database has users, only an administrator may change "
              "them.")
        )  # fmt: skip
        note.setWordWrap(True)
        layout.addWidget(note)
        boxes: dict[str, QGridLayout] = {}
        names: dict[str, list[str]] = {}

        def listed(kind: str) -> list[str]:
            if kind not in names:
                names[kind] = people_names(self.db) if kind == "people" else department_names(
                    self.db)  # fmt: skip
            return names[kind]

        for key in SPECS:
            prefix = key.partition(".")[0]
            if prefix not in boxes:
                box = QGroupBox(_(SECTIONS[prefix]) if prefix in SECTIONS else prefix)
                boxes[prefix] = QGridLayout(box)
                boxes[prefix].setColumnStretch(1, 1)
                layout.addWidget(box)
            self._add_row(boxes[prefix], key, listed)
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        return scroll

    def _add_row(self, grid: QGridLayout, key: str, listed: Callable[[str], list[str]]) -> None:
        """Label, editor and 恢复默认 on one line; the reason, when there is one, under them."""
        setting = SPECS[key].setting
        editor = editor_for(setting, partial(listed, "people"), partial(listed, "departments"))
        editor.set_text(self.stored[key])
        self.shown[key] = editor.text()
        editor.setToolTip(key)
        editor.setAccessibleName(setting.description)
        text = _(setting.label)
        label = QLabel(text[:1].upper() + text[1:])  # the CLI's lower-case label, as a heading
        label.setWordWrap(True)
        label.setToolTip(key)
        label.setBuddy(editor)
        reset = QPushButton(_("Restore default"))
        reset.setToolTip(_("Default: {value}").format(value=setting.default_text or _("(empty)")))
        reset.clicked.connect(lambda: editor.set_text(SPECS[key].default))
        reason = QLabel()
        reason.setWordWrap(True)
        reason.setStyleSheet(error_style())
        reason.hide()
        row = grid.rowCount()
        grid.addWidget(label, row, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(editor, row, 1)
        grid.addWidget(reset, row, 2, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(reason, row + 1, 1, 1, 2)
        grid.setColumnMinimumWidth(0, 200)
        self.fields[key], self.reasons[key], self.resets[key] = editor, reason, reset
        editor.edited.connect(lambda: self._check(key))

    def _check(self, key: str) -> None:
        """Ask the service whether the field's value would be stored; say why not beside it."""
        text = self.fields[key].text()
        try:
            check_setting(self.db, key, text)
        except UserError as error:
            self.reasons[key].setText(error.message)
            self.reasons[key].show()
        else:
            self.reasons[key].hide()
        self.resets[key].setEnabled(text != SPECS[key].default)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        if ok is not None:
            ok.setEnabled(all(reason.isHidden() for reason in self.reasons.values()))

    def changed_settings(self) -> dict[str, str]:
        return {
            key: field.text()
            for key, field in self.fields.items()
            if field.text().strip() != self.shown[key]
        }

    def accept(self) -> None:
        """Save the preferences, then each changed shared setting; stay open on a refusal."""
        self.preferences.language = self.language.currentData()
        save_preferences(self.preferences)
        for key, value in self.changed_settings().items():
            try:
                stored = set_setting(self.db, key, value, actor=self.actor)
            except UserError as error:
                self.error.setText(error.message)
                self.error.show()
                self.fields[key].setFocus()
                return
            self.stored[key] = stored
            self.fields[key].set_text(stored)
            self.shown[key] = self.fields[key].text()
        super().accept()
