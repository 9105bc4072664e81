"""The main window: the chains of the database with their chief and size."""

from __future__ import annotations

from PySide6.QtWidgets import QHeaderView, QMainWindow, QTreeWidget, QTreeWidgetItem

from chainchief.i18n import _
from chainchief.services.chains import list_chains
from chainchief.store.db import Database


class MainWindow(QMainWindow):
    def __init__(self, db: Database) -> None:
        super().__init__()
        self.db = db
        self.setWindowTitle(_("ChainChief"))
        self.chain_list = QTreeWidget()
        self.chain_list.setRootIsDecorated(False)
        self.chain_list.setAlternatingRowColors(True)
        self.chain_list.setHeaderLabels(
            [_("Chain"), _("Chain chief"), _("Team lead"), _("Segments")]
        )
        self.chain_list.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.setCentralWidget(self.chain_list)
        self.resize(1100, 700)
        self.refresh()

    def refresh(self) -> None:
        self.chain_list.clear()
        rows = list_chains(self.db)
        for row in rows:
            QTreeWidgetItem(
                self.chain_list,
                [row.name, row.chief or "", row.team_lead or "", str(row.segments)],
            )
        self.statusBar().showMessage(_("{count} chains").format(count=len(rows)))
