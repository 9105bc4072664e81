"""Deleting a row with everything that goes with it, in a form that can be put back.

A segment takes its links, firm memberships, targets and their stage history with it, and the
projects that named it lose the reference. ``take_away`` follows the schema's own foreign keys
(CASCADE rows go, SET NULL references are cleared), so what it keeps is exactly what the
database removes; ``restore`` inserts the same rows with the same ids and sets the cleared
references again. Undo of a delete, and redo of a create, both go through ``restore``.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from chainchief.domain.errors import ConflictError
from chainchief.i18n import N_, _
from chainchief.services.admin import audit
from chainchief.services.admin.permissions import Permission, require
from chainchief.services.kernel.changes import Changes
from chainchief.services.kernel.edits import writing
from chainchief.store.db import Database
from chainchief.store.models import Base

TABLE_ORDER = {table.name: index for index, table in enumerate(Base.metadata.sorted_tables)}


@dataclass(frozen=True)
class ClearedReference:
    """A row that stays but pointed at a removed row: the column was set to NULL."""

    table: str
    key: tuple[tuple[str, Any], ...]
    column: str
    value: Any


@dataclass(frozen=True)
class Removal:
    """A deleted row and its dependants, as they were; enough to put all of it back."""

    entity: str
    key: str
    table: str
    row_id: int
    rows: tuple[tuple[str, dict[str, Any]], ...]
    cleared: tuple[ClearedReference, ...]
    permission: Permission
    chain_ids: tuple[int, ...]

    @property
    def version(self) -> int:
        """The version of the removed row itself (0 for rows without one, like links)."""
        for table, values in self.rows:
            if table == self.table and values.get("id") == self.row_id:
                return int(values.get("version") or 0)
        return 0

    @property
    def changes(self) -> Changes:
        """The removed row, by its kind (undoing the removal creates it again)."""
        return Changes(self.entity, removed=frozenset({self.row_id}))

    def count(self, table: str) -> int:
        """How many rows of ``table`` went (the removed row itself included)."""
        return sum(1 for name, _values in self.rows if name == table)


def _key(table: Table, values: dict[str, Any]) -> tuple[tuple[str, Any], ...]:
    return tuple((column.name, values[column.name]) for column in table.primary_key.columns)


class _Gatherer:
    """Collects a row and its dependants by following the foreign keys that point at them."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.rows: dict[tuple[str, tuple[tuple[str, Any], ...]], dict[str, Any]] = {}
        self.cleared: list[ClearedReference] = []

    def gather(self, table: Table, condition: ColumnElement[bool]) -> None:
        found = [dict(row._mapping) for row in self.session.execute(select(table).where(condition))]
        fresh = []
        for values in found:
            key = (table.name, _key(table, values))
            if key not in self.rows:
                self.rows[key] = values
                fresh.append(values)
        if not fresh:
            return
        for child in Base.metadata.sorted_tables:
            for foreign_key in child.foreign_keys:
                if foreign_key.column.table is not table:
                    continue
                referred = sorted({v[foreign_key.column.name] for v in fresh})
                where = foreign_key.parent.in_(referred)
                if foreign_key.ondelete == "CASCADE":
                    self.gather(child, where)
                elif foreign_key.ondelete == "SET NULL":
                    for row in self.session.execute(select(child).where(where)):
                        values = dict(row._mapping)
                        self.cleared.append(
                            ClearedReference(
                                child.name,
                                _key(child, values),
                                foreign_key.parent.name,
                                values[foreign_key.parent.name],
                            )
                        )

    def removal(self, **identity: Any) -> Removal:
        gone = set(self.rows)
        rows = sorted(self.rows.items(), key=lambda item: TABLE_ORDER[item[0][0]])
        return Removal(
            rows=tuple((table, values) for (table, _key_), values in rows),
            cleared=tuple(c for c in self.cleared if (c.table, c.key) not in gone),
            **identity,
        )


