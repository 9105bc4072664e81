"""Gap analysis of a chain, with exactly the definitions of DESIGN.md §1.

Everything here is a pure function of a ChainGraph, so the CLI, the UI and the meeting workbook
report the same figures. Critical segments come from dominator trees (one per source), which is
near-linear per source; removing each segment and re-checking reachability would be quadratic.
"""

from __future__ import annotations

from collections.abc import Iterable, Set
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from chainchief.domain.enums import Role, SegmentStatus, Stage, Tier
from chainchief.domain.graph import ChainGraph, SegmentNode, TargetRef, validate_graph

LEADING_ROLES = frozenset({Role.LEADING, Role.CORE})
FILL_STAGE_ORDER: dict[Stage, int] = {
    Stage.LANDED: 0,
    Stage.SIGNED: 1,
    Stage.NEGOTIATING: 2,
    Stage.CONTACT: 3,
    Stage.RESERVE: 4,
}


@dataclass(frozen=True)
class SegmentAnalysis:
    """One segment's figures; ``has_leading``: a local firm is 链主 or 骨干 in it."""

    segment_id: int
    name: str
    tier: Tier
    key: bool
    local_firms: int
    status: SegmentStatus
    critical: bool
    chokepoint: bool
    has_leading: bool
    fill_candidates: tuple[TargetRef, ...]


@dataclass(frozen=True)
class Breakpoint:
    """A link whose upstream segment is missing while its downstream one produces locally."""

    upstream_id: int
    downstream_id: int
    upstream: str
    downstream: str


@dataclass(frozen=True)
class ChainAnalysis:
    """Segments by tier then name, breakpoints by (upstream, downstream) names (code point)."""

    chain_id: int
    chain: str
    min_local_firms: int
    completeness: float
    leading_coverage: float
    segments: tuple[SegmentAnalysis, ...]
    breakpoints: tuple[Breakpoint, ...]

    def count(self, status: SegmentStatus) -> int:
        return sum(1 for segment in self.segments if segment.status is status)

    @property
    def chokepoints(self) -> tuple[SegmentAnalysis, ...]:
        return tuple(segment for segment in self.segments if segment.chokepoint)

    def segment(self, segment_id: int) -> SegmentAnalysis:
        for segment in self.segments:
            if segment.segment_id == segment_id:
                return segment
        raise KeyError(segment_id)


@dataclass(frozen=True)
class ChainSummary:
    """One chain's line in a city overview (the UI's dashboard, the meeting workbook's 总表)."""

    chain_id: int
    chain: str
    segments: int
    missing: int
    weak: int
    strong: int
    critical: int
    chokepoints: int
    breakpoints: int
    completeness: float
    leading_coverage: float


def segment_status(local_firms: int, min_local_firms: int) -> SegmentStatus:
    if local_firms == 0:
        return SegmentStatus.MISSING
    if local_firms < min_local_firms:
        return SegmentStatus.WEAK
    return SegmentStatus.STRONG


