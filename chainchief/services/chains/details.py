"""The chain map's inspector and search: a segment's firms, targets and open action items.

Values only, read in one short transaction each; the card's own figures (status, chokepoint,
fill candidates) come with ``chain_map`` so the inspector and the card never disagree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from chainchief.domain.clock import today
from chainchief.domain.enums import ActionStatus, Location, Role, Stage
from chainchief.domain.errors import NotFoundError
from chainchief.domain.lights import Light
from chainchief.domain.supervision import OPEN_STATUSES
from chainchief.i18n import _
from chainchief.services.actions.items import LightOf
from chainchief.store.db import Database
from chainchief.store.models import (
    ActionItem,
    Chain,
    Department,
    Firm,
    Membership,
    Person,
    Segment,
    Target,
)


@dataclass(frozen=True)
class FirmInSegment:
    name: str
    location: Location
    role: Role
    tags: tuple[str, ...]
    product: str | None


@dataclass(frozen=True)
class TargetInSegment:
    firm: str
    stage: Stage
    owner: str | None
    region: str | None
    next_step: str | None


@dataclass(frozen=True)
class ActionMention:
    item: str
    status: ActionStatus
    department: str | None
    owner: str | None
    due: dt.date | None
    light: Light | None = None


@dataclass(frozen=True)
class SegmentDetails:
    """The inspector's content besides the card's own figures (those come with the map)."""

    segment_id: int
    chain_id: int
    description: str | None
    local_firms: tuple[FirmInSegment, ...]
    other_firms: tuple[FirmInSegment, ...]
    targets: tuple[TargetInSegment, ...]
    open_actions: tuple[ActionMention, ...]


ROLE_ORDER = {Role.LEADING: 0, Role.CORE: 1, Role.SUPPORTING: 2}
STAGE_ORDER = {stage: index for index, stage in enumerate(reversed(list(Stage)))}


def segment_details(db: Database, segment_id: int) -> SegmentDetails:
    """Firms by role then name, targets by stage (most advanced first), open mentioning items."""
    with db.transaction() as session:
        segment = session.get(Segment, segment_id)
        if segment is None:
            raise NotFoundError(_("The segment no longer exists."))
        firms = _firms_of(session, segment_id)
        return SegmentDetails(
            segment_id=segment_id,
            chain_id=segment.chain_id,
            description=segment.description,
            local_firms=tuple(f for f in firms if f.location is Location.IN_ZONE),
            other_firms=tuple(f for f in firms if f.location is not Location.IN_ZONE),
            targets=_targets_of(session, segment_id),
            open_actions=_actions_mentioning(session, segment.chain_id, segment.name),
        )


def _firms_of(session: Session, segment_id: int) -> list[FirmInSegment]:
    rows = session.execute(
        select(Firm.name, Firm.location, Firm.tags, Membership.role, Membership.product)
        .join(Membership, Membership.firm_id == Firm.id)
        .where(Membership.segment_id == segment_id)
    )
    firms = [
        FirmInSegment(name, Location(location), Role(role), tuple(tags or ()), product)
        for name, location, tags, role, product in rows
    ]
    return sorted(firms, key=lambda f: (ROLE_ORDER[f.role], f.name))


def _targets_of(session: Session, segment_id: int) -> tuple[TargetInSegment, ...]:
    rows = session.execute(
        select(Target.firm_name, Target.stage, Person.name, Target.region, Target.next_step)
        .outerjoin(Person, Person.id == Target.owner_id)
        .where(Target.segment_id == segment_id)
    )
    targets = [
        TargetInSegment(firm, Stage(stage), owner, region, next_step)
        for firm, stage, owner, region, next_step in rows
    ]
    return tuple(sorted(targets, key=lambda t: (STAGE_ORDER[t.stage], t.firm)))


def _actions_mentioning(session: Session, chain_id: int, name: str) -> tuple[ActionMention, ...]:
    owner = aliased(Person)
    rows = session.execute(
        select(
            ActionItem.id,
            ActionItem.item,
            ActionItem.status,
            Department.name,
            owner.name,
            ActionItem.due,
        )
        .outerjoin(Department, Department.id == ActionItem.department_id)
        .outerjoin(owner, owner.id == ActionItem.owner_id)
        .where(
            ActionItem.chain_id == chain_id,
            ActionItem.status.in_([status.value for status in OPEN_STATUSES]),
            ActionItem.item.contains(name, autoescape=True),
        )
    )
    light_of = LightOf(session, today())
    mentions = [
        ActionMention(
            item,
            ActionStatus(code),
            department,
            owner_name,
            due,
            light_of(action_id, ActionStatus(code), due),
        )
        for action_id, item, code, department, owner_name, due in rows
    ]
    return tuple(sorted(mentions, key=lambda a: (a.due is None, a.due or dt.date.min, a.item)))


@dataclass(frozen=True)
class SearchHit:
    """A segment found by its own name or by a firm (local or target) that serves it."""

    chain_id: int
    chain: str
    segment_id: int
    segment: str
    firm: str | None


def search_map(db: Database, text: str, limit: int = 50) -> list[SearchHit]:
    """Segments whose name, or whose firms' or targets' names, contain ``text``."""
    needle = text.strip()
    if not needle:
        return []
    with db.transaction() as session:
        base = select(Chain.id, Chain.name, Segment.id, Segment.name).join(
            Chain, Chain.id == Segment.chain_id
        )
        by_segment = session.execute(
            base.where(Segment.name.icontains(needle, autoescape=True))
        ).all()
        by_firm = session.execute(
            base.add_columns(Firm.name)
            .join(Membership, Membership.segment_id == Segment.id)
            .join(Firm, Firm.id == Membership.firm_id)
            .where(Firm.name.icontains(needle, autoescape=True))
        ).all()
        by_target = session.execute(
            base.add_columns(Target.firm_name)
            .join(Target, Target.segment_id == Segment.id)
            .where(Target.firm_name.icontains(needle, autoescape=True))
        ).all()
    hits = [SearchHit(*row, firm=None) for row in by_segment]
    firm_hits = {
        SearchHit(c_id, chain, s_id, segment, firm)
        for c_id, chain, s_id, segment, firm in (*by_firm, *by_target)
    }
    hits.sort(key=lambda h: (h.segment, h.chain))
    ordered = hits + sorted(firm_hits, key=lambda h: (h.firm or "", h.chain, h.segment))
    return ordered[:limit]
