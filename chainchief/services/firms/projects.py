"""Investment projects (招商项目库): a concrete project of a chain, 签约 → 开工 → 投产.

The project's segment is named within its own chain; a name the chain does not have is refused.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from chainchief.domain.enums import ProjectStage
from chainchief.domain.errors import RuleViolation
from chainchief.exchange.parsers import parse_date, parse_enum, parse_number
from chainchief.i18n import N_, _
from chainchief.services.admin.permissions import Permission, require
from chainchief.services.kernel import row_steps
from chainchief.services.kernel.edits import (
    Field,
    FieldChange,
    RowRef,
    apply_values,
    long_text,
    name_text,
    person_field,
    plain,
    problem,
    writing,
)
from chainchief.services.kernel.removals import Removal, take_away
from chainchief.store.db import Database
from chainchief.store.models import Chain, Person, Project, Segment, table_of


def _segment_field() -> Field:
    """The project's segment, named within the project's own chain."""

    def read(session: Session, project: Project) -> str | None:
        if project.segment_id is None:
            return None
        return session.scalar(select(Segment.name).where(Segment.id == project.segment_id))

    def write(session: Session, project: Project, value: str | None) -> None:
        if value is None:
            project.segment_id = None
            return
        found = session.scalar(
            select(Segment.id).where(Segment.chain_id == project.chain_id, Segment.name == value)
        )
        if found is None:
            raise RuleViolation(
                _("The chain has no segment called {segment}.").format(segment=value)
            )
        project.segment_id = found

    return Field(N_("Segment"), name_text, read, write)


PROJECT_FIELDS: dict[str, Field] = {
    "name": plain("name", N_("Project"), name_text, required=True),
    "segment": _segment_field(),
    "investor": plain("investor", N_("Investor"), name_text),
    "investment": plain("investment", N_("Total investment (10k yuan)"), parse_number),
    "stage": plain(
        "stage", N_("Stage"), lambda value: parse_enum(ProjectStage, value), required=True
    ),
    "signed_on": plain("signed_on", N_("Signed on"), parse_date),
    "owner": person_field("owner_id", N_("Owner")),
    "planned_start": plain("planned_start", N_("Planned start"), parse_date),
    "actual_start": plain("actual_start", N_("Actual start"), parse_date),
    "planned_production": plain("planned_production", N_("Planned production"), parse_date),
    "actual_production": plain("actual_production", N_("Actual production"), parse_date),
    "issue": plain("issue", N_("Needs coordination"), long_text),
}


def project_problem(field: str, value: Any) -> str | None:
    return problem(PROJECT_FIELDS, field, value)


@dataclass(frozen=True)
class ProjectRow:
    id: int
    version: int
    chain_id: int
    chain: str
    name: str
    segment: str | None
    investor: str | None
    investment: float | None
    stage: ProjectStage
    signed_on: dt.date | None
    owner: str | None
    planned_start: dt.date | None = None
    actual_start: dt.date | None = None
    planned_production: dt.date | None = None
    actual_production: dt.date | None = None
    issue: str | None = None


def list_projects(db: Database, ids: Collection[int] | None = None) -> list[ProjectRow]:
    """Every project (or those of ``ids``), by chain then name (code point)."""
    query = (
        select(Project, Chain.name, Segment.name, Person.name)
        .join(Chain, Chain.id == Project.chain_id)
        .outerjoin(Segment, Segment.id == Project.segment_id)
        .outerjoin(Person, Person.id == Project.owner_id)
    )
    if ids is not None:
        query = query.where(Project.id.in_(ids))
    with db.transaction() as session:
        rows = [
            ProjectRow(
                id=project.id,
                version=project.version,
                chain_id=project.chain_id,
                chain=chain,
                name=project.name,
                segment=segment,
                investor=project.investor,
                investment=project.investment,
                stage=ProjectStage(project.stage),
                signed_on=project.signed_on,
                owner=owner,
                planned_start=project.planned_start,
                actual_start=project.actual_start,
                planned_production=project.planned_production,
                actual_production=project.actual_production,
                issue=project.issue,
            )
            for project, chain, segment, owner in session.execute(query)
        ]
    return sorted(rows, key=lambda row: (row.chain, row.name))


def _refuse_duplicate_project(session: Session, project: Project) -> None:
    where = (Project.chain_id == project.chain_id, Project.name == project.name)
    if row_steps.taken(session, Project, project.id, *where):
        raise RuleViolation(
            _("The chain already has a project called {project}.").format(project=project.name)
        )


def _chain_name(session: Session, chain_id: int) -> str:
    return row_steps.existing(session, Chain, chain_id, _("The chain no longer exists.")).name


def create_project(db: Database, chain_id: int, values: Mapping[str, Any], *, actor: str) -> RowRef:
    """A new project of the chain, at 签约 unless ``values`` says otherwise."""
    given = {"stage": ProjectStage.SIGNED.value} | dict(values)
    with writing(db, actor) as session:
        chain = _chain_name(session, chain_id)
        require(session, actor, Permission.EDIT_WORK, [chain_id])
        project = Project(chain_id=chain_id, updated_by=actor)
        after = row_steps.fill_new(session, project, PROJECT_FIELDS, given)
        _refuse_duplicate_project(session, project)
        key = f"{chain}/{project.name}"
        return row_steps.store_created(session, project, after, "project", key)


def _project(session: Session, project_id: int, expected_version: int | None) -> Project:
    missing = _("The project no longer exists.")
    return row_steps.locked_row(session, Project, project_id, expected_version, missing)


def update_project(
    db: Database,
    project_id: int,
    values: Mapping[str, Any],
    *,
    actor: str,
    expected_version: int | None,
) -> FieldChange:
    with writing(db, actor) as session:
        project = _project(session, project_id, expected_version)
        require(session, actor, Permission.EDIT_WORK, [project.chain_id])
        key = f"{_chain_name(session, project.chain_id)}/{project.name}"
        before, after = apply_values(session, project, PROJECT_FIELDS, values)
        if "name" in after:
            _refuse_duplicate_project(session, project)
        return row_steps.log_changed(session, project, before, after, "project", key)


def delete_project(
    db: Database, project_id: int, *, actor: str, expected_version: int | None
) -> Removal:
    with writing(db, actor) as session:
        project = _project(session, project_id, expected_version)
        return take_away(
            session,
            table_of(Project),
            project_id,
            entity="project",
            key=f"{_chain_name(session, project.chain_id)}/{project.name}",
            actor=actor,
            permission=Permission.EDIT_WORK,
            chain_ids=(project.chain_id,),
        )
