"""Records known by a unique name (people, departments): create, change and delete them alike.

Read qualified: ``named.create(db, PEOPLE, values, actor=…)``.

Anyone who may edit the work (EDIT_WORK) keeps the directory: names are typed everywhere
(owners, chiefs) and become records on first mention, so keeping them tidy is everyone's job.
Deleting one that holds a role on chains empties those roles, so it needs EDIT_CHAIN there.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from chainchief.domain.errors import RuleViolation
from chainchief.i18n import _
from chainchief.services.admin.permissions import Permission, require
from chainchief.services.kernel import row_steps
from chainchief.services.kernel.edits import Field, FieldChange, RowRef, apply_values, writing
from chainchief.services.kernel.removals import Removal, describe, preview, take_away
from chainchief.store.db import Database
from chainchief.store.models import table_of


@dataclass(frozen=True)
class NamedKind:
    """A kind of named record: its model, fields, audit entity and the chains it holds roles on."""

    model: Any
    fields: dict[str, Field]
    entity: str
    missing: str
    """Why an edit of a row that is gone is refused (marked with N_, translated when shown)."""
    held_chains: Callable[[Session, int], Iterable[int]]


def refuse_taken_name(session: Session, model: Any, name: str, own_id: int | None) -> None:
    """Refuse a name another row of ``model`` has."""
    if row_steps.taken(session, model, own_id, model.name == name):
        raise RuleViolation(_("The name {name} is already taken.").format(name=name))


def create(db: Database, kind: NamedKind, values: Mapping[str, Any], *, actor: str) -> RowRef:
    """A new row of ``kind`` from ``values`` (its name required and unique)."""
    with writing(db, actor) as session:
        require(session, actor, Permission.EDIT_WORK)
        row = kind.model(updated_by=actor)
        after = row_steps.fill_new(session, row, kind.fields, values)
        refuse_taken_name(session, kind.model, row.name, None)
        return row_steps.store_created(session, row, after, kind.entity, row.name)


def update(
    db: Database,
    kind: NamedKind,
    row_id: int,
    values: Mapping[str, Any],
    *,
    actor: str,
    expected_version: int | None,
) -> FieldChange:
    """Change fields of a named row; a name another row has is refused."""
    with writing(db, actor) as session:
        row = row_steps.locked_row(session, kind.model, row_id, expected_version, _(kind.missing))
        require(session, actor, Permission.EDIT_WORK)
        key = row.name
        before, after = apply_values(session, row, kind.fields, values)
        if "name" in after:
            refuse_taken_name(session, kind.model, row.name, row_id)
        return row_steps.log_changed(session, row, before, after, kind.entity, key)


def delete(
    db: Database, kind: NamedKind, row_id: int, *, actor: str, expected_version: int | None
) -> Removal:
    """Delete a named row; the chain roles it held are left empty (EDIT_CHAIN on those)."""
    with writing(db, actor) as session:
        row = row_steps.locked_row(session, kind.model, row_id, expected_version, _(kind.missing))
        chains = tuple(sorted(set(kind.held_chains(session, row_id))))
        return take_away(
            session,
            table_of(kind.model),
            row_id,
            entity=kind.entity,
            key=row.name,
            actor=actor,
            permission=Permission.EDIT_CHAIN if chains else Permission.EDIT_WORK,
            chain_ids=chains,
        )


def deletion_summary(db: Database, kind: NamedKind, row_id: int) -> list[str]:
    """What deleting the row takes with it, as lines for the confirmation."""
    with db.transaction() as session:
        return describe(preview(session, table_of(kind.model), row_id))


def names(db: Database, kind: NamedKind) -> list[str]:
    """Every name of ``kind``, for pickers (code point order)."""
    with db.transaction() as session:
        return sorted(session.scalars(select(kind.model.name)))
