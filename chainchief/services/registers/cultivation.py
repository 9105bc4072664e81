"""The leading-firm cultivation library (龙头企业培育库) and its visits, as the pages show them.

The library is zone-wide; a firm's chains come from its memberships. Each library row carries
what a chain chief asks about a cultivated firm: its revenue growth over the same quarter a
year before, when it was last visited and how many of its demands are still open.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from chainchief.domain.enums import ActionStatus, CultivationTier
from chainchief.domain.errors import NotFoundError, RuleViolation
from chainchief.domain.firm_figures import same_quarter_last_year, year_on_year
from chainchief.i18n import _
from chainchief.services.actions.items import Resolution, create_action
from chainchief.services.registers.visit_actions import action_text, firm_chain
from chainchief.store.conflicts import writer_stamp
from chainchief.store.db import Database
from chainchief.store.models import (
    ActionItem,
    Chain,
    CultivatedFirm,
    Firm,
    FirmFigure,
    Membership,
    Person,
    Segment,
    Visit,
    VisitVisitor,
    table_of,
)


@dataclass(frozen=True)
class LibraryRow:
    id: int
    """The library entry's (edits and undo name it with ``version``)."""
    version: int
    firm_id: int
    firm: str
    tier: CultivationTier
    officer: str | None
    since: dt.date | None
    chains: tuple[str, ...]
    quarter: str | None
    revenue: float | None
    revenue_yoy: float | None
    last_visit: dt.date | None
    open_demands: int
    note: str | None


@dataclass(frozen=True)
class VisitRow:
    id: int
    version: int
    firm: str
    day: dt.date
    visitors: tuple[str, ...]
    content: str | None
    demand: str | None
    escalate: bool
    action: str | None
    action_status: ActionStatus | None


def _firm_chains(session: Session) -> dict[int, list[str]]:
    """The chains of the library's firms (only theirs: a city has 60,000 memberships)."""
    query = (
        select(Membership.firm_id, Chain.name)
        .join(Segment, Segment.id == Membership.segment_id)
        .join(Chain, Chain.id == Segment.chain_id)
        .where(Membership.firm_id.in_(select(CultivatedFirm.firm_id)))
        .distinct()
    )
    chains: dict[int, list[str]] = defaultdict(list)
    for firm_id, chain in session.execute(query):
        chains[firm_id].append(chain)
    return chains


def _open_demands(session: Session) -> dict[int, int]:
    query = select(Visit.firm_id, ActionItem.status).join(
        ActionItem, ActionItem.id == Visit.action_id
    )
    counts: dict[int, int] = defaultdict(int)
    for firm_id, status in session.execute(query):
        if not ActionStatus(status).is_closed:
            counts[firm_id] += 1
    return counts


def _latest_revenue(session: Session) -> dict[int, tuple[str, float | None, float | None]]:
    """firm → (latest quarter with a figure, its revenue, YoY)."""
    figures: dict[int, dict[str, float | None]] = defaultdict(dict)
    query = select(FirmFigure.firm_id, FirmFigure.quarter, FirmFigure.revenue)
    for firm_id, quarter, revenue in session.execute(query):
        figures[firm_id][quarter] = revenue
    found = {}
    for firm_id, by_quarter in figures.items():
        latest = max(by_quarter)
        before = by_quarter.get(same_quarter_last_year(latest))
        found[firm_id] = (latest, by_quarter[latest], year_on_year(by_quarter[latest], before))
    return found


def list_library(db: Database, chain: str | None = None) -> list[LibraryRow]:
    """The library (only firms serving ``chain`` when given), 链主 first, then by name."""
    with db.transaction() as session:
        return library_rows(session, chain)


