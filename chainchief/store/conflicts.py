"""Concurrent edits (DESIGN.md §2): detect a stale edit, and serialise write transactions.

Two things keep a shared database honest:

- Every edited row carries a version and the edit session that wrote it last
  (``updated_session``: one id per opened database, i.e. per window or command, stamped on
  every flush by ``stamp_writer``). An edit names the version its user saw
  (``check_version``): a newer version written by another session is a conflict — another
  person, or the same login in a second window or on a second PC — while the session's own
  later writes are not (it saw what it wrote; by induction it saw or knowingly overwrote
  everything before). The ORM's version column catches whatever slips between read and write
  (``StaleDataError``, turned into the same ``ConflictError`` by ``stale_as_conflict``). The
  message names who changed the row and when, so the user can reload or overwrite knowingly.
- A transaction that writes says so first (``begin_write``, called by ``permissions.require``):
  on SQLite it takes the write lock at once (BEGIN IMMEDIATE), so it never reads a snapshot it
  then cannot write on, and waits its turn with backoff instead of failing; on PostgreSQL it
  takes one transaction-level advisory lock, so imports and edits never interleave row by row.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
import time
import uuid
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, Protocol

from sqlalchemy import Engine, event, inspect, select, text

from chainchief.domain.clock import SHANGHAI, today
from chainchief.domain.errors import ConflictError, DatabaseLocked
from chainchief.i18n import _

if TYPE_CHECKING:
    # The ORM loads with the first session (``Database.sessions``), not with this module:
    # commands that only read never need it.
    from sqlalchemy.orm import Session, sessionmaker

WRITE_LOCK_KEY = 0x43484348  # "CHCH": the one advisory lock all ChainChief writers share
LOCK_WAIT_SECONDS = 15
HELD_VERSIONS = "chainchief_held_versions"
WRITING = "chainchief_writing"
WRITER = "chainchief_writer_session"
"""``Session.info`` key: the id of the edit session (one opened database) its writes carry."""
FirstWriteHook = Callable[["Session"], None]
_first_write_hooks: list[FirstWriteHook] = []


class VersionedRow(Protocol):
    version: int
    updated_by: str | None
    updated_at: dt.datetime
    updated_session: str | None


def new_writer_session() -> str:
    """A fresh edit-session id: random, so two PCs or windows never share one."""
    return uuid.uuid4().hex


def as_shanghai(moment: dt.datetime) -> dt.datetime:
    """A stored moment in Asia/Shanghai: SQLite hands back the naive local time it was given."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=SHANGHAI)
    return moment.astimezone(SHANGHAI)


def changed_elsewhere(user: str | None, at: dt.datetime | None) -> ConflictError:
    """The conflict of an edit made on a row someone else changed since it was read."""
    if at is None:
        shown = "?"
    else:
        local = as_shanghai(at)
        shown = f"{local:%H:%M}" if local.date() == today() else f"{local:%Y-%m-%d %H:%M}"
    return ConflictError(
        _("Changed by {user} at {time}; reload to see the change.").format(
            user=user or "?", time=shown
        ),
        changed_by=user,
        stale=True,
    )


def deleted_elsewhere() -> ConflictError:
    return ConflictError(_("Someone else deleted this in the meantime; reload to see the change."))


def check_version(row: VersionedRow, expected_version: int | None) -> None:
    """Refuse an edit made on an older version of ``row`` that another edit session wrote
    since (None: overwrite knowingly). The check runs whoever the user is: two windows or PCs
    signed in as one user conflict like two users."""
    if expected_version is None or row.version == expected_version:
        return
    from sqlalchemy.orm import object_session

    session = object_session(row)
    writer = session.info.get(WRITER) if session is not None else None
    if writer is None or row.updated_session != writer:
        raise changed_elsewhere(row.updated_by, row.updated_at)


def writer_stamp(session: Session, actor: str) -> dict[str, str | None]:
    """Who writes, for rows a Core statement inserts or updates (the ORM's are stamped on
    flush): the user and the edit session."""
    return {"updated_by": actor, "updated_session": session.info.get(WRITER)}


