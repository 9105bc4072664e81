"""The audit log: who changed what, when, which fields from what to what, and how.

Every service that changes data calls ``record`` inside its own transaction, so the entry
commits or vanishes with the change. On a PostgreSQL server secured by ``server setup`` the
server's triggers write the log instead — one entry per changed row, naming the login role,
whether the change came from the app or from psql — and ``record`` writes nothing, so no change
is logged twice. Entries are never edited or deleted through the app: the
ORM refuses it (below) and no service offers it. Only a whole-database replacement (``demo
--force``, ``restore``) starts a new log — and records itself as its first entry.

``action`` says how a change came about: ``edit``, ``import``, ``undo``, ``migrate``,
``restore``, ``replace``, ``schedule``, ``pin``, ``user``… A caller replaying a change (the
UI's undo) wraps the service call in ``origin("undo")`` and every entry it makes says so.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections.abc import Iterator, Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from typing import Any

from sqlalchemy import event, insert, select
from sqlalchemy.orm import Session

from chainchief.domain.clock import SHANGHAI, now
from chainchief.domain.errors import RuleViolation
from chainchief.i18n import _
from chainchief.store.conflicts import as_shanghai
from chainchief.store.db import Database
from chainchief.store.models import AuditEntry, table_of
from chainchief.store.server import secured_prefix

_origin: ContextVar[str | None] = ContextVar("chainchief_audit_origin", default=None)

Changes = dict[str, list[Any]]
_JSON_SCALARS = frozenset({str, int, float, bool})


@contextlib.contextmanager
def origin(action: str) -> Iterator[None]:
    """Record every entry made inside (in this thread) with ``action`` — e.g. ``undo``."""
    token = _origin.set(action)
    try:
        yield
    finally:
        _origin.reset(token)


def plain(value: Any) -> Any:
    """A value as JSON keeps it: dates as ISO text, enums as their codes, decimals as numbers."""
    if value is None or type(value) in _JSON_SCALARS:
        return value
    if isinstance(value, dt.datetime):
        return as_shanghai(value).isoformat(timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, list | tuple | set | frozenset):
        return [plain(item) for item in value]
    if isinstance(value, Mapping):
        return {str(key): plain(item) for key, item in value.items()}
    return value


def differences(before: Mapping[str, Any], after: Mapping[str, Any]) -> Changes:
    """``{field: [old, new]}`` for the fields of ``after`` whose value differs from ``before``."""
    return {
        name: [plain(before.get(name)), plain(value)]
        for name, value in after.items()
        if plain(before.get(name)) != plain(value)
    }


def entry_values(
    *, user: str, action: str, entity: str, key: str, changes: Changes | None, at: dt.datetime
) -> dict[str, Any]:
    """One row of ``audit_log`` as Core insert values (for bulk inserts of many entries)."""
    return {
        "at": at,
        "user": user,
        "action": _origin.get() or action,
        "entity": entity,
        "key": key,
        "changes": plain(changes or {}),
    }


def record(
    session: Session,
    *,
    user: str,
    action: str,
    entity: str,
    key: str,
    changes: Changes | None = None,
) -> None:
    """Add one audit row inside the caller's transaction, so it commits or vanishes with it."""
    if _server_writes_log(session):
        return
    values = entry_values(
        user=user, action=action, entity=entity, key=key, changes=changes, at=now()
    )
    session.execute(insert(AuditEntry).values(**values))


def _server_writes_log(session: Session) -> bool:
    connection = session.connection()
    return secured_prefix(connection.engine, connection) is not None


def record_many(session: Session, entries: list[dict[str, Any]], batch: int = 5000) -> None:
    """Insert many ``entry_values`` rows (an import's per-row entries) in a few statements."""
    if _server_writes_log(session):
        return
    table = table_of(AuditEntry)
    for start in range(0, len(entries), batch):
        session.execute(insert(table), entries[start : start + batch])


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: dt.datetime
    user: str
    action: str
    entity: str
    key: str
    changes: dict[str, Any]
    role: str | None = None
    """The server login role that made the change (secured servers only)."""


@dataclass(frozen=True)
class AuditFilter:
    since: dt.date | None = None
    until: dt.date | None = None
    user: str | None = None
    action: str | None = None
    entity: str | None = None
    text: str | None = None
    limit: int | None = None


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=SHANGHAI)


def audit_entries(db: Database, where: AuditFilter | None = None) -> list[AuditRow]:
    """Entries oldest first; with ``limit``, the newest ``limit`` of those that match."""
    where = where or AuditFilter()
    query = select(AuditEntry)
    if where.since is not None:
        query = query.where(AuditEntry.at >= _day_start(where.since))
    if where.until is not None:
        query = query.where(AuditEntry.at < _day_start(where.until + dt.timedelta(days=1)))
    for column, wanted in (
        (AuditEntry.user, where.user),
        (AuditEntry.action, where.action),
        (AuditEntry.entity, where.entity),
    ):
        if wanted:
            query = query.where(column == wanted)
    query = query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    needle = (where.text or "").strip().casefold()
    rows: list[AuditRow] = []
    with db.transaction() as session:
        for entry in session.scalars(query).yield_per(2000):
            row = _row(entry)
            if needle and needle not in _searchable(row):
                continue
            rows.append(row)
            if where.limit is not None and len(rows) >= where.limit:
                break
    rows.reverse()
    return rows


def _row(entry: AuditEntry) -> AuditRow:
    return AuditRow(
        id=entry.id,
        at=as_shanghai(entry.at),
        user=entry.user,
        action=entry.action,
        entity=entry.entity,
        key=entry.key,
        changes=dict(entry.changes or {}),
        role=entry.role,
    )


def _searchable(row: AuditRow) -> str:
    text = " ".join((row.user, row.action, row.entity, row.key))
    return f"{text} {json.dumps(row.changes, ensure_ascii=False)}".casefold()


def audit_facets(db: Database) -> tuple[list[str], list[str], list[str]]:
    """The users, actions and entities the log mentions, sorted, for filter choices."""
    with db.transaction() as session:
        return tuple(  # type: ignore[return-value]
            sorted(session.scalars(select(column).distinct()))
            for column in (AuditEntry.user, AuditEntry.action, AuditEntry.entity)
        )


def audit_to_json(rows: list[AuditRow]) -> dict[str, Any]:
    """The ``audit --json`` document of DESIGN.md §3."""
    return {
        "entries": [
            {
                "at": row.at.isoformat(timespec="seconds"),
                "user": row.user,
                "action": row.action,
                "entity": row.entity,
                "key": row.key,
                "changes": row.changes,
                **({"role": row.role} if row.role is not None else {}),
            }
            for row in rows
        ]
    }


def _refuse_change(_mapper: Any, _connection: Any, _target: AuditEntry) -> None:
    raise RuleViolation(_("Audit entries cannot be changed or deleted."))


event.listen(AuditEntry, "before_update", _refuse_change)
event.listen(AuditEntry, "before_delete", _refuse_change)
