"""What-if scenarios on a stored chain (``chainchief whatif``, the map's 模拟迁出/模拟落地).

Reads the chain once, resolves the names the user typed into firms and targets, and hands the
rest to ``domain.scenario``. Nothing is written: a scenario is a question, not an edit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from chainchief.domain.enums import Location, Role, Stage, Tier
from chainchief.domain.errors import NotFoundError, RuleViolation
from chainchief.domain.graph import ChainGraph
from chainchief.domain.risk import DepartureRisk, departure_risks
from chainchief.domain.scenario import (
    ChainTarget,
    LandTarget,
    RemoveFirm,
    ScenarioChain,
    ScenarioResult,
    Stake,
    Step,
    run_scenario,
)
from chainchief.i18n import _
from chainchief.services.chains.chain_map import ChainMap, build_map
from chainchief.services.chains.graphs import load_graphs
from chainchief.services.chains.lists import chain_id_by_name
from chainchief.store.db import Database
from chainchief.store.models import Chain, Firm, Membership, Segment, Target

SEGMENT_SEPARATOR = "@"


class StepKind(StrEnum):
    REMOVE_FIRM = "remove_firm"
    LAND_TARGET = "land_target"


@dataclass(frozen=True)
class StepRequest:
    """One step as the user named it: a firm's name (or USCC), or ``TARGET[@SEGMENT]``."""

    kind: StepKind
    name: str


def load_state(session: Session, chain_id: int, graph: ChainGraph | None = None) -> ScenarioChain:
    """The chain's graph (``graph`` when the caller has loaded it) and every membership of its
    segments, local or not."""
    if graph is None:
        (graph,) = load_graphs(session, [chain_id])
    return load_states(session, [graph])[chain_id]


def load_states(session: Session, graphs: Sequence[ChainGraph]) -> dict[int, ScenarioChain]:
    """``load_state`` of several chains: the memberships and firms are read whole and joined
    here. As for the pack's key firms, plain scans beat any restricted read: on a city (60,000
    memberships, 20,000 firms) the scans take 0.18 s where the same rows restricted to the
    chains' segments by a subquery take 0.5 s, and one join per chain 0.66 s for twelve."""
    chain_of = {segment_id: graph.chain_id for graph in graphs for segment_id in graph.names}
    memberships = [
        (firm_id, segment_id, role)
        for firm_id, segment_id, role in session.execute(
            select(Membership.firm_id, Membership.segment_id, Membership.role).order_by(
                Membership.id
            )
        )
        if segment_id in chain_of
    ]
    firms = {
        firm_id: (name, location == Location.IN_ZONE.value, revenue)
        for firm_id, name, location, revenue in session.execute(
            select(Firm.id, Firm.name, Firm.location, Firm.revenue)
        )
    }
    role_of = {role.value: role for role in Role}
    stakes: dict[int, list[Stake]] = {graph.chain_id: [] for graph in graphs}
    for firm_id, segment_id, role in memberships:
        name, in_zone, revenue = firms[firm_id]
        stakes[chain_of[segment_id]].append(
            Stake(firm_id, name, segment_id, role_of[role], in_zone, revenue)
        )
    return {
        graph.chain_id: ScenarioChain(graph=graph, stakes=tuple(stakes[graph.chain_id]))
        for graph in graphs
    }


def chain_targets(session: Session, chain_id: int) -> list[ChainTarget]:
    """The chain's targets, each with the firm of the same name (the lowest id if several)."""
    return chains_targets(session, [chain_id]).get(chain_id, [])