def library_rows(session: Session, chain: str | None = None) -> list[LibraryRow]:
    """``list_library`` inside the caller's transaction (the meeting pack gathers in one)."""
    chains = _firm_chains(session)
    demands = _open_demands(session)
    revenue = _latest_revenue(session)
    last_visits = dict(session.execute(select(Visit.firm_id, Visit.day).order_by(Visit.day)).all())
    query = (
        select(CultivatedFirm, Firm.name, Person.name)
        .join(Firm, Firm.id == CultivatedFirm.firm_id)
        .outerjoin(Person, Person.id == CultivatedFirm.officer_id)
    )
    rows = []
    for entry, firm, officer in session.execute(query):
        if chain is not None and chain not in chains.get(entry.firm_id, []):
            continue
        quarter, value, growth = revenue.get(entry.firm_id, (None, None, None))
        rows.append(
            LibraryRow(
                id=entry.id,
                version=entry.version,
                firm_id=entry.firm_id,
                firm=firm,
                tier=CultivationTier(entry.tier),
                officer=officer,
                since=entry.since,
                chains=tuple(sorted(chains.get(entry.firm_id, []))),
                quarter=quarter,
                revenue=value,
                revenue_yoy=growth,
                last_visit=last_visits.get(entry.firm_id),
                open_demands=demands.get(entry.firm_id, 0),
                note=entry.note,
            )
        )
    order = list(CultivationTier)
    return sorted(rows, key=lambda row: (order.index(row.tier), row.firm))


def list_visits(db: Database) -> list[VisitRow]:
    """Every visit, latest first."""
    with db.transaction() as session:
        visitors: dict[int, list[str]] = defaultdict(list)
        query = (
            select(VisitVisitor.visit_id, Person.name)
            .join(Person, Person.id == VisitVisitor.person_id)
            .order_by(VisitVisitor.visit_id, VisitVisitor.position)
        )
        for visit_id, name in session.execute(query):
            visitors[visit_id].append(name)
        visits = (
            select(Visit, Firm.name, ActionItem.item, ActionItem.status)
            .join(Firm, Firm.id == Visit.firm_id)
            .outerjoin(ActionItem, ActionItem.id == Visit.action_id)
        )
        rows = [
            VisitRow(
                id=visit.id,
                version=visit.version,
                firm=firm,
                day=visit.day,
                visitors=tuple(visitors.get(visit.id, [])),
                content=visit.content,
                demand=visit.demand,
                escalate=visit.escalate,
                action=item,
                action_status=ActionStatus(status) if status else None,
            )
            for visit, firm, item, status in session.execute(visits)
        ]
    return sorted(rows, key=lambda row: (row.day, row.firm), reverse=True)


def escalate_visit(db: Database, visit_id: int, *, actor: str) -> int:
    """Pass a visit's demand on as an action item of the firm's chain (转督办), in one step.

    The item is made by the action-item service, as every new item is, then linked back to
    the visit; a visit already passed on is refused, so the item exists once.
    """
    with db.transaction() as session:
        visit = session.get(Visit, visit_id)
        if visit is None:
            raise NotFoundError(_("This visit no longer exists."))
        if visit.action_id is not None:
            raise RuleViolation(_("This visit's demand is already an action item."))
        if not (visit.demand or "").strip():
            raise RuleViolation(_("Passing a visit on as an action item needs the firm's demand"))
        firm = session.get(Firm, visit.firm_id)
        chain_id = firm_chain(session, visit.firm_id)
        if firm is None or chain_id is None:
            raise RuleViolation(
                _(
                    "{firm} belongs to no chain, so its demand has no chain to be followed up in"
                ).format(firm=firm.name if firm else "")
            )
        chain = session.get(Chain, chain_id)
        first = session.scalar(
            select(Person.name)
            .join(VisitVisitor, VisitVisitor.person_id == Person.id)
            .where(VisitVisitor.visit_id == visit_id)
            .order_by(VisitVisitor.position)
            .limit(1)
        )
        text = action_text(firm.name, visit.demand or "")
        chain_name = chain.name if chain else ""
    action_id = create_action(db, chain_name, Resolution(item=text, owner=first), actor=actor)
    with db.transaction() as session:
        session.execute(
            update(table_of(Visit))
            .where(table_of(Visit).c.id == visit_id)
            .values(action_id=action_id, escalate=True, **writer_stamp(session, actor))
        )
    return action_id
