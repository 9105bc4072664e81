"""Link routes: between cards, never under one; ends spread on card sides; arrow-ready ends."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from chainchief.domain.enums import Tier
from chainchief.domain.graph import ChainGraph, LinkEdge, SegmentNode
from chainchief.domain.layout import Layout, layout_chain
from tests.route_support import route_problems, shared_ends

CARD = (160.0, 64.0)
COLUMN_GAP, ROW_GAP = 80.0, 24.0
UP, MID, DOWN = Tier.UPSTREAM, Tier.MIDSTREAM, Tier.DOWNSTREAM


def problems(layout: Layout, links: list[tuple[int, int]]) -> list[str]:
    width, height = layout.card_size
    cards = {card: (x, y, width, height) for card, (x, y) in layout.positions.items()}
    routes = {link: layout.routes[link] for link in links}
    return route_problems(cards, routes) + shared_ends(routes)


def gap_problems(layout: Layout) -> list[str]:
    width, height = layout.card_size
    found = []
    for (a, (ax, ay)), (b, (bx, by)) in itertools.combinations(layout.positions.items(), 2):
        apart_x = max(bx - (ax + width), ax - (bx + width))
        apart_y = max(by - (ay + height), ay - (by + height))
        if apart_x < COLUMN_GAP and apart_y < ROW_GAP:
            found.append(f"{a} and {b} closer than the minimum gap")
    return found


@st.composite
def big_chains(draw: st.DrawFn, max_size: int = 80, max_links: int = 250) -> ChainGraph:
    """Tiers non-decreasing with the index, so links i < j obey every rule."""
    size = draw(st.integers(1, max_size))
    tiers = sorted(
        draw(st.lists(st.sampled_from(list(Tier)), min_size=size, max_size=size)),
        key=lambda tier: tier.rank,
    )
    link_count = draw(st.integers(0, min(max_links, size * (size - 1) // 2)))
    pairs: set[tuple[int, int]] = set()
    if size > 1:
        starts = draw(st.lists(st.integers(0, size - 2), min_size=link_count,
                               max_size=link_count))  # fmt: skip
        for start in starts:
            pairs.add((start, draw(st.integers(start + 1, size - 1))))
    nodes = tuple(SegmentNode(i, f"环节{i:02d}", tiers[i]) for i in range(size))
    return ChainGraph(1, "测试链", 2, nodes, tuple(LinkEdge(u, v) for u, v in sorted(pairs)))


@settings(max_examples=40, deadline=None)
@given(big_chains())
def test_routes_pass_between_cards_and_cards_keep_their_gap(graph: ChainGraph) -> None:
    layout = layout_chain(graph, card_size=CARD, column_gap=COLUMN_GAP, row_gap=ROW_GAP)
    links = [(link.upstream, link.downstream) for link in graph.links]
    assert set(layout.routes) == set(links)
    assert problems(layout, links) == []
    assert gap_problems(layout) == []


def test_a_long_link_goes_round_the_card_in_its_way() -> None:
    # 甲→丙 spans the column of 乙, which sits exactly level with both: a straight line would
    # run under 乙 and read as 甲→乙→丙.
    nodes = (SegmentNode(1, "甲", UP), SegmentNode(2, "乙", MID), SegmentNode(3, "丙", DOWN))
    graph = ChainGraph(1, "测试链", 2, nodes, (LinkEdge(1, 2), LinkEdge(2, 3), LinkEdge(1, 3)))
    layout = layout_chain(graph, card_size=CARD, column_gap=COLUMN_GAP, row_gap=ROW_GAP)
    assert problems(layout, [(1, 2), (2, 3), (1, 3)]) == []
    bends = layout.routes[(1, 3)][2:-2]
    middle = layout.positions[2]
    assert len(bends) == 2
    assert all(not middle[1] - ROW_GAP / 2 < y < middle[1] + CARD[1] + ROW_GAP / 2 - 1e-9
               for _x, y in bends)  # fmt: skip


def test_links_leaving_one_card_get_distinct_ends_in_the_order_of_their_targets() -> None:
    nodes = (SegmentNode(1, "源", UP), *tuple(SegmentNode(i, f"去{i}", MID) for i in range(2, 6)))
    graph = ChainGraph(1, "测试链", 2, nodes, tuple(LinkEdge(1, i) for i in range(2, 6)))
    layout = layout_chain(graph, card_size=CARD, column_gap=COLUMN_GAP, row_gap=ROW_GAP)
    by_target_height = sorted(range(2, 6), key=lambda i: layout.positions[i][1])
    starts = [layout.routes[(1, i)][0][1] for i in by_target_height]
    assert starts == sorted(starts) and len(set(starts)) == 4


@settings(max_examples=40, deadline=None)
@given(big_chains(max_size=20, max_links=40), st.data())
def test_routes_bend_around_pinned_cards(graph: ChainGraph, data: st.DataObject) -> None:
    # Pins far apart on a coarse grid, so pinned cards never overlap one another.
    slots = data.draw(st.lists(st.integers(0, 11), unique=True, max_size=3))
    chosen = data.draw(
        st.lists(st.integers(0, len(graph.segments) - 1), unique=True, max_size=len(slots))
    )
    pins = {n: (slot % 4 * 300.0 + 15.5, slot // 4 * 150.0 + 7.0)
            for n, slot in zip(chosen, slots, strict=False)}  # fmt: skip
    nodes = tuple(SegmentNode(s.id, s.name, s.tier, pinned=pins.get(s.id)) for s in graph.segments)
    pinned = ChainGraph(1, "测试链", 2, nodes, graph.links)
    layout = layout_chain(pinned, card_size=CARD, column_gap=COLUMN_GAP, row_gap=ROW_GAP)
    links = [(link.upstream, link.downstream) for link in graph.links]
    assert [p for p in problems(layout, links) if "passes under" in p] == []
    assert gap_problems(layout) == []
