"""What-if scenarios on one chain: firms leave, targets land, and what that does to the gaps.

A scenario edits the chain's firm memberships (never its segments or links), rebuilds the
graph from the edited memberships and runs the ordinary gap analysis on it, so a scenario's
figures are by construction the figures the chain would show if the edit were made. Nothing
here is saved; the service that loads the chain decides which stored firm a name means.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import cached_property

from chainchief.domain.analysis import (
    LEADING_ROLES,
    Breakpoint,
    ChainAnalysis,
    SegmentAnalysis,
    analyse_chain,
    critical_segments,
    fill_candidates,
    percentage,
    segment_status,
)
from chainchief.domain.enums import Role, SegmentStatus, Stage, Tier
from chainchief.domain.graph import ChainGraph, SegmentNode


@dataclass(frozen=True)
class Stake:
    """One firm serving one segment of the chain: what a membership row tells the analysis."""

    firm_id: int
    firm: str
    segment_id: int
    role: Role
    in_zone: bool
    revenue: float | None = None


@dataclass(frozen=True)
class ScenarioChain:
    """A chain's graph with the memberships its local-firm counts and roles come from.

    The indexes below are built once per state, so that each of many scenarios on the same
    chain (one per target when ranking, one per leading firm for the risk list) only touches
    the segments its firms serve instead of every membership of the chain.
    """

    graph: ChainGraph
    stakes: tuple[Stake, ...]
    partial: bool = False
    """``stakes`` hold only the memberships of the firms the scenarios name, while ``graph``
    already counts every membership's local firms and roles (as ``load_graphs`` reads it).
    That is enough to land targets, which only add firms and roles: ranking a city's targets
    then reads none of its 60,000 memberships. A departure needs the whole chain's stakes."""

    @cached_property
    def by_firm(self) -> dict[int, tuple[Stake, ...]]:
        found: dict[int, list[Stake]] = defaultdict(list)
        for stake in self.stakes:
            found[stake.firm_id].append(stake)
        return {firm_id: tuple(stakes) for firm_id, stakes in found.items()}

    @cached_property
    def by_segment(self) -> dict[int, frozenset[int]]:
        """Every firm serving each segment, local or not."""
        found: dict[int, set[int]] = defaultdict(set)
        for stake in self.stakes:
            found[stake.segment_id].add(stake.firm_id)
        return {segment_id: frozenset(firms) for segment_id, firms in found.items()}

    @cached_property
    def current(self) -> ChainGraph:
        """The graph with the local-firm counts and roles of these memberships."""
        if self.partial:
            return self.graph
        return graph_with_stakes(self.graph, self.stakes)

    @cached_property
    def critical(self) -> frozenset[int]:
        """Critical segments depend on segments and links only, never on firms."""
        return frozenset(critical_segments(self.graph))

    @cached_property
    def analysis(self) -> ChainAnalysis:
        return analyse_chain(self.current, critical=self.critical)

    @cached_property
    def lowest_firm_id(self) -> int:
        """New firms of a scenario get ids below this one (and below zero)."""
        return min(0, min(self.by_firm, default=0))

    @cached_property
    def segment_analyses(self) -> dict[int, SegmentAnalysis]:
        return {segment.segment_id: segment for segment in self.analysis.segments}

    @cached_property
    def breakpoint_ids(self) -> dict[tuple[int, int], Breakpoint]:
        return {(bp.upstream_id, bp.downstream_id): bp for bp in self.analysis.breakpoints}


@dataclass(frozen=True)
class RemoveFirm:
    """The firm leaves the zone: all its memberships in the chain go."""

    firm_id: int
    firm: str


@dataclass(frozen=True)
class LandTarget:
    """A target lands as a local 配套 firm of its segment.

    ``firm_id`` is the stored firm the target's name already means (it moves into the zone and
    keeps its other memberships), or None for a firm not yet on record.
    """

    firm: str
    segment_id: int
    firm_id: int | None = None


Step = RemoveFirm | LandTarget


@dataclass(frozen=True)
class ChainTarget:
    """A target of the chain, with the stored firm its name already means (if any)."""

    target_id: int
    firm: str
    segment_id: int
    segment: str
    tier: Tier
    stage: Stage
    firm_id: int | None = None

    def landing(self) -> LandTarget:
        return LandTarget(firm=self.firm, segment_id=self.segment_id, firm_id=self.firm_id)


@dataclass(frozen=True)
class SimulatedStatusChange:
    segment_id: int
    name: str
    tier: Tier
    before: SegmentStatus
    after: SegmentStatus


