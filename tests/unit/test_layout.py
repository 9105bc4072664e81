"""Map layout: lanes, columns, pins, determinism, no overlaps, and the crossing count."""

from __future__ import annotations

import itertools
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chainchief.domain.enums import Tier
from chainchief.domain.graph import ChainGraph, LinkEdge, SegmentNode
from chainchief.domain.layout import Layout, layout_chain
from chainchief.domain.layout_crossings import count_crossings

UP, MID, DOWN = Tier.UPSTREAM, Tier.MIDSTREAM, Tier.DOWNSTREAM
CARD = (160.0, 64.0)
STEP_X, STEP_Y = 160.0 + 80.0, 64.0 + 24.0


def make_graph(
    segments: list[tuple[int, str, Tier]],
    links: list[tuple[int, int]],
    pins: dict[int, tuple[float, float]] | None = None,
) -> ChainGraph:
    pins = pins or {}
    nodes = tuple(SegmentNode(i, name, tier, pinned=pins.get(i)) for i, name, tier in segments)
    return ChainGraph(1, "测试链", 2, nodes, tuple(LinkEdge(u, v) for u, v in links))


def brute_force_crossings(
    positions: dict[int, tuple[float, float]], card: tuple[float, float], links: list[LinkEdge]
) -> int:
    """Every pair of links, exact orientation tests: the definition read literally."""

    def centre(node: int) -> tuple[Fraction, Fraction]:
        x, y = positions[node]
        return Fraction(x) + Fraction(card[0]) / 2, Fraction(y) + Fraction(card[1]) / 2

    def orient(a: tuple[Fraction, ...], b: tuple[Fraction, ...], c: tuple[Fraction, ...]) -> int:
        value = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])
        return (value > 0) - (value < 0)

    total = 0
    for first, second in itertools.combinations(links, 2):
        p1, p2 = centre(first.upstream), centre(first.downstream)
        q1, q2 = centre(second.upstream), centre(second.downstream)
        straddles_first = orient(p1, p2, q1) * orient(p1, p2, q2) < 0
        straddles_second = orient(q1, q2, p1) * orient(q1, q2, p2) < 0
        if straddles_first and straddles_second:
            total += 1
    return total


