"""Is this SQLite file sound, and is it a ChainChief database this version can use?

``quick_check`` runs on every open (it reads every page but skips the slow index cross-checks);
a file about to be restored gets the full ``integrity_check``. SQLite's own error codes tell a
damaged file, a busy one and a read-only one apart, so callers can explain each in plain words.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from chainchief.domain.errors import SchemaError
from chainchief.i18n import _
from chainchief.store import migrate, schema_check

SQLITE_BUSY = 5
SQLITE_LOCKED = 6
SQLITE_READONLY = 8
SQLITE_IOERR = 10
SQLITE_CORRUPT = 11
SQLITE_FULL = 13
SQLITE_CANTOPEN = 14
SQLITE_NOTADB = 26
DETAIL_LIMIT = 200


def primary_code(error: BaseException) -> int | None:
    """SQLite's primary result code of a sqlite3 error (extended codes folded), else None."""
    code = getattr(error, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None


def is_damage(error: BaseException) -> bool:
    return isinstance(error, sqlite3.DatabaseError) and primary_code(error) in (
        SQLITE_CORRUPT,
        SQLITE_NOTADB,
    )


def problems(rows: Iterable[tuple[object, ...]]) -> list[str]:
    """The rows of quick_check/integrity_check minus the single ``ok`` of a sound file."""
    found = [str(row[0]) for row in rows]
    return [] if found == ["ok"] else found


def detail(found: list[str]) -> str:
    """The first problem, short enough for one line of a message."""
    first = found[0] if found else ""
    return first if len(first) <= DETAIL_LIMIT else first[: DETAIL_LIMIT - 1] + "…"


def check_pages(connection: sqlite3.Connection, *, thorough: bool) -> list[str]:
    """Problems found by SQLite's checker; a file that is not a database is one problem."""
    pragma = "integrity_check" if thorough else "quick_check"
    try:
        return problems(connection.execute(f"PRAGMA {pragma}").fetchall())
    except sqlite3.DatabaseError as error:
        if is_damage(error):
            return [str(error)]
        raise


def schema_refusal(tables: set[str], revision: str | None) -> SchemaError | None:
    """Why a database with these tables and Alembic revision cannot be used, or None."""
    if not tables:
        return None
    if "alembic_version" not in tables:
        return SchemaError(_("This database was not made by ChainChief; it was not changed."))
    if revision is not None and not migrate.is_known(revision):
        return SchemaError(
            _(
                "This database was written by a newer version of ChainChief "
                "(schema {revision}); update ChainChief to open it. It was not changed."
            ).format(revision=revision)
        )
    return None


@dataclass(frozen=True)
class CheckedFile:
    """A database file that passed ``integrity_check`` and holds a schema this version knows."""

    path: Path
    revision: str | None
    page_size: int


def check_restore_file(path: Path, *, shown_as: Path) -> CheckedFile:
    """Check a copy of a file before it replaces the database; messages name ``shown_as``.

    Raises SchemaError when the file is damaged, not a ChainChief database, or newer.
    """
    try:
        connection = sqlite3.connect(path)
    except sqlite3.Error as error:
        raise unusable(shown_as, [str(error)]) from error
    try:
        try:
            found = check_pages(connection, thorough=True)
            tables = {
                str(row[0])
                for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            }
            revision = _revision(connection) if "alembic_version" in tables else None
            page_size = int(connection.execute("PRAGMA page_size").fetchone()[0])
        except sqlite3.Error as error:
            raise unusable(shown_as, [str(error)]) from error
        if found:
            raise unusable(shown_as, found)
        refusal = schema_refusal(tables, revision)
        if refusal is not None:
            raise SchemaError(
                _("{file} cannot be restored: {reason}").format(
                    file=shown_as, reason=refusal.message
                )
            )
        if not tables:
            raise SchemaError(
                _("{file} cannot be restored: it holds no ChainChief data.").format(file=shown_as)
            )
        problem = content_problem(connection, revision)
        if problem is not None:
            raise SchemaError(
                _(
                    "{file} cannot be restored: {reason}. The current database was not changed."
                ).format(file=shown_as, reason=problem)
            )
        return CheckedFile(path=path, revision=revision, page_size=page_size)
    finally:
        connection.close()


def content_problem(connection: sqlite3.Connection, revision: str | None) -> str | None:
    """The first schema object or row that is not what ChainChief's ``revision`` makes."""
    if revision is None:
        return _("it records no schema revision")
    return schema_check.schema_problem(connection, revision) or schema_check.row_problem(connection)


def _revision(connection: sqlite3.Connection) -> str | None:
    row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    return None if row is None else str(row[0])


def unusable(shown_as: Path, found: list[str]) -> SchemaError:
    return SchemaError(
        _(
            "{file} is damaged or not a database ({detail}); it was not restored and the "
            "current database was not changed."
        ).format(file=shown_as, detail=detail(found))
    )
