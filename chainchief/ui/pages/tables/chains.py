"""产业链 Chains: who carries each chain — chief, team lead, members, departments — and the
local-firm threshold of its gap analysis. The role rules are the service's; a refused edit
shows its message and the table shows the stored roles again."""

from __future__ import annotations

import functools
from dataclasses import replace
from typing import Any

from PySide6.QtWidgets import QMenu, QWidget

from chainchief.i18n import _
from chainchief.services.chains.roles import (
    ChainRolesRow,
    chain_deletion_summary,
    chain_problem,
    create_chain,
    delete_chain,
    list_chain_roles,
    update_chain,
)
from chainchief.services.directory.departments import department_names
from chainchief.services.directory.people import people_names
from chainchief.ui.models.records import TableColumn
from chainchief.ui.pages.tables.common import (
    checks,
    delete_rows,
    department_column,
    list_column,
    people_column,
    text_column,
    typed,
)
from chainchief.ui.pages.tables.list_dialogs import ChecklistDialog
from chainchief.ui.pages.tables.table import RecordTable
from chainchief.ui.undo import Editor, UpdateCommand

_check = checks(chain_problem)


class ChainTable(RecordTable):
    def __init__(self, editor: Editor, parent: QWidget | None = None) -> None:
        db = editor.db

        def person(key: str, header: str, read: Any) -> TableColumn:
            return replace(people_column(key, header, read, db, _check(key)), width=90)

        columns = [
            text_column("name", _("Chain"), lambda r: r.name, _check("name"), width=120),
            person("chief", _("Chain chief"), lambda r: r.chief),
            person("team_lead", _("Team lead"), lambda r: r.team_lead),
            list_column(
                "members",
                _("Team members"),
                lambda r: r.members,
                _("Double-click to choose the team members"),
                width=200,
            ),
            replace(
                department_column(
                    "lead_department",
                    _("Lead department"),
                    lambda r: r.lead_department,
                    db,
                    _check("lead_department"),
                ),
                width=130,
            ),
            list_column(
                "supporting_departments",
                _("Supporting departments"),
                lambda r: r.supporting_departments,
                _("Double-click to choose the supporting departments"),
                width=220,
            ),
            TableColumn(
                "min_local_firms",
                _("Minimum local firms"),
                lambda r: str(r.min_local_firms),
                sort=lambda r: r.min_local_firms,
                edit=lambda r: str(r.min_local_firms),
                check=_check("min_local_firms"),
                numeric=True,
                tip=lambda r: _(
                    "A segment with fewer local firms than this is weak (弱链); empty sets the "
                    "shared default."
                ),
            ),
            text_column(
                "description", _("Description"), lambda r: r.description, _check("description")
            ),
        ]
        super().__init__(
            editor,
            columns,
            empty_text=_(
                "No chains yet. An administrator adds chains with “Add chain”, or load the demo "
                "city or a workbook."
            ),
            filter_hint=_("Filter by chain, person or department"),
            add_text=_("Add chain…"),
            parent=parent,
        )
        self.setObjectName("chains_table")

    def load(self) -> list[ChainRolesRow]:
        return list_chain_roles(self.db)

    def update_command(self, row: ChainRolesRow, values: dict[str, Any]) -> UpdateCommand:
        label = _("Edit chain {chain}").format(chain=row.name)
        return self.update_through(update_chain, label, row, values)

    def add(self) -> None:
        self.open_record_dialog(_("Add chain"), self.create_record)

    def create_record(self, values: dict[str, Any]) -> str | None:
        label = _("Add chain {chain}").format(chain=typed(values, "name"))
        return self.attempt_create(
            label, lambda: create_chain(self.db, values, actor=self.actor), delete_chain
        )

    def delete(self, rows: list[ChainRolesRow]) -> None:
        delete_rows(
            self,
            self.editor,
            rows,
            title=_("Delete chains"),
            one=_("Delete the chain {name} with all its segments, targets, meetings and items?"),
            many=_("Delete {count} chains with everything of them?"),
            name=lambda row: row.name,
            summary=lambda row: chain_deletion_summary(self.db, row.id),
            delete=self.deleting(delete_chain),
            step=_("Delete chain {name}"),
        )

    def edit_in_dialog(self, row: ChainRolesRow, column: TableColumn) -> None:
        if column.key == "members":
            known, chosen = people_names(self.db), row.members
            title = _("Team members of {chain}").format(chain=row.name)
        else:
            known, chosen = department_names(self.db), row.supporting_departments
            title = _("Supporting departments of {chain}").format(chain=row.name)
        self.dialog = ChecklistDialog(
            self, title, known, chosen, others_label=_("New names"), searchable=True
        )
        self.dialog.accepted.connect(lambda: self.apply(row, {column.key: self.dialog.value()}))
        self.dialog.open()

    def extra_actions(self, menu: QMenu, rows: list[ChainRolesRow]) -> None:
        if len(rows) != 1:
            return
        for key, text_ in (
            ("members", _("Team members…")),
            ("supporting_departments", _("Supporting departments…")),
        ):
            column = self.model.columns[self.column_number(key)]
            menu.addAction(
                text_, functools.partial(self.edit_in_dialog, rows[0], column)
            ).setObjectName(f"edit_{key}")
