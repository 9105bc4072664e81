"""The welcome page over the map while the database holds no chain, wired to the window.

The page lies over the map view (the map's tab stays where it is); it shows whenever the
navigator's rows come in empty and steps aside as soon as a chain exists — after an import,
the demo or the new-chain wizard, which all end in the window reading its data again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction

from chainchief.domain.errors import UserError
from chainchief.i18n import _
from chainchief.services.directory.departments import department_names
from chainchief.services.directory.people import people_names
from chainchief.ui.forms import show_warning
from chainchief.ui.welcome.page import WelcomeCalls, WelcomePage
from chainchief.ui.welcome.wizard import NewChain, NewChainWizard, create_new_chain
from chainchief.ui.workers import submit

if TYPE_CHECKING:
    from chainchief.services.workbooks.importing import ImportSummary
    from chainchief.ui.shell.file_commands import FileCommands
    from chainchief.ui.shell.main_window import MainWindow


class Welcome(QObject):
    def __init__(self, window: MainWindow, files: FileCommands) -> None:
        super().__init__(window)
        self.window = window
        self.page = WelcomePage(
            WelcomeCalls(
                import_workbook=files.import_dialog,
                import_file=files.import_file,
                load_demo=self.load_demo,
                new_chain=self.new_chain,
                template=files.template_dialog,
            ),
            window.view,
        )
        self.page.hide()
        self.wizard: NewChainWizard | None = None
        self.new_chain_action = QAction(_("New &chain…"), window)
        self.new_chain_action.setStatusTip(_("Create a chain and its segments, tier by tier"))
        self.new_chain_action.triggered.connect(lambda _checked=False: self.new_chain())
        file_menu = window.menus.file
        file_menu.insertAction(files.import_action, self.new_chain_action)
        window.view.installEventFilter(self)
        window.rows_loaded.connect(self.rows_loaded)

    def rows_loaded(self) -> None:
        """Over the map while the navigator's rows are empty, aside otherwise."""
        empty = not self.window.navigator.model.rows
        if empty == self.page.isVisible():
            return
        self.page.setGeometry(self.window.view.rect())
        self.page.setVisible(empty)
        # Under the page the empty view would take the focus (and Tab) for nothing.
        self.window.view.setFocusPolicy(
            Qt.FocusPolicy.NoFocus if empty else Qt.FocusPolicy.StrongFocus
        )
        if empty:
            self.page.raise_()
            self.page.import_button.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.window.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.page.setGeometry(self.window.view.rect())
        return False

    # --- the page's commands -------------------------------------------------------------

    def load_demo(self) -> None:
        # The import pipeline (and the Excel libraries) load when used, not with the window.
        from chainchief.services.workbooks.demo import load_demo

        window = self.window
        db, actor = window.db, window.actor
        self.page.demo_button.setEnabled(False)
        window.statusBar().showMessage(_("Loading the demo data…"))
        submit(
            self,
            lambda _progress: load_demo(db, force=False, actor=actor),
            self._demo_loaded,
            self._demo_failed,
        )

    def _demo_loaded(self, _summary: ImportSummary) -> None:
        self.page.demo_button.setEnabled(True)
        self.window.statusBar().showMessage(_("The demo data is loaded."), 8000)
        self.window.quarter.refresh()

    def _demo_failed(self, error: BaseException) -> None:
        self.page.demo_button.setEnabled(True)
        self.window.statusBar().clearMessage()
        if not isinstance(error, UserError):
            raise error
        show_warning(self.window, _("ChainChief"), error.message)

    def new_chain(self) -> NewChainWizard:
        db = self.window.db
        self.wizard = NewChainWizard(
            self.window, people_names(db), department_names(db), self._create
        )
        self.wizard.open()
        return self.wizard

    def _create(self, chain: NewChain) -> str | None:
        message, chain_id = create_new_chain(self.window.editing.editor, chain)
        if message is None and chain_id is not None:
            self.window.load_chain(chain_id)
        return message


def install_welcome(window: MainWindow, files: FileCommands) -> Welcome:
    return Welcome(window, files)
