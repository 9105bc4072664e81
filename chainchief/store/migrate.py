"""Alembic, driven from code: the migrations ship inside the package and run on open.

Alembic itself is imported only when a migration runs or an unknown revision has to be looked
up: it costs a fifth of a second, and the common open — a database already at ``HEAD_REVISION``
— needs nothing but one query. A test keeps ``HEAD_REVISION`` equal to the scripts' head.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, inspect, text

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

SCRIPT_LOCATION = "chainchief.store:migrations"
HEAD_REVISION = "0012"
"""The newest migration shipped; raise it with every new script under migrations/versions."""
VERSION_TABLE = "alembic_version"


def config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", SCRIPT_LOCATION)
    return cfg


def script_directory() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(config())


def head_revision() -> str:
    return HEAD_REVISION


def is_known(revision: str) -> bool:
    if revision == HEAD_REVISION:
        return True
    return any(script.revision == revision for script in script_directory().walk_revisions())


def current_revision(connection: Connection) -> str | None:
    """The stamped revision, read the way Alembic stores it (one row, or none when unstamped)."""
    if not inspect(connection).has_table(VERSION_TABLE):
        return None
    rows = connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalars().all()
    if len(rows) <= 1:
        return rows[0] if rows else None
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Run the migrations up to ``revision``.

    On SQLite, foreign keys are off while they run (SQLite's own procedure for table changes):
    a batch migration rebuilds a table by copying it and dropping the original, and with
    foreign keys on that drop would cascade into the rows that refer to it. Afterwards every
    reference is checked, so a migration cannot leave one dangling.
    """
    from alembic import command

    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()
        try:
            with connection.begin():
                cfg = config()
                cfg.attributes["connection"] = connection
                command.upgrade(cfg, revision)
                if sqlite and connection.exec_driver_sql("PRAGMA foreign_key_check").first():
                    raise RuntimeError("a migration left a reference to a missing row")
        finally:
            if sqlite:
                connection.exec_driver_sql("PRAGMA foreign_keys=ON")
                connection.commit()
