"""Finding people and departments by name, creating them on first mention.

A resolution typed in a meeting names its owner; as with imports (DESIGN.md §3), a name nobody
entered before becomes a person with just that name rather than an error.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from chainchief.domain.errors import RuleViolation
from chainchief.i18n import _
from chainchief.store.models import NAME, Department, Person


def person_id(session: Session, name: str | None) -> int | None:
    """The id of the person called ``name`` (created when new); None for an empty name."""
    text = _checked(name)
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
    text = _checked(name)
    if not text:
        return None
    found = session.scalar(select(Department.id).where(Department.name == text))
    if found is not None:
        return found
    department = Department(name=text)
    session.add(department)
    session.flush()
    return department.id


def _checked(name: str | None) -> str:
    """The name trimmed; one longer than a name column holds (on every engine) is refused."""
    text = (name or "").strip()
    if len(text) > NAME:
        raise RuleViolation(
            _("A name has at most {limit} characters: {name}…").format(limit=NAME, name=text[:20])
        )
    return text