def stamp_writer(sessions: sessionmaker[Session]) -> None:
    """Stamp the edit session on every versioned row a flush inserts or changes, so every
    write through the ORM says which session made it without each service remembering to."""

    def before_flush(session: Session, _context: Any, _instances: Any) -> None:
        writer = session.info.get(WRITER)
        for row in (*session.new, *session.dirty):
            if hasattr(row, "updated_session") and (row in session.new or session.is_modified(row)):
                row.updated_session = writer

    event.listen(sessions, "before_flush", before_flush)


def remember_versions(sessions: sessionmaker[Session]) -> None:
    """Note, before each flush, the version of every row about to be updated or deleted.

    A failed flush expires the objects, so this is the only way to know afterwards which row
    went stale.
    """

    def before_flush(session: Session, _context: Any, _instances: Any) -> None:
        held = session.info.setdefault(HELD_VERSIONS, {})
        for row in (*session.dirty, *session.deleted):
            state = inspect(row)
            if hasattr(row, "version") and state.identity is not None:
                held[(type(row), state.identity)] = row.version

    event.listen(sessions, "before_flush", before_flush)


@contextlib.contextmanager
def stale_as_conflict(engine: Engine, session: Session) -> Iterator[None]:
    """Turn the ORM's StaleDataError into a ConflictError naming who changed the row."""
    from sqlalchemy.orm.exc import StaleDataError

    try:
        yield
    except StaleDataError as error:
        raise _describe_stale(engine, session.info.get(HELD_VERSIONS, {})) from error


def _describe_stale(
    engine: Engine, held: dict[tuple[type[Any], tuple[Any, ...]], int]
) -> ConflictError:
    with engine.connect() as connection:
        for (model, identity), version in held.items():
            keys: tuple[Any, ...] = tuple(inspect(model).primary_key)
            where = [column == value for column, value in zip(keys, identity, strict=True)]
            found = connection.execute(
                select(model.version, model.updated_by, model.updated_at).where(*where)
            ).first()
            if found is None:
                return deleted_elsewhere()
            if found.version != version:
                return changed_elsewhere(found.updated_by, found.updated_at)
    return changed_elsewhere(None, None)


def on_first_write(hook: FirstWriteHook) -> None:
    """Run ``hook`` in every write transaction, once, right after ``begin_write`` took the lock.

    The one point where a write announces itself before it changes anything, whether it came
    from the GUI, the CLI or an import: the quarter's closing snapshot (services.history) is
    taken here, so it holds the state before the write and commits or vanishes with it.
    """
    if hook not in _first_write_hooks:
        _first_write_hooks.append(hook)


def without_first_write_hooks(session: Session) -> None:
    """Run no hook in this transaction: a restore replaces every row, the hooks' included."""
    session.info[WRITING] = True


def begin_write(session: Session) -> None:
    """Make the session's transaction a write transaction from here on (see module doc)."""
    _take_lock(session)
    if not session.info.get(WRITING):
        session.info[WRITING] = True
        for hook in tuple(_first_write_hooks):
            hook(session)


def _take_lock(session: Session) -> None:
    connection = session.connection()
    dialect = connection.dialect.name
    if dialect == "sqlite":
        raw = connection.connection.driver_connection
        assert isinstance(raw, sqlite3.Connection)
        if not raw.in_transaction:
            _begin_immediate(connection)
    elif dialect == "postgresql":
        connection.execute(text(f"SET LOCAL lock_timeout = '{LOCK_WAIT_SECONDS}s'"))
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": WRITE_LOCK_KEY})


def _begin_immediate(connection: Any) -> None:
    """BEGIN IMMEDIATE, retried with backoff when SQLite answers "busy" without waiting.

    SQLite's busy timeout already waits for a lock held by another writer; some states (a WAL
    being recovered or checkpointed) report busy at once, and those are worth a few retries.
    """
    deadline = time.monotonic() + LOCK_WAIT_SECONDS
    delay = 0.01
    while True:
        started = time.monotonic()
        try:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
            return
        except DatabaseLocked:
            waited = time.monotonic() - started
            if waited >= LOCK_WAIT_SECONDS - 1 or time.monotonic() + delay > deadline:
                raise
        time.sleep(delay)
        delay = min(delay * 2, 0.5)