def percentage(part: int, whole: int) -> float:
    """part / whole × 100 rounded half-up to one decimal; 0.0 for an empty whole."""
    if whole == 0:
        return 0.0
    exact = Decimal(part * 100) / Decimal(whole)
    return float(exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def fill_candidates(segment: SegmentNode) -> tuple[TargetRef, ...]:
    """Its targets except dropped ones, most advanced stage first, then by firm name."""
    kept = [target for target in segment.targets if target.stage in FILL_STAGE_ORDER]
    return tuple(sorted(kept, key=lambda t: (FILL_STAGE_ORDER[t.stage], t.firm)))


def topological_order(graph: ChainGraph) -> list[int]:
    """Segment ids with every link pointing forward; RuleViolation if the links have a cycle."""
    successors = graph.successors
    indegree = {segment.id: len(graph.predecessors[segment.id]) for segment in graph.segments}
    ready = [node for node, degree in indegree.items() if degree == 0]
    order: list[int] = []
    while ready:
        node = ready.pop()
        order.append(node)
        for nxt in successors[node]:
            indegree[nxt] -= 1
            if indegree[nxt] == 0:
                ready.append(nxt)
    if len(order) != len(graph.segments):
        validate_graph(graph)
    return order


def dominator_tree(
    source: int,
    successors: dict[int, tuple[int, ...]],
    predecessors: dict[int, tuple[int, ...]],
    rank: dict[int, int],
) -> dict[int, int]:
    """Immediate dominators of the segments reachable from ``source`` (source maps to itself).

    ``rank`` is each segment's place in a topological order. On a DAG one pass in that order is
    exact: a segment's immediate dominator is the nearest common dominator-tree ancestor of its
    reachable predecessors, all seen before it. Only the reachable part is visited.
    """
    reachable = [source]
    seen = {source}
    for node in reachable:
        for nxt in successors[node]:
            if nxt not in seen:
                seen.add(nxt)
                reachable.append(nxt)
    reachable.sort(key=rank.__getitem__)
    idom = {source: source}
    depth = {source: 0}
    for node in reachable[1:]:
        dominator: int | None = None
        for pred in predecessors[node]:
            if pred not in idom:
                continue
            if dominator is None:
                dominator = pred
                continue
            other = pred
            while dominator != other:
                if depth[dominator] >= depth[other]:
                    dominator = idom[dominator]
                else:
                    other = idom[other]
        assert dominator is not None
        idom[node] = dominator
        depth[node] = depth[dominator] + 1
    return idom


def critical_segments(graph: ChainGraph) -> set[int]:
    """Segments S with a source A and a reachable sink Z (A ≠ S ≠ Z) where all A→Z paths pass S."""
    order = topological_order(graph)
    rank = {node: index for index, node in enumerate(order)}
    successors, predecessors = graph.successors, graph.predecessors
    critical: set[int] = set()
    for source in order:
        if predecessors[source]:
            continue
        idom = dominator_tree(source, successors, predecessors, rank)
        walked = {source}
        for sink in idom:
            if successors[sink] or sink == source:
                continue
            node = idom[sink]
            while node not in walked:
                walked.add(node)
                critical.add(node)
                node = idom[node]
    return critical


def analyse_chain(graph: ChainGraph, *, critical: Set[int] | None = None) -> ChainAnalysis:
    """Every figure of DESIGN.md §1 for one chain.

    ``critical`` may pass the chain's critical segments when already known: they depend on the
    segments and links only, so what-if scenarios that change firms reuse them.
    """
    if critical is None:
        critical = critical_segments(graph)
    statuses = {
        segment.id: segment_status(segment.local_firms, graph.min_local_firms)
        for segment in graph.segments
    }
    segments: list[SegmentAnalysis] = []
    for segment in sorted(graph.segments, key=lambda s: (s.tier.rank, s.name, s.id)):
        status = statuses[segment.id]
        is_critical = segment.id in critical
        segments.append(
            SegmentAnalysis(
                segment_id=segment.id,
                name=segment.name,
                tier=segment.tier,
                key=segment.key,
                local_firms=segment.local_firms,
                status=status,
                critical=is_critical,
                chokepoint=is_critical and status is not SegmentStatus.STRONG,
                has_leading=bool(segment.roles & LEADING_ROLES),
                fill_candidates=(
                    () if status is SegmentStatus.STRONG else fill_candidates(segment)
                ),
            )
        )
    names, by_id = graph.names, graph.by_id
    breakpoints = sorted(
        {
            (names[link.upstream], names[link.downstream], link.upstream, link.downstream)
            for link in graph.links
            if statuses[link.upstream] is SegmentStatus.MISSING
            and by_id[link.downstream].local_firms >= 1
        }
    )
    total = len(segments)
    return ChainAnalysis(
        chain_id=graph.chain_id,
        chain=graph.name,
        min_local_firms=graph.min_local_firms,
        completeness=percentage(
            sum(1 for s in segments if s.status is not SegmentStatus.MISSING), total
        ),
        leading_coverage=percentage(sum(1 for s in segments if s.has_leading), total),
        segments=tuple(segments),
        breakpoints=tuple(
            Breakpoint(upstream_id=u_id, downstream_id=d_id, upstream=u, downstream=d)
            for u, d, u_id, d_id in breakpoints
        ),
    )


def summarise_city(analyses: Iterable[ChainAnalysis]) -> list[ChainSummary]:
    """One summary per chain, chains by name (code point)."""
    return [
        ChainSummary(
            chain_id=analysis.chain_id,
            chain=analysis.chain,
            segments=len(analysis.segments),
            missing=analysis.count(SegmentStatus.MISSING),
            weak=analysis.count(SegmentStatus.WEAK),
            strong=analysis.count(SegmentStatus.STRONG),
            critical=sum(1 for segment in analysis.segments if segment.critical),
            chokepoints=len(analysis.chokepoints),
            breakpoints=len(analysis.breakpoints),
            completeness=analysis.completeness,
            leading_coverage=analysis.leading_coverage,
        )
        for analysis in sorted(analyses, key=lambda a: (a.chain, a.chain_id))
    ]


def chain_analysis_to_json(analysis: ChainAnalysis) -> dict[str, object]:
    """One chain's object of ``gaps --json`` (DESIGN.md §3), keys in the documented order."""
    return {
        "chain": analysis.chain,
        "completeness": analysis.completeness,
        "leading_coverage": analysis.leading_coverage,
        "segments": [
            {
                "segment": segment.name,
                "tier": str(segment.tier),
                "key": segment.key,
                "local_firms": segment.local_firms,
                "status": str(segment.status),
                "critical": segment.critical,
                "chokepoint": segment.chokepoint,
                "fill_candidates": [
                    {"firm": target.firm, "stage": str(target.stage)}
                    for target in segment.fill_candidates
                ],
            }
            for segment in analysis.segments
        ],
        "breakpoints": [
            {"upstream": bp.upstream, "downstream": bp.downstream} for bp in analysis.breakpoints
        ],
    }


def gaps_to_json(analyses: Iterable[ChainAnalysis]) -> dict[str, object]:
    """The whole ``gaps --json`` document: chains by name (code point)."""
    ordered = sorted(analyses, key=lambda a: (a.chain, a.chain_id))
    return {"chains": [chain_analysis_to_json(analysis) for analysis in ordered]}
