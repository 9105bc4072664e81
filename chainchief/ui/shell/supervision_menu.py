"""The 督办 menu: the quarterly circular, the departments' notices and the 考评 page.

The documents are issued by ``services.documents`` off the GUI thread; the menu asks where to
write them and says which numbers they were given.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from chainchief.domain.clock import today
from chainchief.domain.errors import UserError
from chainchief.domain.quarters import Quarter
from chainchief.i18n import _, ngettext
from chainchief.ui.lazy_page import LazyPage
from chainchief.ui.page_groups import PageGroup
from chainchief.ui.task_notices import announce
from chainchief.ui.workers import submit

if TYPE_CHECKING:
    from chainchief.services.actions.documents import Issued
    from chainchief.services.actions.feedback import WrittenPack
    from chainchief.ui.pages.scores import ScoresPage
    from chainchief.ui.shell.main_window import MainWindow


def _scores_page(window: MainWindow) -> ScoresPage:
    from chainchief.ui.pages.scores import ScoresPage

    return ScoresPage(window.db)


class SupervisionMenu:
    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.scores: LazyPage[ScoresPage] = LazyPage(lambda: _scores_page(window))
        window.add_page(self.scores, _("Scores"), PageGroup.QUARTER)
        self.menu = window.menus.supervision
        for text, slot in (
            (_("Quarterly &circular…"), self.circular_dialog),
            (_("Supervision &notices…"), self.notices_dialog),
            (_("&Department fill-in workbooks…"), self.collect_dialog),
            (_("&Merge department feedback…"), self.merge_dialog),
            (_("&Scores"), self.show_scores),
        ):
            action = QAction(text, window)
            action.triggered.connect(lambda _checked=False, run=slot: run())
            self.menu.addAction(action)
        self.last_issued: list[Issued] = []
        self.last_packs: list[WrittenPack] = []

    def show_scores(self) -> None:
        self.window.show_page(self.scores)

    def circular_dialog(self) -> None:
        current = Quarter.of(today())
        quarters = [str(current.previous), str(current)]
        choice, chosen = QInputDialog.getItem(
            self.window, _("Quarterly circular"), _("Quarter"), quarters, 0, False
        )
        if not chosen:
            return
        quarter = Quarter.parse(choice)
        path, _filter = QFileDialog.getSaveFileName(
            self.window,
            _("Quarterly circular"),
            str(Path.home() / f"{quarter.chinese}督办通报.docx"),
            _("Word document (*.docx)"),
        )
        if path:
            self.write_circular(quarter, path)

    def write_circular(self, quarter: Quarter, path: str) -> None:
        from chainchief.services.actions.documents import issue_circular  # python-docx, when asked

        db, actor = self.window.db, self.window.actor
        submit(
            self.menu,
            lambda _progress: [issue_circular(db, quarter, path, actor=actor)],
            self._issued,
            self._failed,
        )

    def notices_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self.window, _("Folder for the supervision notices"), str(Path.home())
        )
        if folder:
            self.write_notices(folder)

    def write_notices(self, folder: str) -> None:
        from chainchief.services.actions.documents import issue_notices

        db, actor = self.window.db, self.window.actor
        submit(
            self.menu,
            lambda _progress: issue_notices(db, folder, actor=actor),
            self._issued,
            self._failed,
        )

    def collect_dialog(self) -> None:
        current = Quarter.of(today())
        quarters = [str(current), str(current.previous)]
        choice, chosen = QInputDialog.getItem(
            self.window, _("Department fill-in workbooks"), _("Quarter"), quarters, 0, False
        )
        if not chosen:
            return
        folder = QFileDialog.getExistingDirectory(
            self.window, _("Folder for the department fill-in workbooks"), str(Path.home())
        )
        if folder:
            self.write_packs(Quarter.parse(choice), folder)

    def write_packs(self, quarter: Quarter, folder: str) -> None:
        from chainchief.services.actions.feedback import collect_packs  # openpyxl, when asked

        db, actor = self.window.db, self.window.actor
        submit(
            self.menu,
            lambda _progress: collect_packs(db, quarter, folder, actor=actor),
            self._packs_written,
            self._failed,
        )

    def _packs_written(self, written: list[WrittenPack]) -> None:
        self.last_packs = written
        announce(
            ngettext("{count} fill-in workbook written", "{count} fill-in workbooks written",
                     len(written)).format(count=len(written)),
            _output([Path(pack.path) for pack in written]),
        )  # fmt: skip
        if not written:
            text = _("No department has an open action item.")
        else:
            text = "\n".join(
                ngettext(
                    "Wrote {path}: {count} open item.",
                    "Wrote {path}: {count} open items.",
                    pack.items,
                ).format(path=pack.path, count=pack.items)
                for pack in written
            )
        QMessageBox.information(self.window, _("Supervision"), text)

    def merge_dialog(self) -> None:
        from chainchief.ui.dialogs.feedback_merge import FeedbackMergeDialog

        dialog = FeedbackMergeDialog(self.window.db, self.window.actor, self.window)
        dialog.exec()

    def _issued(self, issued: list[Issued]) -> None:
        self.last_issued = issued
        if not issued:
            text = _("No department has a blue, yellow or red action item.")
        else:
            text = "\n".join(
                _("Wrote {path}: {title} ({number}).").format(
                    path=item.path, title=item.title, number=item.number
                )
                for item in issued
            )
        announce(_("{count} documents written").format(count=len(issued)), _output(
            [Path(item.path) for item in issued]))  # fmt: skip
        QMessageBox.information(self.window, _("Supervision"), text)

    def _failed(self, error: BaseException) -> None:
        """A refusal is shown; anything else is a bug and goes to the app's error handler."""
        if not isinstance(error, UserError):
            raise error
        QMessageBox.warning(self.window, _("ChainChief"), error.message)


def _output(paths: list[Path]) -> Path | None:
    """The one file written, or the folder holding several (None when nothing was)."""
    if len(paths) == 1:
        return paths[0]
    return paths[0].parent if paths else None
