"""Which snapshot a REF names (``changes --since/--to``): a day, a quarter or ``last-meeting``.

- ``YYYY-MM-DD``: the latest snapshot taken on or before that day;
- ``2026Q1``: the snapshot closing that quarter (taken by the first write after it ended),
  else the latest taken in it;
- ``last-meeting``: the snapshot of the chain's last held dispatch meeting.

Among snapshots of one day the one taken last wins. When none fits, the error lists the
snapshots there are, so the user can pick one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from chainchief.domain.errors import NotFoundError
from chainchief.domain.history import SnapshotInfo, SnapshotReason
from chainchief.domain.quarters import Quarter
from chainchief.i18n import _

LAST_MEETING = "last-meeting"
LISTED = 12
"""At most this many snapshots are named in a "no such snapshot" message (the newest)."""


class NoSnapshot(NotFoundError):
    """No snapshot of the chain fits the REF."""


def resolve(ref: str, chain: str, snapshots: Sequence[SnapshotInfo]) -> SnapshotInfo:
    """The snapshot of ``chain`` that ``ref`` names, among ``snapshots`` (all of that chain)."""
    text = ref.strip()
    ordered = sorted(snapshots, key=lambda snapshot: snapshot.order)
    found = _find(text, ordered)
    if found is None:
        raise NoSnapshot(_message(text, chain, ordered))
    return found


def _find(text: str, ordered: list[SnapshotInfo]) -> SnapshotInfo | None:
    if text == LAST_MEETING:
        return _last([row for row in ordered if row.reason is SnapshotReason.MEETING])
    day = _day(text)
    if day is not None:
        return _last([row for row in ordered if row.taken_on <= day])
    try:
        quarter = Quarter.parse(text)
    except ValueError:
        raise NoSnapshot(
            _(
                "Not a snapshot reference: {ref} (write a day like 2026-03-31, a quarter like "
                "2026Q1, or last-meeting)"
            ).format(ref=text)
        ) from None
    closing = [
        row
        for row in ordered
        if row.reason is SnapshotReason.QUARTER_CLOSE and row.quarter == quarter
    ]
    return _last(closing) or _last([row for row in ordered if quarter.contains(row.taken_on)])


def _day(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def _last(rows: list[SnapshotInfo]) -> SnapshotInfo | None:
    return rows[-1] if rows else None


def _message(ref: str, chain: str, ordered: list[SnapshotInfo]) -> str:
    if not ordered:
        return _(
            "No snapshot of {chain} fits {ref}: the chain has no snapshots yet (one is taken "
            "when a dispatch meeting is marked held, when a quarter ends, or by chainchief "
            "snapshot take)."
        ).format(chain=chain, ref=ref)
    shown = ", ".join(describe(row) for row in ordered[-LISTED:])
    return _("No snapshot of {chain} fits {ref}. Its snapshots: {snapshots}").format(
        chain=chain, ref=ref, snapshots=shown
    )


def describe(snapshot: SnapshotInfo) -> str:
    """A snapshot in one phrase: its day and why it was taken."""
    if snapshot.reason is SnapshotReason.QUARTER_CLOSE:
        return _("{day} (closing {quarter})").format(
            day=snapshot.taken_on.isoformat(), quarter=snapshot.quarter
        )
    return f"{snapshot.taken_on.isoformat()} ({snapshot.reason.label})"
