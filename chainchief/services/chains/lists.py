"""Chain-level reads for lists and navigators."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from chainchief.domain.errors import NotFoundError
from chainchief.i18n import _
from chainchief.store.db import Database
from chainchief.store.plain_tables import chains, people, segments

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


@dataclass(frozen=True)
class ChainRow:
    id: int
    name: str
    chief: str | None
    team_lead: str | None
    segments: int


def list_chains(db: Database) -> list[ChainRow]:
    """Every chain with its chief, team lead and segment count, by name (code point).

    Read without the ORM: the window picks its first chain from this list before its first
    paint, which then needs neither the mapped models nor the ORM."""
    chief = people.alias("chief")
    lead = people.alias("lead")
    counts = (
        select(segments.c.chain_id, func.count().label("n"))
        .group_by(segments.c.chain_id)
        .subquery()
    )
    query = (
        select(chains.c.id, chains.c.name, chief.c.name, lead.c.name, func.coalesce(counts.c.n, 0))
        .outerjoin(chief, chains.c.chief_id == chief.c.id)
        .outerjoin(lead, chains.c.team_lead_id == lead.c.id)
        .outerjoin(counts, counts.c.chain_id == chains.c.id)
    )
    with db.reading() as connection:
        rows = connection.execute(query).all()
    return sorted((ChainRow(*row) for row in rows), key=lambda row: row.name)


def chain_id_by_name(session: Session, name: str) -> int:
    """The id of the chain called ``name``; refuses an unknown name listing the known ones."""
    found = session.scalar(select(chains.c.id).where(chains.c.name == name))
    if found is None:
        known = sorted(session.scalars(select(chains.c.name)))
        raise NotFoundError(
            _("Unknown chain: {chain}. Known chains: {known}").format(
                chain=name, known="、".join(known) or _("(none)")
            )
        )
    return found


def require_chain(db: Database, name: str) -> int:
    with db.transaction() as session:
        return chain_id_by_name(session, name)
