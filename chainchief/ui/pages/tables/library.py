"""培育企业 The cultivation library, edited in place like the other tables.

Echelon, service officer, date and note are edited in their cells; a firm is added from the
ledger and taken out by deleting its row. Each is one step of the window's undo history. The
other columns (chains, the latest quarter's revenue and YoY, the last visit, open demands) are
read from the firm's other records and are not edited here.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QWidget

from chainchief.domain.enums import CultivationTier
from chainchief.i18n import _
from chainchief.services.firms.ledger import firm_choices
from chainchief.services.registers import (
    LibraryRow,
    add_to_library,
    library_problem,
    list_library,
    remove_from_library,
    update_library_entry,
)
from chainchief.ui.models.records import TableColumn
from chainchief.ui.pages.indicators import percent
from chainchief.ui.pages.tables.common import (
    checks,
    day,
    delete_rows,
    enum_column,
    figure_column,
    people_column,
    text_column,
)
from chainchief.ui.pages.tables.table import RecordTable
from chainchief.ui.undo import Editor, UpdateCommand

_check = checks(library_problem)


def _count(value: float | None) -> str:
    return str(int(value)) if value else ""


class LibraryTable(RecordTable):
    def __init__(self, editor: Editor, parent: QWidget | None = None) -> None:
        columns = [
            TableColumn("firm", _("Firm"), lambda r: r.firm, width=220),
            enum_column("tier", _("Echelon"), CultivationTier, lambda r: r.tier),
            people_column(
                "officer", _("Service officer"), lambda r: r.officer, editor.db, _check("officer")
            ),
            TableColumn(
                "since",
                _("In the library since"),
                lambda r: day(r.since),
                sort=lambda r: r.since,
                edit=lambda r: day(r.since),
                check=_check("since"),
            ),
            TableColumn("chains", _("Chains"), lambda r: "、".join(r.chains)),
            TableColumn("quarter", _("Quarter"), lambda r: r.quarter or ""),
            figure_column("revenue", _("Quarter revenue (10k yuan)"), lambda r: r.revenue),
            figure_column("revenue_yoy", _("Revenue YoY"), lambda r: r.revenue_yoy, percent),
            TableColumn(
                "last_visit",
                _("Last visit"),
                lambda r: day(r.last_visit),
                sort=lambda r: r.last_visit,
            ),
            figure_column("open_demands", _("Open demands"), lambda r: r.open_demands, _count),
            text_column("note", _("Note"), lambda r: r.note, _check("note"), width=220),
        ]
        super().__init__(
            editor,
            columns,
            empty_text=_(
                "No firm is in the cultivation library yet. Press “Add firm to the library” "
                "or import the 培育企业 sheet of a workbook."
            ),
            filter_hint=_("Filter by firm, echelon, officer or chain"),
            add_text=_("Add firm to the library…"),
            parent=parent,
        )
        self.setObjectName("library_table")

    def load(self) -> list[LibraryRow]:
        return list_library(self.db)

    def update_command(self, row: LibraryRow, values: dict[str, Any]) -> UpdateCommand:
        label = _("Edit library entry {firm}").format(firm=row.firm)
        return self.update_through(update_library_entry, label, row, values)

    def add(self) -> None:
        firms = QComboBox()
        firms.setEditable(True)
        placed = {row.firm_id for row in self.model.rows}
        for choice in firm_choices(self.db):
            if choice.id not in placed:
                firms.addItem(choice.name, choice.id)
        columns = [c for c in self.model.columns if c.editable]
        self.open_record_dialog(
            _("Add firm to the library"),
            self.create_record,
            columns,
            extra=[("firm_id", _("Firm"), firms)],
            initial={"tier": CultivationTier.RESERVE.value},
        )

    def create_record(self, values: dict[str, Any]) -> str | None:
        firm_id = values.pop("firm_id")
        if firm_id is None:
            return _("Choose a firm first.")
        return self.attempt_create(
            _("Add library entry"),
            lambda: add_to_library(self.db, firm_id, values, actor=self.actor),
            remove_from_library,
        )

    def delete(self, rows: list[LibraryRow]) -> None:
        delete_rows(
            self,
            self.editor,
            rows,
            title=_("Take firms out of the library"),
            one=_("Take {name} out of the cultivation library?"),
            many=_("Take {count} firms out of the cultivation library?"),
            name=lambda row: row.firm,
            summary=lambda row: [],
            delete=self.deleting(remove_from_library),
            step=_("Take {name} out of the library"),
        )
