"""Backing up and restoring the whole database (`chainchief backup`, `chainchief restore`).

A restore never trusts the file it is given: the file is first copied beside the database and
the copy must pass ``PRAGMA integrity_check`` and carry a schema this version knows. Only then
is the current database backed up and replaced. A sound current database is replaced through
SQLite's backup API — one write transaction, so other open connections simply see the new data
and a crash half-way leaves the old data — and a damaged one by an atomic rename.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url

from chainchief.domain.errors import (
    DatabaseDamaged,
    DatabaseLocked,
    NotFoundError,
    ReadOnlyDatabase,
    UserError,
)
from chainchief.fileio import fsync_directory, fsync_file, write_failure
from chainchief.i18n import _
from chainchief.services.admin import audit, permissions
from chainchief.services.admin.portable import (
    is_portable,
    load_portable,
    read_portable,
    write_portable,
)
from chainchief.store import backup, integrity
from chainchief.store import db as store_db
from chainchief.store.db import Database, open_database

log = logging.getLogger(__name__)

SIDECARS = ("-wal", "-shm", "-journal")


@dataclass(frozen=True)
class RestoreResult:
    database: Path | str
    """The SQLite file, or the server database's URL without its password."""
    source: Path
    previous: Path | None
    """The backup of the database as it was just before the restore (None: there was none)."""


def backup_database(
    db: Database, output: str | Path | None = None, *, actor: str, portable: bool = False
) -> Path:
    """A backup now: to ``output`` when given, else into the backup folder (reason ``manual``).

    A SQLite database is copied with the online backup API; a server database, or any database
    when ``portable`` is asked for, is written as a portable archive (``services.portable``).
    A backup holds every user's data, so only an administrator may take one.
    """
    with db.transaction() as session:
        permissions.check(session, actor, permissions.Permission.ADMINISTER)
    portable = portable or not db.is_sqlite
    if output is None:
        return _backup_into_folder(db, "manual", portable=portable)
    destination = Path(output).expanduser().resolve()
    if portable:
        return write_portable(db, destination)
    return backup.write_backup(db.engine, destination)


def backup_before(db: Database, reason: str, *, actor: str) -> Path | None:
    """The rolling backup before a risky step (import, restore, ``demo --force``).

    A SQLite file is copied; a server database is written as a portable archive into the same
    backup folder, where ``backup.keep`` prunes both alike. None when there is nothing to lose.
    Only an administrator may take those steps, so anyone else is refused before anything is
    written. A failure is raised: the risky step does not run without its backup.
    """
    with db.transaction() as session:
        permissions.check(session, actor, permissions.Permission.ADMINISTER)
    if db.is_sqlite:
        return backup.backup_before(db, reason)
    if not backup.holds_data(db.engine):
        return None
    return _backup_into_folder(db, reason, portable=True)


def restore_database(target: str | Path | None, source: str | Path, *, actor: str) -> RestoreResult:
    """Replace the database at ``target`` (a ``--db`` value) by the backup file ``source``."""
    original = Path(source).expanduser().resolve()
    if not original.is_file():
        raise NotFoundError(_("There is no file {file} to restore.").format(file=original))
    _authorise(target, actor)
    if is_portable(original):
        return _restore_portable(target, original, actor=actor)
    url = store_db.database_url(target)
    database = store_db.sqlite_file(url)
    if database is None:
        raise UserError(
            _(
                "A SQLite backup file can be restored into a SQLite database only; for a server "
                "database make and restore a portable backup (chainchief backup --portable)."
            )
        )
    if store_db.wants_read_only(url) or store_db.is_read_only_file(database):
        raise _read_only(database)
    if original == database or (database.exists() and os.path.samefile(original, database)):
        raise UserError(_("A database cannot be restored from itself."))
    database.parent.mkdir(parents=True, exist_ok=True)
    with _staged_copy(original, beside=database) as staged:
        checked = integrity.check_restore_file(staged, shown_as=original)
        previous = backup.backup_file(database, "restore") if database.exists() else None
        _swap(staged, database, checked)
    log.info("restored %s from %s (previous state in %s)", database, original, previous)
    _record(database, original, previous, actor)
    return RestoreResult(database=database, source=original, previous=previous)


def _authorise(target: str | Path | None, actor: str) -> None:
    """Only an administrator of the current database may replace it.

    A damaged database cannot say who its users are; whoever can reach its file may then
    restore it (they could copy a file over it anyway), and the audit log names them.
    """
    database = store_db.sqlite_file(store_db.database_url(target))
    if database is not None and not database.exists():
        return
    try:
        db = open_database(target, daily_backup=False)
    except DatabaseDamaged:
        return
    try:
        with db.transaction() as session:
            permissions.check(session, actor, permissions.Permission.ADMINISTER)
    finally:
        db.dispose()


