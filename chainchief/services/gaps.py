"""Gap analysis of stored chains (``chainchief gaps``, the map, the meeting workbook)."""

from __future__ import annotations

from sqlalchemy import select

from chainchief.domain.analysis import ChainAnalysis, analyse_chain
from chainchief.domain.errors import NotFoundError
from chainchief.i18n import _
from chainchief.services.graphs import load_graphs
from chainchief.store.db import Database
from chainchief.store.models import Chain


def analyse_chains(db: Database, chain: str | None = None) -> list[ChainAnalysis]:
    """The analysis of one named chain, or of every chain by name (code point)."""
    with db.transaction() as session:
        chain_ids = None
        if chain is not None:
            found = session.scalar(select(Chain.id).where(Chain.name == chain))
            if found is None:
                known = sorted(session.scalars(select(Chain.name)))
                raise NotFoundError(
                    _("Unknown chain: {chain}. Known chains: {known}").format(
                        chain=chain, known="、".join(known) or _("(none)")
                    )
                )
            chain_ids = [found]
        graphs = load_graphs(session, chain_ids)
    return [analyse_chain(graph) for graph in graphs]
