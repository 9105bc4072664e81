"""Automatic and manual backups of a SQLite database, taken with SQLite's online backup API.

The backup API copies a consistent snapshot while other processes keep reading and writing,
so a backup never waits for the office to log off and never catches a half-written import.
Backups go to ``<user data dir>/backups`` as ``<db>-<hash>-<YYYYmmdd-HHMMSS-ffffff>-<reason>.db``
(the hash of the database's full path keeps two ``chainchief.db`` files in different folders
apart); the newest ``backup.keep`` of each database are kept. Every backup is written through
``atomic_path``, so a full disk leaves no half backup behind.
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import logging
import os
import re
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import SQLAlchemyError

from chainchief.domain.clock import SHANGHAI
from chainchief.domain.errors import FileWriteFailed
from chainchief.domain.settings import BACKUP_KEEP
from chainchief.fileio import atomic_path, write_failure
from chainchief.store.integrity import SQLITE_FULL, SQLITE_IOERR, check_pages, primary_code
from chainchief.store.paths import data_dir
from chainchief.store.server import without_login

if TYPE_CHECKING:
    from chainchief.store.db import Database

log = logging.getLogger(__name__)

STAMP_FORMAT = "%Y%m%d-%H%M%S-%f"
_NAME = re.compile(
    r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6}-\d{6})-(?P<reason>[a-z]+)\.(?P<kind>db|zip)$"
)


@dataclass(frozen=True)
class BackupFile:
    path: Path
    taken_at: dt.datetime
    reason: str


def backup_folder() -> Path:
    return data_dir() / "backups"


def backup_stem(database: Path | str) -> str:
    """What every backup of ``database`` is named with: a SQLite file's name, or a server
    database's name, and a hash of where it is, so that equal names do not mix. Who signed in
    is not part of where: every user's backups of one server database are one rolling set."""
    if isinstance(database, Path):
        name, identity = database.stem, str(database.resolve())
    else:
        url = without_login(database)
        name, identity = url.database or url.get_backend_name(), url.render_as_string()
    digest = hashlib.sha1(identity.encode("utf-8")).hexdigest()[:8]
    return f"{name}-{digest}"


def list_backups(database: Path | str) -> list[BackupFile]:
    """The backups of ``database`` in the backup folder, newest first."""
    stem = backup_stem(database)
    found = []
    for path in backup_folder().glob(f"{stem}-*"):
        match = _NAME.match(path.name)
        if match is None or match["stem"] != stem:
            continue
        taken_at = dt.datetime.strptime(match["stamp"], STAMP_FORMAT).replace(tzinfo=SHANGHAI)
        found.append(BackupFile(path=path, taken_at=taken_at, reason=match["reason"]))
    return sorted(found, key=lambda backup: backup.taken_at, reverse=True)


def newest_good_backup(database: Path) -> Path | None:
    """The newest backup of ``database`` that passes SQLite's quick_check."""
    for backup in list_backups(database):
        sound = backup.path.suffix == ".db" and _passes_quick_check(backup.path)
        if backup.reason != "damaged" and sound:
            return backup.path
    return None


def copy_database(source: sqlite3.Connection, destination: Path) -> None:
    """A consistent snapshot of ``source`` written atomically to ``destination``."""
    with atomic_path(destination) as temporary:
        copy_into(source, temporary, shown_as=destination)


def copy_into(source: sqlite3.Connection, path: Path, *, shown_as: Path | None = None) -> None:
    """Copy every page of ``source`` into the file at ``path`` with the backup API.

    The copy is switched out of WAL mode so it is one self-contained file, safe to e-mail or
    put on a USB stick; SQLite's "disk full" and I/O errors become ``FileWriteFailed``.
    """
    target = open_destination(path)
    try:
        source.backup(target)
        target.execute("PRAGMA journal_mode=DELETE")
    except sqlite3.Error as error:
        failure = _sqlite_write_failure(error, shown_as or path)
        if failure is None:
            raise
        raise failure from error
    finally:
        target.close()


def open_destination(path: Path) -> sqlite3.Connection:
    """The connection a backup is copied into (a seam the disk-full tests narrow)."""
    return sqlite3.connect(path)


def write_backup(engine: Engine, destination: Path) -> Path:
    """Copy the database behind ``engine`` to ``destination`` with the online backup API."""
    raw = engine.raw_connection()
    try:
        source = raw.driver_connection
        assert isinstance(source, sqlite3.Connection), "backups are for SQLite databases"
        copy_database(source, destination)
    finally:
        raw.close()
    return destination


def backup_engine(engine: Engine, database: Path, reason: str) -> Path:
    """A backup into the backup folder, then only the newest ``backup.keep`` are kept."""
    destination = backup_folder() / backup_name(database, reason)
    write_backup(engine, destination)
    log.info("backed up %s to %s (%s)", database, destination, reason)
    prune(database, keep_count(engine))
    return destination