def chains_targets(session: Session, chain_ids: Sequence[int]) -> dict[int, list[ChainTarget]]:
    """``chain_targets`` of several chains, in two queries whatever their number."""
    rows = session.execute(
        select(
            Segment.chain_id,
            Target.id,
            Target.firm_name,
            Segment.id,
            Segment.name,
            Segment.tier,
            Target.stage,
        )
        .join(Segment, Segment.id == Target.segment_id)
        .where(Segment.chain_id.in_(chain_ids))
        .order_by(Target.id)
    ).all()
    firm_ids: dict[str, int] = {}
    for firm_id, name in session.execute(
        select(Firm.id, Firm.name)
        .where(Firm.name.in_(_target_names(chain_ids)))
        .order_by(Firm.id.desc())
    ):
        firm_ids[name] = firm_id
    found: dict[int, list[ChainTarget]] = {chain_id: [] for chain_id in chain_ids}
    for chain_id, target_id, firm, segment_id, segment, tier, stage in rows:
        found[chain_id].append(
            ChainTarget(
                target_id, firm, segment_id, segment, Tier(tier), Stage(stage), firm_ids.get(firm)
            )
        )
    return found


def _target_names(chain_ids: Sequence[int]) -> Select[str]:
    return (
        select(Target.firm_name)
        .join(Segment, Segment.id == Target.segment_id)
        .where(Segment.chain_id.in_(chain_ids))
    )


def landing_states(
    session: Session, graphs: Sequence[ChainGraph], targets: dict[int, list[ChainTarget]]
) -> dict[int, ScenarioChain]:
    """Partial states (``ScenarioChain.partial``) that land the chains' targets: the graphs
    as loaded, with the memberships of the firms named like a target and no others."""
    named = any(t.firm_id is not None for found in targets.values() for t in found)
    chain_of = {segment_id: graph.chain_id for graph in graphs for segment_id in graph.names}
    stakes: dict[int, list[Stake]] = {graph.chain_id: [] for graph in graphs}
    role_of = {role.value: role for role in Role}
    if named:
        for firm_id, segment_id, role, name, location, revenue in session.execute(
            select(
                Membership.firm_id,
                Membership.segment_id,
                Membership.role,
                Firm.name,
                Firm.location,
                Firm.revenue,
            )
            .join(Firm, Firm.id == Membership.firm_id)
            .where(Firm.name.in_(_target_names(list(targets))))
            .order_by(Membership.id)
        ):
            if segment_id in chain_of:
                stakes[chain_of[segment_id]].append(
                    Stake(
                        firm_id,
                        name,
                        segment_id,
                        role_of[role],
                        location == Location.IN_ZONE.value,
                        revenue,
                    )
                )
    return {
        graph.chain_id: ScenarioChain(graph, tuple(stakes[graph.chain_id]), partial=True)
        for graph in graphs
    }


def resolve_firm(session: Session, state: ScenarioChain, chain: str, name: str) -> RemoveFirm:
    """The firm called ``name`` (or with that USCC) that serves the chain."""
    firms = session.execute(
        select(Firm.id, Firm.name).where((Firm.name == name) | (Firm.uscc == name))
    ).all()
    if not firms:
        raise NotFoundError(_("Unknown firm: {firm}.").format(firm=name))
    serving = {stake.firm_id for stake in state.stakes}
    in_chain = [(firm_id, firm) for firm_id, firm in firms if firm_id in serving]
    if not in_chain:
        raise RuleViolation(
            _("{firm} serves no segment of the chain {chain}.").format(firm=name, chain=chain)
        )
    if len(in_chain) > 1:
        raise RuleViolation(
            _("Several firms of the chain {chain} are called {firm}: name one by its USCC.").format(
                chain=chain, firm=name
            )
        )
    firm_id, firm = in_chain[0]
    return RemoveFirm(firm_id=firm_id, firm=firm)


def resolve_target(targets: Sequence[ChainTarget], chain: str, text: str) -> ChainTarget:
    """The target ``NAME`` or ``NAME@SEGMENT``; a name targeted in several segments needs one."""
    found = [target for target in targets if target.firm == text]
    segment: str | None = None
    if not found and SEGMENT_SEPARATOR in text:
        name, segment = text.rsplit(SEGMENT_SEPARATOR, 1)
        found = [t for t in targets if t.firm == name and t.segment == segment]
        if not found:
            raise NotFoundError(
                _("{firm} is not a target of the segment {segment} in {chain}.").format(
                    firm=name, segment=segment, chain=chain
                )
            )
    if not found:
        raise NotFoundError(
            _("{firm} is not a target of the chain {chain}.").format(firm=text, chain=chain)
        )
    if len(found) > 1:
        raise RuleViolation(
            _(
                "{firm} is a target of several segments of {chain} ({segments}): "
                "name one as {firm}@SEGMENT."
            ).format(firm=text, chain=chain, segments="、".join(t.segment for t in found))
        )
    return found[0]


