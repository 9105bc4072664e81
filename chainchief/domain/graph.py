"""The chain as a graph of segments and links, and the two rules every link must obey.

The value objects are what the analysis and the layout work on, so neither needs the database;
a service builds them from stored rows. The link rules (DESIGN.md §1: acyclic, never against
tier order) are checked here once, for the editor and the importer alike.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property

from chainchief.domain.enums import Role, Stage, Tier
from chainchief.domain.errors import RuleViolation
from chainchief.i18n import _

CYCLE_ARROW = " → "


@dataclass(frozen=True)
class TargetRef:
    """A target firm tracked for a segment (the firm is free text: it is outside the zone)."""

    firm: str
    stage: Stage
    owner: str | None = None


@dataclass(frozen=True)
class SegmentNode:
    """A segment with what the analysis needs to know about its firms.

    ``local_firms`` counts distinct in-zone firms; ``roles`` are the roles those local firms hold.
    ``pinned`` is the top-left corner the user fixed on the map, if any.
    """

    id: int
    name: str
    tier: Tier
    key: bool = False
    pinned: tuple[float, float] | None = None
    local_firms: int = 0
    roles: frozenset[Role] = frozenset()
    targets: tuple[TargetRef, ...] = ()


@dataclass(frozen=True)
class LinkEdge:
    """The upstream segment supplies the downstream one."""

    upstream: int
    downstream: int


@dataclass(frozen=True)
class ChainGraph:
    """One chain's segments and links; lookups are computed once, on first use."""

    chain_id: int
    name: str
    min_local_firms: int
    segments: tuple[SegmentNode, ...]
    links: tuple[LinkEdge, ...] = ()

    def __post_init__(self) -> None:
        known = {segment.id for segment in self.segments}
        if len(known) != len(self.segments):
            raise ValueError("segment ids must be unique within a chain")
        for link in self.links:
            if link.upstream not in known or link.downstream not in known:
                raise ValueError(f"link {link} names a segment outside chain {self.chain_id}")

    @cached_property
    def by_id(self) -> dict[int, SegmentNode]:
        return {segment.id: segment for segment in self.segments}

    @cached_property
    def by_name(self) -> dict[str, SegmentNode]:
        return {segment.name: segment for segment in self.segments}

    @cached_property
    def names(self) -> dict[int, str]:
        return {segment.id: segment.name for segment in self.segments}

    @cached_property
    def tiers(self) -> dict[int, Tier]:
        return {segment.id: segment.tier for segment in self.segments}

    @cached_property
    def successors(self) -> dict[int, tuple[int, ...]]:
        """Downstream neighbours of every segment, in link order."""
        found: dict[int, list[int]] = {segment.id: [] for segment in self.segments}
        for link in self.links:
            found[link.upstream].append(link.downstream)
        return {node: tuple(targets) for node, targets in found.items()}

    @cached_property
    def predecessors(self) -> dict[int, tuple[int, ...]]:
        """Upstream neighbours of every segment, in link order."""
        found: dict[int, list[int]] = {segment.id: [] for segment in self.segments}
        for link in self.links:
            found[link.downstream].append(link.upstream)
        return {node: tuple(sources) for node, sources in found.items()}

    def segment(self, segment_id: int) -> SegmentNode:
        return self.by_id[segment_id]


