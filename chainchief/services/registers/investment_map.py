"""The investment map (招商地图): targets counted by province, with chain and stage filters.

A target's province is the stored 省份, or else what its free-text 所在地区 names (targets
edited in the app before the columns existed still count); text naming no known place is
counted apart as unplaced, never guessed.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import select

from chainchief.domain.enums import Stage
from chainchief.domain.regions import normalise
from chainchief.store.db import Database
from chainchief.store.models import Chain, Segment, Target


@dataclass(frozen=True)
class MapTarget:
    chain: str
    segment: str
    firm: str
    region: str | None
    province: str | None
    city: str | None
    stage: Stage
    investment: float | None


@dataclass(frozen=True)
class InvestmentMap:
    targets: tuple[MapTarget, ...]

    @property
    def by_province(self) -> Counter[str]:
        return Counter(t.province for t in self.targets if t.province is not None)

    @property
    def unplaced(self) -> tuple[MapTarget, ...]:
        return tuple(t for t in self.targets if t.province is None)

    def of_province(self, province: str) -> list[MapTarget]:
        found = [t for t in self.targets if t.province == province]
        return sorted(found, key=lambda t: (t.city or "", t.chain, t.firm))


def investment_map(
    db: Database, chain: str | None = None, stages: frozenset[Stage] | None = None
) -> InvestmentMap:
    """Targets of ``chain`` (all chains when None) in ``stages`` (all when None)."""
    query = (
        select(Target, Chain.name, Segment.name)
        .join(Segment, Segment.id == Target.segment_id)
        .join(Chain, Chain.id == Segment.chain_id)
    )
    if chain is not None:
        query = query.where(Chain.name == chain)
    if stages is not None:
        query = query.where(Target.stage.in_([stage.value for stage in stages]))
    found = []
    with db.transaction() as session:
        for target, chain_name, segment in session.execute(query):
            province, city = target.province, target.city
            if province is None and city is None:
                origin = normalise(target.region)
                province, city = origin.province, origin.city
            found.append(
                MapTarget(
                    chain_name,
                    segment,
                    target.firm_name,
                    target.region,
                    province,
                    city,
                    Stage(target.stage),
                    target.investment,
                )
            )
    return InvestmentMap(tuple(found))
