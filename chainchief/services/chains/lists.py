"""Chain-level reads for lists and navigators."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from chainchief.domain.errors import NotFoundError
from chainchief.i18n import _
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


def chain_id_by_name(session: Session, name: str) -> int:
    """The id of the chain called ``name``; refuses an unknown name listing the known ones."""
    found = session.scalar(select(Chain.id).where(Chain.name == name))
    if found is None:
        known = sorted(session.scalars(select(Chain.name)))
        raise NotFoundError(
            _("Unknown chain: {chain}. Known chains: {known}").format(
                chain=name, known="、".join(known) or _("(none)")
            )
        )
    return found


def require_chain(db: Database, name: str) -> int:
    with db.transaction() as session:
        return chain_id_by_name(session, name)
