"""Helpers for the editing tests: the database's content, names to ids, users with roles."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from sqlalchemy import select

from chainchief.domain.enums import UserRole
from chainchief.services.chains.lists import require_chain
from chainchief.store.db import Database, open_database
from chainchief.store.models import Base, Chain, Segment, User, UserChain

BOOKKEEPING = frozenset({"version", "created_at", "updated_at", "updated_by", "updated_session"})
"""Columns an undo may leave different: the data is the same, the row was just written again."""
SKIPPED_TABLES = frozenset({"audit_log", "stage_changes"})
"""Tables that keep growing on purpose: every change and every undo is recorded."""


def content(db: Database) -> dict[str, set[tuple[Any, ...]]]:
    """Every row of every table people edit, without the bookkeeping columns."""
    found: dict[str, set[tuple[Any, ...]]] = {}
    with db.transaction() as session:
        for table in Base.metadata.sorted_tables:
            if table.name in SKIPPED_TABLES:
                continue
            columns = [c for c in table.columns if c.name not in BOOKKEEPING]
            found[table.name] = {
                tuple(_comparable(value) for value in row)
                for row in session.execute(select(*columns))
            }
    return found


def _comparable(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def segment_id(db: Database, chain: str, name: str) -> int:
    chain_id = require_chain(db, chain)
    with db.transaction() as session:
        found = session.scalar(
            select(Segment.id).where(Segment.chain_id == chain_id, Segment.name == name)
        )
    assert found is not None, name
    return found


def chain_version(db: Database, chain: str) -> tuple[int, int]:
    with db.transaction() as session:
        row = session.execute(select(Chain.id, Chain.version).where(Chain.name == chain)).one()
    return row.id, row.version


def add_user(db: Database, name: str, role: UserRole, chains: tuple[str, ...] = ()) -> None:
    """A user with ``role`` on ``chains``, written directly (the user service is tested apart)."""
    with db.transaction() as session:
        user = User(name=name, role=role.value, password_hash="-")
        session.add(user)
        session.flush()
        for chain in chains:
            chain_id = session.scalar(select(Chain.id).where(Chain.name == chain))
            session.add(UserChain(user_id=user.id, chain_id=chain_id))


def settle(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Let the reloads an edit started finish, callbacks included (they may start more)."""
    from PySide6.QtCore import QThreadPool

    pool = QThreadPool.globalInstance()
    for _round in range(5):
        pool.waitForDone()
        qtbot.wait(30)
    pool.waitForDone()


@contextlib.contextmanager
def elsewhere(db: Database) -> Iterator[Database]:
    """The same database opened again: another person, window or PC — an edit session of its
    own, whose writes make a version read here stale."""
    other = open_database(db.url, daily_backup=False)
    try:
        yield other
    finally:
        other.dispose()