def take_away(
    session: Session,
    table: Table,
    row_id: int,
    *,
    entity: str,
    key: str,
    actor: str,
    permission: Permission,
    chain_ids: tuple[int, ...],
) -> Removal:
    """Delete the row ``row_id`` of ``table`` (the database cascades the rest); audit it.

    Refused unless ``actor`` may do ``permission`` on ``chain_ids``: the same check the undo
    (``restore``) makes again, so a deletion names its permission once, for both.
    """
    require(session, actor, permission, chain_ids)
    gatherer = _Gatherer(session)
    gatherer.gather(table, table.c.id == row_id)
    removal = gatherer.removal(
        entity=entity,
        key=key,
        table=table.name,
        row_id=row_id,
        permission=permission,
        chain_ids=chain_ids,
    )
    session.execute(delete(table).where(table.c.id == row_id))
    went = {name: removal.count(name) for name in {name for name, _values in removal.rows}}
    went[table.name] -= 1
    audit.record(
        session,
        user=actor,
        action="delete",
        entity=entity,
        key=key,
        changes={name: [count, 0] for name, count in sorted(went.items()) if count},
    )
    return removal


def preview(session: Session, table: Table, row_id: int) -> dict[str, int]:
    """What deleting the row would take with it: rows per table (itself excluded)."""
    gatherer = _Gatherer(session)
    gatherer.gather(table, table.c.id == row_id)
    counts: dict[str, int] = {}
    for name, _row_key in gatherer.rows:
        counts[name] = counts.get(name, 0) + 1
    counts[table.name] = counts.get(table.name, 1) - 1
    counts = {name: count for name, count in counts.items() if count}
    if gatherer.cleared:
        counts["cleared"] = len(gatherer.cleared)
    return counts


def restore(db: Database, removal: Removal, *, actor: str) -> None:
    """Put the removed rows back with their ids and set the cleared references again.

    Refused with ConflictError when something took their place meanwhile (the same name, or
    a row they belong to is gone).
    """
    with writing(db, actor) as session:
        require(session, actor, removal.permission, removal.chain_ids)
        tables = Base.metadata.tables
        try:
            for table_name, group in itertools.groupby(removal.rows, key=lambda row: row[0]):
                session.execute(insert(tables[table_name]), [values for _name, values in group])
        except IntegrityError:
            raise ConflictError(
                _(
                    "This cannot be put back: a record with the same name was entered "
                    "meanwhile, or what it belonged to was deleted."
                )
            ) from None
        for reference in removal.cleared:
            table = tables[reference.table]
            where = [table.c[column] == value for column, value in reference.key]
            session.execute(
                update(table)
                .where(*where, table.c[reference.column].is_(None))
                .values({reference.column: reference.value})
            )
        audit.record(
            session,
            user=actor,
            action="restore",
            entity=removal.entity,
            key=removal.key,
            changes={
                name: [0, removal.count(name)] for name in sorted({n for n, _v in removal.rows})
            },
        )


TABLE_WORDS: dict[str, str] = {
    "segments": N_("Segments: {count}"),
    "links": N_("Links: {count}"),
    "memberships": N_("Firms serving it: {count}"),
    "targets": N_("Target firms: {count}"),
    "stage_changes": N_("Stage changes: {count}"),
    "projects": N_("Projects: {count}"),
    "unavailable_days": N_("Unavailable days: {count}"),
    "chain_members": N_("Team memberships: {count}"),
    "chain_supporting_departments": N_("Supporting-department roles: {count}"),
    "indicators": N_("Indicators: {count}"),
    "meetings": N_("Meetings: {count}"),
    "action_items": N_("Action items: {count}"),
    "meeting_attendees": N_("Meeting attendances: {count}"),
    "agenda_entries": N_("Agenda entries: {count}"),
    "progress_notes": N_("Progress notes: {count}"),
    "action_steps": N_("Supervision steps: {count}"),
    "action_extensions": N_("Extension requests: {count}"),
    "user_chains": N_("User assignments: {count}"),
}


def describe(counts: dict[str, int]) -> list[str]:
    """What goes with a deletion, as lines people read before they confirm it."""
    lines = [
        _(TABLE_WORDS[table]).format(count=count)
        for table, count in counts.items()
        if table in TABLE_WORDS
    ]
    if counts.get("cleared"):
        lines.append(
            _("Other records that will no longer refer to it: {count}").format(
                count=counts["cleared"]
            )
        )
    return lines
