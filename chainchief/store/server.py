"""A database server (PostgreSQL) as the shared office store: engine settings and its errors.

The session time zone is Asia/Shanghai, the zone of every date rule (DESIGN.md §1): stored
moments come back in local time, and a naive moment — what SQLite holds, copied over by
``migrate-db`` or a portable restore — means local time on both engines. The server's refusals
(a lock held too long, a full disk, a read-only server, a value too long, no connection) become
the same typed errors the SQLite store raises, so the CLI and the UI word them alike.
"""

from __future__ import annotations

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import ExceptionContext, make_url

from chainchief.domain.errors import (
    ConflictError,
    DatabaseLocked,
    DiskFullError,
    ReadOnlyDatabase,
    RuleViolation,
    UserError,
)
from chainchief.i18n import _
from chainchief.store.models import Base

SESSION_OPTIONS = "-c timezone=Asia/Shanghai"
CONNECT_TIMEOUT_SECONDS = 10

LOCK_NOT_AVAILABLE = "55P03"
QUERY_CANCELED = "57014"
DEADLOCK = "40P01"
SERIALIZATION_FAILURE = "40001"
READ_ONLY_TRANSACTION = "25006"
DISK_FULL = "53100"
STRING_TOO_LONG = "22001"
NUMBER_OUT_OF_RANGE = "22003"


class ServerUnavailable(UserError):
    """The database server cannot be reached or refused the connection."""


def server_engine(url: str) -> Engine:
    connect_args: dict[str, object] = {}
    if make_url(url).get_backend_name() == "postgresql":
        connect_args = {"options": SESSION_OPTIONS, "connect_timeout": CONNECT_TIMEOUT_SECONDS}
    engine = create_engine(url, pool_pre_ping=True, connect_args=connect_args)
    event.listen(engine, "handle_error", _server_errors)
    return engine


def _server_errors(context: ExceptionContext) -> None:
    error = context.original_exception
    state = getattr(error, "sqlstate", None)
    if state in (LOCK_NOT_AVAILABLE, QUERY_CANCELED):
        raise DatabaseLocked(
            _(
                "The database is busy: another user's change kept it locked too long. Nothing "
                "was changed; try again in a moment."
            )
        ) from error
    if state in (DEADLOCK, SERIALIZATION_FAILURE):
        raise ConflictError(
            _(
                "Another user changed the same data at the same moment; nothing was saved. "
                "Try again."
            )
        ) from error
    if state == READ_ONLY_TRANSACTION:
        raise ReadOnlyDatabase(
            _("The database server accepts no changes (read-only); nothing was written.")
        ) from error
    if state == DISK_FULL:
        raise DiskFullError(
            _("The database server's disk is full; the last change was not saved."), path=""
        ) from error
    if state == STRING_TOO_LONG:
        raise RuleViolation(
            _("A text is longer than the database can keep in that field; nothing was saved.")
        ) from error
    if state == NUMBER_OUT_OF_RANGE:
        raise RuleViolation(
            _("A number is too large for the database; nothing was saved.")
        ) from error
    if context.is_disconnect and not context.is_pre_ping:
        raise ServerUnavailable(
            _(
                "The connection to the database server was lost; the unfinished change was not "
                "saved. Check the network and try again."
            )
        ) from error
    if context.connection is None and not context.is_pre_ping and state is None:
        lines = str(error).strip().splitlines()
        raise ServerUnavailable(
            _("Cannot connect to the database server: {detail}").format(
                detail=lines[0] if lines else type(error).__name__
            )
        ) from error


def reset_sequences(connection: Connection) -> None:
    """Move each id sequence past the largest id, after rows were inserted with their ids.

    PostgreSQL hands out new ids from a sequence that explicit ids do not advance; without this
    the next row added would collide with a copied one. Other engines need nothing.
    """
    if connection.dialect.name != "postgresql":
        return
    for table in Base.metadata.sorted_tables:
        column = table.columns.get("id")
        if column is None or not column.primary_key or column.autoincrement is False:
            continue
        connection.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                f'COALESCE((SELECT MAX(id) FROM "{table.name}"), 0) + 1, false)'
            )
        )