def backup_before(db: Database, reason: str) -> Path | None:
    """The automatic backup before a risky step (import, migration, restore, demo --force).

    Returns None where there is nothing to lose (an empty database) or no SQLite file to copy
    (in-memory or a server database). A failure is raised, so the risky step does not run
    without its backup.
    """
    database = db.path
    if database is None:
        return None
    return backup_if_data(db.engine, database, reason)


def backup_if_data(engine: Engine, database: Path, reason: str) -> Path | None:
    if not database.exists() or not holds_data(engine):
        return None
    return backup_engine(engine, database, reason)


def holds_data(engine: Engine) -> bool:
    """Any row in any table but Alembic's own: a new, empty database needs no backup."""
    with engine.connect() as connection:
        tables = [
            name for name in inspect(connection).get_table_names() if name != "alembic_version"
        ]
        return any(
            connection.execute(text(f'SELECT 1 FROM "{name}" LIMIT 1')).first() is not None
            for name in tables
        )


def daily_backup(db: Database) -> Path | None:
    """The backup on open, at most once a calendar day (any backup taken today counts).

    Opening must still work on a full disk, so a failure here is logged, not raised.
    """
    database = db.path
    if database is None or not database.exists():
        return None
    today = dt.datetime.now(SHANGHAI).date()
    if any(backup.taken_at.date() == today for backup in list_backups(database)):
        return None
    try:
        return backup_if_data(db.engine, database, "daily")
    except FileWriteFailed:
        log.warning("daily backup of %s failed", database, exc_info=True)
        return None


def backup_file(database: Path, reason: str) -> Path:
    """A backup of a database file no engine has open (restore sets the old one aside so).

    A sound file is copied with the backup API; one SQLite cannot read is copied byte for byte
    (reason ``damaged``), so even a broken database is never lost.
    """
    try:
        source = sqlite3.connect(database)
        try:
            if check_pages(source, thorough=False):
                raise sqlite3.DatabaseError("quick_check failed")
            keep = BACKUP_KEEP.read(_stored_keep(source))
            destination = backup_folder() / backup_name(database, reason)
            copy_database(source, destination)
        finally:
            source.close()
    except sqlite3.DatabaseError:
        log.warning("%s cannot be read; copying it byte for byte", database, exc_info=True)
        return copy_file_aside(database, "damaged")
    prune(database, keep)
    return destination


def copy_file_aside(database: Path, reason: str) -> Path:
    """A byte copy of a database SQLite cannot read (damaged), with its WAL, before replacing it."""
    destination = backup_folder() / backup_name(database, reason)
    with atomic_path(destination) as temporary:
        shutil.copyfile(database, temporary)
    wal = database.with_name(database.name + "-wal")
    if wal.exists():
        with atomic_path(destination.with_name(destination.name + "-wal")) as temporary:
            shutil.copyfile(wal, temporary)
    return destination


def prune(database: Path | str, keep: int) -> list[Path]:
    """Delete all but the newest ``keep`` backups of ``database``; returns what was deleted."""
    removed = []
    for backup in list_backups(database)[keep:]:
        backup.path.unlink(missing_ok=True)
        backup.path.with_name(backup.path.name + "-wal").unlink(missing_ok=True)
        removed.append(backup.path)
    return removed


def keep_count(engine: Engine) -> int:
    """The shared setting ``backup.keep`` (its default unless set to a whole number ≥ 1)."""
    try:
        with engine.connect() as connection:
            value = connection.execute(
                text("SELECT value FROM settings WHERE key = :key"), {"key": BACKUP_KEEP.key}
            ).scalar()
    except SQLAlchemyError:
        log.warning("could not read %s; keeping %d backups", BACKUP_KEEP.key, BACKUP_KEEP.default)
        return BACKUP_KEEP.default
    return BACKUP_KEEP.read(value)


def _stored_keep(connection: sqlite3.Connection) -> object:
    try:
        row = connection.execute(
            "SELECT value FROM settings WHERE key = ?", (BACKUP_KEEP.key,)
        ).fetchone()
    except sqlite3.OperationalError:
        return None
    return None if row is None else row[0]


def backup_name(database: Path | str, reason: str, suffix: str = ".db") -> str:
    """A new backup's file name: ``<stem>-<YYYYmmdd-HHMMSS-ffffff>-<reason><suffix>``."""
    stamp = dt.datetime.now(SHANGHAI).strftime(STAMP_FORMAT)
    return f"{backup_stem(database)}-{stamp}-{reason}{suffix}"


def _passes_quick_check(path: Path) -> bool:
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return False
    try:
        return not check_pages(connection, thorough=False)
    except sqlite3.Error:
        return False
    finally:
        connection.close()


def _sqlite_write_failure(error: sqlite3.Error, destination: Path) -> FileWriteFailed | None:
    """SQLite's "disk full" and I/O errors in the words ``atomic_path`` uses for the same."""
    code = primary_code(error)
    if code == SQLITE_FULL:
        return write_failure(OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)), destination)
    if code == SQLITE_IOERR:
        return write_failure(OSError(errno.EIO, os.strerror(errno.EIO)), destination)
    return None
