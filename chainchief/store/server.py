"""A database server (PostgreSQL) as the shared office store: engine settings and its errors.

The session time zone is Asia/Shanghai, the zone of every date rule (DESIGN.md §1): stored
moments come back in local time, and a naive moment — what SQLite holds, copied over by
``migrate-db`` or a portable restore — means local time on both engines. The server's refusals
(a lock held too long, a full disk, a read-only server, a value too long, no connection) become
the same typed errors the SQLite store raises, so the CLI and the UI word them alike.

A database secured by ``server setup`` (issue 23) is told by a function it holds, which names
its role prefix; each application user connects as the login role ``<prefix>_u_<name>``, with
a URL that otherwise names no user (``signed_in_url``).
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Iterable

from sqlalchemy import Connection, Engine, Table, create_engine, event, text
from sqlalchemy.engine import URL, ExceptionContext, make_url

from chainchief.domain.errors import (
    ConflictError,
    DatabaseLocked,
    DiskFullError,
    ReadOnlyDatabase,
    RuleViolation,
    UserError,
)
from chainchief.i18n import _

SESSION_OPTIONS = "-c timezone=Asia/Shanghai"
CONNECT_TIMEOUT_SECONDS = 10
APPLICATION_NAME = "chainchief"
"""Set on the app's connections; the audit trigger records their row changes as ``edit`` and
everything else (psql, scripts) as ``sql``."""

PREFIX_PARAMETER = "role_prefix"
"""The URL query parameter naming a secured database's role prefix, when not the default."""
LOGIN_INFIX = "_u_"
MAX_ROLE_BYTES = 63
PREFIX_FUNCTION = "chainchief_role_prefix"
"""The function ``server setup`` installs; it names the prefix and marks the database secured."""

LOCK_NOT_AVAILABLE = "55P03"
QUERY_CANCELED = "57014"
DEADLOCK = "40P01"
SERIALIZATION_FAILURE = "40001"
READ_ONLY_TRANSACTION = "25006"
DISK_FULL = "53100"
STRING_TOO_LONG = "22001"
NUMBER_OUT_OF_RANGE = "22003"
PASSWORD_REFUSED = "password authentication failed"
"""libpq's words when the server refuses a login (it says the same for an unknown role)."""


class ServerUnavailable(UserError):
    """The database server cannot be reached or refused the connection."""


def server_engine(url: str) -> Engine:
    connect_args: dict[str, object] = {}
    parsed = make_url(url)
    if parsed.get_backend_name() == "postgresql":
        connect_args = {
            "options": SESSION_OPTIONS,
            "connect_timeout": CONNECT_TIMEOUT_SECONDS,
            "application_name": APPLICATION_NAME,
        }
        parsed = parsed.difference_update_query([PREFIX_PARAMETER])
    engine = create_engine(parsed, pool_pre_ping=True, connect_args=connect_args)
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
        if PASSWORD_REFUSED in str(error):
            raise ServerUnavailable(_("Wrong user name or password.")) from error
        lines = str(error).strip().splitlines()
        raise ServerUnavailable(
            _("Cannot connect to the database server: {detail}").format(
                detail=lines[0] if lines else type(error).__name__
            )
        ) from error


def reset_sequences(connection: Connection, tables: Iterable[Table] | None = None) -> None:
    """Move each id sequence past the largest id, after rows were inserted with their ids.

    PostgreSQL hands out new ids from a sequence that explicit ids do not advance; without this
    the next row added would collide with a copied one. Other engines need nothing. ``tables``:
    only those (the others were not written).
    """
    if connection.dialect.name != "postgresql":
        return
    from chainchief.store.models import Base  # the mapping costs every opening command 0.1 s

    for table in Base.metadata.sorted_tables if tables is None else tables:
        column = table.columns.get("id")
        if column is None or not column.primary_key or column.autoincrement is False:
            continue
        connection.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                f'COALESCE((SELECT MAX(id) FROM "{table.name}"), 0) + 1, false)'
            )
        )


def default_prefix(database: str) -> str:
    """``cc_`` and the database name, folded to what a role name takes without quoting: roles
    are cluster-wide, so each database on a server gets its own."""
    return "cc_" + re.sub(r"[^a-z0-9_]", "_", database.lower())


def url_prefix(url: str | URL) -> str:
    """The role prefix a server URL names (``?role_prefix=``), or the default for its database."""
    parsed = make_url(url)
    given = parsed.query.get(PREFIX_PARAMETER)
    if isinstance(given, str) and given:
        return given
    return default_prefix(parsed.database or "")


def login_role(prefix: str, user: str) -> str:
    """The server login role of the application user ``user``."""
    return f"{prefix}{LOGIN_INFIX}{user}"


def fits_role_name(prefix: str, user: str) -> bool:
    """PostgreSQL cuts role names at 63 bytes; a longer one would sign in as someone else."""
    return len(login_role(prefix, user).encode("utf-8")) <= MAX_ROLE_BYTES


def wants_sign_in(url: str | URL) -> bool:
    """A server URL without a user: each person connects as their own login role."""
    parsed = make_url(url)
    return parsed.get_backend_name() == "postgresql" and not parsed.username


def signed_in_url(url: str, user: str, password: str | None) -> str:
    """The server URL to connect as ``user``'s login role; without a password libpq looks in
    the password file (PGPASSFILE or ~/.pgpass)."""
    parsed = without_login(url)
    signed = parsed._replace(username=login_role(url_prefix(parsed), user), password=password)
    return signed.render_as_string(hide_password=False)


def without_login(url: str | URL) -> URL:
    """The URL with no user and no password (``URL.set`` takes None for "keep")."""
    return make_url(url)._replace(username=None, password=None)


_prefixes: weakref.WeakKeyDictionary[Engine, str | None] = weakref.WeakKeyDictionary()


def secured_prefix(engine: Engine, connection: Connection | None = None) -> str | None:
    """The role prefix of a database ``server setup`` has secured; None for any other.

    Looked up once per engine: a database is secured once, by an administrator, before the
    office's PCs connect to it.
    """
    if engine.dialect.name != "postgresql":
        return None
    if engine not in _prefixes:
        if connection is not None:
            _prefixes[engine] = _read_prefix(connection)
        else:
            with engine.connect() as own:
                _prefixes[engine] = _read_prefix(own)
    return _prefixes[engine]


def _read_prefix(connection: Connection) -> str | None:
    installed = connection.execute(
        text(f"SELECT to_regproc('public.{PREFIX_FUNCTION}') IS NOT NULL")
    ).scalar()
    if not installed:
        return None
    prefix = connection.execute(text(f"SELECT public.{PREFIX_FUNCTION}()")).scalar()
    return str(prefix)
