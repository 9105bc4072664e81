"""People (人员): who they are, where they work, their chain roles, when they are away.

Unavailable dates feed the meeting scheduler, so they are kept as dates, each once. Deleting a
person who holds a chain role needs the right to change that chain's roles.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from chainchief.i18n import N_
from chainchief.services.directory import named
from chainchief.services.kernel.edits import (
    Field,
    FieldChange,
    RowRef,
    date_list,
    department_field,
    name_text,
    plain,
    problem,
    single_name,
)
from chainchief.services.kernel.removals import Removal
from chainchief.store.db import Database
from chainchief.store.models import (
    Chain,
    ChainMember,
    Department,
    Person,
    UnavailableDay,
)


def _unavailable_field() -> Field:
    def read(_session: Session, person: Person) -> list[dt.date]:
        return [day.day for day in person.unavailable]

    def write(_session: Session, person: Person, days: list[dt.date]) -> None:
        wanted = set(days)
        person.unavailable = [d for d in person.unavailable if d.day in wanted] + [
            UnavailableDay(day=day) for day in sorted(wanted - {d.day for d in person.unavailable})
        ]

    return Field(N_("Unavailable dates"), date_list, read, write)


PERSON_FIELDS: dict[str, Field] = {
    "name": plain("name", N_("Name"), single_name, required=True),
    "title": plain("title", N_("Title"), name_text),
    "department": department_field("department_id", N_("Own department")),
    "phone": plain("phone", N_("Phone"), name_text),
    "email": plain("email", N_("Email"), name_text),
    "unavailable": _unavailable_field(),
}


def person_problem(field: str, value: Any) -> str | None:
    return problem(PERSON_FIELDS, field, value)


@dataclass(frozen=True)
class PersonRow:
    id: int
    version: int
    name: str
    title: str | None
    department: str | None
    phone: str | None
    email: str | None
    unavailable: tuple[dt.date, ...]
    chief_of: tuple[str, ...]
    team_lead_of: tuple[str, ...]
    member_of: tuple[str, ...]


def list_people(db: Database) -> list[PersonRow]:
    """Everybody with their chain roles, by name (code point)."""
    chief: dict[int, list[str]] = defaultdict(list)
    lead: dict[int, list[str]] = defaultdict(list)
    member: dict[int, list[str]] = defaultdict(list)
    days: dict[int, list[dt.date]] = defaultdict(list)
    with db.transaction() as session:
        for name, chief_id, lead_id in session.execute(
            select(Chain.name, Chain.chief_id, Chain.team_lead_id).order_by(Chain.name)
        ):
            if chief_id is not None:
                chief[chief_id].append(name)
            if lead_id is not None:
                lead[lead_id].append(name)
        for person_id, name in session.execute(
            select(ChainMember.person_id, Chain.name)
            .join(Chain, Chain.id == ChainMember.chain_id)
            .order_by(Chain.name)
        ):
            member[person_id].append(name)
        for person_id, day in session.execute(
            select(UnavailableDay.person_id, UnavailableDay.day).order_by(UnavailableDay.day)
        ):
            days[person_id].append(day)
        rows = [
            PersonRow(
                id=person.id,
                version=person.version,
                name=person.name,
                title=person.title,
                department=department,
                phone=person.phone,
                email=person.email,
                unavailable=tuple(days.get(person.id, ())),
                chief_of=tuple(chief.get(person.id, ())),
                team_lead_of=tuple(lead.get(person.id, ())),
                member_of=tuple(member.get(person.id, ())),
            )
            for person, department in session.execute(
                select(Person, Department.name).outerjoin(
                    Department, Department.id == Person.department_id
                )
            )
        ]
    return sorted(rows, key=lambda row: row.name)


def _held_chains(session: Session, person_id: int) -> list[int]:
    """Chains where the person is chief, team lead or a team member."""
    holding = select(Chain.id).where(
        or_(Chain.chief_id == person_id, Chain.team_lead_id == person_id)
    )
    membership = select(ChainMember.chain_id).where(ChainMember.person_id == person_id)
    return sorted(set(session.scalars(holding)) | set(session.scalars(membership)))


PEOPLE = named.NamedKind(
    Person, PERSON_FIELDS, "person", N_("The person no longer exists."), _held_chains
)


def create_person(db: Database, values: Mapping[str, Any], *, actor: str) -> RowRef:
    return named.create(db, PEOPLE, values, actor=actor)


def update_person(
    db: Database,
    person_id: int,
    values: Mapping[str, Any],
    *,
    actor: str,
    expected_version: int | None,
) -> FieldChange:
    return named.update(
        db, PEOPLE, person_id, values, actor=actor, expected_version=expected_version
    )


def delete_person(
    db: Database, person_id: int, *, actor: str, expected_version: int | None
) -> Removal:
    """Delete a person; their chain roles are left empty (EDIT_CHAIN on those chains)."""
    return named.delete(db, PEOPLE, person_id, actor=actor, expected_version=expected_version)


def person_deletion_summary(db: Database, person_id: int) -> list[str]:
    return named.deletion_summary(db, PEOPLE, person_id)


def people_names(db: Database) -> list[str]:
    return named.names(db, PEOPLE)
