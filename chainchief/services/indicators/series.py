"""Indicators (指标) for the indicators page: each chain's quarterly series and a ranking.

Completion (actual / target) and year-on-year growth are defined once, on the meeting
workbook's ``IndicatorLine``, so the page, the ranking and the printed 指标 section agree. The
ranking compares chains on their latest reported quarter — the last one with some actual
figure — exactly as the workbook's 指标完成率 does.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select

from chainchief.domain.quarters import Quarter
from chainchief.exchange.meeting_workbook_model import IndicatorLine
from chainchief.store.db import Database
from chainchief.store.models import Chain, Indicator


@dataclass(frozen=True)
class IndicatorSeries:
    """One indicator of one chain, quarter by quarter (oldest first)."""

    chain: str
    name: str
    points: tuple[IndicatorLine, ...]


@dataclass(frozen=True)
class RankingRow:
    """A chain's standing; ranks start at 1, equal values share a rank, None sorts last."""

    chain: str
    quarter: str | None
    completion: float | None
    growth: float | None
    completion_rank: int | None
    growth_rank: int | None


Figures = dict[tuple[str, str, str], tuple[float | None, float | None]]
"""(chain, quarter, indicator) → (target, actual)."""


def _figures(db: Database, chain: str | None = None) -> Figures:
    query = select(
        Chain.name, Indicator.quarter, Indicator.name, Indicator.target, Indicator.actual
    )
    query = query.join(Chain, Chain.id == Indicator.chain_id)
    if chain is not None:
        query = query.where(Chain.name == chain)
    with db.transaction() as session:
        return {
            (chain_name, quarter, name): (target, actual)
            for chain_name, quarter, name, target, actual in session.execute(query)
        }


def _line(figures: Figures, chain: str, quarter: str, name: str) -> IndicatorLine:
    period = Quarter.parse(quarter)
    target, actual = figures[(chain, quarter, name)]
    last_year = figures.get((chain, str(Quarter(period.year - 1, period.number)), name))
    return IndicatorLine(name, period, target, actual, last_year[1] if last_year else None)


def chain_indicators(db: Database, chain: str) -> list[IndicatorSeries]:
    """The chain's indicators by name (code point), each with every stored quarter."""
    figures = _figures(db, chain)
    quarters: dict[str, list[str]] = defaultdict(list)
    for _chain, quarter, name in figures:
        quarters[name].append(quarter)
    return [
        IndicatorSeries(
            chain, name, tuple(_line(figures, chain, q, name) for q in sorted(quarters[name]))
        )
        for name in sorted(quarters)
    ]


def indicator_names(db: Database) -> list[str]:
    with db.transaction() as session:
        return sorted(set(session.scalars(select(Indicator.name))))


def rank_chains(
    db: Database, *, indicator: str | None = None, up_to: Quarter | None = None
) -> list[RankingRow]:
    """Every chain with indicators, ranked by completion and by year-on-year growth.

    Both are taken on the chain's latest reported quarter (up to ``up_to``): completion is the
    mean over its indicators that have a target, growth the mean over those with last year's
    figure — or, with ``indicator``, that one indicator's values. Rows come best completion
    first, then by chain name.
    """
    figures = _figures(db)
    reported: dict[str, str] = {}
    for (chain, quarter, _name), (_target, actual) in figures.items():
        if actual is None or (up_to is not None and quarter > str(up_to)):
            continue
        reported[chain] = max(reported.get(chain, quarter), quarter)
    chains = sorted({chain for chain, _quarter, _name in figures})
    scores: dict[str, tuple[float | None, float | None]] = {}
    for chain in chains:
        latest = reported.get(chain)
        lines = [
            _line(figures, chain, q, name)
            for (c, q, name) in figures
            if c == chain and q == latest and (indicator is None or name == indicator)
        ]
        scores[chain] = (
            _mean([line.completion for line in lines]),
            _mean([line.growth for line in lines]),
        )
    completion_ranks = competition_ranks({chain: score[0] for chain, score in scores.items()})
    growth_ranks = competition_ranks({chain: score[1] for chain, score in scores.items()})
    rows = [
        RankingRow(
            chain,
            reported.get(chain),
            scores[chain][0],
            scores[chain][1],
            completion_ranks.get(chain),
            growth_ranks.get(chain),
        )
        for chain in chains
    ]
    rows.sort(key=lambda row: (row.completion_rank is None, row.completion_rank or 0, row.chain))
    return rows


def _mean(values: list[float | None]) -> float | None:
    known = [value for value in values if value is not None]
    return sum(known) / len(known) if known else None


def competition_ranks(values: dict[str, float | None]) -> dict[str, int]:
    """Competition ranking (1, 2, 2, 4), highest value first; chains without a value get none."""
    ordered = sorted((value for value in values.values() if value is not None), reverse=True)
    return {chain: ordered.index(value) + 1 for chain, value in values.items() if value is not None}
