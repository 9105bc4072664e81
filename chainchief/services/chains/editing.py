"""Editing a chain's graph: segments (add, change, delete with what goes with them) and links.

Each call is one transaction with the permission check, the version check and an audit row,
and returns what its undo needs: the new row's id, the fields before the change, or the removed
rows. Links are checked with the domain's link rules, so the map refuses a cycle or a link
against tier order with the same message the importer gives.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from chainchief.domain.enums import Tier
from chainchief.domain.errors import NotFoundError, RuleViolation
from chainchief.domain.graph import ChainGraph, check_link, validate_graph
from chainchief.exchange.parsers import parse_enum
from chainchief.i18n import N_, _
from chainchief.services.admin import audit
from chainchief.services.admin.permissions import Permission, require
from chainchief.services.chains.graphs import load_graphs
from chainchief.services.kernel import row_steps
from chainchief.services.kernel.edits import (
    Field,
    FieldChange,
    RowRef,
    apply_values,
    long_text,
    name_text,
    plain,
    problem,
    writing,
    yes_no,
)
from chainchief.services.kernel.removals import Removal, describe, preview, take_away
from chainchief.store.db import Database
from chainchief.store.models import Chain, Link, Segment, table_of

SEGMENT_FIELDS: dict[str, Field] = {
    "name": plain("name", N_("Segment"), name_text, required=True),
    "tier": plain("tier", N_("Tier"), lambda value: parse_enum(Tier, value), required=True),
    "key": plain("is_key", N_("Key segment"), yes_no),
    "description": plain("description", N_("Description"), long_text),
}


def segment_problem(field: str, value: Any) -> str | None:
    """Why ``value`` would be refused for a segment's ``field``, or None (checked as typed)."""
    return problem(SEGMENT_FIELDS, field, value)


def _chain(session: Session, chain_id: int) -> Chain:
    return row_steps.existing(session, Chain, chain_id, _("The chain no longer exists."))


def _segment(session: Session, segment_id: int, expected_version: int | None = None) -> Segment:
    missing = _("The segment no longer exists.")
    return row_steps.locked_row(session, Segment, segment_id, expected_version, missing)


def segment_key(session: Session, segment: Segment) -> str:
    """The segment's natural key as the audit log names it: chain/segment."""
    return f"{_chain(session, segment.chain_id).name}/{segment.name}"


def _refuse_duplicate_name(session: Session, chain_id: int, name: str, own_id: int | None) -> None:
    where = (Segment.chain_id == chain_id, Segment.name == name)
    if row_steps.taken(session, Segment, own_id, *where):
        raise RuleViolation(
            _("The chain already has a segment called {segment}.").format(segment=name)
        )


def add_segment(db: Database, chain_id: int, values: Mapping[str, Any], *, actor: str) -> RowRef:
    """A new segment of the chain (name and tier required)."""
    with writing(db, actor) as session:
        chain = _chain(session, chain_id)
        require(session, actor, Permission.EDIT_CHAIN, [chain_id])
        segment = Segment(chain_id=chain_id, updated_by=actor)
        after = row_steps.fill_new(session, segment, SEGMENT_FIELDS, values)
        _refuse_duplicate_name(session, chain_id, segment.name, None)
        key = f"{chain.name}/{segment.name}"
        return row_steps.store_created(session, segment, after, "segment", key)


def update_segment(
    db: Database,
    segment_id: int,
    values: Mapping[str, Any],
    *,
    actor: str,
    expected_version: int | None,
) -> FieldChange:
    """Rename a segment or change its tier, key flag or description.

    A new tier must keep every existing link in tier order; the refusal names the link.
    """
    with writing(db, actor) as session:
        segment = _segment(session, segment_id, expected_version)
        require(session, actor, Permission.EDIT_CHAIN, [segment.chain_id])
        key = segment_key(session, segment)
        before, after = apply_values(session, segment, SEGMENT_FIELDS, values)
        if "name" in after:
            _refuse_duplicate_name(session, segment.chain_id, segment.name, segment_id)
        if "tier" in after:
            _check_links_keep_tier_order(session, segment.chain_id, segment_id, Tier(segment.tier))
        return row_steps.log_changed(session, segment, before, after, "segment", key)


