"""What the chain map draws and shows, as plain values: one call per screen the UI fills.

``chain_map`` merges a chain's graph, its gap analysis and its layout into cards, links and
lanes, so the scene only paints; ``neighbourhood`` says which paths hovering a card lights up;
``navigator_rows`` lists every chain with its figures. The UI never decides a status, a
chokepoint or a position itself. Inspector details and search are in ``details``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, select

from chainchief.domain.analysis import analyse_chain, percentage, segment_status
from chainchief.domain.enums import Location, Role, SegmentStatus, Tier
from chainchief.domain.errors import NotFoundError
from chainchief.domain.graph import ChainGraph, TargetRef
from chainchief.domain.layout import Route
from chainchief.i18n import _
from chainchief.services.chains.graphs import load_graphs
from chainchief.services.chains.layout_cache import cached_layout
from chainchief.store.db import Database
from chainchief.store.plain_tables import chains, firms, memberships, people, segments

CARD_SIZE = (164.0, 80.0)
"""Room for a name, the local-firm line and two fill candidates at a readable size."""
COLUMN_GAP = 60.0
ROW_GAP = 20.0


@dataclass(frozen=True)
class MapCard:
    """One segment's card: where it sits and every figure it shows."""

    segment_id: int
    name: str
    tier: Tier
    x: float
    y: float
    width: float
    height: float
    status: SegmentStatus
    key: bool
    critical: bool
    chokepoint: bool
    local_firms: int
    has_local_leader: bool
    pinned: bool
    fill_candidates: tuple[TargetRef, ...]


@dataclass(frozen=True)
class MapLink:
    """A link as drawn: ``points`` is its route from the upstream card's right side, between the
    cards it passes, to the downstream card's left side, where its arrowhead goes."""

    upstream: int
    downstream: int
    breakpoint: bool
    points: tuple[tuple[float, float], ...]


@dataclass(frozen=True)
class MapLane:
    """A swimlane column: 上游, 中游 or 下游, left to right."""

    tier: Tier
    x: float
    width: float


@dataclass(frozen=True)
class ChainMap:
    chain_id: int
    chain: str
    completeness: float
    leading_coverage: float
    missing: int
    weak: int
    strong: int
    chokepoints: int
    breakpoints: int
    bounds: tuple[float, float, float, float]
    """Left, top, right, bottom of the cards and lanes, in map coordinates."""
    cards: tuple[MapCard, ...]
    links: tuple[MapLink, ...]
    lanes: tuple[MapLane, ...]
    successors: dict[int, tuple[int, ...]]
    predecessors: dict[int, tuple[int, ...]]

    def card(self, segment_id: int) -> MapCard:
        for card in self.cards:
            if card.segment_id == segment_id:
                return card
        raise KeyError(segment_id)


def chain_map(db: Database, chain_id: int) -> ChainMap:
    """The map of one chain; NotFoundError when it was deleted meanwhile."""
    with db.reading() as connection:
        graphs = load_graphs(connection, [chain_id])
    if not graphs:
        raise NotFoundError(_("The chain no longer exists."))
    return build_map(graphs[0])


def chain_map_by_name(db: Database, name: str) -> ChainMap:
    """The map of the chain called ``name``; the error lists the known chains."""
    with db.reading() as connection:
        chain_id = connection.scalar(select(chains.c.id).where(chains.c.name == name))
        if chain_id is None:
            known = sorted(connection.scalars(select(chains.c.name)))
            raise NotFoundError(
                _("Unknown chain: {chain}. Known chains: {known}").format(
                    chain=name, known="、".join(known) or _("(none)")
                )
            )
    return chain_map(db, chain_id)


def chain_maps(db: Database, names: list[str] | None = None) -> list[ChainMap]:
    """The maps of the chains called ``names`` (every chain when None), read in one go."""
    with db.reading() as connection:
        query = select(chains.c.id)
        if names is not None:
            query = query.where(chains.c.name.in_(names))
        graphs = load_graphs(connection, list(connection.scalars(query)))
    return [build_map(graph) for graph in graphs]


