"""Copying a whole database between engines (`chainchief migrate-db --from SRC --to DST`).

An office moving from one SQLite file to a shared PostgreSQL server (or back) keeps every row
with its id, version and timestamps, users and audit log included. The source is read in one
snapshot; the target must be empty and is written in one transaction, which commits only when
every table holds exactly as many rows as the source — so a failed copy leaves the target
empty. PostgreSQL's id sequences are moved past the copied ids, and the copy is the first
entry of the target's own audit log after the copied ones.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, DateTime, Table, func, insert, select
from sqlalchemy.engine import make_url

from chainchief.domain.errors import RuleViolation, UserError
from chainchief.i18n import _
from chainchief.services.admin import audit
from chainchief.services.admin.permissions import Permission, check, require
from chainchief.store.backup import holds_data
from chainchief.store.conflicts import as_shanghai
from chainchief.store.db import Database
from chainchief.store.models import Base
from chainchief.store.server import reset_sequences

BATCH = 5000
Progress = Callable[[str, int], None]


class CopyMismatch(UserError):
    """The target did not end up with the source's rows; nothing was kept."""


@dataclass(frozen=True)
class TableCopy:
    table: str
    rows: int


@dataclass(frozen=True)
class MigrationResult:
    source: str
    target: str
    tables: tuple[TableCopy, ...]

    @property
    def rows(self) -> int:
        return sum(table.rows for table in self.tables)


def shown_url(url: str) -> str:
    """A database URL fit for logs and messages: the password hidden."""
    return make_url(url).render_as_string(hide_password=True)


def migrate_database(
    source: Database, target: Database, *, actor: str, progress: Progress | None = None
) -> MigrationResult:
    """Copy every row of ``source`` into the empty ``target``; refuse a target with data."""
    if source.url == target.url:
        raise RuleViolation(_("The source and the target are the same database."))
    if target.read_only:
        raise RuleViolation(_("The target database is read-only."))
    if holds_data(target.engine):
        raise RuleViolation(
            _(
                "The target database {target} is not empty; migrate-db copies into an empty "
                "database only, so nothing was changed."
            ).format(target=shown_url(target.url))
        )
    with _snapshot(source) as reading, target.transaction() as session:
        check_session = source.sessions(bind=reading)
        check(check_session, actor, Permission.ADMINISTER)
        require(session, actor, Permission.ADMINISTER)
        writing = session.connection()
        copied = []
        for table in Base.metadata.sorted_tables:
            count = _copy_table(reading, writing, table)
            expected = reading.scalar(select(func.count()).select_from(table)) or 0
            stored = writing.scalar(select(func.count()).select_from(table)) or 0
            if not count == expected == stored:
                raise CopyMismatch(
                    _(
                        "The copy of table {table} holds {stored} rows, the source {expected}; "
                        "nothing was kept in the target."
                    ).format(table=table.name, stored=stored, expected=expected)
                )
            copied.append(TableCopy(table.name, count))
            if progress is not None:
                progress(table.name, count)
        reset_sequences(writing)
        result = MigrationResult(shown_url(source.url), shown_url(target.url), tuple(copied))
        audit.record(
            session,
            user=actor,
            action="migrate",
            entity="database",
            key=result.source,
            changes={"rows": [None, result.rows]},
        )
    return result


@contextlib.contextmanager
def _snapshot(db: Database) -> Iterator[Connection]:
    """A connection that sees the source as of one moment, even while others write to it."""
    with db.engine.connect() as connection:
        if db.is_sqlite:
            connection.exec_driver_sql("BEGIN")
        else:
            connection = connection.execution_options(isolation_level="REPEATABLE READ")
        try:
            yield connection
        finally:
            connection.rollback()


def _copy_table(reading: Connection, writing: Connection, table: Table) -> int:
    moments = [column.name for column in table.columns if isinstance(column.type, DateTime)]
    order = list(table.primary_key.columns)
    result = reading.execution_options(yield_per=BATCH).execute(select(table).order_by(*order))
    count = 0
    for rows in result.partitions():
        values = [_portable(dict(row._mapping), moments) for row in rows]
        writing.execute(insert(table), values)
        count += len(values)
    return count


def _portable(row: dict[str, Any], moments: list[str]) -> dict[str, Any]:
    """Moments as Shanghai local time, the one meaning they have on both engines."""
    for name in moments:
        value = row[name]
        if isinstance(value, dt.datetime):
            row[name] = as_shanghai(value)
    return row
