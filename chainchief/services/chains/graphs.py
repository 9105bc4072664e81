"""Chain graphs built from the store: the value objects the analysis and the layout work on.

All chains are loaded with one query per table, so analysing a whole city costs a handful of
round trips whatever its size.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from chainchief.domain.enums import Location, Role, Stage, Tier
from chainchief.domain.graph import ChainGraph, LinkEdge, SegmentNode, TargetRef
from chainchief.store.models import Chain, Firm, Link, Membership, Person, Segment, Target


def load_graphs(session: Session, chain_ids: Iterable[int] | None = None) -> list[ChainGraph]:
    """Graphs of the given chains (all when None), ordered by chain name (code point)."""
    chain_query = select(Chain.id, Chain.name, Chain.min_local_firms)
    if chain_ids is not None:
        chain_query = chain_query.where(Chain.id.in_(list(chain_ids)))
    chains = sorted(session.execute(chain_query).all(), key=lambda row: row.name)
    wanted = [row.id for row in chains]

    local_firms: dict[int, set[int]] = defaultdict(set)
    roles: dict[int, set[Role]] = defaultdict(set)
    membership_rows = session.execute(
        select(Membership.segment_id, Membership.firm_id, Membership.role)
        .join(Firm, Firm.id == Membership.firm_id)
        .join(Segment, Segment.id == Membership.segment_id)
        .where(Firm.location == Location.IN_ZONE.value, Segment.chain_id.in_(wanted))
    )
    role_of = {role.value: role for role in Role}  # a dict look-up per row, not an Enum call
    for segment_id, firm_id, role in membership_rows:
        local_firms[segment_id].add(firm_id)
        roles[segment_id].add(role_of[role])

    targets: dict[int, list[TargetRef]] = defaultdict(list)
    target_rows = session.execute(
        select(Target.segment_id, Target.firm_name, Target.stage, Person.name)
        .join(Segment, Segment.id == Target.segment_id)
        .outerjoin(Person, Person.id == Target.owner_id)
        .where(Segment.chain_id.in_(wanted))
        .order_by(Target.id)
    )
    for segment_id, firm, stage, owner in target_rows:
        targets[segment_id].append(TargetRef(firm=firm, stage=Stage(stage), owner=owner))

    segments: dict[int, list[SegmentNode]] = defaultdict(list)
    segment_rows = session.execute(
        select(
            Segment.id,
            Segment.chain_id,
            Segment.name,
            Segment.tier,
            Segment.is_key,
            Segment.pin_x,
            Segment.pin_y,
        )
        .where(Segment.chain_id.in_(wanted))
        .order_by(Segment.id)
    )
    for row in segment_rows:
        pinned = (row.pin_x, row.pin_y) if row.pin_x is not None and row.pin_y is not None else None
        segments[row.chain_id].append(
            SegmentNode(
                id=row.id,
                name=row.name,
                tier=Tier(row.tier),
                key=row.is_key,
                pinned=pinned,
                local_firms=len(local_firms.get(row.id, ())),
                roles=frozenset(roles.get(row.id, ())),
                targets=tuple(targets.get(row.id, ())),
            )
        )

    links: dict[int, list[LinkEdge]] = defaultdict(list)
    link_rows = session.execute(
        select(Link.chain_id, Link.upstream_id, Link.downstream_id)
        .where(Link.chain_id.in_(wanted))
        .order_by(Link.id)
    )
    for chain_id, upstream, downstream in link_rows:
        links[chain_id].append(LinkEdge(upstream=upstream, downstream=downstream))

    return [
        ChainGraph(
            chain_id=row.id,
            name=row.name,
            min_local_firms=row.min_local_firms,
            segments=tuple(segments.get(row.id, ())),
            links=tuple(links.get(row.id, ())),
        )
        for row in chains
    ]
