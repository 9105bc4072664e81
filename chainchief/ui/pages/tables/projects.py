"""招商项目 Projects: the chains' investment projects, 签约 → 开工 → 投产."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from PySide6.QtWidgets import QComboBox, QWidget

from chainchief.domain.enums import ProjectStage
from chainchief.i18n import _
from chainchief.services.chains.editing import segment_choices
from chainchief.services.chains.lists import list_chains
from chainchief.services.firms.projects import (
    ProjectRow,
    create_project,
    delete_project,
    list_projects,
    project_problem,
    update_project,
)
from chainchief.ui.models.records import TableColumn
from chainchief.ui.pages.tables.common import (
    checks,
    day,
    delete_rows,
    enum_column,
    name_column,
    number_column,
    people_column,
    text_column,
    typed,
)
from chainchief.ui.pages.tables.table import RecordTable
from chainchief.ui.undo import Editor, UpdateCommand

_check = checks(project_problem)


class ProjectTable(RecordTable):
    def __init__(self, editor: Editor, parent: QWidget | None = None) -> None:
        db = editor.db

        def segments(row: ProjectRow | None) -> list[str]:
            chain = row.chain_id if row is not None else None
            return [choice.segment for choice in segment_choices(db, chain)] if chain else []

        columns = [
            TableColumn("chain", _("Chain"), lambda r: r.chain, width=110),
            text_column("name", _("Project"), lambda r: r.name, _check("name"), width=220),
            name_column("segment", _("Segment"), lambda r: r.segment, segments, _check("segment")),
            text_column("investor", _("Investor"), lambda r: r.investor, _check("investor")),
            number_column(
                "investment",
                _("Total investment (10k yuan)"),
                lambda r: r.investment,
                _check("investment"),
            ),
            enum_column("stage", _("Stage"), ProjectStage, lambda r: r.stage),
            _day_column("signed_on", _("Signed on")),
            people_column("owner", _("Owner"), lambda r: r.owner, db, _check("owner")),
            *(
                _day_column(key, title)
                for key, title in (
                    ("planned_start", _("Planned start")),
                    ("actual_start", _("Actual start")),
                    ("planned_production", _("Planned production")),
                    ("actual_production", _("Actual production")),
                )
            ),
            text_column("issue", _("Needs coordination"), lambda r: r.issue, _check("issue")),
        ]
        super().__init__(
            editor,
            columns,
            empty_text=_(
                "No investment projects yet. Press “Add project” to enter one, or import the "
                "招商项目 sheet of a workbook."
            ),
            filter_hint=_("Filter by chain, project, segment, investor or owner"),
            add_text=_("Add project…"),
            parent=parent,
        )
        self.setObjectName("projects_table")

    entity = "project"

    def load(self) -> list[ProjectRow]:
        return list_projects(self.db)

    def load_rows(self, ids: Collection[int]) -> list[ProjectRow]:
        return list_projects(self.db, ids)

    def update_command(self, row: ProjectRow, values: dict[str, Any]) -> UpdateCommand:
        label = _("Edit project {project}").format(project=row.name)
        return self.update_through(update_project, label, row, values)

    def add(self) -> None:
        chains = QComboBox()
        for chain in list_chains(self.db):
            chains.addItem(chain.name, chain.id)
        columns = [c for c in self.model.columns if c.editable and c.key != "segment"]
        self.open_record_dialog(
            _("Add project"),
            self.create_record,
            columns,
            extra=[("chain_id", _("Chain"), chains)],
            initial={"stage": ProjectStage.SIGNED.value},
        )

    def create_record(self, values: dict[str, Any]) -> str | None:
        chain_id = values.pop("chain_id")
        if chain_id is None:
            return _("Choose a chain first.")
        label = _("Add project {project}").format(project=typed(values, "name"))
        return self.attempt_create(
            label,
            lambda: create_project(self.db, chain_id, values, actor=self.actor),
            delete_project,
        )

    def delete(self, rows: list[ProjectRow]) -> None:
        delete_rows(
            self,
            self.editor,
            rows,
            title=_("Delete projects"),
            one=_("Delete the project {name}?"),
            many=_("Delete {count} projects?"),
            name=lambda row: row.name,
            summary=lambda row: [],
            delete=self.deleting(delete_project),
            step=_("Delete project {name}"),
        )


def _day_column(key: str, title: str) -> TableColumn:
    """A date of the project, shown and edited as YYYY-MM-DD, sorted as a date."""

    def shown(row: ProjectRow) -> str:
        return day(getattr(row, key))

    def sort(row: ProjectRow) -> object:
        return getattr(row, key)

    return TableColumn(key, title, shown, sort=sort, edit=shown, check=_check(key))
