"""Chain-level reads for lists and navigators."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from chainchief.store.db import Database
from chainchief.store.models import Chain, Person, Segment


@dataclass(frozen=True)
class ChainRow:
    id: int
    name: str
    chief: str | None
    team_lead: str | None
    segments: int


def list_chains(db: Database) -> list[ChainRow]:
    """Every chain with its chief, team lead and segment count, by name (code point)."""
    chief = aliased(Person)
    lead = aliased(Person)
    counts = select(Segment.chain_id, func.count().label("n")).group_by(Segment.chain_id).subquery()
    query = (
        select(Chain.id, Chain.name, chief.name, lead.name, func.coalesce(counts.c.n, 0))
        .outerjoin(chief, Chain.chief_id == chief.id)
        .outerjoin(lead, Chain.team_lead_id == lead.id)
        .outerjoin(counts, counts.c.chain_id == Chain.id)
        .order_by(Chain.name)
    )
    with db.transaction() as session:
        rows = session.execute(query).all()
    return sorted((ChainRow(*row) for row in rows), key=lambda row: row.name)
