"""汇总部门反馈: the departments' returned fill-in packs, dropped in, previewed, then merged.

Files dropped on the dialog (or chosen with 添加文件) are first merged as a dry run off the GUI
thread: the preview says per file what would be applied, the conflicts and the refusals with
their cells. 汇总 then merges them for real, each file in its own transaction, and the list
shows what became of each.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QBrush, QColor, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from chainchief.i18n import _
from chainchief.services.actions import MergeResult, merge_lines, merge_packs
from chainchief.services.workspace import Workspace
from chainchief.ui.colours import ERROR_TEXT
from chainchief.ui.dialogs.task import TaskPanel
from chainchief.ui.help_topic import set_help_topic
from chainchief.ui.task_notices import announce

_CONFLICT = QColor("#9C5700")


class FeedbackMergeDialog(QDialog):
    def __init__(self, db: Workspace, actor: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor = db, actor
        self.files: list[Path] = []
        self.results: list[MergeResult] = []
        self.merged = False
        self.dry_run = True
        self.setWindowTitle(_("Merge department feedback"))
        set_help_topic(self, "supervision", "feedback")
        self.setAcceptDrops(True)
        self.resize(900, 520)
        hint = QLabel(
            _(
                "Drop the departments' returned fill-in workbooks here (or add them). Each file "
                "is checked first; nothing is written until you merge."
            )
        )
        hint.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([_("File"), _("Department"), _("Preview")])
        self.tree.setColumnWidth(0, 220)
        self.tree.setColumnWidth(1, 130)
        self.tree.setWordWrap(True)
        self.task = TaskPanel()
        self.task.finished.connect(self._finished)
        self.task.failed.connect(self._failed)
        add = QPushButton(_("Add files…"))
        add.clicked.connect(self.choose_files)
        self.clear_button = QPushButton(_("Clear"))
        self.clear_button.clicked.connect(self.clear)
        buttons = QDialogButtonBox()
        buttons.addButton(_("Close"), QDialogButtonBox.ButtonRole.RejectRole)
        self.merge_button = buttons.addButton(_("Merge"), QDialogButtonBox.ButtonRole.ActionRole)
        self.merge_button.setEnabled(False)
        self.merge_button.clicked.connect(self.merge)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(add)
        row.addWidget(self.clear_button)
        row.addStretch(1)
        row.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.task)
        layout.addLayout(row)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if any(url.isLocalFile() for url in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        self.add_files([Path(url.toLocalFile()) for url in event.mimeData().urls()])
        event.acceptProposedAction()

    def choose_files(self) -> None:
        names, _filter = QFileDialog.getOpenFileNames(
            self, _("Returned fill-in workbooks"), str(Path.home()), _("Excel workbook (*.xlsx)")
        )
        self.add_files([Path(name) for name in names])

    def add_files(self, paths: list[Path]) -> None:
        """Add the files not yet listed and preview them all (a dry run)."""
        if self.task.running:
            return
        if self.merged:
            self.clear()
        new = [path for path in paths if path.is_file() and path not in self.files]
        if not new:
            return
        self.files += new
        self._run(_("Checking {count} files…").format(count=len(self.files)), dry_run=True)

    def clear(self) -> None:
        self.files, self.results, self.merged = [], [], False
        self.tree.clear()
        self.merge_button.setEnabled(False)

    def merge(self) -> None:
        self._run(_("Merging {count} files…").format(count=len(self.files)), dry_run=False)

    def _run(self, label: str, *, dry_run: bool) -> None:
        db, actor, files = self.db, self.actor, list(self.files)
        self.merge_button.setEnabled(False)
        self.dry_run = dry_run

        def job(_progress: object) -> list[MergeResult]:
            return merge_packs(db, files, actor=actor, dry_run=dry_run)

        self.task.start(label, job)

    def _finished(self, results: list[MergeResult]) -> None:
        self.results = results
        self.merged = not self.dry_run
        self.tree.clear()
        for result in results:
            lines = merge_lines(result, dry_run=self.dry_run)
            item = QTreeWidgetItem([result.file, result.department or "", lines[0]])
            colour = ERROR_TEXT if result.result == "refused" else None
            if result.conflicts and colour is None:
                colour = _CONFLICT
            for detail in lines[1:]:
                child = QTreeWidgetItem(["", "", detail.strip().removeprefix(result.file).strip()])
                if colour is not None:
                    child.setForeground(2, QBrush(colour))
                item.addChild(child)
            if colour is not None:
                item.setForeground(2, QBrush(colour))
            item.setToolTip(2, "\n".join(lines))
            self.tree.addTopLevelItem(item)
            item.setExpanded(True)
        applicable = any(result.result == "applied" for result in results)
        self.merge_button.setEnabled(self.dry_run and applicable)
        refused = sum(result.result == "refused" for result in results)
        if self.dry_run:
            text = _("Preview: {ok} of {count} files can be merged; {refused} refused.")
        else:
            text = _("Merged: {ok} of {count} files applied; {refused} refused.")
        text = text.format(
            ok=sum(result.result == "applied" for result in results),
            count=len(results),
            refused=refused,
        )
        self.task.label.setText(text)
        if not self.dry_run:
            announce(text)

    def _failed(self, error: BaseException) -> None:
        self.task.label.setText(str(error))
        self.merge_button.setEnabled(False)
