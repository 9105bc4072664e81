"""What every editing service shares: the transaction wrapper, the version check and fields.

An edit arrives as plain values keyed by field name (``{"uscc": "9132…", "tags": [...]}``), in
whatever spelling a person typed, and is read with the importer's cell parsers, so a value the
workbook would refuse is refused in the app with the same words. Each service hands back what
changed (before and after, in the same vocabulary), which is exactly what an undo needs to send
back through the same service.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from chainchief.domain.clock import now
from chainchief.domain.errors import ConflictError, NotFoundError, RuleViolation
from chainchief.exchange.parsers import (
    CellValueError,
    parse_date,
    parse_list,
    parse_number,
    parse_text,
    parse_yes_no,
)
from chainchief.i18n import _
from chainchief.services.kernel.changes import Changes
from chainchief.services.kernel.names import department_id, person_id
from chainchief.store.conflicts import begin_write, check_version
from chainchief.store.db import Database
from chainchief.store.models import NAME, Department, Person

Parser = Callable[[Any], Any]
ACTOR = "chainchief_editing_actor"


@dataclass(frozen=True)
class RowRef:
    """A row a service created: its id and version (links, which have none, say 0), and its
    kind (the audit's entity name) when the service says it."""

    id: int
    version: int
    entity: str = ""

    @property
    def changes(self) -> Changes | None:
        return Changes(self.entity, created=frozenset({self.id})) if self.entity else None


@dataclass(frozen=True)
class FieldChange:
    """What an update changed: the fields' values before and after, and the new version.

    Sending ``before`` back to the same service with ``expected_version=version`` undoes it.
    """

    id: int
    before: dict[str, Any]
    after: dict[str, Any]
    version: int
    entity: str = ""
    """The kind of record (the audit's entity name), when the service says it."""

    @property
    def changed(self) -> bool:
        return bool(self.after)

    @property
    def changes(self) -> Changes | None:
        """The row as updated (nothing when nothing changed); None when the kind is unknown."""
        if not self.entity:
            return None
        return Changes(self.entity, updated=frozenset({self.id}) if self.after else frozenset())


@contextlib.contextmanager
def writing(db: Database, actor: str) -> Iterator[Session]:
    """One edit by ``actor``, holding the write lock from its first read (so what it checks is
    what it writes on); a clash with a concurrent edit becomes a ConflictError."""
    try:
        with db.transaction() as session:
            begin_write(session)
            session.info[ACTOR] = actor
            yield session
    except IntegrityError:
        raise ConflictError(
            _("This change clashes with data entered meanwhile; reload and try again.")
        ) from None


def locked(session: Session, row: Any, expected_version: int | None, missing: str) -> Any:
    """The row, refusing when it is gone or changed since ``version`` was read — by anyone.

    The version check runs whoever made the change: two windows or PCs signed in as one user
    are two edit sessions and conflict like two users (issue 18).
    """
    if row is None:
        raise NotFoundError(missing)
    check_version(row, expected_version)
    return row


def touch(row: Any, actor: str) -> None:
    """Mark the row as changed by ``actor`` now; the UPDATE this forces bumps its version."""
    row.updated_by = actor
    row.updated_at = now()


# --- parsing what people type ----------------------------------------------------------------


def name_text(value: Any) -> str | None:
    return parse_text(value, NAME)


def long_text(value: Any) -> str | None:
    return parse_text(value)


def text_list(value: Any) -> list[str]:
    """A list typed as text (、 , ; …) or given as items; trimmed, each once, in order."""
    if isinstance(value, list | tuple):
        items = (name_text(item) for item in value)
        return [item for item in dict.fromkeys(items) if item]
    return [item for item in parse_list(value) if name_text(item)]


def date_list(value: Any) -> list[dt.date]:
    """Dates typed as a list or given as dates; sorted, each once."""
    if isinstance(value, list | tuple):
        days = {parse_date(item) for item in value}
    else:
        days = {parse_date(item) for item in parse_list(value)}
    return sorted(day for day in days if day is not None)


def single_name(value: Any) -> str | None:
    """One person's or department's name: a list where one name belongs is refused."""
    text = name_text(value)
    if text is not None and len(parse_list(text)) > 1:
        raise CellValueError(_("Enter one name only: {value}").format(value=text))
    return text


def yes_no(value: Any) -> bool:
    return parse_yes_no(value)


def positive_integer(value: Any) -> int | None:
    number = parse_number(value)
    if number is None:
        return None
    if not number.is_integer() or number < 1:
        raise CellValueError(_("Not a whole number of at least 1: {value}").format(value=value))
    return int(number)


# --- fields ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Field:
    """One editable field of a record: how to read, write and parse it."""

    label: str
    """Translatable name of the field, shown in refusals (marked with N_)."""
    parse: Parser
    read: Callable[[Session, Any], Any]
    write: Callable[[Session, Any, Any], None]
    required: bool = False


def plain(attribute: str, label: str, parse: Parser, *, required: bool = False) -> Field:
    """A field stored as is in a column of the row."""

    def write(_session: Session, row: Any, value: Any) -> None:
        setattr(row, attribute, value)

    return Field(label, parse, lambda _session, row: getattr(row, attribute), write, required)


def person_field(attribute: str, label: str) -> Field:
    """A person named by text; a name nobody entered before becomes a person (DESIGN §3)."""

    def read(session: Session, row: Any) -> str | None:
        found = getattr(row, attribute)
        return (
            None if found is None else session.scalar(select(Person.name).where(Person.id == found))
        )

    def write(session: Session, row: Any, value: Any) -> None:
        setattr(row, attribute, person_id(session, value))

    return Field(label, single_name, read, write)


def department_field(attribute: str, label: str) -> Field:
    """A department named by text, created on first mention like a person."""

    def read(session: Session, row: Any) -> str | None:
        found = getattr(row, attribute)
        if found is None:
            return None
        return session.scalar(select(Department.name).where(Department.id == found))

    def write(session: Session, row: Any, value: Any) -> None:
        setattr(row, attribute, department_id(session, value))

    return Field(label, single_name, read, write)


def clean(fields: Mapping[str, Field], name: str, raw: Any) -> Any:
    """The stored form of ``raw`` for field ``name``; RuleViolation names the field and why."""
    field = fields.get(name)
    if field is None:
        raise RuleViolation(_("Unknown field: {field}").format(field=name))
    try:
        value = field.parse(raw)
    except CellValueError as error:
        raise RuleViolation(
            _("{field}: {reason}").format(field=_(field.label), reason=error.reason)
        ) from None
    if field.required and value in (None, ""):
        raise RuleViolation(_("{field} cannot be empty.").format(field=_(field.label)))
    return value


def problem(fields: Mapping[str, Field], name: str, raw: Any) -> str | None:
    """Why ``raw`` would be refused for field ``name``, or None: for checking as people type."""
    try:
        clean(fields, name, raw)
    except RuleViolation as error:
        return error.message
    return None


def apply_values(
    session: Session, row: Any, fields: Mapping[str, Field], values: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Write the changed fields of ``values`` into ``row``; return (before, after) of those."""
    cleaned = {name: clean(fields, name, raw) for name, raw in values.items()}
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    with session.no_autoflush:
        reads = {name: fields[name].read(session, row) for name in cleaned}
    for name, value in cleaned.items():
        old = reads[name]
        if old == value:
            continue
        fields[name].write(session, row, value)
        before[name], after[name] = old, value
    return before, after


def new_values(fields: Mapping[str, Field], values: Mapping[str, Any]) -> dict[str, Any]:
    """What to write into a new record: the values given plus every required field, so a
    required field left out is refused by name rather than by the database."""
    return {name: values.get(name) for name in fields if name in values or fields[name].required}
