"""The steps every editing service takes with a row, written once: find it, tell whether a
name or key is taken, insert it, store a change, each logged in the audit.

The services differ in their fields, keys and rules; the shape around those is the same
everywhere: a row that is gone is a NotFoundError in plain words, a name another row holds is
refused before the database would, an edit that changes nothing bumps no version and logs
nothing. Written here once, a fix to that shape reaches every kind of record. The actor is the
one ``writing`` opened the session for, so no step can log a different user.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from chainchief.domain.errors import NotFoundError
from chainchief.services.admin import audit
from chainchief.services.kernel.edits import (
    ACTOR,
    Field,
    FieldChange,
    RowRef,
    apply_values,
    locked,
    new_values,
    touch,
)
from chainchief.store.models import Segment

Row = TypeVar("Row")


def existing(session: Session, model: type[Row], row_id: int, missing: str) -> Row:
    """The row ``row_id`` of ``model``; NotFoundError saying ``missing`` when it is gone."""
    row = session.get(model, row_id)
    if row is None:
        raise NotFoundError(missing)
    return row


def locked_row(
    session: Session, model: type[Row], row_id: int, expected_version: int | None, missing: str
) -> Row:
    """The row to change or delete: gone is ``missing``, changed by another since
    ``expected_version`` was read is a conflict (see ``locked``)."""
    row: Row = locked(session, session.get(model, row_id), expected_version, missing)
    return row


def in_segment(
    session: Session, model: Any, row_id: int, expected_version: int | None, missing: str
) -> tuple[Any, Segment]:
    """A row of a segment's work (a firm membership, a target) with its segment, whose chain
    is the one the permission is checked on."""
    row = locked_row(session, model, row_id, expected_version, missing)
    segment = session.get(Segment, row.segment_id)
    assert segment is not None  # such rows cannot outlive their segment (CASCADE)
    return row, segment


def taken(session: Session, model: Any, own_id: int | None, *where: ColumnElement[bool]) -> bool:
    """Whether a row of ``model`` other than ``own_id`` matches ``where`` (a name or key is
    already taken), so the caller refuses in words before the database would."""
    with session.no_autoflush:
        clash = session.scalar(select(model.id).where(*where))
    return clash is not None and clash != own_id


def fill_new(
    session: Session, row: Any, fields: Mapping[str, Field], values: Mapping[str, Any]
) -> dict[str, Any]:
    """Fill a new ``row`` from ``values``, a required field left out refused by name; the
    values written, for ``store_created``."""
    _before, after = apply_values(session, row, fields, new_values(fields, values))
    return after


def store_created(
    session: Session, row: Any, after: Mapping[str, Any], entity: str, key: str
) -> RowRef:
    """Insert the new ``row`` and log its creation by the session's actor; the reference its
    undo deletes it by."""
    session.add(row)
    session.flush()
    audit.record(
        session,
        user=session.info[ACTOR],
        action="create",
        entity=entity,
        key=key,
        changes=audit.differences({}, after),
    )
    return RowRef(row.id, row.version, entity)


def log_changed(
    session: Session, row: Any, before: dict[str, Any], after: dict[str, Any], entity: str, key: str
) -> FieldChange:
    """Store a change ``apply_values`` made and log it under ``key`` (the row's key before it).

    When nothing differed nothing moves, not even the version, and nothing is logged.
    """
    if not after:
        return FieldChange(row.id, {}, {}, row.version, entity)
    actor = session.info[ACTOR]
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
    return FieldChange(row.id, before, after, row.version, entity)
