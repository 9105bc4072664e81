"""The brief's problem order (breakpoints, missing key segments, chokepoints, the rest) and cuts."""

from __future__ import annotations

from chainchief.domain.analysis import analyse_chain
from chainchief.domain.brief import cut, ranked_problems
from chainchief.domain.enums import Tier
from chainchief.domain.graph import ChainGraph, LinkEdge, SegmentNode

UP, MID, DOWN = Tier.UPSTREAM, Tier.MIDSTREAM, Tier.DOWNSTREAM


def test_problems_come_in_the_documented_order_each_segment_once() -> None:
    graph = ChainGraph(
        1,
        "链",
        2,
        (
            SegmentNode(1, "甲矿", UP, local_firms=0),
            SegmentNode(2, "乙材料", UP, local_firms=2),
            SegmentNode(3, "丙关键", MID, key=True, local_firms=0),
            SegmentNode(4, "丁必经", MID, local_firms=1),
            SegmentNode(5, "戊整机", DOWN, local_firms=2),
            SegmentNode(6, "己服务", DOWN, local_firms=0),
            SegmentNode(7, "庚配件", DOWN, local_firms=1),
        ),
        (
            LinkEdge(1, 2),
            LinkEdge(2, 4),
            LinkEdge(3, 4),
            LinkEdge(4, 5),
            LinkEdge(5, 6),
            LinkEdge(5, 7),
        ),
    )
    problems = ranked_problems(analyse_chain(graph))
    assert [(p.kind, p.name) for p in problems] == [
        ("断点", "丙关键→丁必经"),
        ("断点", "甲矿→乙材料"),
        ("缺链", "丙关键"),
        ("卡点", "丁必经"),
        ("缺链", "甲矿"),
        ("缺链", "己服务"),
        ("弱链", "庚配件"),
    ]


def test_cut_keeps_the_first_items_and_counts_the_rest() -> None:
    assert cut([1, 2, 3, 4, 5], 3).shown == (1, 2, 3)
    assert cut([1, 2, 3, 4, 5], 3).more_text == "另有 2 项"
    assert cut([1], 3).more_text == ""
