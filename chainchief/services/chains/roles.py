"""The chains and who carries them (产业链): chief, work team, departments, threshold.

Role rules (DESIGN.md §1, checked in domain/roles.py): a chain has one chief and one team lead,
two different people; the team members are the others on the team; the lead department is not
also a supporting one. One person may chief several chains. Names nobody entered before become
people or departments.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session, aliased

from chainchief.domain.errors import RuleViolation
from chainchief.domain.roles import ChainRoles, role_conflicts
from chainchief.i18n import N_, _
from chainchief.services.admin.permissions import Permission, require
from chainchief.services.admin.settings import default_min_local_firms
from chainchief.services.kernel import row_steps
from chainchief.services.kernel.edits import (
    Field,
    FieldChange,
    RowRef,
    apply_values,
    clean,
    department_field,
    long_text,
    name_text,
    new_values,
    person_field,
    plain,
    positive_integer,
    problem,
    text_list,
    writing,
)
from chainchief.services.kernel.names import department_id, person_id
from chainchief.services.kernel.removals import Removal, describe, preview, take_away
from chainchief.store.db import Database
from chainchief.store.models import (
    Chain,
    ChainMember,
    ChainSupportingDepartment,
    Department,
    Person,
    table_of,
)


def _names_field(label: str, link: Any, column: str, named: Any, find: Any) -> Field:
    """A list of people or departments kept in a link table, in the order given."""

    def read(session: Session, chain: Chain) -> list[str]:
        if chain.id is None:
            return []
        return list(
            session.scalars(
                select(named.name)
                .join(link, getattr(link, column) == named.id)
                .where(link.chain_id == chain.id)
                .order_by(link.position)
            )
        )

    def write(session: Session, chain: Chain, names: list[str]) -> None:
        if chain.id is None:
            session.add(chain)
            session.flush()
        ids = list(dict.fromkeys(find(session, name) for name in names))
        session.execute(delete(link).where(link.chain_id == chain.id))
        if ids:
            session.execute(
                insert(link),
                [
                    {"chain_id": chain.id, column: row_id, "position": position}
                    for position, row_id in enumerate(ids)
                ],
            )

    return Field(label, text_list, read, write)


def _min_local_firms() -> Field:
    def write(session: Session, chain: Chain, value: int | None) -> None:
        chain.min_local_firms = value if value is not None else default_min_local_firms(session)

    return Field(
        N_("Minimum local firms"),
        positive_integer,
        lambda _session, chain: chain.min_local_firms,
        write,
    )


CHAIN_FIELDS: dict[str, Field] = {
    "name": plain("name", N_("Chain"), name_text, required=True),
    "description": plain("description", N_("Description"), long_text),
    "chief": person_field("chief_id", N_("Chain chief")),
    "team_lead": person_field("team_lead_id", N_("Team lead")),
    "members": _names_field(N_("Team members"), ChainMember, "person_id", Person, person_id),
    "lead_department": department_field("lead_department_id", N_("Lead department")),
    "supporting_departments": _names_field(
        N_("Supporting departments"),
        ChainSupportingDepartment,
        "department_id",
        Department,
        department_id,
    ),
    "min_local_firms": _min_local_firms(),
}


def chain_problem(field: str, value: Any) -> str | None:
    return problem(CHAIN_FIELDS, field, value)


@dataclass(frozen=True)
class ChainRolesRow:
    id: int
    version: int
    name: str
    chief: str | None
    team_lead: str | None
    members: tuple[str, ...]
    lead_department: str | None
    supporting_departments: tuple[str, ...]
    min_local_firms: int
    description: str | None


def list_chain_roles(db: Database) -> list[ChainRolesRow]:
    """Every chain with its people and departments, by name (code point)."""
    chief, lead = aliased(Person), aliased(Person)
    members: dict[int, list[str]] = defaultdict(list)
    supporting: dict[int, list[str]] = defaultdict(list)
    with db.transaction() as session:
        for chain_id, name in session.execute(
            select(ChainMember.chain_id, Person.name)
            .join(Person, Person.id == ChainMember.person_id)
            .order_by(ChainMember.position)
        ):
            members[chain_id].append(name)
        for chain_id, name in session.execute(
            select(ChainSupportingDepartment.chain_id, Department.name)
            .join(Department, Department.id == ChainSupportingDepartment.department_id)
            .order_by(ChainSupportingDepartment.position)
        ):
            supporting[chain_id].append(name)
        rows = [
            ChainRolesRow(
                id=chain.id,
                version=chain.version,
                name=chain.name,
                chief=chief_name,
                team_lead=lead_name,
                members=tuple(members.get(chain.id, ())),
                lead_department=department,
                supporting_departments=tuple(supporting.get(chain.id, ())),
                min_local_firms=chain.min_local_firms,
                description=chain.description,
            )
            for chain, chief_name, lead_name, department in session.execute(
                select(Chain, chief.name, lead.name, Department.name)
                .outerjoin(chief, chief.id == Chain.chief_id)
                .outerjoin(lead, lead.id == Chain.team_lead_id)
                .outerjoin(Department, Department.id == Chain.lead_department_id)
            )
        ]
    return sorted(rows, key=lambda row: row.name)


PEOPLE = frozenset({"chief", "team_lead", "members"})
DEPARTMENTS = frozenset({"lead_department", "supporting_departments"})


def _check_roles(session: Session, chain: Chain, changed: set[str]) -> None:
    """The role rules (domain/roles.py) that the ``changed`` fields touch, on the chain as it
    is about to be stored (a chain stored before the rules were enforced everywhere is refused
    when those fields are edited, not when the threshold is)."""
    with session.no_autoflush:
        values = {name: CHAIN_FIELDS[name].read(session, chain) for name in PEOPLE | DEPARTMENTS}
    roles = ChainRoles(chain=chain.name, **values)
    for conflict in role_conflicts(roles):
        if changed & (DEPARTMENTS if conflict.field in DEPARTMENTS else PEOPLE):
            raise RuleViolation(conflict.message)


def _refuse_taken_name(session: Session, chain: Chain) -> None:
    if row_steps.taken(session, Chain, chain.id, Chain.name == chain.name):
        raise RuleViolation(_("A chain called {chain} already exists.").format(chain=chain.name))


def create_chain(db: Database, values: Mapping[str, Any], *, actor: str) -> RowRef:
    """A new chain (administrators only: it widens what everyone works on)."""
    with writing(db, actor) as session:
        require(session, actor, Permission.ADMINISTER)
        chain = Chain(updated_by=actor, min_local_firms=default_min_local_firms(session))
        given = new_values(CHAIN_FIELDS, values)
        chain.name = clean(CHAIN_FIELDS, "name", given.pop("name"))
        _refuse_taken_name(session, chain)
        session.add(chain)
        session.flush()
        _before, after = apply_values(session, chain, CHAIN_FIELDS, given)
        _check_roles(session, chain, set(after))
        after = {"name": chain.name} | after
        return row_steps.store_created(session, chain, after, "chain", chain.name)


def _chain(session: Session, chain_id: int, expected_version: int | None) -> Chain:
    missing = _("The chain no longer exists.")
    return row_steps.locked_row(session, Chain, chain_id, expected_version, missing)


def update_chain(
    db: Database,
    chain_id: int,
    values: Mapping[str, Any],
    *,
    actor: str,
    expected_version: int | None,
) -> FieldChange:
    """Change a chain's name, people, departments, threshold or description."""
    with writing(db, actor) as session:
        chain = _chain(session, chain_id, expected_version)
        require(session, actor, Permission.EDIT_CHAIN, [chain_id])
        key = chain.name
        before, after = apply_values(session, chain, CHAIN_FIELDS, values)
        if "name" in after:
            _refuse_taken_name(session, chain)
        if after:
            _check_roles(session, chain, set(after))
        return row_steps.log_changed(session, chain, before, after, "chain", key)


def delete_chain(
    db: Database, chain_id: int, *, actor: str, expected_version: int | None
) -> Removal:
    """Delete a chain with everything of it (administrators only)."""
    with writing(db, actor) as session:
        chain = _chain(session, chain_id, expected_version)
        return take_away(
            session,
            table_of(Chain),
            chain_id,
            entity="chain",
            key=chain.name,
            actor=actor,
            permission=Permission.ADMINISTER,
            chain_ids=(chain_id,),
        )


def chain_deletion_summary(db: Database, chain_id: int) -> list[str]:
    with db.transaction() as session:
        row_steps.existing(session, Chain, chain_id, _("The chain no longer exists."))
        return describe(preview(session, table_of(Chain), chain_id))
