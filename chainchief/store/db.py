"""Opening a ChainChief database: URL resolution, SQLite pragmas, checks and migrations on open.

Every process opens the database through ``open_database`` so the pragmas, the integrity check,
the schema upgrade (after a backup) and the refusal of a newer schema apply alike to the CLI,
the GUI and the tests. SQLite's own failures — a damaged file, a lock held too long, a write to
a read-only file, a full disk — are turned into typed errors with plain messages wherever they
happen, so no caller has to know SQLite's error codes.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from sqlalchemy import Connection, Engine, create_engine, event, inspect
from sqlalchemy.engine import URL, ExceptionContext, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError

from chainchief import write_guard
from chainchief.domain.errors import (
    DatabaseDamaged,
    DatabaseLocked,
    DiskFullError,
    FileWriteFailed,
    ReadOnlyDatabase,
    SchemaError,
    UserError,
)
from chainchief.i18n import _
from chainchief.store import backup, check_memo, conflicts, integrity, migrate
from chainchief.store.paths import default_database_path
from chainchief.store.server import server_engine

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

BUSY_TIMEOUT_MS = 15_000
SUPPORTED_BACKENDS = frozenset({"sqlite", "postgresql"})
WRITE_VERBS = frozenset({"INSERT", "UPDATE", "DELETE", "REPLACE", "CREATE", "DROP", "ALTER"})


def database_url(target: str | Path | None) -> str:
    """A SQLAlchemy URL for ``--db``: None → the default file, a path → SQLite, a URL as is."""
    if target is None:
        return f"sqlite:///{default_database_path()}"
    text = str(target)
    if "://" in text:
        _check_scheme(text)
        return text
    return f"sqlite:///{Path(text).expanduser().resolve()}"


def _check_scheme(url: str) -> None:
    """Refuse a URL SQLAlchemy cannot parse or an engine ChainChief does not run on."""
    try:
        parsed = make_url(url)
        parsed.get_dialect()
        backend = parsed.get_backend_name()
    except (ArgumentError, NoSuchModuleError):
        backend = None
    if backend not in SUPPORTED_BACKENDS:
        shown = url.split("://", 1)[0]
        raise UserError(
            _(
                "Unknown kind of database in --db: {scheme}://. Give a file path, "
                "sqlite:///FILE or postgresql+psycopg://USER@HOST/NAME."
            ).format(scheme=shown)
        )


def sqlite_file(url: str | URL) -> Path | None:
    """The file behind a SQLite URL (plain or ``file:`` URI form); None for other engines."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return None
    name = parsed.database or ""
    if name.startswith("file:"):
        name = _uri_path(name)
    if not name or name == ":memory:" or name.startswith("file::memory:"):
        return None
    return Path(name).expanduser().resolve()


def _uri_path(uri: str) -> str:
    """The file name in a SQLite ``file:`` URI (percent-decoded, Windows drive letters too).

    ``urllib.request.url2pathname`` does this, but importing urllib.request (http.client,
    email) cost every command some 20 ms of start-up.
    """
    path = urlsplit(uri).path
    if os.name == "nt":
        from nturl2path import url2pathname

        return url2pathname(path)
    return unquote(path)


def wants_read_only(url: str | URL) -> bool:
    """``?mode=ro`` (or SQLite's ``immutable=1``) on a SQLite URL."""
    query = make_url(url).query
    return query.get("mode") == "ro" or query.get("immutable") == "1"


def is_read_only_file(path: Path) -> bool:
    """A file this process cannot write, or one marked read-only (no write permission bits).

    The permission bits count even for an administrator, who could write anyway: a file someone
    marked read-only is meant to stay as it is.
    """
    if not path.exists():
        return False
    return not os.access(path, os.W_OK) or not path.stat().st_mode & (
        stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH
    )


