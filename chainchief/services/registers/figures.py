"""Firm figures per quarter: a chain's rolled-up indicators and the firm table's last quarters.

The meeting pack and the indicators page read a chain's 营业收入/税收 through
``chain_figures``; the rule itself (every in-zone member reported, an entered figure wins)
is ``domain.firm_figures.roll_up``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from chainchief.domain.enums import Location
from chainchief.domain.firm_figures import (
    FIGURE_FIELDS,
    ROLL_UPS,
    ChainFigure,
    last_quarters,
    roll_up,
    same_quarter_last_year,
    year_on_year,
)
from chainchief.store.db import Database
from chainchief.store.models import Chain, Firm, FirmFigure, Indicator, Membership, Segment


def chain_figures(db: Database, chain: str, quarters: list[str]) -> list[ChainFigure]:
    """The chain's roll-up indicators for ``quarters``, each marked 填报 or 汇总."""
    with db.transaction() as session:
        return chain_figures_in(session, chain, quarters)


def chain_figures_in(session: Session, chain: str, quarters: list[str]) -> list[ChainFigure]:
    """``chain_figures`` inside the caller's transaction (the pack gathers in one)."""
    chain_id = session.scalar(select(Chain.id).where(Chain.name == chain))
    if chain_id is None:
        return []
    return chains_figures_in(session, [chain_id], quarters).get(chain_id, [])


def chains_figures_in(
    session: Session, chain_ids: list[int], quarters: list[str]
) -> dict[int, list[ChainFigure]]:
    """Several chains' roll-up indicators for ``quarters`` at once, in three queries."""
    members: dict[int, set[int]] = {chain_id: set() for chain_id in chain_ids}
    in_chains = (
        select(Segment.chain_id, Membership.firm_id)
        .join(Segment, Segment.id == Membership.segment_id)
        .join(Firm, Firm.id == Membership.firm_id)
        .where(Segment.chain_id.in_(chain_ids), Firm.location == Location.IN_ZONE.value)
    )
    for chain_id, firm_id in session.execute(in_chains):
        members[chain_id].add(firm_id)
    names = [rule.indicator for rule in ROLL_UPS]
    entered: dict[int, dict[tuple[str, str], float | None]] = defaultdict(dict)
    for chain_id, quarter, name, actual in session.execute(
        select(Indicator.chain_id, Indicator.quarter, Indicator.name, Indicator.actual).where(
            Indicator.chain_id.in_(chain_ids),
            Indicator.name.in_(names),
            Indicator.quarter.in_(quarters),
        )
    ):
        entered[chain_id][(quarter, name)] = actual
    figures = _figures(session, in_chains.with_only_columns(Membership.firm_id), quarters)
    return {
        chain_id: roll_up(firms, figures, entered.get(chain_id, {}), quarters)
        for chain_id, firms in members.items()
    }


def _figures(
    session: Session, firms: Select[tuple[int]], quarters: list[str]
) -> dict[tuple[int, str], dict[str, float | int | None]]:
    """The figures of ``quarters`` of the firms ``firms`` selects."""
    table = FirmFigure.__table__
    query = select(table).where(table.c.quarter.in_(quarters), table.c.firm_id.in_(firms))
    return {
        (row["firm_id"], row["quarter"]): {name: row[name] for name in FIGURE_FIELDS}
        for row in session.execute(query).mappings()
    }


@dataclass(frozen=True)
class FirmFiguresRow:
    """A firm's revenue over the last four quarters (oldest first) and the latest one's YoY."""

    firm_id: int
    firm: str
    revenue: tuple[float | None, ...]
    tax: tuple[float | None, ...]
    revenue_yoy: float | None
    tax_yoy: float | None


def latest_figure_quarter(db: Database) -> str | None:
    with db.transaction() as session:
        quarters = session.scalars(select(FirmFigure.quarter).distinct()).all()
    return max(quarters) if quarters else None


def firm_figure_table(
    db: Database, latest: str, ids: Collection[int] | None = None
) -> tuple[list[str], list[FirmFiguresRow]]:
    """Every firm (or those of ``ids``) with a figure in the four quarters up to ``latest``:
    the firm table."""
    quarters = last_quarters(latest)
    wanted = [*quarters, same_quarter_last_year(latest)]
    by_firm: dict[int, dict[str, tuple[float | None, float | None]]] = defaultdict(dict)
    with db.transaction() as session:
        query = select(FirmFigure.firm_id, FirmFigure.quarter, FirmFigure.revenue, FirmFigure.tax)
        query = query.where(FirmFigure.quarter.in_(wanted))
        if ids is not None:
            query = query.where(FirmFigure.firm_id.in_(ids))
        for firm_id, quarter, quarter_revenue, quarter_tax in session.execute(query):
            by_firm[firm_id][quarter] = (quarter_revenue, quarter_tax)
        names = dict(session.execute(select(Firm.id, Firm.name).where(Firm.id.in_(by_firm))).all())
    rows = []
    for firm_id, figures in by_firm.items():
        if not any(quarter in figures for quarter in quarters):
            continue
        revenue = tuple(figures.get(q, (None, None))[0] for q in quarters)
        tax = tuple(figures.get(q, (None, None))[1] for q in quarters)
        before = figures.get(same_quarter_last_year(latest), (None, None))
        rows.append(
            FirmFiguresRow(
                firm_id,
                names[firm_id],
                revenue,
                tax,
                year_on_year(revenue[-1], before[0]),
                year_on_year(tax[-1], before[1]),
            )
        )
    rows.sort(key=lambda row: (-(row.revenue[-1] or 0), row.firm))
    return quarters, rows
