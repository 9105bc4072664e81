"""The audit log in the window: who changed what, when and how, filtered — and never edited.

A read-only table over the audit service's entries (newest first), each told as one sentence
in the reader's words (``audit_words``), with filters for the day
range, the user, the kind of change, the kind of record and free text; the entries are read
off the GUI thread. There is no way to change or delete an entry here, by design.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from chainchief.domain.clock import today
from chainchief.i18n import _
from chainchief.services.admin.audit import (
    AuditFilter,
    AuditRow,
    audit_entries,
    audit_facets,
)
from chainchief.services.admin.audit_words import action_label, describe_entry, entity_label
from chainchief.services.workspace import Workspace
from chainchief.ui.forms import pydate, qdate
from chainchief.ui.workers import submit

SHOWN_AT_MOST = 5000
Index = QModelIndex | QPersistentModelIndex


class AuditTableModel(QAbstractTableModel):
    """Entries newest first; every cell read-only."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[AuditRow] = []
        self.headers = [_("When"), _("User"), _("What happened")]

    def set_rows(self, rows: list[AuditRow]) -> None:
        self.beginResetModel()
        self.rows = list(reversed(rows))
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return None
        row = self.rows[index.row()]
        if index.column() == 0:
            return f"{row.at:%Y-%m-%d %H:%M:%S}"
        if index.column() == 1:
            return row.user
        return describe_entry(row.action, row.entity, row.key, row.changes)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class AuditDialog(QDialog):
    """The filterable audit view (a non-modal window over the main one)."""

    def __init__(self, db: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.setWindowTitle(_("Audit log"))
        self.model = AuditTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.use_since = QCheckBox(_("From"))
        self.since = QDateEdit(qdate(today() - dt.timedelta(days=30)))
        self.since.setCalendarPopup(True)
        self.since.setDisplayFormat("yyyy-MM-dd")
        self.since.setEnabled(False)
        self.use_since.toggled.connect(self.since.setEnabled)
        self.user = self._choice(_("All users"))
        self.action = self._choice(_("All kinds of change"))
        self.entity = self._choice(_("All records"))
        self.text = QLineEdit()
        self.text.setPlaceholderText(_("Search key and changes…"))
        self.text.returnPressed.connect(self.reload)
        apply = QPushButton(_("Filter"))
        apply.clicked.connect(self.reload)
        self.status = QLabel()
        filters = QHBoxLayout()
        for widget in (self.use_since, self.since, self.user, self.action, self.entity):
            filters.addWidget(widget)
        filters.addWidget(self.text, 1)
        filters.addWidget(apply)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        self.resize(1100, 600)
        self._fill_choices()
        self.reload()

    @staticmethod
    def _choice(everything: str) -> QComboBox:
        box = QComboBox()
        box.addItem(everything, None)
        box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        return box

    def _fill_choices(self) -> None:
        users, actions, entities = audit_facets(self.db)
        for user in users:
            self.user.addItem(user, user)
        for action in actions:
            self.action.addItem(action_label(action), action)
        for entity in entities:
            self.entity.addItem(entity_label(entity), entity)

    def current_filter(self) -> AuditFilter:
        return AuditFilter(
            since=pydate(self.since.date()) if self.use_since.isChecked() else None,
            user=self.user.currentData(),
            action=self.action.currentData(),
            entity=self.entity.currentData(),
            text=self.text.text().strip() or None,
            limit=SHOWN_AT_MOST,
        )

    def reload(self) -> None:
        where = self.current_filter()
        self.status.setText(_("Reading the audit log…"))
        submit(self, lambda _progress: audit_entries(self.db, where), self._loaded, self._failed)

    def _loaded(self, rows: list[AuditRow]) -> None:
        self.model.set_rows(rows)
        if len(rows) >= SHOWN_AT_MOST:
            self.status.setText(
                _(
                    "The newest {count} entries that match; narrow the filter to see older ones."
                ).format(count=len(rows))
            )
        else:
            self.status.setText(_("{count} entries").format(count=len(rows)))

    def _failed(self, error: BaseException) -> None:
        self.status.setText(getattr(error, "message", str(error)))


def open_audit_view(window: QWidget, db: Workspace) -> AuditDialog:
    dialog = AuditDialog(db, window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog
