"""Departments (部门): rename, add, delete; who belongs to them and which chains they serve."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from chainchief.i18n import N_
from chainchief.services.directory import named
from chainchief.services.kernel.edits import Field, FieldChange, RowRef, plain, problem, single_name
from chainchief.services.kernel.removals import Removal
from chainchief.store.db import Database
from chainchief.store.models import (
    ActionItem,
    Chain,
    ChainSupportingDepartment,
    Department,
    Person,
)

DEPARTMENT_FIELDS: dict[str, Field] = {
    "name": plain("name", N_("Department name"), single_name, required=True),
}


def department_problem(field: str, value: Any) -> str | None:
    return problem(DEPARTMENT_FIELDS, field, value)


@dataclass(frozen=True)
class DepartmentRow:
    id: int
    version: int
    name: str
    people: int
    leads: tuple[str, ...]
    supports: tuple[str, ...]
    action_items_in: tuple[str, ...]
    """Chains where the department owns at least one action item (督办事项)."""


def list_departments(db: Database) -> list[DepartmentRow]:
    """Every department with its head count, the chains it leads or supports and those where it
    owns action items."""
    leads: dict[int, list[str]] = defaultdict(list)
    supports: dict[int, list[str]] = defaultdict(list)
    actions: dict[int, list[str]] = defaultdict(list)
    with db.transaction() as session:
        for department_id, name in session.execute(
            select(Chain.lead_department_id, Chain.name).order_by(Chain.name)
        ):
            if department_id is not None:
                leads[department_id].append(name)
        for department_id, name in session.execute(
            select(ChainSupportingDepartment.department_id, Chain.name)
            .join(Chain, Chain.id == ChainSupportingDepartment.chain_id)
            .order_by(Chain.name)
        ):
            supports[department_id].append(name)
        for department_id, name in session.execute(
            select(ActionItem.department_id, Chain.name)
            .distinct()
            .join(Chain, Chain.id == ActionItem.chain_id)
            .order_by(Chain.name)
        ):
            if department_id is not None:
                actions[department_id].append(name)
        heads = dict(
            session.execute(
                select(Person.department_id, func.count()).group_by(Person.department_id)
            ).all()
        )
        rows = [
            DepartmentRow(
                id=department.id,
                version=department.version,
                name=department.name,
                people=heads.get(department.id, 0),
                leads=tuple(leads.get(department.id, ())),
                supports=tuple(supports.get(department.id, ())),
                action_items_in=tuple(actions.get(department.id, ())),
            )
            for department in session.scalars(select(Department))
        ]
    return sorted(rows, key=lambda row: row.name)


def _held_chains(session: Session, department_id: int) -> set[int]:
    """Chains the department leads or supports."""
    leads = select(Chain.id).where(Chain.lead_department_id == department_id)
    supports = select(ChainSupportingDepartment.chain_id).where(
        ChainSupportingDepartment.department_id == department_id
    )
    return set(session.scalars(leads)) | set(session.scalars(supports))


DEPARTMENTS = named.NamedKind(
    Department,
    DEPARTMENT_FIELDS,
    "department",
    N_("The department no longer exists."),
    _held_chains,
)


def create_department(db: Database, values: Mapping[str, Any], *, actor: str) -> RowRef:
    return named.create(db, DEPARTMENTS, values, actor=actor)


def update_department(
    db: Database,
    department_id: int,
    values: Mapping[str, Any],
    *,
    actor: str,
    expected_version: int | None,
) -> FieldChange:
    return named.update(
        db, DEPARTMENTS, department_id, values, actor=actor, expected_version=expected_version
    )


def delete_department(
    db: Database, department_id: int, *, actor: str, expected_version: int | None
) -> Removal:
    """Delete a department; people, chains and action items that named it keep no department."""
    return named.delete(
        db, DEPARTMENTS, department_id, actor=actor, expected_version=expected_version
    )


def department_deletion_summary(db: Database, department_id: int) -> list[str]:
    return named.deletion_summary(db, DEPARTMENTS, department_id)


def department_names(db: Database) -> list[str]:
    return named.names(db, DEPARTMENTS)
