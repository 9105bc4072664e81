"""The File menu's data commands: import, export, template, databases, recent files, settings.

Also takes .xlsx files dropped on the window (they open the import dialog). Recent files — the
databases opened and the workbooks imported — are personal preferences (DESIGN.md §1).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMenu, QMessageBox

from chainchief.domain.errors import UserError
from chainchief.i18n import _
from chainchief.preferences import load_preferences, save_preferences
from chainchief.services.workspace import open_workspace
from chainchief.ui.icons import icon
from chainchief.ui.labels import literal
from chainchief.ui.shell.commands import put_at, separator
from chainchief.ui.welcome.page import WORKBOOK_SUFFIX, dropped_workbook
from chainchief.ui.workers import wait_for_workers

if TYPE_CHECKING:
    from chainchief.ui.dialogs.export_dialog import ExportDialog
    from chainchief.ui.dialogs.import_dialog import ImportDialog
    from chainchief.ui.dialogs.settings_dialog import SettingsDialog
    from chainchief.ui.shell.main_window import MainWindow

RECENT_LIMIT = 8
_open_windows: list[QMainWindow] = []
"""Windows opened on another database: kept here so Python does not collect them."""


def remember(path: str, *, database: bool) -> None:
    """Put ``path`` first among the recent files (a database also becomes the last one)."""
    preferences = load_preferences()
    resolved = str(Path(path).resolve())
    others = [p for p in preferences.recent_files if p != resolved]
    preferences.recent_files = [resolved, *others][:RECENT_LIMIT]
    if database:
        preferences.last_database = resolved
    save_preferences(preferences)


class FileCommands(QObject):
    data_changed = Signal()
    """An import or a settings change: everything shown should be read again."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.import_action = self._action(_("&Import workbook…"), self.import_dialog, "Ctrl+I")
        self.import_action.setIcon(icon("export"))
        self.export_action = self._action(_("Export &data…"), self.export_data_dialog, None)
        self.template_action = self._action(_("Export &template…"), self.template_dialog, None)
        self.open_action = self._action(_("&Open database…"), self.open_database_dialog, "Ctrl+O")
        self.new_action = self._action(_("&New database…"), self.new_database_dialog, "Ctrl+N")
        self.settings_action = self._action(_("&Settings…"), self.settings_dialog, "Ctrl+,")
        self.settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.recent_menu = QMenu(_("Recent &files"), window)
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        window.setAcceptDrops(True)
        window.installEventFilter(self)

    def _action(self, text: str, slot: Callable[[], object], shortcut: str | None) -> QAction:
        action = QAction(text, self.window)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def install(self, file_menu: QMenu) -> None:
        """Put the commands first in the File menu, above what it already holds."""
        put_at(
            file_menu,
            0,
            [
                self.new_action,
                self.open_action,
                self.recent_menu.menuAction(),
                separator(file_menu),
                self.import_action,
                self.export_action,
                self.template_action,
                separator(file_menu),
                self.settings_action,
                separator(file_menu),
            ],
        )

    # --- import and export ------------------------------------------------------------------

    def import_dialog(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self.window, _("Import workbook"), str(Path.home()), _("Excel workbook (*.xlsx)")
        )
        if path:
            self.import_file(path)

    def import_file(self, path: str) -> ImportDialog:
        """Open the import dialog on ``path``; it checks the file first and writes nothing yet."""
        from chainchief.ui.dialogs.import_dialog import ImportDialog

        remember(path, database=False)
        dialog = ImportDialog(self.window.db, self.window.actor, path, self.window)
        dialog.imported.connect(lambda _summary: self.data_changed.emit())
        dialog.open()
        dialog.start_check()
        return dialog

    def export_data_dialog(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self.window, _("Export data"), str(Path.home() / "产业链数据.xlsx"),
            _("Excel workbook (*.xlsx)"),
        )  # fmt: skip
        if path:
            self.export(path)

    def template_dialog(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self.window, _("Export template"), str(Path.home() / "产业链数据导入模板.xlsx"),
            _("Excel workbook (*.xlsx)"),
        )  # fmt: skip
        if path:
            self.export(path, template=True)

    def export(self, path: str, *, template: bool = False) -> ExportDialog:
        # The dialogs load the Excel libraries; the window should not wait for them at start.
        from chainchief.ui.dialogs.export_dialog import ExportDialog

        dialog = ExportDialog(self.window.db, path, template=template, parent=self.window)
        dialog.open()
        dialog.start()
        return dialog

    # --- databases --------------------------------------------------------------------------

    def open_database_dialog(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self.window, _("Open database"), str(Path.home()),
            _("ChainChief database (*.db *.sqlite);;All files (*)"),
        )  # fmt: skip
        if path:
            self.switch_to(path)

    def new_database_dialog(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self.window, _("New database"), str(Path.home() / "chainchief.db"),
            _("ChainChief database (*.db)"), options=QFileDialog.Option.DontConfirmOverwrite,
        )  # fmt: skip
        if not path:
            return
        if Path(path).exists():
            QMessageBox.warning(
                self.window,
                _("New database"),
                _(
                    "{path} already exists: open it with Open database…, or choose a new name."
                ).format(path=path),
            )
            return
        self.switch_to(path)

    def switch_to(self, target: str) -> QMainWindow | None:
        """Open ``target`` in a new window and close this one (and its database)."""
        try:
            db = open_workspace(target)
        except UserError as error:
            QMessageBox.warning(self.window, _("Open database"), error.message)
            return None
        remember(target, database=True)
        successor = type(self.window)(db, self.window.actor)
        _open_windows.append(successor)
        successor.show()
        if db.upgrade is not None:
            QMessageBox.information(successor, _("Open database"), db.upgrade.message())
        old = self.window
        old.close()
        wait_for_workers()
        old.db.dispose()
        if old in _open_windows:
            _open_windows.remove(old)
        old.deleteLater()
        return successor

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        paths = load_preferences().recent_files
        if not paths:
            self.recent_menu.addAction(_("(none)")).setEnabled(False)
        for number, path in enumerate(paths, start=1):
            action = self.recent_menu.addAction(f"&{number} {literal(Path(path).name)}")
            action.setToolTip(path)
            action.setStatusTip(path)
            action.triggered.connect(lambda _checked=False, p=path: self.open_recent(p))

    def open_recent(self, path: str) -> None:
        if not Path(path).exists():
            message = _("{path} no longer exists.").format(path=path)
            QMessageBox.warning(self.window, _("ChainChief"), message)
            return
        if path.lower().endswith(WORKBOOK_SUFFIX):
            self.import_file(path)
        else:
            self.switch_to(path)

    # --- settings and drops -----------------------------------------------------------------

    def settings_dialog(self) -> SettingsDialog:
        from chainchief.ui.dialogs.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.window.db, self.window.actor, self.window)
        dialog.accepted.connect(self.data_changed.emit)
        dialog.open()
        return dialog

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop):
            path = dropped_workbook(event)  # type: ignore[arg-type]
            if path is None:
                return False
            event.acceptProposedAction()  # type: ignore[attr-defined]
            if kind == QEvent.Type.Drop:
                QTimer.singleShot(0, lambda: self.import_file(path))
            return True
        return False