def read_only_url(path: Path) -> str:
    """A URL that makes SQLite itself refuse writes to ``path``."""
    return URL.create(
        "sqlite", database=path.as_uri(), query={"mode": "ro", "uri": "true"}
    ).render_as_string(hide_password=False)


def make_engine(url: str, *, read_only: bool = False) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return server_engine(url)
    path = sqlite_file(parsed)
    if path is not None and not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    timeout_ms = BUSY_TIMEOUT_MS
    engine = create_engine(url, connect_args={"timeout": timeout_ms / 1000}, pool_pre_ping=False)

    def pragmas(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={timeout_ms}")
        if not read_only:
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    event.listen(engine, "connect", pragmas)
    event.listen(engine, "handle_error", _SqliteErrors(path, timeout_ms))
    if read_only:
        event.listen(engine, "before_cursor_execute", _refuse_writes)
    return engine


@dataclass(frozen=True)
class SchemaUpgrade:
    """What opening did to a database made by an older ChainChief: the caller tells the user
    once (the next open finds the file at the current schema and has nothing to say)."""

    database: str
    """The file, or the server URL without its password."""
    from_revision: str
    to_revision: str
    backup: Path | None

    def message(self) -> str:
        if self.backup is None:
            return _(
                "The database {path} was made by an older version of ChainChief and has been "
                "upgraded to this version."
            ).format(path=self.database)
        return _(
            "The database {path} was made by an older version of ChainChief and has been "
            "upgraded to this version; a copy of it as it was is kept at {backup}."
        ).format(path=self.database, backup=self.backup)


@dataclass
class Database:
    """An open, migrated database and the one way to get a transaction on it.

    ``read_only`` databases answer every read; every write is refused with ReadOnlyDatabase
    before it reaches the file.
    """

    url: str
    engine: Engine
    read_only: bool = False
    upgrade: SchemaUpgrade | None = None
    """Set when this open upgraded a database made by an older version."""
    open: bool = True
    _sessions: sessionmaker[Session] | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        if self.path is not None:
            write_guard.protect_database(self.path)
            write_guard.protect_backup_folder(backup.backup_folder())

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @property
    def path(self) -> Path | None:
        """The SQLite file, or None for an in-memory or server database."""
        return sqlite_file(self.engine.url)

    @property
    def sessions(self) -> sessionmaker[Session]:
        """The ORM's sessions on this database, with the conflict checks, made on first use:
        a process that only reads (``reading``) never imports the ORM (~0.08 s)."""
        if self._sessions is None:
            from sqlalchemy.orm import sessionmaker

            sessions = sessionmaker(
                self.engine,
                expire_on_commit=False,
                info={conflicts.WRITER: conflicts.new_writer_session()},
            )
            conflicts.remember_versions(sessions)
            conflicts.stamp_writer(sessions)
            self._sessions = sessions
        return self._sessions

    @contextlib.contextmanager
    def reading(self) -> Iterator[Connection]:
        """One short read of plain SQL statements, without the ORM (``transaction`` for the
        rest): the read of a command that must start fast, such as ``stats`` or ``render``."""
        with self.engine.connect() as connection:
            yield connection

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Session]:
        """One short transaction: committed on success, rolled back on any exception.

        A stale edit (someone else changed the row meanwhile) raises ConflictError.
        """
        with self.sessions.begin() as session, conflicts.stale_as_conflict(self.engine, session):
            yield session
            session.flush()

    def dispose(self) -> None:
        """Close every connection; the file is no longer protected from writers."""
        if self.open and self.path is not None:
            write_guard.release_database(self.path)
        self.open = False
        self.engine.dispose()