@dataclass(frozen=True)
class ScenarioResult:
    """The differences a scenario makes, lists by tier then name (code point).

    They are worked out on the segments the scenario touches only; ``after``, the whole
    analysis of the edited chain, is computed when asked for.
    """

    steps: tuple[Step, ...]
    before: ChainAnalysis
    completeness_after: float
    segments: tuple[SimulatedStatusChange, ...]
    breakpoints_added: tuple[Breakpoint, ...]
    breakpoints_removed: tuple[Breakpoint, ...]
    chokepoints_added: tuple[SegmentAnalysis, ...]
    chokepoints_removed: tuple[SegmentAnalysis, ...]
    revenue_at_risk: float | None
    state: ScenarioChain = field(repr=False, compare=False)
    counts: dict[int, SegmentNode] = field(repr=False, compare=False)

    @property
    def chain(self) -> str:
        return self.before.chain

    @cached_property
    def edited(self) -> ChainGraph:
        """The chain's graph after the scenario."""
        return with_counts(self.state, self.counts)

    @cached_property
    def after(self) -> ChainAnalysis:
        return analyse_chain(self.edited, critical=self.state.critical)


def graph_with_stakes(graph: ChainGraph, stakes: Iterable[Stake]) -> ChainGraph:
    """The graph whose local-firm counts and roles are those of ``stakes``'s in-zone firms."""
    local: dict[int, set[int]] = defaultdict(set)
    roles: dict[int, set[Role]] = defaultdict(set)
    for stake in stakes:
        if stake.in_zone:
            local[stake.segment_id].add(stake.firm_id)
            roles[stake.segment_id].add(stake.role)
    segments = tuple(
        replace(
            segment,
            local_firms=len(local.get(segment.id, ())),
            roles=frozenset(roles.get(segment.id, ())),
        )
        for segment in graph.segments
    )
    return replace(graph, segments=segments)


def edit_firms(
    state: ScenarioChain, steps: Sequence[Step]
) -> tuple[dict[int, tuple[Stake, ...]], set[int]]:
    """The memberships of the firms the steps change (taken in order; a firm that leaves holds
    none), and the segments they touch. Firms not listed keep ``state.by_firm``'s.

    A new firm landing twice is one firm (ids below every stored one).
    """
    edits: dict[int, tuple[Stake, ...]] = {}
    touched: set[int] = set()
    new_ids: dict[str, int] = {}
    for step in steps:
        if isinstance(step, RemoveFirm):
            gone = edits.get(step.firm_id, state.by_firm.get(step.firm_id, ()))
            touched.update(stake.segment_id for stake in gone)
            edits[step.firm_id] = ()
            continue
        if step.firm_id is None:
            if step.firm not in new_ids:
                new_ids[step.firm] = state.lowest_firm_id - 1 - len(new_ids)
            firm_id = new_ids[step.firm]
        else:
            firm_id = step.firm_id
        held = edits.get(firm_id, state.by_firm.get(firm_id, ()))
        moved = tuple(replace(stake, in_zone=True) for stake in held)
        if not any(stake.segment_id == step.segment_id for stake in held):
            revenue = held[0].revenue if held else None
            moved += (Stake(firm_id, step.firm, step.segment_id, Role.SUPPORTING, True, revenue),)
        edits[firm_id] = moved
        touched.update(stake.segment_id for stake in moved)
    return edits, touched


def recount(state: ScenarioChain, steps: Sequence[Step]) -> dict[int, SegmentNode]:
    """The segments the steps touch, with their local firms and roles counted anew.

    Each segment's counts change only by the firms the steps edit, so they are adjusted from
    those firms' own stakes; only where an edited firm loses a role there (it leaves) are the
    roles gathered again from every firm serving the segment.
    """
    edits, touched = edit_firms(state, steps)
    counts: dict[int, SegmentNode] = {}
    for segment_id in touched:
        node = state.current.by_id[segment_id]
        local = node.local_firms
        roles = set(node.roles)
        lost = False
        for firm_id, held in edits.items():
            was = _local_roles(state.by_firm.get(firm_id, ()), segment_id)
            now = _local_roles(held, segment_id)
            local += (now is not None) - (was is not None)
            roles.update(now or ())
            lost = lost or bool(was and was - (now or frozenset()))
        if lost:
            roles = _roles_after(state, edits, segment_id)
        counts[segment_id] = replace(node, local_firms=local, roles=frozenset(roles))
    return counts


def _local_roles(stakes: Iterable[Stake], segment_id: int) -> frozenset[Role] | None:
    """The roles a firm's in-zone stakes give it in the segment; None when it is not local there."""
    roles = frozenset(s.role for s in stakes if s.segment_id == segment_id and s.in_zone)
    return roles or None


def _roles_after(
    state: ScenarioChain, edits: dict[int, tuple[Stake, ...]], segment_id: int
) -> set[Role]:
    """The segment's roles from every local firm serving it, the edited ones as edited."""
    if state.partial:
        raise ValueError("a partial scenario state can land targets only")
    roles: set[Role] = set()
    for firm_id in state.by_segment.get(segment_id, frozenset()) | edits.keys():
        held = edits[firm_id] if firm_id in edits else state.by_firm.get(firm_id, ())
        roles.update(_local_roles(held, segment_id) or ())
    return roles


def with_counts(state: ScenarioChain, counts: dict[int, SegmentNode]) -> ChainGraph:
    if not counts:
        return state.current
    segments = tuple(counts.get(node.id, node) for node in state.current.segments)
    return replace(state.graph, segments=segments)


