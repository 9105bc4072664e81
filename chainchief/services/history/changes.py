"""What changed in a chain between two snapshots, or since one until now (``chainchief changes``).

``--since`` defaults to ``last-meeting`` and ``--to`` to the chain as it stands now; REFs are
resolved by ``domain.history_refs`` and the comparison is ``domain.history_diff.compare``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from chainchief.domain.clock import today
from chainchief.domain.dates_zh import chinese_date
from chainchief.domain.history import SnapshotInfo, SnapshotReason
from chainchief.domain.history_diff import ChainChanges, changes_to_json, compare
from chainchief.domain.history_refs import LAST_MEETING, resolve
from chainchief.domain.history_words import change_lines, compared_with
from chainchief.domain.quarters import Quarter
from chainchief.i18n import files_for_people
from chainchief.services.chains.lists import chain_id_by_name
from chainchief.services.history.snapshots import StoredSnapshot, snapshot_infos, stored_state
from chainchief.services.history.states import chain_states
from chainchief.store.db import Database


@dataclass(frozen=True)
class ChangeReport:
    changes: ChainChanges
    since: SnapshotInfo
    until: SnapshotInfo | None
    """None: the chain as it stands now."""
    on: dt.date
    """The day the report was made (the "now" side's day)."""

    def to_json(self) -> dict[str, object]:
        until = self.until.taken_on if self.until is not None else self.on
        return changes_to_json(
            self.changes, since=self.since.taken_on.isoformat(), until=until.isoformat()
        )


def chain_changes(
    db: Database, chain: str, *, since: str = LAST_MEETING, to: str | None = None
) -> ChangeReport:
    """The changes of the named chain from the snapshot ``since`` names to ``to`` (or now).

    Raises NoSnapshot (a NotFoundError) naming the snapshots there are when a REF fits none.
    """
    with db.transaction() as session:
        chain_id = chain_id_by_name(session, chain)
        return changes_in(session, chain_id, chain, since=since, to=to)


def changes_in(
    session: Session, chain_id: int, chain: str, *, since: str, to: str | None = None
) -> ChangeReport:
    """``chain_changes`` inside the caller's transaction (the meeting pack, the brief)."""
    day = today()
    infos = snapshot_infos(session, chain_id)
    start = resolve(since, chain, infos)
    end = None if to is None else resolve(to, chain, infos)
    before = stored_state(session, start.id)
    after = (
        chain_states(session, [chain_id], day)[chain_id]
        if end is None
        else stored_state(session, end.id)
    )
    return ChangeReport(compare(before, after), start, end, day)


def meeting_before(session: Session, chain_id: int, quarter: Quarter) -> StoredSnapshot | None:
    """The snapshot of the chain's last held dispatch meeting before ``quarter``, if any."""
    held = [
        info
        for info in snapshot_infos(session, chain_id)
        if info.reason is SnapshotReason.MEETING and info.quarter < quarter
    ]
    if not held:
        return None
    return StoredSnapshot(held[-1], stored_state(session, held[-1].id))


def since_meeting_before(session: Session, chain_id: int, quarter: Quarter) -> ChangeReport | None:
    """The changes since the chain's last held dispatch meeting before ``quarter``, until now;
    None when no such meeting left a snapshot."""
    start = meeting_before(session, chain_id, quarter)
    if start is None:
        return None
    day = today()
    after = chain_states(session, [chain_id], day)[chain_id]
    return ChangeReport(compare(start.state, after), start.info, None, day)


def meeting_comparison(session: Session, chain_id: int, quarter: Quarter) -> tuple[str, ...]:
    """三、与上次会议相比 of the meeting pack, in Chinese: what it compares with, then one line
    per kind of change; empty when there is nothing to compare with."""
    report = since_meeting_before(session, chain_id, quarter)
    if report is None:
        return ()
    with files_for_people():
        return (compared_with(chinese_date(report.since.taken_on)), *change_lines(report.changes))
