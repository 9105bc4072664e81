"""The previous quarter's closing snapshot, taken by the first write after the quarter ends.

Installed on ``store.conflicts.begin_write`` (every write transaction announces itself there,
GUI, CLI or import alike), so it runs before the write changes anything and inside its
transaction: the snapshot holds the chain as the quarter left it, and a refused command rolls
it back with everything else. A read never begins a write, so it never takes one.

Each chain made before the current quarter began and without a closing snapshot of the previous
quarter gets one; a chain made this quarter has nothing to close. Only the quarter's first
write takes it: once the audit log holds an entry of this quarter, the state is no longer the
quarter's close (in a database upgraded mid-quarter from a version without snapshots, say), and
none is taken. The checks are two indexed queries, so a write that finds nothing to do pays
almost nothing.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import and_, exists, select
from sqlalchemy.orm import Session

from chainchief.domain.clock import SHANGHAI, today
from chainchief.domain.history import SnapshotReason
from chainchief.domain.quarters import Quarter
from chainchief.store.conflicts import on_first_write
from chainchief.store.models import AuditEntry, Chain, ChainSnapshot


def close_previous_quarter(session: Session) -> None:
    """Snapshot every chain the previous quarter closed on and no closing snapshot holds yet."""
    from chainchief.services.history.snapshots import record
    from chainchief.services.history.states import chain_states

    day = today()
    current = Quarter.of(day)
    closed = current.previous
    due = _due(session, current.first_day, closed)
    if due:
        record(
            session,
            chain_states(session, due, day),
            SnapshotReason.QUARTER_CLOSE,
            quarter=closed,
        )


def _due(session: Session, quarter_start: dt.date, closed: Quarter) -> list[int]:
    """Chains made before ``quarter_start`` (Shanghai time) with no snapshot closing ``closed``."""
    start = dt.datetime.combine(quarter_start, dt.time(), SHANGHAI)
    with session.no_autoflush:
        if session.scalar(select(exists().where(AuditEntry.at >= start))):
            return []  # not the quarter's first write: the closing was taken, or is past taking
    closing = and_(
        ChainSnapshot.chain_id == Chain.id,
        ChainSnapshot.reason == SnapshotReason.QUARTER_CLOSE.value,
        ChainSnapshot.quarter == str(closed),
    )
    with session.no_autoflush:
        return list(
            session.scalars(
                select(Chain.id)
                .where(Chain.created_at < start, ~select(ChainSnapshot.id).where(closing).exists())
                .order_by(Chain.id)
            )
        )


def install() -> None:
    """Take closing snapshots from now on (idempotent; ``permissions`` calls it on import, and
    every service that writes goes through ``permissions``)."""
    on_first_write(close_previous_quarter)