def revenue_at_risk(state: ScenarioChain, steps: Iterable[Step]) -> float | None:
    """In-zone revenue (万元) of the firms removed; None when one of them has none recorded."""
    removed = {step.firm_id for step in steps if isinstance(step, RemoveFirm)}
    revenues: dict[int, float | None] = {
        stake.firm_id: stake.revenue
        for firm_id in removed
        for stake in state.by_firm.get(firm_id, ())
        if stake.in_zone
    }
    if any(revenue is None for revenue in revenues.values()):
        return None
    total = sum((Decimal(str(revenue)) for revenue in revenues.values()), Decimal(0))
    return float(total)


def segment_order(segment: SegmentAnalysis | SimulatedStatusChange) -> tuple[int, str, int]:
    """Tier, then name (code point); the id only keeps the order total."""
    return (segment.tier.rank, segment.name, segment.segment_id)


def recounted(state: ScenarioChain, node: SegmentNode) -> SegmentAnalysis:
    """A segment's analysis with its new local firms; criticality does not change."""
    old = state.segment_analyses[node.id]
    status = segment_status(node.local_firms, state.graph.min_local_firms)
    return replace(
        old,
        local_firms=node.local_firms,
        status=status,
        chokepoint=old.critical and status is not SegmentStatus.STRONG,
        has_leading=bool(node.roles & LEADING_ROLES),
        fill_candidates=() if status is SegmentStatus.STRONG else fill_candidates(node),
    )


def run_scenario(state: ScenarioChain, steps: Sequence[Step]) -> ScenarioResult:
    """The scenario's result, exactly what analysing the edited chain would show.

    Only the recounted segments and the links touching them can change: statuses, breakpoints
    and chokepoints are compared there, so a scenario costs the size of what it touches.
    """
    counts = recount(state, steps)
    old = state.segment_analyses
    new = {segment_id: recounted(state, node) for segment_id, node in counts.items()}
    tiers, names = state.graph.tiers, state.graph.names

    def now(segment_id: int) -> SegmentAnalysis:
        return new.get(segment_id) or old[segment_id]

    links = {(sid, down) for sid in new for down in state.graph.successors[sid]}
    links |= {(up, sid) for sid in new for up in state.graph.predecessors[sid]}
    added: list[Breakpoint] = []
    removed: list[Breakpoint] = []
    for up, down in links:
        was = state.breakpoint_ids.get((up, down))
        broken = now(up).status is SegmentStatus.MISSING and now(down).local_firms >= 1
        if was is not None and not broken:
            removed.append(was)
        elif was is None and broken:
            added.append(Breakpoint(up, down, names[up], names[down]))

    def by_place(point: Breakpoint) -> tuple[int, str, int, str]:
        """Upstream end by tier then name, then the downstream end the same way."""
        return (
            tiers[point.upstream_id].rank,
            point.upstream,
            tiers[point.downstream_id].rank,
            point.downstream,
        )

    present = sum(1 for s in state.analysis.segments if s.status is not SegmentStatus.MISSING)
    present += sum(
        (n.status is not SegmentStatus.MISSING) - (old[sid].status is not SegmentStatus.MISSING)
        for sid, n in new.items()
    )
    changes = [
        SimulatedStatusChange(sid, n.name, n.tier, old[sid].status, n.status)
        for sid, n in new.items()
        if n.status is not old[sid].status
    ]
    return ScenarioResult(
        steps=tuple(steps),
        before=state.analysis,
        completeness_after=percentage(present, len(old)),
        segments=tuple(sorted(changes, key=segment_order)),
        breakpoints_added=tuple(sorted(added, key=by_place)),
        breakpoints_removed=tuple(sorted(removed, key=by_place)),
        chokepoints_added=tuple(
            sorted(
                (n for sid, n in new.items() if n.chokepoint and not old[sid].chokepoint),
                key=segment_order,
            )
        ),
        chokepoints_removed=tuple(
            sorted(
                (old[sid] for sid, n in new.items() if old[sid].chokepoint and not n.chokepoint),
                key=segment_order,
            )
        ),
        revenue_at_risk=revenue_at_risk(state, steps),
        state=state,
        counts=counts,
    )


def scenario_to_json(result: ScenarioResult) -> dict[str, object]:
    """The ``whatif --json`` document, keys in the documented order."""
    return {
        "chain": result.chain,
        "scenario": [
            {"remove_firm": step.firm}
            if isinstance(step, RemoveFirm)
            else {"land_target": step.firm}
            for step in result.steps
        ],
        "completeness": {"from": result.before.completeness, "to": result.completeness_after},
        "segments": [
            {"segment": change.name, "from": str(change.before), "to": str(change.after)}
            for change in result.segments
        ],
        "breakpoints": {
            "added": [[bp.upstream, bp.downstream] for bp in result.breakpoints_added],
            "removed": [[bp.upstream, bp.downstream] for bp in result.breakpoints_removed],
        },
        "chokepoints": {
            "added": [segment.name for segment in result.chokepoints_added],
            "removed": [segment.name for segment in result.chokepoints_removed],
        },
        "revenue_at_risk": result.revenue_at_risk,
    }
