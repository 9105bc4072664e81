"""Settings: personal preferences (this PC) and the shared settings (the database, §1).

Personal preferences go to the per-user file; shared settings go through the settings service,
which validates them and — once the database has users — lets only an administrator change
them. The service's refusal is shown as it is; nothing is half-saved from the UI's side.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from chainchief.domain.errors import UserError
from chainchief.i18n import _, current_language
from chainchief.preferences import load_preferences, save_preferences
from chainchief.services.admin.settings import SPECS, all_settings, set_setting
from chainchief.services.workspace import Workspace
from chainchief.ui.colours import error_style

LANGUAGES = (("zh_CN", "简体中文"), ("en", "English"))


class SettingsDialog(QDialog):
    def __init__(self, db: Workspace, actor: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor = db, actor
        self.setWindowTitle(_("Settings"))
        self.preferences = load_preferences()
        self.language = QComboBox()
        self.language.addItem(_("The system's language"), None)
        for code, name in LANGUAGES:
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(self.language.findData(self.preferences.language), 0))
        self.stored = all_settings(db)
        self.fields: dict[str, QLineEdit] = {}
        shared = QFormLayout()
        for key, spec in SPECS.items():
            field = QLineEdit(self.stored[key])
            field.setToolTip(key)
            field.setPlaceholderText(spec.default or _("(empty)"))
            self.fields[key] = field
            label = QLabel(_(spec.description))
            label.setWordWrap(True)
            label.setToolTip(key)
            shared.addRow(label, field)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet(error_style())
        self.error.hide()
        tabs = QTabWidget()
        tabs.addTab(self._personal_tab(), _("Personal"))
        tabs.addTab(self._shared_tab(shared), _("Shared (database)"))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(tabs)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(620, 460)

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

    @staticmethod
    def _shared_tab(form: QFormLayout) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        note = QLabel(
            _("Shared settings are stored in the database: the command line and every user see "
              "the same values. Once the database has users, only an administrator may change "
              "them.")
        )  # fmt: skip
        note.setWordWrap(True)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addStretch(1)
        return tab

    def changed_settings(self) -> dict[str, str]:
        return {
            key: field.text()
            for key, field in self.fields.items()
            if field.text().strip() != self.stored[key]
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
            self.fields[key].setText(stored)
        super().accept()
