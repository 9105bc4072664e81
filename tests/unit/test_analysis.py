"""Gap analysis, definition by definition (DESIGN.md §1), on small hand-made chains."""

from __future__ import annotations

import json

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chainchief.domain.analysis import (
    ChainAnalysis,
    analyse_chain,
    chain_analysis_to_json,
    critical_segments,
    dominator_tree,
    gaps_to_json,
    percentage,
    summarise_city,
    topological_order,
)
from chainchief.domain.enums import Role, SegmentStatus, Stage, Tier
from chainchief.domain.errors import RuleViolation
from chainchief.domain.graph import ChainGraph, LinkEdge, SegmentNode, TargetRef

UP, MID, DOWN = Tier.UPSTREAM, Tier.MIDSTREAM, Tier.DOWNSTREAM
MISSING, WEAK, STRONG = SegmentStatus.MISSING, SegmentStatus.WEAK, SegmentStatus.STRONG


def chain(
    names: str,
    links: str = "",
    *,
    firms: dict[str, int] | None = None,
    minimum: int = 2,
    name: str = "测试链",
    **extra: dict[str, object],
) -> ChainGraph:
    """Segments named by single letters (tier by position: thirds), links like "AB BC"."""
    firms = firms or {}
    count = len(names)
    segments = tuple(
        SegmentNode(
            id=index + 1,
            name=letter,
            tier=list(Tier)[min(2, index * 3 // count)],
            local_firms=firms.get(letter, 1),
            **{key: value[letter] for key, value in extra.items() if letter in value},
        )
        for index, letter in enumerate(names)
    )
    ids = {letter: index + 1 for index, letter in enumerate(names)}
    edges = tuple(LinkEdge(ids[pair[0]], ids[pair[1]]) for pair in links.split())
    return ChainGraph(1, name, minimum, segments, edges)


def critical_names(graph: ChainGraph) -> set[str]:
    return {graph.names[node] for node in critical_segments(graph)}


@pytest.mark.parametrize(
    ("names", "links", "expected"),
    [
        pytest.param("ABCD", "AB AC BD CD", set(), id="diamond"),
        pytest.param("ABCDE", "AB AC BD CD DE", {"D"}, id="diamond-with-tail"),
        pytest.param("ABC", "AB BC", {"B"}, id="path"),
        pytest.param("ABCD", "AC BC CD", {"C"}, id="two-sources-one-sink"),
        pytest.param("ABCXY", "AB BC XY", {"B"}, id="sink-unreachable-from-a-source"),
        pytest.param("AMZW", "AM MZ AW", {"M"}, id="one-of-two-sinks"),
        pytest.param("ABCDI", "AB BC CD", {"B", "C"}, id="disconnected-isolated"),
        pytest.param("AB", "AB", set(), id="source-and-sink-only"),
        pytest.param("A", "", set(), id="single-segment"),
        pytest.param("ABCD", "AB BD AC CD AD", set(), id="bypass-link"),
        pytest.param("ABCDE", "AB BC CE AD DE BE", set(), id="no-single-gate"),
        pytest.param("SABCT", "SA SB AC BC CT", {"C"}, id="merge-before-sink"),
    ],
)
def test_critical_segments(names: str, links: str, expected: set[str]) -> None:
    assert critical_names(chain(names, links)) == expected


def test_key_flag_plays_no_part_in_criticality() -> None:
    plain = chain("ABC", "AB BC")
    flagged = chain("ABC", "AB BC", key={"A": True, "C": True})
    assert critical_names(flagged) == critical_names(plain) == {"B"}


@pytest.mark.parametrize(
    ("local_firms", "minimum", "status"),
    [(0, 2, MISSING), (1, 2, WEAK), (2, 2, STRONG), (0, 3, MISSING), (1, 3, WEAK), (2, 3, WEAK),
     (3, 3, STRONG), (1, 1, STRONG), (40, 3, STRONG)],
)  # fmt: skip
def test_status_by_local_firms(local_firms: int, minimum: int, status: SegmentStatus) -> None:
    analysis = analyse_chain(chain("A", firms={"A": local_firms}, minimum=minimum))
    assert analysis.segments[0].status is status


def test_segment_whose_firms_are_all_outside_the_zone_is_missing() -> None:
    # Firms in the city or outside do not count: the graph carries only in-zone firms.
    analysis = analyse_chain(chain("AB", "AB", firms={"A": 0, "B": 5}))
    assert [s.status for s in analysis.segments] == [MISSING, STRONG]


def test_chokepoint_is_a_critical_segment_that_is_not_strong() -> None:
    graph = chain("ABCDE", "AB BC CD DE", firms={"A": 2, "B": 0, "C": 1, "D": 2, "E": 2})
    analysis = analyse_chain(graph)
    by_name = {s.name: s for s in analysis.segments}
    assert {n for n, s in by_name.items() if s.critical} == {"B", "C", "D"}
    assert {n for n, s in by_name.items() if s.chokepoint} == {"B", "C"}
    assert [s.name for s in analysis.chokepoints] == ["B", "C"]


@pytest.mark.parametrize(
    ("firms", "links", "expected"),
    [
        ({"A": 0, "B": 1}, "AB", [("A", "B")]),
        ({"A": 0, "B": 0}, "AB", []),
        ({"A": 1, "B": 1}, "AB", []),
        ({"A": 0, "B": 3, "C": 0, "D": 1}, "AD CD AB BD", [("A", "B"), ("A", "D"), ("C", "D")]),
    ],
)
def test_breakpoints(firms: dict[str, int], links: str, expected: list[tuple[str, str]]) -> None:
    analysis = analyse_chain(chain("ABCD"[: len(firms)], links, firms=firms))
    assert [(b.upstream, b.downstream) for b in analysis.breakpoints] == expected


@pytest.mark.parametrize(
    ("part", "whole", "expected"),
    [(1, 16, 6.3), (1, 8, 12.5), (2, 3, 66.7), (1, 3, 33.3), (0, 5, 0.0), (5, 5, 100.0),
     (0, 0, 0.0), (3, 16, 18.8), (1, 40, 2.5), (3, 400, 0.8)],
)  # fmt: skip
def test_percentage_rounds_half_up(part: int, whole: int, expected: float) -> None:
    assert percentage(part, whole) == expected


def test_completeness_one_in_sixteen_is_6_3() -> None:
    names = "ABCDEFGHIJKLMNOP"
    analysis = analyse_chain(chain(names, firms={n: 0 for n in names[1:]}))
    assert analysis.completeness == 6.3


def test_chain_without_segments_gives_zero() -> None:
    analysis = analyse_chain(ChainGraph(1, "空链", 2, ()))
    assert (analysis.completeness, analysis.leading_coverage) == (0.0, 0.0)
    assert analysis.segments == () and analysis.breakpoints == ()


def test_leading_coverage_counts_local_leading_or_core_roles() -> None:
    roles = {"A": frozenset({Role.LEADING}), "B": frozenset({Role.CORE, Role.SUPPORTING}),
             "C": frozenset({Role.SUPPORTING})}  # fmt: skip
    analysis = analyse_chain(chain("ABCD", roles=roles))
    assert analysis.leading_coverage == 50.0
    assert [s.has_leading for s in analysis.segments] == [True, True, False, False]


TARGETS = (
    TargetRef("乙公司", Stage.RESERVE),
    TargetRef("甲公司", Stage.DROPPED),
    TargetRef("丙公司", Stage.LANDED),
    TargetRef("Beta", Stage.CONTACT),
    TargetRef("alpha", Stage.CONTACT),
    TargetRef("丁公司", Stage.SIGNED),
    TargetRef("戊公司", Stage.NEGOTIATING),
)


@pytest.mark.parametrize(("local_firms", "expected_count"), [(0, 6), (1, 6), (2, 0)])
def test_fill_candidates_only_for_missing_or_weak(local_firms: int, expected_count: int) -> None:
    graph = chain("A", firms={"A": local_firms}, targets={"A": TARGETS})
    assert len(analyse_chain(graph).segments[0].fill_candidates) == expected_count


def test_fill_candidates_skip_dropped_and_order_by_stage_then_firm_code_point() -> None:
    graph = chain("A", firms={"A": 0}, targets={"A": TARGETS})
    candidates = analyse_chain(graph).segments[0].fill_candidates
    assert [(t.firm, t.stage) for t in candidates] == [
        ("丙公司", Stage.LANDED),
        ("丁公司", Stage.SIGNED),
        ("戊公司", Stage.NEGOTIATING),
        ("Beta", Stage.CONTACT),
        ("alpha", Stage.CONTACT),
        ("乙公司", Stage.RESERVE),
    ]


def test_segments_sorted_by_tier_then_name_code_point() -> None:
    segments = (
        SegmentNode(1, "整车", DOWN),
        SegmentNode(2, "锂矿", UP),
        SegmentNode(3, "Zinc", UP),
        SegmentNode(4, "电芯", MID),
        SegmentNode(5, "正极", UP),
    )
    analysis = analyse_chain(ChainGraph(1, "新能源汽车", 2, segments))
    assert [s.name for s in analysis.segments] == ["Zinc", "正极", "锂矿", "电芯", "整车"]


def test_cyclic_graph_is_refused() -> None:
    with pytest.raises(RuleViolation):
        analyse_chain(chain("AB", "AB BA"))


def sample_analysis() -> ChainAnalysis:
    graph = chain(
        "ABC",
        "AB BC",
        firms={"A": 0, "B": 1, "C": 3},
        name="新能源汽车",
        key={"B": True},
        targets={"A": (TargetRef("丙公司", Stage.LANDED, "王伟"),)},
    )
    return analyse_chain(graph)


def test_chain_json_has_the_documented_keys_in_order() -> None:
    document = chain_analysis_to_json(sample_analysis())
    assert document == {
        "chain": "新能源汽车",
        "completeness": 66.7,
        "leading_coverage": 0.0,
        "segments": [
            {"segment": "A", "tier": "upstream", "key": False, "local_firms": 0,
             "status": "missing", "critical": False, "chokepoint": False,
             "fill_candidates": [{"firm": "丙公司", "stage": "landed"}]},
            {"segment": "B", "tier": "midstream", "key": True, "local_firms": 1,
             "status": "weak", "critical": True, "chokepoint": True, "fill_candidates": []},
            {"segment": "C", "tier": "downstream", "key": False, "local_firms": 3,
             "status": "strong", "critical": False, "chokepoint": False, "fill_candidates": []},
        ],
        "breakpoints": [{"upstream": "A", "downstream": "B"}],
    }  # fmt: skip
    assert list(document) == ["chain", "completeness", "leading_coverage", "segments",
                              "breakpoints"]  # fmt: skip
    assert list(document["segments"][0]) == [  # type: ignore[index]
        "segment", "tier", "key", "local_firms", "status", "critical", "chokepoint",
        "fill_candidates",
    ]  # fmt: skip
    json.dumps(document, ensure_ascii=False)


def test_gaps_json_orders_chains_by_name() -> None:
    first = analyse_chain(chain("A", name="集成电路"))
    second = analyse_chain(chain("A", name="新能源汽车"))
    document = gaps_to_json([first, second])
    assert [c["chain"] for c in document["chains"]] == ["新能源汽车", "集成电路"]  # type: ignore[attr-defined]


def test_summarise_city_counts_per_chain_in_name_order() -> None:
    other = analyse_chain(chain("AB", "AB", firms={"A": 0, "B": 0}, name="集成电路"))
    summaries = summarise_city([other, sample_analysis()])
    assert [s.chain for s in summaries] == ["新能源汽车", "集成电路"]
    first = summaries[0]
    assert (first.segments, first.missing, first.weak, first.strong) == (3, 1, 1, 1)
    assert (first.critical, first.chokepoints, first.breakpoints) == (1, 1, 1)
    assert (first.completeness, first.leading_coverage) == (66.7, 0.0)
    assert (summaries[1].missing, summaries[1].completeness) == (2, 0.0)


def brute_force_critical(size: int, edges: set[tuple[int, int]]) -> set[int]:
    """The definition read literally: remove S and see whether Z is still reachable from A."""
    graph = nx.DiGraph()
    graph.add_nodes_from(range(size))
    graph.add_edges_from(edges)
    sources = [n for n in graph if graph.in_degree(n) == 0]
    sinks = [n for n in graph if graph.out_degree(n) == 0]
    found = set()
    for a in sources:
        reachable = nx.descendants(graph, a)
        for z in sinks:
            if z not in reachable:
                continue
            for s in range(size):
                if s in (a, z) or s in found:
                    continue
                without = graph.subgraph(n for n in graph if n != s)
                if not nx.has_path(without, a, z):
                    found.add(s)
    return found


random_dags = st.integers(1, 30).flatmap(
    lambda size: st.tuples(
        st.just(size),
        st.sets(
            st.tuples(st.integers(0, size - 1), st.integers(0, size - 1)).filter(
                lambda e: e[0] < e[1]
            ),
            max_size=size * 2,
        ),
    )
)


def dag_graph(size: int, edges: set[tuple[int, int]]) -> ChainGraph:
    segments = tuple(SegmentNode(i, f"S{i:02d}", list(Tier)[i * 3 // size]) for i in range(size))
    return ChainGraph(1, "随机", 2, segments, tuple(LinkEdge(u, v) for u, v in sorted(edges)))


@settings(max_examples=300, deadline=None)
@given(random_dags)
def test_dominance_agrees_with_brute_force(dag: tuple[int, set[tuple[int, int]]]) -> None:
    size, edges = dag
    assert critical_segments(dag_graph(size, edges)) == brute_force_critical(size, edges)


@settings(max_examples=200, deadline=None)
@given(random_dags)
def test_dominator_tree_agrees_with_networkx(dag: tuple[int, set[tuple[int, int]]]) -> None:
    size, edges = dag
    graph = dag_graph(size, edges)
    reference = nx.DiGraph()
    reference.add_nodes_from(range(size))
    reference.add_edges_from(edges)
    rank = {node: index for index, node in enumerate(topological_order(graph))}
    for source in (n for n in range(size) if not graph.predecessors[n]):
        expected = nx.immediate_dominators(reference, source)
        expected[source] = source
        tree = dominator_tree(source, graph.successors, graph.predecessors, rank)
        assert tree == expected
