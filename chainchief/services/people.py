"""Finding people and departments by name, creating them on first mention.

A resolution typed in a meeting names its owner; as with imports (DESIGN.md §3), a name nobody
entered before becomes a person with just that name rather than an error.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from chainchief.store.models import Department, Person


def person_id(session: Session, name: str | None) -> int | None:
    """The id of the person called ``name`` (created when new); None for an empty name."""
    text = (name or "").strip()
    if not text:
        return None
    found = session.scalar(select(Person.id).where(Person.name == text))
    if found is not None:
        return found
    person = Person(name=text)
    session.add(person)
    session.flush()
    return person.id


def department_id(session: Session, name: str | None) -> int | None:
    """The id of the department called ``name`` (created when new); None for an empty name."""
    text = (name or "").strip()
    if not text:
        return None
    found = session.scalar(select(Department.id).where(Department.name == text))
    if found is not None:
        return found
    department = Department(name=text)
    session.add(department)
    session.flush()
    return department.id
