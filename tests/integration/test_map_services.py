"""The services behind the chain map: the merged map, neighbourhoods, navigator rows,
inspector details, search and pins, on the demo city."""

from __future__ import annotations

import datetime as dt

import networkx as nx
import pytest
from sqlalchemy import select

from chainchief.domain.enums import ActionStatus, Location, SegmentStatus, Stage, Tier
from chainchief.domain.errors import NotFoundError
from chainchief.domain.lights import Light
from chainchief.services.chains.chain_map import (
    chain_map,
    chain_map_by_name,
    navigator_rows,
    neighbourhood,
)
from chainchief.services.chains.details import search_map, segment_details
from chainchief.services.chains.gaps import analyse_chains
from chainchief.services.chains.pins import clear_pins, pin_segment
from chainchief.store.models import ActionItem, AuditEntry, Chain, Firm, Membership, Segment

CHAIN = "集成电路"


def test_the_map_has_every_segment_with_its_analysis_and_no_overlap(demo_db) -> None:
    chain = chain_map_by_name(demo_db, CHAIN)
    analysis = analyse_chains(demo_db, CHAIN)[0]
    assert [c.segment_id for c in chain.cards] == [s.segment_id for s in analysis.segments]
    for card, segment in zip(chain.cards, analysis.segments, strict=True):
        assert (card.status, card.chokepoint, card.critical) == (
            segment.status, segment.chokepoint, segment.critical,
        )  # fmt: skip
        assert card.fill_candidates == segment.fill_candidates
    boxes = [(c.x, c.y, c.x + c.width, c.y + c.height) for c in chain.cards]
    for index, a in enumerate(boxes):
        for b in boxes[index + 1 :]:
            assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]
    breaks = {(bp.upstream_id, bp.downstream_id) for bp in analysis.breakpoints}
    assert (
        breaks and {(ln.upstream, ln.downstream) for ln in chain.links if ln.breakpoint} == breaks
    )
    lanes = {lane.tier: lane for lane in chain.lanes}
    assert lanes[Tier.UPSTREAM].x < lanes[Tier.MIDSTREAM].x < lanes[Tier.DOWNSTREAM].x
    for card in chain.cards:
        lane = lanes[card.tier]
        assert lane.x <= card.x and card.x + card.width <= lane.x + lane.width


def test_neighbourhood_is_everything_up_and_downstream(demo_db) -> None:
    chain = chain_map_by_name(demo_db, CHAIN)
    graph = nx.DiGraph([(ln.upstream, ln.downstream) for ln in chain.links])
    for card in chain.cards:
        found = neighbourhood(chain, card.segment_id)
        assert found.upstream == nx.ancestors(graph, card.segment_id)
        assert found.downstream == nx.descendants(graph, card.segment_id)
        for link in chain.links:
            through = (link.upstream in found.upstream | {card.segment_id}) and (
                link.downstream in found.upstream | {card.segment_id}
            )
            through |= (link.upstream in found.downstream | {card.segment_id}) and (
                link.downstream in found.downstream | {card.segment_id}
            )
            assert found.on_path(link.upstream, link.downstream) == through


def test_navigator_rows_carry_each_chains_figures(demo_db) -> None:
    rows = navigator_rows(demo_db)
    analyses = {a.chain: a for a in analyse_chains(demo_db)}
    assert [row.chain for row in rows] == sorted(analyses)
    for row in rows:
        analysis = analyses[row.chain]
        assert row.completeness == analysis.completeness
        assert (row.missing, row.weak, row.strong) == tuple(
            analysis.count(status) for status in SegmentStatus
        )
        assert row.chief


def test_segment_details_split_local_firms_and_order_targets(demo_db) -> None:
    chain = chain_map_by_name(demo_db, CHAIN)
    for card in chain.cards:
        details = segment_details(demo_db, card.segment_id)
        assert len(details.local_firms) == card.local_firms
        assert all(f.location is Location.IN_ZONE for f in details.local_firms)
        assert all(f.location is not Location.IN_ZONE for f in details.other_firms)
        order = [list(Stage)[::-1].index(t.stage) for t in details.targets]
        assert order == sorted(order)


def test_open_action_items_that_mention_the_segment_are_listed(demo_db) -> None:
    with demo_db.transaction() as session:
        segment = session.execute(
            select(Segment.id, Segment.name, Segment.chain_id)
            .join(Chain, Chain.id == Segment.chain_id)
            .where(Chain.name == CHAIN)
            .order_by(Segment.name)
        ).first()
        session.add_all(
            [
                ActionItem(chain_id=segment.chain_id, item=f"协调{segment.name}项目用地",
                           status=ActionStatus.ASSIGNED.value, due=dt.date(2000, 1, 1)),
                ActionItem(chain_id=segment.chain_id, item=f"{segment.name}对接会已办结",
                           status=ActionStatus.DONE.value),
            ]
        )  # fmt: skip
    mentions = {a.item: a for a in segment_details(demo_db, segment.id).open_actions}
    items = list(mentions)
    assert f"协调{segment.name}项目用地" in items
    assert mentions[f"协调{segment.name}项目用地"].light is Light.RED  # years overdue
    assert f"{segment.name}对接会已办结" not in items


def test_search_finds_segments_and_the_segments_of_firms(demo_db) -> None:
    with demo_db.transaction() as session:
        firm, segment_id = session.execute(
            select(Firm.name, Membership.segment_id)
            .join(Membership, Membership.firm_id == Firm.id)
            .order_by(Firm.name)
        ).first()
    hits = search_map(demo_db, firm)
    assert any(h.firm == firm and h.segment_id == segment_id for h in hits)
    chain = chain_map_by_name(demo_db, CHAIN)
    name = chain.cards[0].name
    assert search_map(demo_db, name)[0].segment == name
    assert search_map(demo_db, "   ") == []
    assert search_map(demo_db, "%") == []


def test_pins_are_kept_audited_and_cleared(demo_db) -> None:
    chain = chain_map_by_name(demo_db, CHAIN)
    card = chain.cards[0]
    with demo_db.transaction() as session:
        version = session.scalar(select(Segment.version).where(Segment.id == card.segment_id))
    pin_segment(demo_db, card.segment_id, -300.25, 40.0, actor="tester")
    pinned = chain_map(demo_db, chain.chain_id).card(card.segment_id)
    assert (pinned.x, pinned.y, pinned.pinned) == (-300.2, 40.0, True)
    with demo_db.transaction() as session:
        assert (
            session.scalar(select(Segment.version).where(Segment.id == card.segment_id)) > version
        )
        audit = session.scalars(select(AuditEntry).where(AuditEntry.action == "pin")).one()
        assert audit.user == "tester" and card.name in audit.key
    assert list(clear_pins(demo_db, chain.chain_id, actor="tester")) == [card.segment_id]
    assert not chain_map(demo_db, chain.chain_id).card(card.segment_id).pinned
    assert clear_pins(demo_db, chain.chain_id, actor="tester") == {}


def test_pinning_a_deleted_segment_is_refused(demo_db) -> None:
    with pytest.raises(NotFoundError):
        pin_segment(demo_db, 999_999, 0, 0, actor="tester")
    with pytest.raises(NotFoundError):
        chain_map_by_name(demo_db, "没有这条链")


def test_search_ignores_latin_case(demo_db) -> None:
    with demo_db.transaction() as session:
        name = session.scalars(select(Segment.name).where(Segment.name.like("%AI%"))).first()
    assert name is not None
    assert any(hit.segment == name for hit in search_map(demo_db, "ai"))
