"""The portable backup: one ZIP any ChainChief of the same schema can restore, on any engine.

A server database (PostgreSQL) cannot be copied page by page like a SQLite file, so its backup
is data, not a file image. The archive holds two things:

- ``数据.xlsx`` — the import workbook (§3), so a person can open the backup in Excel and any
  ChainChief can import it even without this module;
- ``tables.json`` — every row of every table with its id, version and timestamps, which the
  layout does not carry (meetings and agenda, progress notes, stage history, audit, settings,
  pins, users). Restore reads only this part, so it gives back exactly what was saved.

Restoring replaces all rows in one transaction: it succeeds whole or leaves the data as it was.
On a PostgreSQL server secured by ``server setup`` the audit log is kept, not replaced.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Date, DateTime, Table, create_engine, delete, insert, select
from sqlalchemy.exc import SQLAlchemyError

from chainchief.domain.errors import SchemaError
from chainchief.fileio import atomic_path
from chainchief.i18n import _
from chainchief.services.admin import audit
from chainchief.services.admin.permissions import Permission, require
from chainchief.services.workbooks.exporting import export_workbook
from chainchief.store import migrate, schema_check
from chainchief.store.conflicts import without_first_write_hooks
from chainchief.store.db import Database
from chainchief.store.models import Base
from chainchief.store.server import reset_sequences, secured_prefix

FORMAT = "chainchief-portable-backup"
FORMAT_VERSION = 1
WORKBOOK_NAME = "数据.xlsx"
TABLES_NAME = "tables.json"
BATCH = 5000
SERVER_LOG = "audit_log"
"""On a secured server the log is the server's, append-only: a restore adds to it (every row
it replaces is logged) and keeps what is there."""


@dataclass(frozen=True)
class PortableData:
    revision: str
    tables: dict[str, list[dict[str, Any]]]

    @property
    def row_count(self) -> int:
        return sum(len(rows) for rows in self.tables.values())


def is_portable(path: Path) -> bool:
    return zipfile.is_zipfile(path)


def write_portable(db: Database, path: str | Path) -> Path:
    """Write the archive atomically; the table rows are read in one transaction."""
    destination = Path(path).expanduser().resolve()
    payload = {"format": FORMAT, "version": FORMAT_VERSION, **_dump(db)}
    with tempfile.TemporaryDirectory(prefix="chainchief-portable-") as folder:
        workbook = Path(folder) / "export.xlsx"
        export_workbook(db, workbook)
        with (
            atomic_path(destination) as temporary,
            zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED) as archive,
        ):
            archive.write(workbook, WORKBOOK_NAME, compress_type=zipfile.ZIP_STORED)
            archive.writestr(TABLES_NAME, json.dumps(payload, ensure_ascii=False))
    return destination


def read_portable(path: Path) -> PortableData:
    """The archive's rows, after checking it is whole and of this version's schema."""
    try:
        with zipfile.ZipFile(path) as archive:
            broken = archive.testzip()
            if broken is not None:
                raise _damaged(path, broken)
            payload = json.loads(archive.read(TABLES_NAME))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise _damaged(path, str(error)) from error
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        raise SchemaError(
            _("{file} cannot be restored: it is not a ChainChief backup.").format(file=path)
        )
    revision = str(payload.get("revision"))
    if revision != migrate.head_revision():
        raise SchemaError(
            _(
                "{file} cannot be restored: it was made with schema {revision} and this "
                "version of ChainChief uses {head}. Restore it with the version that made it."
            ).format(file=path, revision=revision, head=migrate.head_revision())
        )
    tables = payload.get("tables", {})
    if not isinstance(tables, dict):
        raise _damaged(path, TABLES_NAME)
    unknown = sorted(set(tables) - set(Base.metadata.tables))
    if unknown:
        raise _damaged(path, ", ".join(unknown))
    data = PortableData(revision=revision, tables=tables)
    _check_in_scratch(data, path)
    return data


def _check_in_scratch(data: PortableData, path: Path) -> None:
    """Load the rows into a scratch SQLite database of this schema and check them there, so
    a tampered archive is refused (naming the table or row) before the real data is touched."""
    engine = create_engine("sqlite://")
    try:
        Base.metadata.create_all(engine)
        with engine.begin() as connection:
            for table in Base.metadata.sorted_tables:
                rows = data.tables.get(table.name, [])
                try:
                    decoders = _decoders(table)
                    decoded = [_decoded(table, decoders, row) for row in rows]
                    for start in range(0, len(decoded), BATCH):
                        connection.execute(insert(table), decoded[start : start + BATCH])
                except (SQLAlchemyError, TypeError, ValueError, AttributeError) as error:
                    raise _damaged(path, _("the rows of {table}").format(table=table.name)) from (
                        error
                    )
            raw = connection.connection.driver_connection
            assert isinstance(raw, sqlite3.Connection)
            problem = schema_check.row_problem(raw)
        if problem is not None:
            raise SchemaError(
                _(
                    "{file} cannot be restored: {reason}. The current database was not changed."
                ).format(file=path, reason=problem)
            )
    finally:
        engine.dispose()


def load_portable(db: Database, data: PortableData, *, actor: str, source: Path) -> None:
    """Replace every row by the archive's, and record the restore, in one transaction."""
    with db.transaction() as session:
        without_first_write_hooks(session)  # a closing snapshot of rows about to go is no use
        require(session, actor, Permission.ADMINISTER)
        connection = session.connection()
        tables = [
            table
            for table in Base.metadata.sorted_tables
            if secured_prefix(db.engine, connection) is None or table.name != SERVER_LOG
        ]
        for table in reversed(tables):
            session.execute(delete(table))
        for table in tables:
            decoders = _decoders(table)
            rows = [_decoded(table, decoders, row) for row in data.tables.get(table.name, [])]
            for start in range(0, len(rows), BATCH):
                session.execute(insert(table), rows[start : start + BATCH])
        reset_sequences(connection, tables)
        audit.record(
            session,
            user=actor,
            action="restore",
            entity="database",
            key=str(source),
            changes={"rows": [None, data.row_count]},
        )


def _dump(db: Database) -> dict[str, Any]:
    with db.transaction() as session:
        connection = session.connection()
        revision = migrate.current_revision(connection)
        tables = {}
        for table in Base.metadata.sorted_tables:
            result = connection.execute(select(table).order_by(*table.primary_key.columns))
            keys = list(result.keys())
            tables[table.name] = [
                dict(zip(keys, map(_encoded, row), strict=True)) for row in result
            ]
    return {"revision": revision, "tables": tables}


def _encoded(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _decoders(table: Table) -> dict[str, Callable[[str], Any]]:
    found: dict[str, Callable[[str], Any]] = {}
    for column in table.columns:
        if isinstance(column.type, DateTime):
            found[column.name] = dt.datetime.fromisoformat
        elif isinstance(column.type, Date):
            found[column.name] = dt.date.fromisoformat
    return found


def _decoded(
    table: Table, decoders: dict[str, Callable[[str], Any]], row: dict[str, Any]
) -> dict[str, Any]:
    return {
        key: decoders[key](value) if key in decoders and value is not None else value
        for key, value in row.items()
        if key in table.columns
    }


def _damaged(path: Path, detail: str) -> SchemaError:
    return SchemaError(
        _(
            "{file} is damaged or not a database ({detail}); it was not restored and the "
            "current database was not changed."
        ).format(file=path, detail=detail)
    )
