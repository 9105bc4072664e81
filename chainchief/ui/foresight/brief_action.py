"""File ▸ 链长简报: the one-page brief of the chain on the map, for the current quarter, as PDF.

Drawn on the GUI thread: the PDF writer switches the message language to Chinese while it draws
(a file for people), which must not happen under the window's feet from another thread; one
chain's page takes a fraction of a second.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QFileDialog

from chainchief.domain.clock import today
from chainchief.domain.errors import UserError
from chainchief.domain.quarters import Quarter
from chainchief.i18n import _
from chainchief.ui.foresight.host import ForesightHost
from chainchief.ui.forms import show_warning
from chainchief.ui.task_notices import announce


class BriefExport:
    def __init__(self, host: ForesightHost) -> None:
        self.host = host
        self.action = QAction(_("Chief's &brief of this chain (PDF)…"), host.window())
        self.action.setObjectName("export_brief")
        self.action.triggered.connect(self.ask)
        menu = host.menus.file
        actions = menu.actions()
        menu.insertAction(actions[1] if len(actions) > 1 else None, self.action)  # type: ignore[arg-type]

    def ask(self) -> None:
        chain = self.host.scene.chain
        if chain is None:
            return
        quarter = Quarter.of(today())
        suggested = str(Path.home() / f"{chain.chain}-链长简报-{quarter}.pdf")
        path, _filter = QFileDialog.getSaveFileName(
            self.host.window(), _("Chief's brief"), suggested, _("PDF document (*.pdf)")
        )
        if path:
            self.write(path)

    def write(self, path: str) -> Path | None:
        """Write the brief of the chain on the map to ``path`` for the current quarter."""
        chain = self.host.scene.chain
        if chain is None:
            return None
        from chainchief.services.foresight import chain_briefs  # the pack's rows, when asked
        from chainchief.ui.foresight.brief_pdf import write_brief_pdf  # QtSvg, when asked

        quarter = Quarter.of(today())
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            briefs = chain_briefs(self.host.db, quarter, chain=chain.chain)
            written = write_brief_pdf(briefs, path, quarter)
        except UserError as error:
            show_warning(self.host.window(), _("ChainChief"), error.message)
            return None
        finally:
            QApplication.restoreOverrideCursor()
        announce(_("Brief saved to {path}").format(path=written), written)
        return written