def open_database(
    target: str | Path | None = None,
    *,
    upgrade: bool = True,
    daily_backup: bool = True,
    trust_unchanged: bool = False,
) -> Database:
    """Open (creating when new), check and migrate the database; refuse one it cannot use.

    The content checks (schema objects and row values) depend on nothing but the file's bytes,
    so they are skipped for a file that is exactly the file that last passed every check
    (``check_memo``); any difference checks. ``trust_unchanged`` (commands that only read) skips
    the page check of such a file too; a process that may write (the window, importing, editing)
    still reads every page, so it never writes on top of a page that went bad on the disk.

    Raises DatabaseDamaged (naming the newest good backup), SchemaError for a foreign or newer
    schema, ReadOnlyDatabase for a read-only file that needs an upgrade, DatabaseLocked.
    """
    url = database_url(target)
    path = sqlite_file(url)
    read_only = path is not None and (wants_read_only(url) or is_read_only_file(path))
    if read_only:
        assert path is not None
        if not path.exists():
            raise ReadOnlyDatabase(
                _(
                    "The database {path} does not exist, and a read-only one cannot be created."
                ).format(path=path)
            )
        url = read_only_url(path)
    engine = make_engine(url, read_only=read_only)
    try:
        unchanged = path is not None and check_memo.is_unchanged(path)
        pages_trusted = trust_unchanged and unchanged
        if not pages_trusted and path is not None and path.exists() and path.stat().st_size > 0:
            _check_pages(engine, path)
        revision = _check_schema(engine)
        if not unchanged and path is not None and revision is not None:
            _check_contents(engine, path, revision)
            check_memo.remember(path)
        if not read_only:
            _use_wal(engine)
        schema_upgrade = None
        if upgrade and revision != migrate.head_revision():
            schema_upgrade = _upgrade(engine, path, revision, read_only=read_only)
    except Exception:
        engine.dispose()
        raise
    database = Database(url=url, engine=engine, read_only=read_only, upgrade=schema_upgrade)
    # A read-only file cannot change, so it needs no daily copy (and a backup opened to look at
    # it must not fill the backup folder with copies of itself).
    if daily_backup and revision is not None and not read_only:
        backup.daily_backup(database)
    return database


def damaged_error(path: Path, found: list[str]) -> DatabaseDamaged:
    """The message for a damaged file, naming the newest backup that passes quick_check."""
    newest = backup.newest_good_backup(path)
    if newest is None:
        message = _(
            "The database {path} is damaged ({detail}); it was not changed. No backup of it "
            "was found: keep a copy of the file before trying to repair it."
        ).format(path=path, detail=integrity.detail(found))
    else:
        message = _(
            "The database {path} is damaged ({detail}); it was not changed. The newest good "
            'backup is {backup}; to go back to it, run: chainchief --db "{path}" restore '
            '"{backup}"'
        ).format(path=path, detail=integrity.detail(found), backup=newest)
    return DatabaseDamaged(message, path=str(path), newest_backup=str(newest) if newest else None)


def _use_wal(engine: Engine) -> None:
    """WAL lets readers work while one process writes; the mode is stored in the file itself.

    It is switched on only after the checks, so a refused file is not changed even in its header.
    """
    if engine.dialect.name == "sqlite":
        with engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA journal_mode=WAL")


def _check_pages(engine: Engine, path: Path) -> None:
    with engine.connect() as connection:
        raw = connection.connection.driver_connection
        assert isinstance(raw, sqlite3.Connection)
        found = integrity.check_pages(raw, thorough=False)
    if found:
        raise damaged_error(path, found)


def _check_schema(engine: Engine) -> str | None:
    """The database's Alembic revision, after refusing a foreign or newer schema."""
    with engine.connect() as connection:
        tables = set(inspect(connection).get_table_names())
        revision = migrate.current_revision(connection) if "alembic_version" in tables else None
    refusal = integrity.schema_refusal(tables, revision)
    if refusal is not None:
        raise refusal
    return revision


def _check_contents(engine: Engine, path: Path, revision: str) -> None:
    """Refuse a file whose schema objects or rows are not what its revision makes."""
    with engine.connect() as connection:
        raw = connection.connection.driver_connection
        assert isinstance(raw, sqlite3.Connection)
        problem = integrity.content_problem(raw, revision)
    if problem is not None:
        raise SchemaError(
            _("The database {path} cannot be used: {reason}. It was not changed.").format(
                path=path, reason=problem
            )
        )


