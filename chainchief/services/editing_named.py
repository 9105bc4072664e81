"""Records known by a unique name (people, departments): create and change them alike.

Anyone who may edit the work (EDIT_WORK) keeps the directory: names are typed everywhere
(owners, chiefs) and become records on first mention, so keeping them tidy is everyone's job.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import Session

from chainchief.domain.errors import RuleViolation
from chainchief.i18n import _
from chainchief.services import editing_rows
from chainchief.services.editing_common import Field, FieldChange, RowRef, apply_values, writing
from chainchief.services.permissions import Permission, require
from chainchief.store.db import Database


def refuse_taken_name(session: Session, model: Any, name: str, own_id: int | None) -> None:
    """Refuse a name another row of ``model`` has."""
    if editing_rows.taken(session, model, own_id, model.name == name):
        raise RuleViolation(_("The name {name} is already taken.").format(name=name))


def create_named(
    db: Database,
    model: Any,
    fields: dict[str, Field],
    values: Mapping[str, Any],
    *,
    actor: str,
    entity: str,
) -> RowRef:
    """A new row of ``model`` from ``values`` (its name required and unique)."""
    with writing(db, actor) as session:
        require(session, actor, Permission.EDIT_WORK)
        row = model(updated_by=actor)
        after = editing_rows.fill_new(session, row, fields, values)
        refuse_taken_name(session, model, row.name, None)
        return editing_rows.store_created(session, row, after, entity, row.name)


def update_named(
    db: Database,
    model: Any,
    fields: dict[str, Field],
    row_id: int,
    values: Mapping[str, Any],
    *,
    actor: str,
    expected_version: int | None,
    entity: str,
    missing: str,
) -> FieldChange:
    """Change fields of a named row; a name another row has is refused."""
    with writing(db, actor) as session:
        row = editing_rows.locked_row(session, model, row_id, expected_version, missing)
        require(session, actor, Permission.EDIT_WORK)
        key = row.name
        before, after = apply_values(session, row, fields, values)
        if "name" in after:
            refuse_taken_name(session, model, row.name, row_id)
        return editing_rows.log_changed(session, row, before, after, entity, key)
