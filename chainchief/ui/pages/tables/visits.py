"""走访记录 The visits of the cultivation library, edited in place like the other tables.

A visit's day, what was discussed and the firm's demand are edited in their cells and a visit
is deleted with its row, each one step of the window's undo history. Who went is part of the
visit's key and kept as imported; the action item its demand became (转督办) is shown, and made
from the page (``registers.LibraryPage``).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from chainchief.i18n import _
from chainchief.services.registers import (
    VisitRow,
    delete_visit,
    list_visits,
    update_visit,
    visit_problem,
)
from chainchief.ui.models.records import TableColumn
from chainchief.ui.pages.tables.common import checks, day, delete_rows, text_column
from chainchief.ui.pages.tables.table import RecordTable
from chainchief.ui.undo import Editor, UpdateCommand

_check = checks(visit_problem)


def _action(row: VisitRow) -> str:
    if row.action and row.action_status:
        return f"{row.action}（{row.action_status.label}）"
    return ""


class VisitTable(RecordTable):
    def __init__(self, editor: Editor, parent: QWidget | None = None) -> None:
        columns = [
            TableColumn("firm", _("Firm"), lambda r: r.firm, width=220),
            TableColumn(
                "day",
                _("Visit date"),
                lambda r: day(r.day),
                sort=lambda r: r.day,
                edit=lambda r: day(r.day),
                check=_check("day"),
            ),
            TableColumn("visitors", _("Visitors"), lambda r: "、".join(r.visitors)),
            text_column("content", _("Discussed"), lambda r: r.content, _check("content")),
            text_column("demand", _("Demand"), lambda r: r.demand, _check("demand")),
            TableColumn("action", _("Action item"), _action, width=220),
        ]
        super().__init__(
            editor,
            columns,
            empty_text=_("No visits yet. Import the 走访记录 sheet of a workbook."),
            filter_hint=_("Filter by firm, visitor, discussion or demand"),
            parent=parent,
        )
        self.setObjectName("visits_table")

    def load(self) -> list[VisitRow]:
        return list_visits(self.db)

    def update_command(self, row: VisitRow, values: dict[str, Any]) -> UpdateCommand:
        label = _("Edit visit to {firm}").format(firm=row.firm)
        return self.update_through(update_visit, label, row, values)

    def delete(self, rows: list[VisitRow]) -> None:
        delete_rows(
            self,
            self.editor,
            rows,
            title=_("Delete visits"),
            one=_("Delete the visit to {name}?"),
            many=_("Delete {count} visits?"),
            name=lambda row: f"{row.firm}（{day(row.day)}）",
            summary=lambda row: [],
            delete=self.deleting(delete_visit),
            step=_("Delete visit to {name}"),
        )
