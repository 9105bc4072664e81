"""Records known by a unique name (people, departments): create and change them alike.

Anyone who may edit the work (EDIT_WORK) keeps the directory: names are typed everywhere
(owners, chiefs) and become records on first mention, so keeping them tidy is everyone's job.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from chainchief.domain.errors import RuleViolation
from chainchief.i18n import _
from chainchief.services import audit
from chainchief.services.editing_common import (
    Field,
    FieldChange,
    RowRef,
    apply_values,
    locked,
    new_values,
    touch,
    writing,
)
from chainchief.services.permissions import Permission, require
from chainchief.store.db import Database


def refuse_taken_name(session: Session, model: Any, name: str, own_id: int | None) -> None:
    """Refuse a name another row of ``model`` has."""
    with session.no_autoflush:
        clash = session.scalar(select(model.id).where(model.name == name))
    if clash is not None and clash != own_id:
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
        _before, after = apply_values(session, row, fields, new_values(fields, values))
        refuse_taken_name(session, model, row.name, None)
        session.add(row)
        session.flush()
        audit.record(
            session,
            user=actor,
            action="create",
            entity=entity,
            key=row.name,
            changes=audit.differences({}, after),
        )
        return RowRef(row.id, row.version)


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
        row = locked(session, session.get(model, row_id), expected_version, missing)
        require(session, actor, Permission.EDIT_WORK)
        key = row.name
        before, after = apply_values(session, row, fields, values)
        if not after:
            return FieldChange(row_id, {}, {}, row.version)
        if "name" in after:
            refuse_taken_name(session, model, row.name, row_id)
        touch(row, actor)
        session.flush()
        audit.record(
            session,
            user=actor,
            action="edit",
            entity=entity,
            key=key,
            changes=audit.differences(before, after),
        )
        return FieldChange(row_id, before, after, row.version)
