"""Link rules of DESIGN.md §1: no self-loop, never against tier order, never a cycle."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chainchief.domain.enums import Tier
from chainchief.domain.errors import RuleViolation
from chainchief.domain.graph import (
    ChainGraph,
    LinkChecker,
    LinkEdge,
    SegmentNode,
    check_link,
    validate_graph,
)
from chainchief.i18n import set_language

UP, MID, DOWN = Tier.UPSTREAM, Tier.MIDSTREAM, Tier.DOWNSTREAM


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    set_language("en")
    yield
    set_language("en")


def graph(segments: list[tuple[int, str, Tier]], links: list[tuple[int, int]]) -> ChainGraph:
    return ChainGraph(
        chain_id=1,
        name="新能源汽车",
        min_local_firms=2,
        segments=tuple(SegmentNode(id=i, name=n, tier=t) for i, n, t in segments),
        links=tuple(LinkEdge(u, v) for u, v in links),
    )


BATTERY = graph(
    [(1, "锂矿", MID), (2, "正极材料", MID), (3, "电池回收", MID), (4, "整车", DOWN)],
    [(3, 1), (1, 2), (2, 4)],
)


def test_cycle_is_named_from_downstream_back_to_upstream_and_closed() -> None:
    with pytest.raises(RuleViolation) as refused:
        check_link(BATTERY, 2, 3)
    assert "电池回收 → 锂矿 → 正极材料 → 电池回收" in refused.value.message


def test_two_segment_cycle_is_refused() -> None:
    with pytest.raises(RuleViolation) as refused:
        check_link(BATTERY, 1, 3)
    assert "电池回收 → 锂矿 → 电池回收" in refused.value.message


def test_self_loop_is_refused_naming_the_segment() -> None:
    with pytest.raises(RuleViolation) as refused:
        check_link(BATTERY, 2, 2)
    assert "正极材料" in refused.value.message
    assert "itself" in refused.value.message


def test_link_against_tier_order_names_both_tiers_and_segments() -> None:
    with pytest.raises(RuleViolation) as refused:
        check_link(BATTERY, 4, 1)
    message = refused.value.message
    for word in ("整车", "Downstream", "锂矿", "Midstream"):
        assert word in message


def test_tier_message_is_translated_with_tier_labels() -> None:
    set_language("zh_CN")
    with pytest.raises(RuleViolation) as refused:
        check_link(BATTERY, 4, 1)
    assert "整车" in refused.value.message
    assert "锂矿" in refused.value.message


@pytest.mark.parametrize(
    ("upstream", "downstream"),
    [(1, 4), (3, 2), (2, 4), (3, 4)],
)
def test_forward_links_are_accepted(upstream: int, downstream: int) -> None:
    check_link(BATTERY, upstream, downstream)


def test_same_tier_link_that_does_not_close_a_cycle_is_accepted() -> None:
    check_link(BATTERY, 3, 2)


def test_adjacency_form_needs_names_and_tiers() -> None:
    with pytest.raises(TypeError):
        check_link({1: [2]}, 2, 1)


def test_adjacency_form_finds_the_cycle() -> None:
    names = {1: "甲", 2: "乙", 3: "丙"}
    tiers = {1: UP, 2: UP, 3: UP}
    with pytest.raises(RuleViolation) as refused:
        check_link({1: [2], 2: [3]}, 3, 1, names, tiers)
    assert "甲 → 乙 → 丙 → 甲" in refused.value.message


def test_checker_adds_links_in_file_order_and_refuses_the_closing_one() -> None:
    checker = LinkChecker({1: "甲", 2: "乙", 3: "丙"}, {1: UP, 2: UP, 3: MID})
    checker.add(1, 2)
    checker.add(2, 3)
    checker.add(1, 3)
    with pytest.raises(RuleViolation):
        checker.add(2, 1)
    checker.add(1, 2)


def test_refused_link_is_not_remembered() -> None:
    checker = LinkChecker({1: "甲", 2: "乙", 3: "丙"}, {1: UP, 2: UP, 3: UP})
    checker.add(1, 2)
    with pytest.raises(RuleViolation):
        checker.add(2, 1)
    checker.add(2, 3)
    with pytest.raises(RuleViolation) as refused:
        checker.add(3, 1)
    assert "甲 → 乙 → 丙 → 甲" in refused.value.message


def test_checker_for_graph_knows_stored_links() -> None:
    checker = LinkChecker.for_graph(BATTERY)
    with pytest.raises(RuleViolation):
        checker.check(2, 3)
    checker.check(3, 2)


def test_validate_graph_reports_the_first_offending_link() -> None:
    bad = graph([(1, "甲", UP), (2, "乙", UP)], [(1, 2), (2, 1)])
    with pytest.raises(RuleViolation) as refused:
        validate_graph(bad)
    assert "甲 → 乙 → 甲" in refused.value.message


def test_graph_refuses_links_to_unknown_segments() -> None:
    with pytest.raises(ValueError):
        graph([(1, "甲", UP)], [(1, 9)])


def test_graph_lookups() -> None:
    assert BATTERY.successors[1] == (2,)
    assert BATTERY.predecessors[1] == (3,)
    assert BATTERY.by_name["整车"].id == 4
    assert BATTERY.segment(2).name == "正极材料"
    assert BATTERY.tiers[4] is DOWN


def reaches(adjacency: dict[int, set[int]], start: int, goal: int) -> bool:
    seen, stack = {start}, [start]
    while stack:
        node = stack.pop()
        if node == goal:
            return True
        for nxt in adjacency.get(node, ()):
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return False


@settings(max_examples=150, deadline=None)
@given(
    tiers=st.lists(st.sampled_from(list(Tier)), min_size=2, max_size=10),
    attempts=st.lists(st.tuples(st.integers(0, 9), st.integers(0, 9)), max_size=40),
)
def test_checker_accepts_exactly_the_links_that_keep_the_rules(
    tiers: list[Tier], attempts: list[tuple[int, int]]
) -> None:
    size = len(tiers)
    checker = LinkChecker({i: f"环节{i}" for i in range(size)}, dict(enumerate(tiers)))
    adjacency: dict[int, set[int]] = {}
    for u, v in attempts:
        if u >= size or v >= size:
            continue
        allowed = u != v and tiers[u].rank <= tiers[v].rank and not reaches(adjacency, v, u)
        try:
            checker.add(u, v)
        except RuleViolation:
            assert not allowed
        else:
            assert allowed
            adjacency.setdefault(u, set()).add(v)