def build_map(graph: ChainGraph) -> ChainMap:
    """Graph + analysis + layout, merged into what the scene draws."""
    analysis = analyse_chain(graph)
    layout = cached_layout(graph, card_size=CARD_SIZE, column_gap=COLUMN_GAP, row_gap=ROW_GAP)
    width, height = layout.card_size
    breaks = {(bp.upstream_id, bp.downstream_id) for bp in analysis.breakpoints}
    cards = []
    for segment in analysis.segments:
        node = graph.by_id[segment.segment_id]
        x, y = layout.positions[segment.segment_id]
        cards.append(
            MapCard(
                segment_id=segment.segment_id,
                name=segment.name,
                tier=segment.tier,
                x=x,
                y=y,
                width=width,
                height=height,
                status=segment.status,
                key=segment.key,
                critical=segment.critical,
                chokepoint=segment.chokepoint,
                local_firms=segment.local_firms,
                has_local_leader=Role.LEADING in node.roles,
                pinned=node.pinned is not None,
                fill_candidates=segment.fill_candidates,
            )
        )
    lanes = tuple(
        MapLane(tier=tier, x=left, width=right - left)
        for tier, (left, right) in layout.lanes.items()
    )
    return ChainMap(
        chain_id=graph.chain_id,
        chain=graph.name,
        completeness=analysis.completeness,
        leading_coverage=analysis.leading_coverage,
        missing=analysis.count(SegmentStatus.MISSING),
        weak=analysis.count(SegmentStatus.WEAK),
        strong=analysis.count(SegmentStatus.STRONG),
        chokepoints=len(analysis.chokepoints),
        breakpoints=len(analysis.breakpoints),
        bounds=_bounds(cards, lanes, layout.routes.values()),
        cards=tuple(cards),
        links=tuple(
            MapLink(
                ln.upstream,
                ln.downstream,
                (ln.upstream, ln.downstream) in breaks,
                layout.routes[(ln.upstream, ln.downstream)],
            )
            for ln in graph.links
        ),
        lanes=lanes,
        successors=graph.successors,
        predecessors=graph.predecessors,
    )


def _bounds(
    cards: list[MapCard], lanes: tuple[MapLane, ...], routes: Iterable[Route]
) -> tuple[float, float, float, float]:
    if not cards:
        return (0.0, 0.0, 0.0, 0.0)
    heights = [y for route in routes for _x, y in route]
    left = min([card.x for card in cards] + [lane.x for lane in lanes])
    right = max([card.x + card.width for card in cards] + [lane.x + lane.width for lane in lanes])
    top = min([card.y for card in cards] + heights)
    bottom = max([card.y + card.height for card in cards] + heights)
    return (left, top, right, bottom)


@dataclass(frozen=True)
class Neighbourhood:
    """What lies upstream and downstream of a segment: the paths hovering it highlights."""

    segment_id: int
    upstream: frozenset[int]
    downstream: frozenset[int]

    @property
    def segments(self) -> frozenset[int]:
        return self.upstream | self.downstream | {self.segment_id}

    def on_path(self, upstream: int, downstream: int) -> bool:
        """Whether the link upstream → downstream lies on a path through the segment."""
        before = self.upstream | {self.segment_id}
        after = self.downstream | {self.segment_id}
        return (upstream in before and downstream in before) or (
            upstream in after and downstream in after
        )


def neighbourhood(chain: ChainMap, segment_id: int) -> Neighbourhood:
    """Every segment the given one reaches or is reached from, along links."""
    return Neighbourhood(
        segment_id,
        upstream=_reach(chain.predecessors, segment_id),
        downstream=_reach(chain.successors, segment_id),
    )


def _reach(neighbours: dict[int, tuple[int, ...]], start: int) -> frozenset[int]:
    found: set[int] = set()
    stack = [start]
    while stack:
        for nxt in neighbours.get(stack.pop(), ()):
            if nxt not in found:
                found.add(nxt)
                stack.append(nxt)
    return frozenset(found)


@dataclass(frozen=True)
class NavigatorRow:
    chain_id: int
    chain: str
    chief: str | None
    segments: int
    completeness: float
    missing: int
    weak: int
    strong: int


def navigator_rows(db: Database) -> list[NavigatorRow]:
    """Every chain with its chief, completeness and counts by status, by name (code point).

    The navigator needs only each segment's count of local firms, so the database counts them
    (one grouped query over the firms' location index) instead of loading every membership of
    the city; statuses and the completeness then come from the domain's own rules, exactly as
    in the full analysis. A firm is in a segment at most once, so counting rows counts firms.
    """
    with db.reading() as connection:
        chain_rows = connection.execute(
            select(chains.c.id, chains.c.name, chains.c.min_local_firms, people.c.name).outerjoin(
                people, people.c.id == chains.c.chief_id
            )
        ).all()
        segment_rows = connection.execute(select(segments.c.id, segments.c.chain_id)).all()
        local: dict[int, int] = dict(
            connection.execute(
                select(memberships.c.segment_id, func.count())
                .join(firms, firms.c.id == memberships.c.firm_id)
                .where(firms.c.location == Location.IN_ZONE.value)
                .group_by(memberships.c.segment_id)
            ).all()
        )
    per_chain: dict[int, list[int]] = defaultdict(list)
    for segment_id, chain_id in segment_rows:
        per_chain[chain_id].append(local.get(segment_id, 0))
    rows = []
    for chain_id, name, minimum, chief in sorted(chain_rows, key=lambda row: row[1]):
        statuses = [segment_status(count, minimum) for count in per_chain[chain_id]]
        missing = statuses.count(SegmentStatus.MISSING)
        rows.append(
            NavigatorRow(
                chain_id=chain_id,
                chain=name,
                chief=chief,
                segments=len(statuses),
                completeness=percentage(len(statuses) - missing, len(statuses)),
                missing=missing,
                weak=statuses.count(SegmentStatus.WEAK),
                strong=statuses.count(SegmentStatus.STRONG),
            )
        )
    return rows