def resolve_steps(
    session: Session, chain_id: int, chain: str, requests: Sequence[StepRequest]
) -> tuple[ScenarioChain, list[Step]]:
    """The chain's state and the steps the names mean; every name is checked first."""
    state = load_state(session, chain_id)
    targets = chain_targets(session, chain_id)
    steps: list[Step] = [
        resolve_firm(session, state, chain, request.name)
        if request.kind is StepKind.REMOVE_FIRM
        else resolve_target(targets, chain, request.name).landing()
        for request in requests
    ]
    return state, steps


def whatif(db: Database, chain: str, requests: Sequence[StepRequest]) -> ScenarioResult:
    """The scenario's result for the named chain; every name is checked before anything runs."""
    with db.transaction() as session:
        chain_id = chain_id_by_name(session, chain)
        state, steps = resolve_steps(session, chain_id, chain, requests)
    return run_scenario(state, steps)


@dataclass(frozen=True)
class ScenarioPreview:
    """A scenario with the map of the chain as it would be, for the map's preview."""

    chain_id: int
    result: ScenarioResult
    map: ChainMap
    target_ids: tuple[int, ...]
    """The targets landed, by id (what 应用 converts into firms)."""
    target_versions: tuple[int, ...] = ()
    """Their versions when the preview was read, so 应用 refuses if someone changed one since."""


def preview_scenario(
    db: Database,
    chain_id: int,
    *,
    requests: Sequence[StepRequest] = (),
    remove_ids: Sequence[int] = (),
    land_ids: Sequence[int] = (),
) -> ScenarioPreview:
    """The scenario named by ``requests`` (names) or by firm and target ids, with its map."""
    with db.transaction() as session:
        chain = session.scalar(select(Chain.name).where(Chain.id == chain_id))
        if chain is None:
            raise NotFoundError(_("The chain no longer exists."))
        state, steps = resolve_steps(session, chain_id, chain, requests)
        targets = {target.target_id: target for target in chain_targets(session, chain_id)}
        names = {stake.firm_id: stake.firm for stake in state.stakes}
        for firm_id in remove_ids:
            if firm_id not in names:
                raise NotFoundError(_("That firm serves no segment of this chain any more."))
            steps.append(RemoveFirm(firm_id=firm_id, firm=names[firm_id]))
        for target_id in land_ids:
            if target_id not in targets:
                raise NotFoundError(_("That target is no longer in this chain."))
            steps.append(targets[target_id].landing())
        landed = [
            target.target_id
            for target in targets.values()
            for step in steps
            if isinstance(step, LandTarget)
            and (target.firm, target.segment_id) == (step.firm, step.segment_id)
        ]
        versions = dict(
            session.execute(select(Target.id, Target.version).where(Target.id.in_(landed))).all()
        )
    result = run_scenario(state, steps)
    return ScenarioPreview(
        chain_id=chain_id,
        result=result,
        map=build_map(result.edited),
        target_ids=tuple(landed),
        target_versions=tuple(versions[target_id] for target_id in landed),
    )


@dataclass(frozen=True)
class ChainRisks:
    chain_id: int
    chain: str
    risks: tuple[DepartureRisk, ...]


def chain_risks(db: Database) -> list[ChainRisks]:
    """Per chain (by name, code point), the leading firms whose departure would hurt it."""
    with db.transaction() as session:
        chains = session.execute(select(Chain.id, Chain.name)).all()
        states = {chain_id: load_state(session, chain_id) for chain_id, _name in chains}
    return [
        ChainRisks(chain_id, name, tuple(departure_risks(states[chain_id])))
        for chain_id, name in sorted(chains, key=lambda row: row.name)
    ]
