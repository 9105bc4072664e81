"""The chain's open targets valued by the gaps they would close (``chainchief targets``).

``ranked_targets`` is what ``chainchief targets`` calls; ``rank_chain_targets``
does the same inside a transaction the caller already holds (the agenda, the chief's brief), and
``rank_chains_targets`` for many chains at once (the meeting pack's 招商目标 and agendas).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from chainchief.domain.graph import ChainGraph
from chainchief.domain.ranking import RankedTarget, ValueWeights, rank_targets
from chainchief.domain.scenario import ScenarioChain
from chainchief.services.admin.settings import value_weights
from chainchief.services.chains.lists import chain_id_by_name
from chainchief.services.foresight.scenarios import (
    chain_targets,
    chains_targets,
    landing_states,
    load_state,
)
from chainchief.store.db import Database


@dataclass(frozen=True)
class ChainTargets:
    chain: str
    targets: tuple[RankedTarget, ...]


def rank_chain_targets(
    session: Session,
    chain_id: int,
    *,
    rank: bool = True,
    weights: ValueWeights | None = None,
    state: ScenarioChain | None = None,
) -> list[RankedTarget]:
    """The chain's open targets (储备 to 签约) with their value; by value, or by stage.

    ``state`` saves reloading the chain when the caller holds it (``scenarios.load_state``, or a
    partial one from ``scenarios.landing_states``)."""
    if state is None:
        state = load_state(session, chain_id)
    return rank_targets(
        state,
        chain_targets(session, chain_id),
        weights or value_weights(session),
        rank=rank,
    )


def rank_chains_targets(
    session: Session, graphs: Sequence[ChainGraph], *, rank: bool = True
) -> dict[int, list[RankedTarget]]:
    """``rank_chain_targets`` of every chain of ``graphs`` (as ``load_graphs`` read them), by
    chain id: a few queries for all of them, and of the memberships only those of the targets'
    firms on record, since landing a target changes only its own firm's segments."""
    targets = chains_targets(session, [graph.chain_id for graph in graphs])
    states = landing_states(session, graphs, targets)
    weights = value_weights(session)
    return {
        chain_id: rank_targets(states[chain_id], found, weights, rank=rank)
        for chain_id, found in targets.items()
    }


def ranked_targets(db: Database, chain: str, *, rank: bool = True) -> ChainTargets:
    """The named chain's open targets, the most valuable first (or by stage when not ``rank``)."""
    with db.transaction() as session:
        chain_id = chain_id_by_name(session, chain)
        ranked = rank_chain_targets(session, chain_id, rank=rank)
    return ChainTargets(chain=chain, targets=tuple(ranked))
