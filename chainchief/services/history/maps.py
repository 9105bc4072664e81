"""The compare view's data: the chain's map as it stood at each snapshot, and what changed.

The map of each stop is today's map (its layout, links and cards) with every card's status,
local-firm count and chokepoint flag, and every link's breakpoint flag, taken from the stop's
state — so the slider moves through time without the cards jumping about. Cards are matched
by segment name; a segment made since a snapshot keeps today's figures there. Each stop is
compared with the one before it: the list beside the map and the ▲/▼ badges on the cards.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from chainchief.domain.clock import today
from chainchief.domain.enums import SegmentStatus
from chainchief.domain.errors import NotFoundError
from chainchief.domain.history import ChainState, SnapshotInfo
from chainchief.domain.history_diff import ChainChanges, compare
from chainchief.i18n import _
from chainchief.services.chains.chain_map import ChainMap, build_map
from chainchief.services.chains.graphs import load_graphs
from chainchief.services.history.snapshots import snapshot_infos, stored_state
from chainchief.services.history.states import chain_states
from chainchief.store.db import Database

STATUS_RANK = {SegmentStatus.MISSING: 0, SegmentStatus.WEAK: 1, SegmentStatus.STRONG: 2}


@dataclass(frozen=True)
class HistoryStop:
    """One position of the slider: a snapshot, or (``info`` None) the chain as it is now."""

    info: SnapshotInfo | None
    map: ChainMap
    changes: ChainChanges | None
    """Against the stop before; None for the first."""
    badges: dict[int, int]
    """Segment id → +1 (▲ better status) or -1 (▼ worse) since the stop before."""


def history_stops(db: Database, chain_id: int) -> list[HistoryStop]:
    """Every snapshot of the chain, oldest first, then the chain now."""
    day = today()
    with db.transaction() as session:
        graphs = load_graphs(session, [chain_id])
        if not graphs:
            raise NotFoundError(_("The chain no longer exists."))
        infos = snapshot_infos(session, chain_id)
        states: list[tuple[SnapshotInfo | None, ChainState]] = [
            (info, stored_state(session, info.id)) for info in infos
        ]
        states.append((None, chain_states(session, [chain_id], day)[chain_id]))
    now = build_map(graphs[0])
    stops: list[HistoryStop] = []
    previous: ChainState | None = None
    for info, state in states:
        shown = map_as_of(now, state)
        changes = None if previous is None else compare(previous, state)
        stops.append(HistoryStop(info, shown, changes, _badges(shown, changes)))
        previous = state
    return stops


def map_as_of(now: ChainMap, state: ChainState) -> ChainMap:
    """Today's map painted with ``state``'s statuses, counts, chokepoints and breakpoints."""
    segments = {segment.name: segment for segment in state.segments}
    cards = tuple(
        replace(
            card,
            status=segments[card.name].status,
            local_firms=len(segments[card.name].local_firms),
            chokepoint=segments[card.name].chokepoint,
        )
        if card.name in segments
        else card
        for card in now.cards
    )
    names = {card.segment_id: card.name for card in now.cards}
    breakpoints = set(state.breakpoints)
    links = tuple(
        replace(link, breakpoint=(names[link.upstream], names[link.downstream]) in breakpoints)
        for link in now.links
    )
    counts = {status: sum(1 for card in cards if card.status is status) for status in STATUS_RANK}
    return replace(
        now,
        completeness=state.completeness,
        missing=counts[SegmentStatus.MISSING],
        weak=counts[SegmentStatus.WEAK],
        strong=counts[SegmentStatus.STRONG],
        chokepoints=sum(1 for card in cards if card.chokepoint),
        breakpoints=sum(1 for link in links if link.breakpoint),
        cards=cards,
        links=links,
    )


def _badges(shown: ChainMap, changes: ChainChanges | None) -> dict[int, int]:
    if changes is None:
        return {}
    ids = {card.name: card.segment_id for card in shown.cards}
    found: dict[int, int] = {}
    for row in changes.segments:
        if row.segment in ids and row.before is not None and row.after is not None:
            rise = STATUS_RANK[row.after] - STATUS_RANK[row.before]
            found[ids[row.segment]] = 1 if rise > 0 else -1
    return found