class LinkChecker:
    """Accepts links one at a time and refuses any that breaks a link rule.

    Built for the importer, which adds a file's links in order and must report the row that
    closes a cycle. Tier order makes the cycle search cheap: a link across tiers can never close
    a cycle, and within one tier only same-tier segments can lead back, so the search from the
    downstream end never leaves that tier.
    """

    def __init__(self, names: Mapping[int, str], tiers: Mapping[int, Tier]) -> None:
        self._names = names
        self._tiers = tiers
        self._same_tier_successors: dict[int, list[int]] = {}

    @classmethod
    def for_graph(cls, graph: ChainGraph) -> LinkChecker:
        """A checker already holding the graph's links (trusted: they were checked when added)."""
        checker = cls(graph.names, graph.tiers)
        for link in graph.links:
            checker.add_trusted(link.upstream, link.downstream)
        return checker

    def check(self, upstream: int, downstream: int) -> None:
        """Raise RuleViolation if the link upstream → downstream may not be added."""
        if upstream == downstream:
            raise RuleViolation(
                _("A segment cannot supply itself: {segment}.").format(
                    segment=self._names[upstream]
                )
            )
        upstream_tier, downstream_tier = self._tiers[upstream], self._tiers[downstream]
        if upstream_tier.rank > downstream_tier.rank:
            raise RuleViolation(
                _(
                    "{upstream} ({upstream_tier}) cannot supply {downstream} "
                    "({downstream_tier}): links run from upstream to downstream."
                ).format(
                    upstream=self._names[upstream],
                    upstream_tier=upstream_tier.label,
                    downstream=self._names[downstream],
                    downstream_tier=downstream_tier.label,
                )
            )
        if upstream_tier is downstream_tier:
            path = self._path(downstream, upstream)
            if path is not None:
                cycle = CYCLE_ARROW.join(self._names[node] for node in [*path, downstream])
                raise RuleViolation(
                    _("This link would close a cycle: {cycle}.").format(cycle=cycle)
                )

    def add(self, upstream: int, downstream: int) -> None:
        """Check the link, then keep it so later links are checked against it."""
        self.check(upstream, downstream)
        self.add_trusted(upstream, downstream)

    def add_trusted(self, upstream: int, downstream: int) -> None:
        """Keep a link known to be valid (already stored) without checking it again."""
        if self._tiers[upstream] is self._tiers[downstream]:
            self._same_tier_successors.setdefault(upstream, []).append(downstream)

    def _path(self, start: int, goal: int) -> list[int] | None:
        """A path start → … → goal over same-tier links (iterative DFS), or None."""
        parent: dict[int, int] = {start: start}
        stack = [start]
        while stack:
            node = stack.pop()
            if node == goal:
                path = [node]
                while node != start:
                    node = parent[node]
                    path.append(node)
                path.reverse()
                return path
            for nxt in self._same_tier_successors.get(node, ()):
                if nxt not in parent:
                    parent[nxt] = node
                    stack.append(nxt)
        return None


def check_link(
    graph_or_adjacency: ChainGraph | Mapping[int, Iterable[int]],
    upstream_id: int,
    downstream_id: int,
    names: Mapping[int, str] | None = None,
    tiers: Mapping[int, Tier] | None = None,
) -> None:
    """Raise RuleViolation if upstream → downstream may not join the existing links.

    For one edit at a time (the map editor); an importer adding many links should keep a
    LinkChecker instead of rebuilding it per link. With an adjacency mapping (segment id →
    downstream ids), ``names`` and ``tiers`` are required.
    """
    if isinstance(graph_or_adjacency, ChainGraph):
        graph = graph_or_adjacency
        checker = LinkChecker(names or graph.names, tiers or graph.tiers)
        edges: Iterable[tuple[int, int]] = ((ln.upstream, ln.downstream) for ln in graph.links)
    else:
        if names is None or tiers is None:
            raise TypeError("check_link needs names and tiers with an adjacency mapping")
        adjacency = graph_or_adjacency
        checker = LinkChecker(names, tiers)
        edges = ((u, v) for u, targets in adjacency.items() for v in targets)
    for upstream, downstream in edges:
        checker.add_trusted(upstream, downstream)
    checker.check(upstream_id, downstream_id)


def validate_graph(graph: ChainGraph) -> None:
    """Raise RuleViolation for the first link (in link order) that breaks a link rule."""
    checker = LinkChecker(graph.names, graph.tiers)
    for link in graph.links:
        checker.add(link.upstream, link.downstream)
