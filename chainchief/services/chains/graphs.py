"""Chain graphs built from the store: the value objects the analysis and the layout work on.

All chains are loaded with one query per table, so analysing a whole city costs a handful of
round trips whatever its size. The queries read plain table clauses (``store.plain_tables``), so
a process that only draws or analyses a chain never maps the models.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING

from sqlalchemy import Connection, select

from chainchief.domain.enums import Location, Role, Stage, Tier
from chainchief.domain.graph import ChainGraph, LinkEdge, SegmentNode, TargetRef
from chainchief.store.plain_tables import (
    chains,
    firms,
    links,
    memberships,
    people,
    segments,
    targets,
)

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


def load_graphs(
    session: Session | Connection, chain_ids: Iterable[int] | None = None
) -> list[ChainGraph]:
    """Graphs of the given chains (all when None), ordered by chain name (code point), read
    in a service's session or, without the ORM, in ``Database.reading``."""
    chain_query = select(chains.c.id, chains.c.name, chains.c.min_local_firms)
    if chain_ids is not None:
        chain_query = chain_query.where(chains.c.id.in_(list(chain_ids)))
    chain_rows = sorted(session.execute(chain_query).all(), key=lambda row: row.name)
    wanted = [row.id for row in chain_rows]

    local_firms: dict[int, set[int]] = defaultdict(set)
    roles: dict[int, set[Role]] = defaultdict(set)
    membership_rows = session.execute(
        select(memberships.c.segment_id, memberships.c.firm_id, memberships.c.role)
        .join(firms, firms.c.id == memberships.c.firm_id)
        .join(segments, segments.c.id == memberships.c.segment_id)
        .where(firms.c.location == Location.IN_ZONE.value, segments.c.chain_id.in_(wanted))
    )
    role_of = {role.value: role for role in Role}  # a dict look-up per row, not an Enum call
    for segment_id, firm_id, role in membership_rows:
        local_firms[segment_id].add(firm_id)
        roles[segment_id].add(role_of[role])

    targets_of: dict[int, list[TargetRef]] = defaultdict(list)
    target_rows = session.execute(
        select(targets.c.segment_id, targets.c.firm_name, targets.c.stage, people.c.name)
        .join(segments, segments.c.id == targets.c.segment_id)
        .outerjoin(people, people.c.id == targets.c.owner_id)
        .where(segments.c.chain_id.in_(wanted))
        .order_by(targets.c.id)
    )
    for segment_id, firm, stage, owner in target_rows:
        targets_of[segment_id].append(TargetRef(firm=firm, stage=Stage(stage), owner=owner))

    nodes_of: dict[int, list[SegmentNode]] = defaultdict(list)
    segment_rows = session.execute(
        select(
            segments.c.id,
            segments.c.chain_id,
            segments.c.name,
            segments.c.tier,
            segments.c.is_key,
            segments.c.pin_x,
            segments.c.pin_y,
        )
        .where(segments.c.chain_id.in_(wanted))
        .order_by(segments.c.id)
    )
    for row in segment_rows:
        pinned = (row.pin_x, row.pin_y) if row.pin_x is not None and row.pin_y is not None else None
        nodes_of[row.chain_id].append(
            SegmentNode(
                id=row.id,
                name=row.name,
                tier=Tier(row.tier),
                key=row.is_key,
                pinned=pinned,
                local_firms=len(local_firms.get(row.id, ())),
                roles=frozenset(roles.get(row.id, ())),
                targets=tuple(targets_of.get(row.id, ())),
            )
        )

    edges_of: dict[int, list[LinkEdge]] = defaultdict(list)
    link_rows = session.execute(
        select(links.c.chain_id, links.c.upstream_id, links.c.downstream_id)
        .where(links.c.chain_id.in_(wanted))
        .order_by(links.c.id)
    )
    for chain_id, upstream, downstream in link_rows:
        edges_of[chain_id].append(LinkEdge(upstream=upstream, downstream=downstream))

    return [
        ChainGraph(
            chain_id=row.id,
            name=row.name,
            min_local_firms=row.min_local_firms,
            segments=tuple(nodes_of.get(row.id, ())),
            links=tuple(edges_of.get(row.id, ())),
        )
        for row in chain_rows
    ]
