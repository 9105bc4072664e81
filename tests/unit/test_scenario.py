"""What-if scenarios: a scenario's figures are those of the edited chain analysed from scratch."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chainchief.domain.analysis import analyse_chain
from chainchief.domain.enums import Role, SegmentStatus, Tier
from chainchief.domain.graph import ChainGraph, LinkEdge, SegmentNode
from chainchief.domain.scenario import (
    LandTarget,
    RemoveFirm,
    ScenarioChain,
    Stake,
    Step,
    graph_with_stakes,
    run_scenario,
    scenario_to_json,
)

UP, MID, DOWN = Tier.UPSTREAM, Tier.MIDSTREAM, Tier.DOWNSTREAM


@dataclass(frozen=True)
class FirmRow:
    id: int
    name: str
    in_zone: bool
    revenue: float | None


def state_of(
    graph: ChainGraph, firms: list[FirmRow], memberships: list[tuple[int, int, Role]]
) -> ScenarioChain:
    by_id = {firm.id: firm for firm in firms}
    stakes = tuple(
        Stake(
            firm_id=firm_id,
            firm=by_id[firm_id].name,
            segment_id=segment_id,
            role=role,
            in_zone=by_id[firm_id].in_zone,
            revenue=by_id[firm_id].revenue,
        )
        for firm_id, segment_id, role in memberships
    )
    return ScenarioChain(graph=graph, stakes=stakes)


def line_chain() -> tuple[ChainGraph, list[FirmRow], list[tuple[int, int, Role]]]:
    """矿 → 材料 → 电芯 → 整车, with 材料 held by one leading firm and 矿 missing."""
    graph = ChainGraph(
        1,
        "电池",
        2,
        (
            SegmentNode(1, "矿", UP),
            SegmentNode(2, "材料", UP),
            SegmentNode(3, "电芯", MID),
            SegmentNode(4, "整车", DOWN),
        ),
        (LinkEdge(1, 2), LinkEdge(2, 3), LinkEdge(3, 4)),
    )
    firms = [
        FirmRow(10, "甲材料", True, 5000.0),
        FirmRow(11, "乙电芯", True, None),
        FirmRow(12, "丙电芯", True, 800.0),
        FirmRow(13, "丁整车", True, 12000.5),
        FirmRow(14, "戊整车", True, 300.0),
        FirmRow(15, "外地矿业", False, None),
    ]
    memberships = [
        (10, 2, Role.LEADING),
        (11, 3, Role.CORE),
        (12, 3, Role.SUPPORTING),
        (13, 4, Role.LEADING),
        (14, 4, Role.SUPPORTING),
        (15, 1, Role.SUPPORTING),
    ]
    return graph, firms, memberships


def test_a_leading_firm_leaving_opens_a_breakpoint_and_a_chokepoint() -> None:
    graph, firms, memberships = line_chain()
    result = run_scenario(state_of(graph, firms, memberships), [RemoveFirm(10, "甲材料")])
    document = scenario_to_json(result)
    assert document == {
        "chain": "电池",
        "scenario": [{"remove_firm": "甲材料"}],
        "completeness": {"from": 75.0, "to": 50.0},
        "segments": [{"segment": "材料", "from": "weak", "to": "missing"}],
        "breakpoints": {"added": [["材料", "电芯"]], "removed": [["矿", "材料"]]},
        "chokepoints": {"added": [], "removed": []},
        "revenue_at_risk": 5000.0,
    }


def test_revenue_at_risk_is_null_when_a_removed_local_firm_has_no_revenue() -> None:
    graph, firms, memberships = line_chain()
    state = state_of(graph, firms, memberships)
    result = run_scenario(state, [RemoveFirm(12, "丙电芯"), RemoveFirm(11, "乙电芯")])
    assert result.revenue_at_risk is None
    assert [(c.name, c.before, c.after) for c in result.segments] == [
        ("电芯", SegmentStatus.STRONG, SegmentStatus.MISSING)
    ]
    assert [s.name for s in result.chokepoints_added] == ["电芯"]
    both = run_scenario(state, [RemoveFirm(13, "丁整车"), RemoveFirm(12, "丙电芯")])
    assert both.revenue_at_risk == 12800.5


def test_a_firm_outside_the_zone_puts_no_revenue_at_risk() -> None:
    graph, firms, memberships = line_chain()
    result = run_scenario(state_of(graph, firms, memberships), [RemoveFirm(15, "外地矿业")])
    assert result.revenue_at_risk == 0.0
    assert result.segments == ()


def test_a_landed_target_is_a_local_supporting_firm_and_an_outside_firm_moves_in() -> None:
    graph, firms, memberships = line_chain()
    state = state_of(graph, firms, memberships)
    new = run_scenario(state, [LandTarget("新矿业", 1)])
    assert [(c.name, c.after) for c in new.segments] == [("矿", SegmentStatus.WEAK)]
    assert [(bp.upstream, bp.downstream) for bp in new.breakpoints_removed] == [("矿", "材料")]
    assert new.after.completeness == 100.0
    assert new.revenue_at_risk == 0.0
    moved = run_scenario(state, [LandTarget("外地矿业", 1, firm_id=15)])
    assert moved.after.segment(1).local_firms == 1
    twice = run_scenario(state, [LandTarget("新矿业", 1), LandTarget("新矿业", 2)])
    assert twice.after.segment(2).local_firms == 2
    assert twice.after.segment(2).status is SegmentStatus.STRONG


def test_results_are_sorted_by_tier_then_name() -> None:
    graph = ChainGraph(
        1,
        "链",
        1,
        (
            SegmentNode(1, "乙", DOWN),
            SegmentNode(2, "甲", DOWN),
            SegmentNode(3, "丙", UP),
            SegmentNode(4, "B", MID),
            SegmentNode(5, "A", MID),
        ),
        (LinkEdge(3, 4), LinkEdge(3, 5), LinkEdge(4, 1), LinkEdge(5, 2)),
    )
    firms = [FirmRow(1, "全能", True, 1.0)]
    memberships = [(1, segment, Role.LEADING) for segment in (1, 2, 3, 4, 5)]
    result = run_scenario(state_of(graph, firms, memberships), [RemoveFirm(1, "全能")])
    assert [c.name for c in result.segments] == ["丙", "A", "B", "乙", "甲"]
    assert [s.name for s in result.chokepoints_added] == ["A", "B"]


# Property: the scenario equals a full re-analysis of the chain edited row by row.

FIRM_NAMES = ["甲", "乙", "丙", "丁", "戊", "己"]
TARGET_NAMES = ["甲", "乙", "新一", "新二"]


@st.composite
def chains_with_firms(draw: st.DrawFn) -> tuple[ChainGraph, list[FirmRow], list, list]:
    size = draw(st.integers(1, 9))
    tiers = sorted(draw(st.lists(st.sampled_from(list(Tier)), min_size=size, max_size=size)))
    tiers.sort(key=lambda tier: tier.rank)
    segments = tuple(SegmentNode(i + 1, f"S{i}", tiers[i]) for i in range(size))
    pairs = [(a, b) for a in range(1, size + 1) for b in range(a + 1, size + 1)]
    links = draw(st.lists(st.sampled_from(pairs), unique=True)) if pairs else []
    graph = ChainGraph(
        1,
        "链",
        draw(st.integers(1, 3)),
        segments,
        tuple(LinkEdge(a, b) for a, b in links),
    )
    firms = [
        FirmRow(
            index + 1,
            name,
            draw(st.booleans()),
            draw(st.none() | st.floats(0, 1e6, allow_nan=False).map(lambda v: round(v, 2))),
        )
        for index, name in enumerate(FIRM_NAMES[: draw(st.integers(0, len(FIRM_NAMES)))])
    ]
    cells = [(firm.id, segment.id) for firm in firms for segment in segments]
    chosen = draw(st.lists(st.sampled_from(cells), unique=True)) if cells else []
    memberships = [(f, s, draw(st.sampled_from(list(Role)))) for f, s in chosen]
    targets = draw(
        st.lists(st.tuples(st.sampled_from(TARGET_NAMES), st.integers(1, size)), max_size=5)
    )
    return graph, firms, memberships, targets


def reference_after(
    graph: ChainGraph,
    firms: list[FirmRow],
    memberships: list[tuple[int, int, Role]],
    steps: list[Step],
) -> ChainGraph:
    """The chain edited the way a user would edit the rows, counted from scratch."""
    location = {firm.id: firm.in_zone for firm in firms}
    held: dict[object, dict[int, Role]] = {}
    for firm_id, segment_id, role in memberships:
        held.setdefault(firm_id, {})[segment_id] = role
    for step in steps:
        if isinstance(step, RemoveFirm):
            held.pop(step.firm_id, None)
        else:
            key: object = step.firm_id if step.firm_id is not None else ("new", step.firm)
            location[key] = True
            held.setdefault(key, {}).setdefault(step.segment_id, Role.SUPPORTING)
    segments = []
    for segment in graph.segments:
        local = [key for key, roles in held.items() if location[key] and segment.id in roles]
        segments.append(
            SegmentNode(
                segment.id,
                segment.name,
                segment.tier,
                local_firms=len(local),
                roles=frozenset(held[key][segment.id] for key in local),
            )
        )
    return ChainGraph(1, graph.name, graph.min_local_firms, tuple(segments), graph.links)


@settings(max_examples=300, deadline=None)
@given(chains_with_firms(), st.data())
def test_scenario_equals_a_full_reanalysis_of_the_edited_chain(chain, data) -> None:
    graph, firms, memberships, targets = chain
    by_name = {firm.name: firm.id for firm in firms}
    in_chain = sorted({firm_id for firm_id, _segment, _role in memberships})
    options = [st.builds(RemoveFirm, st.sampled_from(in_chain), st.just("x"))] if in_chain else []
    if targets:
        options.append(
            st.sampled_from(targets).map(
                lambda t: LandTarget(t[0], t[1], firm_id=by_name.get(t[0]))
            )
        )
    steps = data.draw(st.lists(st.one_of(options), max_size=4)) if options else []
    state = state_of(graph, firms, memberships)
    before_graph = reference_after(graph, firms, memberships, [])
    assert graph_with_stakes(graph, state.stakes) == before_graph

    result = run_scenario(state, steps)

    edited = reference_after(graph, firms, memberships, steps)
    assert result.edited == edited
    before = analyse_chain(before_graph)
    after = analyse_chain(edited)
    assert result.before == before
    assert result.after == after
    assert result.completeness_after == after.completeness
    old = {s.name: s for s in before.segments}
    changed = [(s.name, old[s.name].status, s.status) for s in after.segments]
    assert sorted(
        ((c.name, c.before, c.after) for c in result.segments),
        key=lambda c: (graph.by_name[c[0]].tier.rank, c[0]),
    ) == [change for change in changed if change[1] is not change[2]]
    pairs = lambda analysis: {(b.upstream, b.downstream) for b in analysis.breakpoints}  # noqa: E731
    chokes = lambda analysis: {s.name for s in analysis.chokepoints}  # noqa: E731
    assert {(b.upstream, b.downstream) for b in result.breakpoints_added} == pairs(after) - pairs(
        before
    )
    assert {(b.upstream, b.downstream) for b in result.breakpoints_removed} == pairs(
        before
    ) - pairs(after)
    assert {s.name for s in result.chokepoints_added} == chokes(after) - chokes(before)
    assert {s.name for s in result.chokepoints_removed} == chokes(before) - chokes(after)
    removed = {step.firm_id for step in steps if isinstance(step, RemoveFirm)}
    local_removed = [firm for firm in firms if firm.id in removed and firm.in_zone]
    if any(firm.revenue is None for firm in local_removed):
        assert result.revenue_at_risk is None
    else:
        expected = sum(firm.revenue or 0.0 for firm in local_removed)
        assert result.revenue_at_risk is not None
        assert abs(result.revenue_at_risk - expected) < 1e-6
    tier_rank = {segment.name: segment.tier.rank for segment in graph.segments}
    for listed in (result.chokepoints_added, result.chokepoints_removed):
        keys = [(s.tier.rank, s.name) for s in listed]
        assert keys == sorted(keys)
    for points in (result.breakpoints_added, result.breakpoints_removed):
        keys = [(tier_rank[b.upstream], b.upstream, tier_rank[b.downstream]) for b in points]
        assert keys == sorted(keys)


@settings(max_examples=300, deadline=None)
@given(chains_with_firms(), st.data())
def test_a_partial_state_lands_targets_as_the_whole_chain_does(chain, data) -> None:
    """Ranking holds only the named firms' stakes over a graph that counts them all."""
    graph, firms, memberships, targets = chain
    by_name = {firm.name: firm.id for firm in firms}
    landings = [LandTarget(name, segment, firm_id=by_name.get(name)) for name, segment in targets]
    steps = data.draw(st.lists(st.sampled_from(landings), max_size=3)) if landings else []
    whole = state_of(graph, firms, memberships)
    named = {step.firm_id for step in steps}
    partial = ScenarioChain(
        graph=reference_after(graph, firms, memberships, []),
        stakes=tuple(stake for stake in whole.stakes if stake.firm_id in named),
        partial=True,
    )

    expected, found = run_scenario(whole, steps), run_scenario(partial, steps)

    assert found.edited == expected.edited
    assert found.segments == expected.segments
    assert found.breakpoints_removed == expected.breakpoints_removed
    assert found.completeness_after == expected.completeness_after


def test_a_partial_state_refuses_a_departure_it_cannot_count() -> None:
    graph, firms, memberships = line_chain()
    whole = state_of(graph, firms, memberships)
    partial = ScenarioChain(
        graph=whole.current,
        stakes=tuple(stake for stake in whole.stakes if stake.firm_id == 10),
        partial=True,
    )
    with pytest.raises(ValueError, match="land targets only"):
        run_scenario(partial, [RemoveFirm(10, "甲材料")])
