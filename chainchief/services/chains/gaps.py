"""Gap analysis of stored chains (``chainchief gaps``, the map, the meeting workbook)."""

from __future__ import annotations

from chainchief.domain.analysis import ChainAnalysis, analyse_chain
from chainchief.services.chains.graphs import load_graphs
from chainchief.services.chains.lists import chain_id_by_name
from chainchief.store.db import Database


def analyse_chains(db: Database, chain: str | None = None) -> list[ChainAnalysis]:
    """The analysis of one named chain, or of every chain by name (code point)."""
    with db.transaction() as session:
        chain_ids = None if chain is None else [chain_id_by_name(session, chain)]
        graphs = load_graphs(session, chain_ids)
    return [analyse_chain(graph) for graph in graphs]
