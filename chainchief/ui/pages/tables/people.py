"""人员与部门 People & departments: who works where, their chain roles, when they are away."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMenu, QSplitter, QVBoxLayout, QWidget

from chainchief.i18n import _
from chainchief.services.directory.departments import (
    DepartmentRow,
    create_department,
    delete_department,
    department_deletion_summary,
    department_problem,
    list_departments,
    update_department,
)
from chainchief.services.directory.people import (
    PersonRow,
    create_person,
    delete_person,
    list_people,
    person_deletion_summary,
    person_problem,
    update_person,
)
from chainchief.ui.models.records import EditorKind, TableColumn
from chainchief.ui.pages.tables.common import (
    checks,
    delete_rows,
    department_column,
    joined,
    text_column,
    typed,
)
from chainchief.ui.pages.tables.list_dialogs import DatesDialog
from chainchief.ui.pages.tables.table import RecordTable
from chainchief.ui.undo import Editor, UpdateCommand


def _roles(row: PersonRow) -> str:
    parts = []
    if row.chief_of:
        parts.append(_("Chief: {chains}").format(chains=joined(row.chief_of)))
    if row.team_lead_of:
        parts.append(_("Team lead: {chains}").format(chains=joined(row.team_lead_of)))
    if row.member_of:
        parts.append(_("Member: {chains}").format(chains=joined(row.member_of)))
    return "；".join(parts)


def _days(row: PersonRow) -> str:
    return joined([day.isoformat() for day in row.unavailable])


class PersonTable(RecordTable):
    def __init__(self, editor: Editor, parent: QWidget | None = None) -> None:
        check = checks(person_problem)
        columns = [
            text_column("name", _("Name"), lambda r: r.name, check("name"), width=90),
            text_column("title", _("Title"), lambda r: r.title, check("title")),
            department_column(
                "department",
                _("Own department"),
                lambda r: r.department,
                editor.db,
                check("department"),
            ),
            text_column("phone", _("Phone"), lambda r: r.phone, check("phone")),
            text_column("email", _("Email"), lambda r: r.email, check("email")),
            TableColumn(
                "unavailable",
                _("Unavailable dates"),
                _days,
                sort=lambda r: r.unavailable[0] if r.unavailable else None,
                edit=lambda r: list(r.unavailable),
                kind=EditorKind.DIALOG,
                tip=lambda r: _("Double-click to pick the days on a calendar"),
                width=180,
            ),
            TableColumn("roles", _("Chain roles"), _roles),
        ]
        super().__init__(
            editor,
            columns,
            empty_text=_(
                "Nobody is entered yet. Press “Add person”, or name people as chiefs, team "
                "leads or owners anywhere: new names are added here."
            ),
            filter_hint=_("Filter by name, title, department or chain"),
            add_text=_("Add person…"),
            chains=lambda row: {*row.chief_of, *row.team_lead_of, *row.member_of},
            parent=parent,
        )
        self.setObjectName("people_table")

    def load(self) -> list[PersonRow]:
        return list_people(self.db)

    def update_command(self, row: PersonRow, values: dict[str, Any]) -> UpdateCommand:
        label = _("Edit person {name}").format(name=row.name)
        return self.update_through(update_person, label, row, values)

    def add(self) -> None:
        self.open_record_dialog(_("Add person"), self.create_record)

    def create_record(self, values: dict[str, Any]) -> str | None:
        label = _("Add person {name}").format(name=typed(values, "name"))
        return self.attempt_create(
            label, lambda: create_person(self.db, values, actor=self.actor), delete_person
        )

    def delete(self, rows: list[PersonRow]) -> None:
        delete_rows(
            self,
            self.editor,
            rows,
            title=_("Delete people"),
            one=_("Delete {name}? The chain roles and tasks they hold are left without a person."),
            many=_("Delete {count} people?"),
            name=lambda row: row.name,
            summary=lambda row: person_deletion_summary(self.db, row.id),
            delete=self.deleting(delete_person),
            step=_("Delete person {name}"),
        )

    def edit_in_dialog(self, row: PersonRow, column: TableColumn) -> None:
        self.dialog = DatesDialog(
            self, _("Days {name} is unavailable").format(name=row.name), row.unavailable
        )
        self.dialog.accepted.connect(lambda: self.apply(row, {"unavailable": self.dialog.value()}))
        self.dialog.open()

    def extra_actions(self, menu: QMenu, rows: list[PersonRow]) -> None:
        if len(rows) == 1:
            dates = self.model.columns[self.column_number("unavailable")]
            menu.addAction(
                _("Unavailable dates…"), lambda: self.edit_in_dialog(rows[0], dates)
            ).setObjectName("edit_dates")


class DepartmentTable(RecordTable):
    def __init__(self, editor: Editor, parent: QWidget | None = None) -> None:
        columns = [
            text_column(
                "name",
                _("Department name"),
                lambda r: r.name,
                lambda typed: department_problem("name", typed),
                width=150,
            ),
            TableColumn(
                "people", _("Head count"), lambda r: str(r.people), sort=lambda r: r.people
            ),
            TableColumn("leads", _("Leads"), lambda r: joined(r.leads)),
            TableColumn("supports", _("Supports"), lambda r: joined(r.supports)),
        ]
        super().__init__(
            editor,
            columns,
            empty_text=_("No departments yet. Press “Add department” to enter one."),
            filter_hint=_("Filter departments"),
            add_text=_("Add department…"),
            chains=lambda row: {*row.leads, *row.supports, *row.action_items_in},
            parent=parent,
        )
        self.setObjectName("departments_table")

    def load(self) -> list[DepartmentRow]:
        return list_departments(self.db)

    def update_command(self, row: DepartmentRow, values: dict[str, Any]) -> UpdateCommand:
        label = _("Edit department {name}").format(name=row.name)
        return self.update_through(update_department, label, row, values)

    def add(self) -> None:
        self.open_record_dialog(_("Add department"), self.create_record, [self.model.columns[0]])

    def create_record(self, values: dict[str, Any]) -> str | None:
        label = _("Add department {name}").format(name=typed(values, "name"))
        return self.attempt_create(
            label, lambda: create_department(self.db, values, actor=self.actor), delete_department
        )

    def delete(self, rows: list[DepartmentRow]) -> None:
        delete_rows(
            self,
            self.editor,
            rows,
            title=_("Delete departments"),
            one=_("Delete the department {name}?"),
            many=_("Delete {count} departments?"),
            name=lambda row: row.name,
            summary=lambda row: department_deletion_summary(self.db, row.id),
            delete=self.deleting(delete_department),
            step=_("Delete department {name}"),
        )


class PeoplePage(QWidget):
    """People above, departments below: side by side, at 1280×720, the departments' lists of
    chains were cut off a third of the way in; one above the other, each shows every column."""

    def __init__(self, editor: Editor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("people_page")
        self.people = PersonTable(editor, self)
        self.departments = DepartmentTable(editor, self)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.people)
        splitter.addWidget(self.departments)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([300, 200])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

    def focus_chain(self, chain: str) -> None:
        """The navigator chose ``chain``: the people who hold a role in it, and the departments
        that lead or support it or own action items in it."""
        self.people.focus_chain(chain)
        self.departments.focus_chain(chain)
