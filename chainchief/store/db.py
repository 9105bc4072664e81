"""Opening a ChainChief database: URL resolution, SQLite pragmas, migrations on open.

Every process opens the database through ``open_database`` so the pragmas, the schema upgrade
and the refusal of a newer schema apply alike to the CLI, the GUI and the tests.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from chainchief.domain.errors import SchemaError
from chainchief.i18n import _
from chainchief.store import migrate
from chainchief.store.paths import default_database_path

BUSY_TIMEOUT_MS = 15_000


def database_url(target: str | Path | None) -> str:
    """A SQLAlchemy URL for ``--db``: None → the default file, a path → SQLite, a URL as is."""
    if target is None:
        return f"sqlite:///{default_database_path()}"
    text = str(target)
    if "://" in text:
        return text
    return f"sqlite:///{Path(text).expanduser().resolve()}"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def make_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000}, pool_pre_ping=False
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


@dataclass
class Database:
    """An open, migrated database and the one way to get a transaction on it."""

    url: str
    engine: Engine
    sessions: sessionmaker[Session]

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Session]:
        """One short transaction: committed on success, rolled back on any exception."""
        with self.sessions.begin() as session:
            yield session

    def dispose(self) -> None:
        self.engine.dispose()


def open_database(target: str | Path | None = None, *, upgrade: bool = True) -> Database:
    """Open (creating when new) and migrate the database; refuse one this version cannot use."""
    url = database_url(target)
    engine = make_engine(url)
    try:
        _check_schema(engine)
        if upgrade:
            migrate.upgrade(engine)
    except Exception:
        engine.dispose()
        raise
    return Database(url=url, engine=engine, sessions=sessionmaker(engine, expire_on_commit=False))


def _check_schema(engine: Engine) -> None:
    with engine.connect() as connection:
        tables = set(inspect(connection).get_table_names())
        if not tables:
            return
        if "alembic_version" not in tables:
            raise SchemaError(_("This database was not made by ChainChief; it was not changed."))
        revision = migrate.current_revision(connection)
    if revision is not None and not migrate.is_known(revision):
        raise SchemaError(
            _(
                "This database was written by a newer version of ChainChief "
                "(schema {revision}); update ChainChief to open it. It was not changed."
            ).format(revision=revision)
        )
