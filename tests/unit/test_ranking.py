"""Targets valued by the gaps they would close: the issue's worked example, weights and ties."""

from __future__ import annotations

from decimal import Decimal

import pytest

from chainchief.domain.enums import Role, SegmentStatus, Stage, Tier
from chainchief.domain.graph import ChainGraph, LinkEdge, SegmentNode
from chainchief.domain.ranking import (
    ValueWeights,
    normalise_weights,
    rank_targets,
    target_value,
    targets_to_json,
)
from chainchief.domain.scenario import ChainTarget, ScenarioChain, Stake

UP, MID, DOWN = Tier.UPSTREAM, Tier.MIDSTREAM, Tier.DOWNSTREAM
SEGMENTS = [
    ("锂矿", UP, 0),
    ("电解液", UP, 0),
    ("隔膜", UP, 0),
    ("正极材料", UP, 2),
    ("负极材料", UP, 2),
    ("电芯", MID, 2),
    ("电池包", MID, 2),
    ("BMS", MID, 2),
    ("整车", DOWN, 2),
    ("储能", DOWN, 2),
    ("回收", DOWN, 0),
    ("充电", DOWN, 2),
]
LINKS = [
    ("锂矿", "正极材料"),
    ("锂矿", "电解液"),
    ("电解液", "电芯"),
    ("隔膜", "电芯"),
    ("正极材料", "电芯"),
    ("负极材料", "电芯"),
    ("电芯", "电池包"),
    ("BMS", "电池包"),
    ("电池包", "整车"),
    ("电池包", "储能"),
    ("整车", "回收"),
    ("整车", "充电"),
]


def battery_chain() -> tuple[ScenarioChain, dict[str, int]]:
    """The issue's example: 锂矿, 电解液, 隔膜 (and 回收) missing; completeness 66.7."""
    ids = {name: index + 1 for index, (name, _tier, _firms) in enumerate(SEGMENTS)}
    graph = ChainGraph(
        1,
        "新能源电池",
        2,
        tuple(SegmentNode(ids[name], name, tier) for name, tier, _firms in SEGMENTS),
        tuple(LinkEdge(ids[u], ids[d]) for u, d in LINKS),
    )
    stakes = []
    for name, _tier, firms in SEGMENTS:
        for n in range(firms):
            firm_id = ids[name] * 10 + n
            stakes.append(Stake(firm_id, f"{name}企业{n}", ids[name], Role.CORE, True, 100.0))
    return ScenarioChain(graph, tuple(stakes)), ids


def target(ids: dict[str, int], firm: str, segment: str, stage: Stage, n: int = 0) -> ChainTarget:
    tier = next(t for name, t, _f in SEGMENTS if name == segment)
    return ChainTarget(n, firm, ids[segment], segment, tier, stage)


def test_the_worked_example_of_the_issue() -> None:
    state, ids = battery_chain()
    targets = [
        target(ids, "丙锂矿", "锂矿", Stage.RESERVE, 1),
        target(ids, "乙电解液", "电解液", Stage.CONTACT, 2),
        target(ids, "甲隔膜", "隔膜", Stage.NEGOTIATING, 3),
    ]
    ranked = rank_targets(state, targets, ValueWeights.from_texts(), rank=True)
    assert [(item.target.firm, item.value) for item in ranked] == [
        ("甲隔膜", Decimal("4.96")),
        ("乙电解液", Decimal("4.08")),
        ("丙锂矿", Decimal("2.92")),
    ]
    document = targets_to_json("新能源电池", ranked)
    assert document["targets"][1] == {
        "firm": "乙电解液",
        "segment": "电解液",
        "stage": "contact",
        "value": 4.08,
        "closes": {
            "breakpoints": [["电解液", "电芯"]],
            "segments": [{"segment": "电解液", "from": "missing", "to": "weak"}],
        },
    }
    assert ranked[0].reason() == "消除断点隔膜→电芯；隔膜缺链→弱链"
    by_stage = rank_targets(state, targets, ValueWeights.from_texts(), rank=False)
    assert [item.target.stage for item in by_stage] == [
        Stage.NEGOTIATING,
        Stage.CONTACT,
        Stage.RESERVE,
    ]


def test_landed_and_dropped_targets_are_not_ranked() -> None:
    state, ids = battery_chain()
    targets = [
        target(ids, "已落地", "隔膜", Stage.LANDED),
        target(ids, "已终止", "隔膜", Stage.DROPPED),
        target(ids, "签约企业", "回收", Stage.SIGNED),
    ]
    ranked = rank_targets(state, targets, ValueWeights.from_texts(), rank=True)
    assert [(item.target.firm, item.value) for item in ranked] == [("签约企业", Decimal("2.83"))]
    assert ranked[0].lifts[0].after is SegmentStatus.WEAK


def test_ties_go_to_the_most_advanced_stage_then_the_firm_name() -> None:
    state, ids = battery_chain()
    flat = ValueWeights.from_texts("3,2,1,0.1", "1,1,1,1")
    targets = [
        target(ids, "乙", "隔膜", Stage.RESERVE),
        target(ids, "甲", "隔膜", Stage.RESERVE),
        target(ids, "丁", "隔膜", Stage.SIGNED),
        target(ids, "丙", "锂矿", Stage.CONTACT),
    ]
    ranked = rank_targets(state, targets, flat, rank=True)
    assert [item.target.firm for item in ranked] == ["丁", "丙", "乙", "甲"]
    assert len({item.value for item in ranked}) == 1


def test_a_weak_segment_made_strong_counts_once_by_the_weak_weight() -> None:
    weights = ValueWeights.from_texts("3,2,1,0.1", "0.5,0.7,0.85,1.0")
    assert target_value(0, 0, 1, Decimal("0.0"), Stage.SIGNED, weights) == Decimal("1.00")
    assert target_value(1, 1, 0, Decimal("8.3"), Stage.RESERVE, weights) == Decimal("2.92")
    assert target_value(0, 0, 1, Decimal("0"), Stage.NEGOTIATING, weights) == Decimal("0.85")


@pytest.mark.parametrize("text", ["3,2,1", "3,2,1,x", "3,2,1,-1", "3,2,1,0.1,5", "", "nan,1,1,1"])
def test_weights_must_be_four_numbers_of_at_least_zero(text: str) -> None:
    with pytest.raises(ValueError):
        ValueWeights.from_texts(text)
    with pytest.raises(ValueError):
        normalise_weights(text)


def test_weights_accept_spaces_and_chinese_commas() -> None:
    assert normalise_weights(" 3，2, 1 ,0.1") == "3,2,1,0.1"