def _check_links_keep_tier_order(
    session: Session, chain_id: int, segment_id: int, tier: Tier
) -> None:
    with session.no_autoflush:
        graph = load_graphs(session, [chain_id])[0]
    segments = tuple(
        replace(node, tier=tier) if node.id == segment_id else node for node in graph.segments
    )
    changed = ChainGraph(graph.chain_id, graph.name, graph.min_local_firms, segments, graph.links)
    validate_graph(changed)


def delete_segment(
    db: Database, segment_id: int, *, actor: str, expected_version: int | None
) -> Removal:
    """Delete a segment with its links, firm memberships, targets and their history."""
    with writing(db, actor) as session:
        segment = _segment(session, segment_id, expected_version)
        return take_away(
            session,
            table_of(Segment),
            segment_id,
            entity="segment",
            key=segment_key(session, segment),
            actor=actor,
            permission=Permission.EDIT_CHAIN,
            chain_ids=(segment.chain_id,),
        )


def segment_deletion_summary(db: Database, segment_id: int) -> list[str]:
    """What deleting the segment takes with it, as lines for the confirmation (empty: nothing)."""
    with db.transaction() as session:
        _segment(session, segment_id)
        return describe(preview(session, table_of(Segment), segment_id))


def segment_values(db: Database, segment_id: int) -> tuple[int, dict[str, Any]]:
    """(version, fields) of a segment, for the segment dialog."""
    with db.transaction() as session:
        segment = _segment(session, segment_id)
        values = {name: field.read(session, segment) for name, field in SEGMENT_FIELDS.items()}
        return segment.version, values


@dataclass(frozen=True)
class SegmentChoice:
    """A segment as a picker lists it."""

    id: int
    chain_id: int
    chain: str
    segment: str
    tier: Tier


def segment_choices(db: Database, chain_id: int | None = None) -> list[SegmentChoice]:
    """Segments (of one chain when given) by chain, tier and name."""
    query = select(Segment.id, Segment.chain_id, Chain.name, Segment.name, Segment.tier).join(
        Chain, Chain.id == Segment.chain_id
    )
    if chain_id is not None:
        query = query.where(Segment.chain_id == chain_id)
    with db.transaction() as session:
        rows = [
            SegmentChoice(sid, cid, chain, name, Tier(tier))
            for sid, cid, chain, name, tier in session.execute(query)
        ]
    return sorted(rows, key=lambda row: (row.chain, row.tier.rank, row.segment))


# --- links -----------------------------------------------------------------------------------


def add_link(db: Database, upstream_id: int, downstream_id: int, *, actor: str) -> RowRef:
    """The upstream segment supplies the downstream one; refused when a link rule breaks."""
    with writing(db, actor) as session:
        upstream = _segment(session, upstream_id)
        downstream = _segment(session, downstream_id)
        if upstream.chain_id != downstream.chain_id:
            raise RuleViolation(_("A link joins two segments of the same chain."))
        require(session, actor, Permission.EDIT_CHAIN, [upstream.chain_id])
        where = (Link.upstream_id == upstream_id, Link.downstream_id == downstream_id)
        if row_steps.taken(session, Link, None, *where):
            raise RuleViolation(
                _("{upstream} already supplies {downstream}.").format(
                    upstream=upstream.name, downstream=downstream.name
                )
            )
        check_link(load_graphs(session, [upstream.chain_id])[0], upstream_id, downstream_id)
        link = Link(
            chain_id=upstream.chain_id, upstream_id=upstream_id, downstream_id=downstream_id
        )
        session.add(link)
        session.flush()
        audit.record(
            session,
            user=actor,
            action="create",
            entity="link",
            key=_link_key(session, upstream, downstream),
        )
        return RowRef(link.id, 0)


def _link_key(session: Session, upstream: Segment, downstream: Segment) -> str:
    return f"{_chain(session, upstream.chain_id).name}/{upstream.name}→{downstream.name}"


def delete_link(db: Database, upstream_id: int, downstream_id: int, *, actor: str) -> Removal:
    """Remove the link upstream → downstream."""
    with writing(db, actor) as session:
        link = session.scalar(
            select(Link).where(Link.upstream_id == upstream_id, Link.downstream_id == downstream_id)
        )
        if link is None:
            raise NotFoundError(_("The link no longer exists."))
        key = _link_key(session, _segment(session, upstream_id), _segment(session, downstream_id))
        return take_away(
            session,
            table_of(Link),
            link.id,
            entity="link",
            key=key,
            actor=actor,
            permission=Permission.EDIT_CHAIN,
            chain_ids=(link.chain_id,),
        )
