"""A visit's demand passed on as an action item (转督办), linked back to its visit.

The import and the one-step command share the rules: the item goes to the firm's chain (its
membership of the highest role, then the chain's name), reads ``走访诉求（企业）：诉求`` and is
created once — a visit already linked is left alone, and an item of the same text already in
the chain is linked rather than duplicated, so importing an exported workbook (which carries
both the visit and its item) links the two again.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from chainchief.domain.enums import Role
from chainchief.store.conflicts import writer_stamp
from chainchief.store.models import ActionItem, Chain, Membership, Segment, Visit, table_of

ROLE_ORDER = {Role.LEADING.value: 0, Role.CORE.value: 1, Role.SUPPORTING.value: 2}


@dataclass(frozen=True)
class VisitToEscalate:
    """What passing a visit on needs to know about it."""

    visit_id: int
    firm_id: int
    firm: str
    demand: str | None
    escalate: bool
    linked: bool
    owner_id: int | None


def action_text(firm: str, demand: str) -> str:
    """The action item a demand becomes: data in the zone's language, like the files."""
    return f"走访诉求（{firm}）：{demand.strip()}"


def firm_chain(session: Session, firm_id: int) -> int | None:
    """The chain a firm's demands are followed up in: its highest role, then chain name."""
    query = (
        select(Membership.role, Chain.name, Chain.id)
        .join(Segment, Segment.id == Membership.segment_id)
        .join(Chain, Chain.id == Segment.chain_id)
        .where(Membership.firm_id == firm_id)
    )
    found = sorted(session.execute(query).all(), key=lambda r: (ROLE_ORDER.get(r[0], 9), r[1]))
    return found[0][2] if found else None


def escalate_visits(session: Session, visits: list[VisitToEscalate], actor: str) -> list[int]:
    """Create (or link) the action item of each visit marked 转督办 and not yet linked.

    Returns the ids of the items created. Items are inserted with the table's default status,
    as every new item starts.
    """
    created: list[int] = []
    for visit in visits:
        if not visit.escalate or visit.linked or not visit.demand:
            continue
        chain_id = firm_chain(session, visit.firm_id)
        if chain_id is None:
            continue
        text = action_text(visit.firm, visit.demand)
        action_id = session.scalar(
            select(ActionItem.id).where(ActionItem.chain_id == chain_id, ActionItem.item == text)
        )
        if action_id is None:
            values: dict[str, object] = {"chain_id": chain_id, "item": text, "version": 1}
            values |= writer_stamp(session, actor)
            values["owner_id"] = visit.owner_id
            statement = insert(ActionItem).returning(ActionItem.id)
            action_id = session.execute(statement, values).scalar_one()
            created.append(action_id)
        session.execute(
            update(table_of(Visit))
            .where(table_of(Visit).c.id == visit.visit_id)
            .values(action_id=action_id)
        )
    return created
