"""Is a SQLite file's schema exactly what ChainChief's migrations made, and are its rows whole?

A backup is a file anyone can edit. A trigger slipped into it (``AFTER UPDATE ON settings BEGIN
DELETE FROM firms; END``) would run inside every later change, unseen by the audit log; an extra
table or view is not ours to keep; a row pointing at a chain that is not there breaks the
export. So a database is opened, and a backup restored, only when its tables, columns, foreign
keys, indexes, triggers and views are exactly those of its Alembic revision and
``PRAGMA foreign_key_check`` finds nothing; otherwise the first offending object or row is named.

The expected schema at head comes from the models (a scratch in-memory database, ~30 ms); at an
older revision from running the migrations up to it on a scratch database (once per process).
A test keeps the two ways equal at head.
"""

from __future__ import annotations

import functools
import sqlite3
from typing import Any

from sqlalchemy import create_engine

from chainchief.i18n import N_, _
from chainchief.store import migrate

Fingerprint = dict[tuple[str, str], Any]
INTERNAL_PREFIX = "sqlite_"
KINDS = {"table": N_("table"), "index": N_("index"), "trigger": N_("trigger"), "view": N_("view")}


def fingerprint(connection: sqlite3.Connection) -> Fingerprint:
    """Every schema object of ours, keyed (kind, name), with what makes it what it is.

    Tables by their columns (name, declared type, not null, primary key; in any order, since a
    migration appends what the models may declare in between) and foreign keys;
    indexes by table, uniqueness and columns; triggers and views by their SQL text. Alembic's
    version table and SQLite's internal objects are left out.
    """
    found: Fingerprint = {}
    objects = connection.execute(
        "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"
    ).fetchall()
    for kind, name, table, sql in objects:
        if name.startswith(INTERNAL_PREFIX) or table == migrate.VERSION_TABLE:
            continue
        if kind == "table":
            found[(kind, name)] = _table(connection, name)
        elif kind == "index":
            found[(kind, name)] = _index(connection, name, table)
        else:
            found[(kind, name)] = (table, " ".join(str(sql or "").split()))
    return found


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _table(connection: sqlite3.Connection, name: str) -> tuple[Any, ...]:
    columns = tuple(
        sorted(
            (row[1], str(row[2]).upper(), row[3], row[5])
            for row in connection.execute(f"PRAGMA table_xinfo({_quoted(name)})")
        )
    )
    keys = tuple(
        sorted(
            (row[2], row[3], row[4] or "", row[6])
            for row in connection.execute(f"PRAGMA foreign_key_list({_quoted(name)})")
        )
    )
    return columns, keys


def _index(connection: sqlite3.Connection, name: str, table: str) -> tuple[Any, ...]:
    unique = next(
        (
            row[2]
            for row in connection.execute(f"PRAGMA index_list({_quoted(table)})")
            if row[1] == name
        ),
        None,
    )
    columns = tuple(row[2] for row in connection.execute(f"PRAGMA index_info({_quoted(name)})"))
    return table, unique, columns


@functools.cache
def expected(revision: str) -> Fingerprint:
    """The fingerprint a database at ``revision`` must have."""
    engine = create_engine("sqlite://")
    try:
        if revision == migrate.head_revision():
            from chainchief.store.models import Base

            Base.metadata.create_all(engine)
        else:
            migrate.upgrade(engine, revision)
        raw = engine.raw_connection()
        try:
            driver = raw.driver_connection
            assert isinstance(driver, sqlite3.Connection)
            return fingerprint(driver)
        finally:
            raw.close()
    finally:
        engine.dispose()


def schema_problem(connection: sqlite3.Connection, revision: str) -> str | None:
    """The first schema object that is extra, missing or different, in the user's words."""
    found = fingerprint(connection)
    wanted = expected(revision)
    for key in sorted(found.keys() - wanted.keys()):
        return _("an extra {kind} {name} that ChainChief does not make").format(
            kind=_kind(key[0]), name=key[1]
        )
    for key in sorted(wanted.keys() - found.keys()):
        return _("the {kind} {name} is missing").format(kind=_kind(key[0]), name=key[1])
    for key in sorted(wanted):
        if found[key] != wanted[key]:
            return _("the {kind} {name} is not defined as ChainChief defines it").format(
                kind=_kind(key[0]), name=key[1]
            )
    return None


def _kind(kind: str) -> str:
    return _(KINDS[kind]) if kind in KINDS else kind


def row_problem(connection: sqlite3.Connection) -> str | None:
    """The first row whose foreign key points at nothing (``PRAGMA foreign_key_check``)."""
    row = connection.execute("PRAGMA foreign_key_check").fetchone()
    if row is None:
        return None
    table, rowid, parent, _key = row
    return _(
        "row {rowid} of the table {table} points to a row of {parent} that is not there"
    ).format(rowid=rowid, table=table, parent=parent)
