"""What-if scenarios on one chain: firms leave, targets land, and what that does to the gaps.

A scenario edits the chain's firm memberships (never its segments or links), rebuilds the
graph from the edited memberships and runs the ordinary gap analysis on it, so a scenario's
figures are by construction the figures the chain would show if the edit were made. Nothing
here is saved; the service that loads the chain decides which stored firm a name means.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from chainchief.domain.analysis import (
    Breakpoint,
    ChainAnalysis,
    SegmentAnalysis,
    analyse_chain,
)
from chainchief.domain.enums import Role, SegmentStatus, Stage, Tier
from chainchief.domain.graph import ChainGraph


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
class ChainState:
    """A chain's graph with the memberships its local-firm counts and roles come from."""

    graph: ChainGraph
    stakes: tuple[Stake, ...]


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
class StatusChange:
    segment_id: int
    name: str
    tier: Tier
    before: SegmentStatus
    after: SegmentStatus


@dataclass(frozen=True)
class ScenarioResult:
    """Before and after analyses and their differences, lists by tier then name (code point)."""

    steps: tuple[Step, ...]
    before: ChainAnalysis
    after: ChainAnalysis
    segments: tuple[StatusChange, ...]
    breakpoints_added: tuple[Breakpoint, ...]
    breakpoints_removed: tuple[Breakpoint, ...]
    chokepoints_added: tuple[SegmentAnalysis, ...]
    chokepoints_removed: tuple[SegmentAnalysis, ...]
    revenue_at_risk: float | None

    @property
    def chain(self) -> str:
        return self.before.chain


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


def apply_steps(state: ChainState, steps: Sequence[Step]) -> ChainState:
    """The chain after the steps, taken in order; a new firm landing twice is one firm."""
    stakes = list(state.stakes)
    new_ids: dict[str, int] = {}
    lowest = min((stake.firm_id for stake in stakes), default=0)
    for step in steps:
        if isinstance(step, RemoveFirm):
            stakes = [stake for stake in stakes if stake.firm_id != step.firm_id]
            continue
        if step.firm_id is None:
            if step.firm not in new_ids:
                lowest = min(lowest, 0) - 1
                new_ids[step.firm] = lowest
            firm_id = new_ids[step.firm]
        else:
            firm_id = step.firm_id
        revenue = next((s.revenue for s in stakes if s.firm_id == firm_id), None)
        stakes = [
            replace(stake, in_zone=True) if stake.firm_id == firm_id else stake for stake in stakes
        ]
        if not any(s.firm_id == firm_id and s.segment_id == step.segment_id for s in stakes):
            stakes.append(
                Stake(
                    firm_id=firm_id,
                    firm=step.firm,
                    segment_id=step.segment_id,
                    role=Role.SUPPORTING,
                    in_zone=True,
                    revenue=revenue,
                )
            )
    return ChainState(graph=state.graph, stakes=tuple(stakes))


def revenue_at_risk(state: ChainState, steps: Iterable[Step]) -> float | None:
    """In-zone revenue (万元) of the firms removed; None when one of them has none recorded."""
    removed = {step.firm_id for step in steps if isinstance(step, RemoveFirm)}
    revenues: dict[int, float | None] = {
        stake.firm_id: stake.revenue
        for stake in state.stakes
        if stake.firm_id in removed and stake.in_zone
    }
    if any(revenue is None for revenue in revenues.values()):
        return None
    total = sum((Decimal(str(revenue)) for revenue in revenues.values()), Decimal(0))
    return float(total)


def segment_order(segment: SegmentAnalysis | StatusChange) -> tuple[int, str, int]:
    """Tier, then name (code point); the id only keeps the order total."""
    return (segment.tier.rank, segment.name, segment.segment_id)


def compare(
    before: ChainAnalysis, after: ChainAnalysis, tiers: dict[int, Tier]
) -> tuple[
    tuple[StatusChange, ...],
    tuple[Breakpoint, ...],
    tuple[Breakpoint, ...],
    tuple[SegmentAnalysis, ...],
    tuple[SegmentAnalysis, ...],
]:
    """Status changes, breakpoints added/removed, chokepoints added/removed."""
    old = {segment.segment_id: segment for segment in before.segments}
    changes = sorted(
        (
            StatusChange(
                segment.segment_id,
                segment.name,
                segment.tier,
                old[segment.segment_id].status,
                segment.status,
            )
            for segment in after.segments
            if old[segment.segment_id].status is not segment.status
        ),
        key=segment_order,
    )
    old_points, new_points = set(before.breakpoints), set(after.breakpoints)

    def by_place(point: Breakpoint) -> tuple[int, str, int, str]:
        """Upstream end by tier then name, then the downstream end the same way."""
        return (
            tiers[point.upstream_id].rank,
            point.upstream,
            tiers[point.downstream_id].rank,
            point.downstream,
        )

    old_chokes = {segment.segment_id for segment in before.chokepoints}
    new_chokes = {segment.segment_id for segment in after.chokepoints}
    return (
        tuple(changes),
        tuple(sorted(new_points - old_points, key=by_place)),
        tuple(sorted(old_points - new_points, key=by_place)),
        tuple(
            sorted(
                (s for s in after.chokepoints if s.segment_id not in old_chokes),
                key=segment_order,
            )
        ),
        tuple(
            sorted(
                (s for s in before.chokepoints if s.segment_id not in new_chokes),
                key=segment_order,
            )
        ),
    )


def run_scenario(
    state: ChainState, steps: Sequence[Step], before: ChainAnalysis | None = None
) -> ScenarioResult:
    """The scenario's result; ``before`` may pass the chain's analysis when already at hand."""
    if before is None:
        before = analyse_chain(graph_with_stakes(state.graph, state.stakes))
    edited = apply_steps(state, steps)
    after = analyse_chain(graph_with_stakes(edited.graph, edited.stakes))
    changes, added, removed, chokes_added, chokes_removed = compare(
        before, after, state.graph.tiers
    )
    return ScenarioResult(
        steps=tuple(steps),
        before=before,
        after=after,
        segments=changes,
        breakpoints_added=added,
        breakpoints_removed=removed,
        chokepoints_added=chokes_added,
        chokepoints_removed=chokes_removed,
        revenue_at_risk=revenue_at_risk(state, steps),
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
        "completeness": {"from": result.before.completeness, "to": result.after.completeness},
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