def _upgrade(
    engine: Engine, path: Path | None, revision: str | None, *, read_only: bool
) -> SchemaUpgrade | None:
    """Back up, then migrate to the head; a new, unstamped database is no upgrade to report.

    A server database is upgraded only by ``server setup``, as the schema's owner: the office's
    PCs connect as their users, who may not change the schema, and must not race each other to
    do it. A new, empty server database (trying the server out, ``migrate-db``) is created here.
    """
    if read_only:
        raise ReadOnlyDatabase(
            _(
                "The database {path} is read-only and was made by an older version of "
                "ChainChief; open a writable copy so it can be upgraded."
            ).format(path=path)
        )
    if engine.dialect.name != "sqlite" and revision is not None:
        raise SchemaError(
            _(
                "The server database {database} has an older schema ({revision}) than this "
                "version of ChainChief ({head}). An administrator upgrades it on the server: "
                "chainchief server setup --superuser-url URL"
            ).format(
                database=engine.url.render_as_string(hide_password=True),
                revision=revision,
                head=migrate.head_revision(),
            )
        )
    saved = None
    if revision is not None and path is not None:
        saved = backup.backup_if_data(engine, path, "migration")
    migrate.upgrade(engine)
    if revision is None:
        return None
    where = str(path) if path is not None else engine.url.render_as_string(hide_password=True)
    return SchemaUpgrade(
        database=where, from_revision=revision, to_revision=migrate.head_revision(), backup=saved
    )


def _refuse_writes(
    _connection: Any, _cursor: Any, statement: str, *_args: Any, **_kwargs: Any
) -> None:
    words = statement.lstrip().split(None, 1)
    if words and words[0].upper() in WRITE_VERBS:
        raise ReadOnlyDatabase(_read_only_message())


def _read_only_message() -> str:
    return _(
        "This database is open read-only, so nothing can be changed; nothing was written. "
        "Open a writable copy to make changes."
    )


class _SqliteErrors:
    """``handle_error`` hook: SQLite's failures in the user's words, wherever they happen."""

    def __init__(self, path: Path | None, timeout_ms: int) -> None:
        self.path = path
        self.timeout_ms = timeout_ms

    def __call__(self, context: ExceptionContext) -> None:
        error = context.original_exception
        if not isinstance(error, sqlite3.Error):
            return
        code = integrity.primary_code(error)
        if code in (integrity.SQLITE_BUSY, integrity.SQLITE_LOCKED):
            raise DatabaseLocked(
                _(
                    "The database is busy: another program kept it locked for more than "
                    "{seconds} seconds. Nothing was changed; try again in a moment."
                ).format(seconds=round(self.timeout_ms / 1000))
            ) from error
        if code == integrity.SQLITE_READONLY:
            raise ReadOnlyDatabase(_read_only_message()) from error
        where = self.path if self.path is not None else ""
        if integrity.is_damage(error) and self.path is not None:
            raise damaged_error(self.path, [str(error)]) from error
        if code == integrity.SQLITE_CANTOPEN:
            raise UserError(
                _(
                    "Cannot open the database {path}: the file or its folder cannot be opened "
                    "(missing, a folder, or no permission)."
                ).format(path=where)
            ) from error
        if code == integrity.SQLITE_FULL:
            raise DiskFullError(
                _(
                    "The disk holding the database {path} is full; the last change was not "
                    "saved. Free some space and try again."
                ).format(path=where),
                path=str(where),
            ) from error
        if code == integrity.SQLITE_IOERR:
            raise FileWriteFailed(
                _(
                    "The disk reported an input/output error on the database {path}; the last "
                    "change was not saved."
                ).format(path=where),
                path=str(where),
            ) from error