def overlaps(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return abs(a[0] - b[0]) < CARD[0] and abs(a[1] - b[1]) < CARD[1]


@st.composite
def chains(draw: st.DrawFn, max_size: int = 14, pins: bool = False) -> ChainGraph:
    """Random chains: tiers non-decreasing with the index, so links i < j obey every rule."""
    size = draw(st.integers(1, max_size))
    drawn = draw(st.lists(st.sampled_from(list(Tier)), min_size=size, max_size=size))
    tiers = sorted(drawn, key=lambda tier: tier.rank)
    names = draw(st.permutations([f"环节{i:02d}" for i in range(size)]))
    pairs = [(i, j) for i in range(size) for j in range(i + 1, size)]
    links = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=size * 2)) if pairs else []
    pinned: dict[int, tuple[float, float]] = {}
    if pins:
        # Pins on a coarse grid far apart, so pinned cards never overlap one another.
        slots = draw(st.lists(st.integers(0, 11), unique=True, max_size=3))
        candidates = draw(st.lists(st.integers(0, size - 1), unique=True, max_size=len(slots)))
        pinned = {n: (slot % 4 * 300.0 + 15.5, slot // 4 * 150.0 + 7.0) for n, slot in
                  zip(candidates, slots, strict=False)}  # fmt: skip
    return make_graph([(i, names[i], tiers[i]) for i in range(size)], links, pinned)


def lane_of(layout: Layout, x: float) -> Tier:
    return next(tier for tier, (x0, x1) in layout.lanes.items() if x0 <= x and x + CARD[0] <= x1)


@settings(max_examples=120, deadline=None)
@given(chains())
def test_cards_stay_in_their_lane_and_links_point_right(graph: ChainGraph) -> None:
    layout = layout_chain(graph)
    spans = [layout.lanes[tier] for tier in Tier]
    assert all(a[1] < b[0] for a, b in itertools.pairwise(spans))
    for segment in graph.segments:
        assert lane_of(layout, layout.positions[segment.id][0]) is segment.tier
    for link in graph.links:
        assert layout.positions[link.upstream][0] < layout.positions[link.downstream][0]


def test_columns_follow_the_longest_path_inside_each_lane() -> None:
    graph = make_graph(
        [(1, "甲", UP), (2, "乙", UP), (3, "丙", UP), (4, "丁", MID), (5, "戊", DOWN)],
        [(1, 2), (2, 3), (1, 3), (1, 4), (4, 5)],
    )
    layout = layout_chain(graph)
    columns = {node: layout.positions[node][0] / STEP_X for node in range(1, 6)}
    assert columns == {1: 0, 2: 1, 3: 2, 4: 3, 5: 4}
    assert layout.lanes == {UP: (0, 2 * STEP_X + 160), MID: (3 * STEP_X, 3 * STEP_X + 160),
                            DOWN: (4 * STEP_X, 4 * STEP_X + 160)}  # fmt: skip


def test_an_empty_lane_still_takes_one_column() -> None:
    layout = layout_chain(make_graph([(1, "甲", UP), (2, "乙", DOWN)], [(1, 2)]))
    assert layout.positions[2][0] == 2 * STEP_X
    assert layout.lanes[MID] == (STEP_X, STEP_X + 160)


def test_card_size_and_gaps_are_parameters() -> None:
    graph = make_graph([(1, "甲", UP), (2, "乙", UP), (3, "丙", MID)], [(1, 3), (2, 3)])
    layout = layout_chain(graph, card_size=(100, 40), column_gap=50, row_gap=10)
    assert layout.card_size == (100, 40)
    assert layout.positions[3][0] == 150
    assert abs(layout.positions[1][1] - layout.positions[2][1]) >= 50


def test_empty_chain_has_no_cards() -> None:
    layout = layout_chain(ChainGraph(1, "空链", 2, ()))
    assert layout.positions == {} and layout.crossings == 0
    assert set(layout.lanes) == set(Tier)


def test_crossing_minimisation_beats_name_order_on_a_constructed_case() -> None:
    # Name order puts 甲 over 乙 and 丙 over 丁, so 甲→丁 and 乙→丙 cross; swapping removes it.
    graph = make_graph(
        [(1, "甲", UP), (2, "乙", UP), (3, "丙", MID), (4, "丁", MID)], [(1, 4), (2, 3)]
    )
    start = layout_chain(graph, optimise=False)
    assert start.crossings == 1
    assert layout_chain(graph).crossings == 0


def test_a_second_start_from_the_right_finds_what_the_first_misses() -> None:
    # The demo's 轨道交通: searched from the left only, the two links that skip 整车集成 stay
    # between its suppliers (2 crossings); dot draws it without any, and so must we.
    graph = make_graph(
        [(1, "车体材料", UP), (2, "基础零部件", UP), (3, "电子元器件与功率模块", UP),
         (4, "牵引传动系统", MID), (5, "制动系统", MID), (6, "转向架", MID), (7, "车体与内装", MID),
         (8, "列车网络控制系统", MID), (9, "信号与通信系统", MID), (10, "牵引供电系统", MID),
         (11, "整车集成", DOWN), (12, "运营维保服务", DOWN)],
        [(1, 7), (2, 6), (2, 5), (3, 4), (3, 8), (3, 9), (4, 11), (5, 11), (6, 11), (7, 11),
         (8, 11), (11, 12), (9, 12), (10, 12)],
    )  # fmt: skip
    assert layout_chain(graph).crossings == 0


@settings(max_examples=150, deadline=None)
@given(chains(max_size=20))
def test_never_more_crossings_than_the_name_order_start(graph: ChainGraph) -> None:
    assert layout_chain(graph).crossings <= layout_chain(graph, optimise=False).crossings


@settings(max_examples=100, deadline=None)
@given(chains(pins=True))
def test_pins_are_kept_exactly_and_no_cards_overlap(graph: ChainGraph) -> None:
    layout = layout_chain(graph)
    for segment in graph.segments:
        if segment.pinned is not None:
            assert layout.positions[segment.id] == segment.pinned
    for a, b in itertools.combinations(graph.segments, 2):
        assert not overlaps(layout.positions[a.id], layout.positions[b.id]), (a.name, b.name)


def test_free_cards_move_out_of_a_pinned_cards_way() -> None:
    graph = make_graph(
        [(1, "甲", UP), (2, "乙", UP), (3, "丙", MID)], [(1, 3), (2, 3)], pins={3: (0.0, 0.0)}
    )
    layout = layout_chain(graph)
    assert layout.positions[3] == (0.0, 0.0)
    for node in (1, 2):
        assert not overlaps(layout.positions[node], (0.0, 0.0))
    assert abs(layout.positions[1][1] - layout.positions[2][1]) >= STEP_Y


def test_a_pinned_card_widens_its_lane_and_pushes_the_next_lane_right() -> None:
    graph = make_graph([(1, "甲", UP), (2, "乙", MID)], [(1, 2)], pins={1: (500.0, 10.0)})
    layout = layout_chain(graph)
    assert layout.lanes[UP] == (0.0, 660.0)
    assert layout.lanes[MID][0] >= 660.0 + 80.0
    assert layout.positions[2][0] == layout.lanes[MID][0]


@settings(max_examples=60, deadline=None)
@given(chains(), st.randoms(use_true_random=False))
def test_layout_is_deterministic_whatever_the_input_order(graph: ChainGraph, rnd) -> None:  # type: ignore[no-untyped-def]
    segments, links = list(graph.segments), list(graph.links)
    rnd.shuffle(segments)
    rnd.shuffle(links)
    shuffled = ChainGraph(1, "测试链", 2, tuple(segments), tuple(links))
    first = layout_chain(graph)
    assert layout_chain(graph) == first
    assert layout_chain(shuffled) == first


@settings(max_examples=100, deadline=None)
@given(chains(pins=True))
def test_reported_crossings_are_the_geometric_count(graph: ChainGraph) -> None:
    layout = layout_chain(graph)
    assert layout.crossings == brute_force_crossings(layout.positions, CARD, list(graph.links))


coordinates = st.one_of(
    st.integers(0, 4).map(float),
    st.integers(0, 40).map(lambda v: v / 8),
    st.floats(0, 10, allow_nan=False, allow_infinity=False),
)


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.tuples(coordinates, coordinates), min_size=2, max_size=9),
    st.lists(st.tuples(st.integers(0, 8), st.integers(0, 8)), max_size=14),
)
def test_count_crossings_agrees_with_pairwise_geometry(
    points: list[tuple[float, float]], pairs: list[tuple[int, int]]
) -> None:
    positions = dict(enumerate(points))
    links = [LinkEdge(u, v) for u, v in pairs if u != v and u < len(points) and v < len(points)]
    card = (1.0, 1.0)
    assert count_crossings(positions, card, links) == brute_force_crossings(positions, card, links)


@pytest.mark.parametrize(
    ("points", "expected"),
    [
        pytest.param([(0, 0), (2, 2), (0, 2), (2, 0)], 1, id="x-on-a-grid-line"),
        pytest.param([(0, 0), (2, 0), (1, 0), (1, 2)], 0, id="touching-endpoint"),
        pytest.param([(0, 0), (2, 2), (1, 1), (3, 3)], 0, id="collinear-overlap"),
        pytest.param([(1, 0), (1, 2), (0, 1), (2, 1)], 1, id="vertical-link"),
        pytest.param([(0, 0), (4, 0), (1, 1), (3, -1)], 1, id="crossing-inside-a-slab"),
    ],
)
def test_count_crossings_degenerate_cases(points: list[tuple[float, float]], expected: int) -> None:
    positions = {i: (float(x), float(y)) for i, (x, y) in enumerate(points)}
    links = [(0, 1), (2, 3)]
    assert count_crossings(positions, (0.0, 0.0), links) == expected
