"""Taking and listing snapshots (``chainchief snapshot take|list``).

``record`` is the one writer of the ``chain_snapshots`` table: the meeting service calls it
when a dispatch meeting is marked held, the quarter-closing hook (``closing``) at the first
write of a new quarter, and ``take_snapshots`` on demand. Snapshots are only ever added.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from chainchief.domain.clock import now, today
from chainchief.domain.history import ChainState, SnapshotInfo, SnapshotReason, decode, encode
from chainchief.domain.quarters import Quarter
from chainchief.i18n import _
from chainchief.services.admin import audit
from chainchief.services.admin.permissions import Permission, require
from chainchief.services.chains.lists import chain_id_by_name
from chainchief.services.history.states import chain_states
from chainchief.store.conflicts import as_shanghai
from chainchief.store.db import Database
from chainchief.store.models import Chain, ChainSnapshot, table_of

SNAPSHOT_ENTITY = "snapshot"


@dataclass(frozen=True)
class StoredSnapshot:
    info: SnapshotInfo
    state: ChainState


def record(
    session: Session,
    states: dict[int, ChainState],
    reason: SnapshotReason,
    *,
    quarter: Quarter | None = None,
    meeting_id: int | None = None,
) -> int:
    """Add one snapshot per chain of ``states`` (by chain id); how many were added.

    ``quarter`` defaults to the quarter of today; a closing snapshot names the quarter it closes,
    a meeting's snapshot the meeting's quarter.
    """
    if not states:
        return 0
    day = today()
    moment = now()
    rows = [
        {
            "chain_id": chain_id,
            "taken_on": day,
            "taken_at": moment,
            "reason": reason.value,
            "quarter": str(quarter or Quarter.of(day)),
            "meeting_id": meeting_id,
            "document": encode(state),
        }
        for chain_id, state in states.items()
    ]
    session.execute(table_of(ChainSnapshot).insert(), rows)
    return len(rows)


def take_snapshots(db: Database, *, actor: str, chain: str | None = None) -> int:
    """Snapshot one named chain, or every chain; how many snapshots were taken."""
    with db.transaction() as session:
        chain_ids = None if chain is None else [chain_id_by_name(session, chain)]
        require(session, actor, Permission.EDIT_CHAIN, chain_ids or ())
        taken = record(session, chain_states(session, chain_ids, today()), SnapshotReason.MANUAL)
        audit.record(
            session,
            user=actor,
            action="create",
            entity=SNAPSHOT_ENTITY,
            key=chain or _("all chains"),
            changes={"snapshots": [None, taken]},
        )
    return taken


def list_snapshots(db: Database, chain: str | None = None) -> list[SnapshotInfo]:
    """Snapshots of one chain or of all, by chain name then the order they were taken in."""
    with db.transaction() as session:
        chain_id = None if chain is None else chain_id_by_name(session, chain)
        return snapshot_infos(session, chain_id)


def snapshot_infos(session: Session, chain_id: int | None) -> list[SnapshotInfo]:
    query = select(
        ChainSnapshot.id,
        Chain.name,
        ChainSnapshot.taken_on,
        ChainSnapshot.taken_at,
        ChainSnapshot.reason,
        ChainSnapshot.quarter,
        ChainSnapshot.meeting_id,
    ).join(Chain, Chain.id == ChainSnapshot.chain_id)
    if chain_id is not None:
        query = query.where(ChainSnapshot.chain_id == chain_id)
    found = [
        SnapshotInfo(
            id=row.id,
            chain=row.name,
            taken_on=row.taken_on,
            taken_at=as_shanghai(row.taken_at),
            reason=SnapshotReason(row.reason),
            quarter=Quarter.parse(row.quarter),
            meeting_id=row.meeting_id,
        )
        for row in session.execute(query)
    ]
    return sorted(found, key=lambda info: (info.chain, info.order))


def stored_state(session: Session, snapshot_id: int) -> ChainState:
    document = session.scalar(select(ChainSnapshot.document).where(ChainSnapshot.id == snapshot_id))
    if document is None:
        raise KeyError(snapshot_id)
    return decode(document)


def snapshots_to_json(infos: Iterable[SnapshotInfo]) -> dict[str, object]:
    """The ``snapshot list --json`` document."""
    return {
        "snapshots": [
            {
                "chain": info.chain,
                "date": info.taken_on.isoformat(),
                "at": info.taken_at.isoformat(),
                "reason": info.reason.value,
                "quarter": str(info.quarter),
                "meeting": info.meeting_id,
            }
            for info in infos
        ]
    }