def _restore_portable(target: str | Path | None, original: Path, *, actor: str) -> RestoreResult:
    """Rows of a portable archive replace all rows, on any engine, in one transaction."""
    data = read_portable(original)
    db = open_database(target, daily_backup=False)
    try:
        if db.read_only:
            raise _read_only(db.path or db.url)
        previous = (
            _backup_into_folder(db, "restore", portable=not db.is_sqlite)
            if backup.holds_data(db.engine)
            else None
        )
        load_portable(db, data, actor=actor, source=original)
        where = db.path or make_url(db.url).render_as_string(hide_password=True)
    finally:
        db.dispose()
    log.info("restored %s from portable %s (previous state in %s)", where, original, previous)
    return RestoreResult(database=where, source=original, previous=previous)


def _backup_into_folder(db: Database, reason: str, *, portable: bool) -> Path:
    if not portable:
        return backup.backup_engine(db.engine, _sqlite_path(db), reason)
    identity: Path | str = db.path or db.url
    name = backup.backup_name(identity, reason, ".zip")
    written = write_portable(db, backup.backup_folder() / name)
    backup.prune(identity, backup.keep_count(db.engine))
    return written


def _read_only(where: Path | str) -> ReadOnlyDatabase:
    return ReadOnlyDatabase(
        _("The database {path} is read-only; it cannot be replaced by a restore.").format(
            path=where
        )
    )


def _sqlite_path(db: Database) -> Path:
    database = db.path
    if database is None:
        raise UserError(_("Backups are made of SQLite database files only."))
    return database


@contextlib.contextmanager
def _staged_copy(original: Path, *, beside: Path) -> Iterator[Path]:
    """A self-contained copy of ``original`` in the database's folder, removed afterwards.

    The copy is taken with the backup API from a read-only connection, so ``original`` is never
    written and a WAL file next to it is folded in.
    """
    handle, name = tempfile.mkstemp(
        prefix=f".{beside.stem}.restore.", suffix=".db.part", dir=beside.parent
    )
    os.close(handle)
    staged = Path(name)
    try:
        try:
            reader = sqlite3.connect(f"{original.as_uri()}?mode=ro", uri=True)
            try:
                backup.copy_into(reader, staged)
            finally:
                reader.close()
        except sqlite3.DatabaseError as error:
            if not integrity.is_damage(error):
                raise
            raise integrity.unusable(original, [str(error)]) from error
        yield staged
    finally:
        for path in (staged, *(staged.with_name(staged.name + end) for end in SIDECARS)):
            path.unlink(missing_ok=True)


def _swap(staged: Path, database: Path, checked: integrity.CheckedFile) -> None:
    if database.exists() and _can_copy_into(database, checked.page_size):
        _copy_into_live(staged, database)
        return
    for end in SIDECARS:
        database.with_name(database.name + end).unlink(missing_ok=True)
    try:
        fsync_file(staged)
        os.replace(staged, database)
    except OSError as error:
        raise write_failure(error, database) from error
    fsync_directory(database.parent)


def _can_copy_into(database: Path, page_size: int) -> bool:
    """A sound database with the backup's page size (SQLite cannot change it in WAL mode)."""
    try:
        connection = sqlite3.connect(database)
        try:
            if integrity.check_pages(connection, thorough=False):
                return False
            return int(connection.execute("PRAGMA page_size").fetchone()[0]) == page_size
        finally:
            connection.close()
    except sqlite3.DatabaseError:
        return False


def _copy_into_live(staged: Path, database: Path) -> None:
    """Overwrite every page of the live database in one SQLite write transaction."""
    reader = sqlite3.connect(staged)
    live = sqlite3.connect(database, timeout=store_db.BUSY_TIMEOUT_MS / 1000)
    try:
        live.execute(f"PRAGMA busy_timeout={store_db.BUSY_TIMEOUT_MS}")
        reader.backup(live)
        live.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except sqlite3.OperationalError as error:
        if integrity.primary_code(error) in (integrity.SQLITE_BUSY, integrity.SQLITE_LOCKED):
            raise DatabaseLocked(
                _(
                    "The database {path} is in use by another program and could not be "
                    "replaced; nothing was changed. Close ChainChief elsewhere and try again."
                ).format(path=database)
            ) from error
        raise
    finally:
        live.close()
        reader.close()


def _record(database: Path, original: Path, previous: Path | None, actor: str) -> None:
    """The restore in the audit log of the restored database (after any upgrade it needs)."""
    db = open_database(database, daily_backup=False)
    try:
        with db.transaction() as session:
            audit.record(
                session,
                user=actor,
                action="restore",
                entity="database",
                key=str(original),
                changes={"previous_state": [None, str(previous) if previous else None]},
            )
    finally:
        db.dispose()
