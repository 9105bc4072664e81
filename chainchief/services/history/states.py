"""Chains' states as they stand now, read from the store (``domain.history.ChainState``).

The one reader behind every snapshot (taken on demand, at a meeting, at a quarter's close) and
behind the "now" side of a comparison, so a stored state and a live one are built alike. All
chains are read with one query per table, so a city's closing snapshot is a handful of round
trips.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from chainchief.domain.analysis import analyse_chain
from chainchief.domain.enums import ActionStatus, Location, ProjectStage, Stage
from chainchief.domain.history import (
    ActionState,
    ChainState,
    IndicatorState,
    ProjectState,
    TargetState,
    chain_state,
)
from chainchief.services.actions.items import LightOf
from chainchief.services.chains.graphs import load_graphs
from chainchief.store.models import (
    ActionItem,
    Firm,
    Indicator,
    Membership,
    Project,
    Segment,
    Target,
)


def chain_states(
    session: Session, chain_ids: Iterable[int] | None, on: dt.date
) -> dict[int, ChainState]:
    """The state of the given chains (all when None) by chain id; lights as of ``on``.

    Reads what the database holds: changes not yet flushed are not part of it.
    """
    with session.no_autoflush:
        graphs = load_graphs(session, chain_ids)
        wanted = [graph.chain_id for graph in graphs]
        firms = _local_firms(session, wanted)
        targets = _targets(session, wanted)
        projects = _projects(session, wanted)
        indicators = _indicators(session, wanted)
        actions = _actions(session, wanted, on)
    return {
        graph.chain_id: chain_state(
            analyse_chain(graph),
            firms,
            targets[graph.chain_id],
            projects[graph.chain_id],
            indicators[graph.chain_id],
            actions[graph.chain_id],
        )
        for graph in graphs
    }


def _local_firms(session: Session, chain_ids: list[int]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = defaultdict(list)
    rows = session.execute(
        select(Membership.segment_id, Firm.name)
        .join(Firm, Firm.id == Membership.firm_id)
        .join(Segment, Segment.id == Membership.segment_id)
        .where(Firm.location == Location.IN_ZONE.value, Segment.chain_id.in_(chain_ids))
    )
    for segment_id, name in rows:
        found[segment_id].append(name)
    return found


def _targets(session: Session, chain_ids: list[int]) -> dict[int, list[TargetState]]:
    found: dict[int, list[TargetState]] = defaultdict(list)
    rows = session.execute(
        select(Segment.chain_id, Segment.name, Target.firm_name, Target.stage)
        .join(Segment, Segment.id == Target.segment_id)
        .where(Segment.chain_id.in_(chain_ids))
    )
    for chain_id, segment, firm, stage in rows:
        found[chain_id].append(TargetState(segment, firm, Stage(stage)))
    return found


def _projects(session: Session, chain_ids: list[int]) -> dict[int, list[ProjectState]]:
    found: dict[int, list[ProjectState]] = defaultdict(list)
    rows = session.execute(
        select(Project.chain_id, Project.name, Project.stage).where(Project.chain_id.in_(chain_ids))
    )
    for chain_id, name, stage in rows:
        found[chain_id].append(ProjectState(name, ProjectStage(stage)))
    return found


def _indicators(session: Session, chain_ids: list[int]) -> dict[int, list[IndicatorState]]:
    found: dict[int, list[IndicatorState]] = defaultdict(list)
    rows = session.execute(
        select(
            Indicator.chain_id,
            Indicator.name,
            Indicator.quarter,
            Indicator.target,
            Indicator.actual,
        ).where(Indicator.chain_id.in_(chain_ids))
    )
    for chain_id, name, quarter, target, actual in rows:
        found[chain_id].append(IndicatorState(name, quarter, target, actual))
    return found


def _actions(session: Session, chain_ids: list[int], on: dt.date) -> dict[int, list[ActionState]]:
    found: dict[int, list[ActionState]] = defaultdict(list)
    light_of = LightOf(session, on)
    rows = session.execute(
        select(
            ActionItem.id, ActionItem.chain_id, ActionItem.item, ActionItem.status, ActionItem.due
        ).where(ActionItem.chain_id.in_(chain_ids))
    )
    for action_id, chain_id, item, status, due in rows:
        code = ActionStatus(status)
        found[chain_id].append(ActionState(item, code, light_of(action_id, code, due)))
    return found
