"""The meeting pack's per-chain lists, each read for all chains of the pack in one query.

Key firms, targets, action items, indicators, people and departments, plus the latest progress
note of each action item. Separate from ``meeting_pack`` so each query and its grouping read on
their own.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from chainchief.domain.enums import (
    ActionStatus,
    Location,
    ProjectStage,
    Role,
    Stage,
    Tier,
)
from chainchief.domain.firm_figures import Source, last_quarters
from chainchief.domain.lights import Light, days_overdue
from chainchief.domain.quarters import Quarter
from chainchief.domain.ranking import RankedTarget
from chainchief.exchange.meeting_workbook_model import (
    ChainFacts,
    IndicatorLine,
    KeyFirm,
    LibraryFirm,
    ProjectLine,
    TargetLine,
)
from chainchief.services.actions.items import LightOf
from chainchief.services.registers.cultivation import library_rows
from chainchief.services.registers.figures import chains_figures_in
from chainchief.store.models import (
    ActionItem,
    Chain,
    ChainMember,
    ChainSupportingDepartment,
    Department,
    Firm,
    Indicator,
    Membership,
    Person,
    ProgressNote,
    Project,
    Segment,
    Target,
)

KEY_ROLES = (Role.LEADING, Role.CORE)
ROLL_UP_QUARTERS = 8
"""Quarters of firm figures read for the indicators: the last four and a year before them."""
TIER_RANK = {tier.value: tier.rank for tier in Tier}


@dataclass(frozen=True)
class ChainDetail:
    """Who leads a chain and its descriptive facts (figures are filled from the analysis)."""

    chief: str | None
    team_lead: str | None
    facts: ChainFacts


def chain_details(session: Session, chain_ids: list[int]) -> dict[int, ChainDetail]:
    chief, lead = aliased(Person), aliased(Person)
    members = _names_by_chain(
        session,
        select(ChainMember.chain_id, Person.name)
        .join(Person, Person.id == ChainMember.person_id)
        .where(ChainMember.chain_id.in_(chain_ids))
        .order_by(ChainMember.chain_id, ChainMember.position, Person.name),
    )
    supporting = _names_by_chain(
        session,
        select(ChainSupportingDepartment.chain_id, Department.name)
        .join(Department, Department.id == ChainSupportingDepartment.department_id)
        .where(ChainSupportingDepartment.chain_id.in_(chain_ids))
        .order_by(
            ChainSupportingDepartment.chain_id,
            ChainSupportingDepartment.position,
            Department.name,
        ),
    )
    projects: dict[int, dict[str, int]] = defaultdict(dict)
    for chain_id, stage, count in session.execute(
        select(Project.chain_id, Project.stage, func.count())
        .where(Project.chain_id.in_(chain_ids))
        .group_by(Project.chain_id, Project.stage)
    ):
        projects[chain_id][stage] = count
    rows = session.execute(
        select(Chain.id, Chain.description, chief.name, lead.name, Department.name)
        .outerjoin(chief, chief.id == Chain.chief_id)
        .outerjoin(lead, lead.id == Chain.team_lead_id)
        .outerjoin(Department, Department.id == Chain.lead_department_id)
        .where(Chain.id.in_(chain_ids))
    )
    details = {}
    for chain_id, description, chief_name, lead_name, department in rows:
        counts = projects.get(chain_id, {})
        facts = ChainFacts(
            description=description,
            min_local_firms=0,
            segments=0,
            missing=0,
            weak=0,
            strong=0,
            chokepoints=0,
            breakpoints=0,
            completeness=0.0,
            leading_coverage=0.0,
            lead_department=department,
            supporting_departments=tuple(supporting.get(chain_id, ())),
            team_members=tuple(members.get(chain_id, ())),
            projects=tuple(
                (stage.file_value, counts.get(stage.value, 0)) for stage in ProjectStage
            ),
        )
        details[chain_id] = ChainDetail(chief_name, lead_name, facts)
    return details


def _names_by_chain(session: Session, query: object) -> dict[int, list[str]]:
    found: dict[int, list[str]] = defaultdict(list)
    for chain_id, name in session.execute(query):  # type: ignore[call-overload]
        found[chain_id].append(name)
    return found


def key_firms(session: Session, chain_ids: list[int]) -> dict[int, list[KeyFirm]]:
    """In-zone firms that are 链主 or 骨干 in a segment: 链主 first, larger revenue first.

    Three plain reads joined here rather than one SQL join: the join walks memberships through
    the firm and segment indexes, row by row in no order of the table, and takes several times
    longer than scanning the key memberships once (measured on SQLite with 60,000 memberships:
    0.2 s against 0.05 s).
    """
    key_roles = [role.value for role in KEY_ROLES]
    segments = {
        segment_id: (chain_id, TIER_RANK[tier], name)
        for segment_id, chain_id, tier, name in session.execute(
            select(Segment.id, Segment.chain_id, Segment.tier, Segment.name).where(
                Segment.chain_id.in_(chain_ids)
            )
        )
    }
    firms = {
        row[0]: row
        for row in session.execute(
            select(Firm.id, Firm.name, Firm.tags, Firm.revenue, Firm.park).where(
                Firm.location == Location.IN_ZONE.value,
                Firm.id.in_(select(Membership.firm_id).where(Membership.role.in_(key_roles))),
            )
        )
    }
    grouped: dict[tuple[int, int], list[tuple[int, str, str, str | None]]] = defaultdict(list)
    for firm_id, segment_id, role, product in session.execute(
        select(Membership.firm_id, Membership.segment_id, Membership.role, Membership.product)
        .where(Membership.role.in_(key_roles))
        .order_by(Membership.id)
    ):
        segment = segments.get(segment_id)
        if segment is not None and firm_id in firms:
            chain_id, rank, name = segment
            grouped[(chain_id, firm_id)].append((rank, name, role, product))
    found: dict[int, list[KeyFirm]] = defaultdict(list)
    leading = Role.LEADING.value
    for (chain_id, firm_id), memberships in grouped.items():
        memberships.sort(key=lambda m: m[:2])
        _id, name, tags, revenue, park = firms[firm_id]
        found[chain_id].append(
            KeyFirm(
                name=name,
                role=Role.LEADING if any(m[2] == leading for m in memberships) else Role.CORE,
                segments=tuple(dict.fromkeys(m[1] for m in memberships)),
                tags=tuple(tags or ()),
                revenue=revenue,
                park=park,
                products=tuple(dict.fromkeys(m[3] for m in memberships if m[3])),
            )
        )
    for chain_firms in found.values():
        chain_firms.sort(key=lambda f: (f.role is not Role.LEADING, -(f.revenue or 0.0), f.name))
    return found


@dataclass(frozen=True, slots=True)
class PackAction:
    """An action item as the pack needs it, with its colour as of the day the pack is made."""

    id: int
    item: str
    department: str | None
    owner: str | None
    due: dt.date | None
    status: ActionStatus
    completion_note: str | None
    common_issue: bool
    closed_on: dt.date | None
    overdue: bool
    days_overdue: int
    light: Light | None
    needs_chief: bool = False


def chain_actions(
    session: Session, chain_ids: list[int], on: dt.date
) -> dict[int, list[PackAction]]:
    """Every action item of the chains, by chain id (plain columns: no ORM objects to build)."""
    owner = aliased(Person)
    statuses = {status.value: status for status in ActionStatus}
    light_of = LightOf(session, on)
    found: dict[int, list[PackAction]] = defaultdict(list)
    for row in session.execute(
        select(
            ActionItem.chain_id,
            ActionItem.id,
            ActionItem.item,
            Department.name,
            owner.name,
            ActionItem.due,
            ActionItem.status,
            ActionItem.completion_note,
            ActionItem.common_issue,
            ActionItem.closed_on,
            ActionItem.needs_chief,
        )
        .outerjoin(Department, Department.id == ActionItem.department_id)
        .outerjoin(owner, owner.id == ActionItem.owner_id)
        .where(ActionItem.chain_id.in_(chain_ids))
    ):
        chain_id, action_id, item, department, owner_name, due, status_code = row[:7]
        status = statuses[status_code]
        found[chain_id].append(
            PackAction(
                id=action_id,
                item=item,
                department=department,
                owner=owner_name,
                due=due,
                status=status,
                completion_note=row[7],
                common_issue=row[8],
                closed_on=row[9],
                overdue=days_overdue(due, status, on) > 0,
                days_overdue=days_overdue(due, status, on),
                light=light_of(action_id, status, due),
                needs_chief=row[10],
            )
        )
    return found


def target_lines(session: Session, chain_ids: list[int]) -> dict[int, list[TargetLine]]:
    """Each chain's targets by segment (chain order), then firm name."""
    rows = session.execute(
        select(
            Segment.chain_id,
            Segment.tier,
            Segment.name,
            Target.firm_name,
            Target.stage,
            Target.region,
            Person.name,
            Target.investment,
            Target.next_step,
        )
        .join(Segment, Segment.id == Target.segment_id)
        .outerjoin(Person, Person.id == Target.owner_id)
        .where(Segment.chain_id.in_(chain_ids))
    ).all()
    rows = sorted(rows, key=lambda r: (r[0], TIER_RANK[r[1]], r[2], r[3]))
    found: dict[int, list[TargetLine]] = defaultdict(list)
    for chain_id, _tier, segment, firm, stage, region, owner, investment, next_step in rows:
        found[chain_id].append(
            TargetLine(firm, segment, Stage(stage), region, owner, investment, next_step)
        )
    return found


def by_value(lines: Sequence[TargetLine], valued: Sequence[RankedTarget]) -> tuple[TargetLine, ...]:
    """Open targets the most valuable first, each with its value and why (issue 27); then the
    landed and dropped ones, as ``target_lines`` ordered them."""
    by_key = {(line.segment, line.firm): line for line in lines}
    ranked = [
        replace(
            by_key[(item.target.segment, item.target.firm)],
            value=item.value,
            reason=item.reason(),
        )
        for item in valued
        if (item.target.segment, item.target.firm) in by_key
    ]
    shown = {(line.segment, line.firm) for line in ranked}
    return (*ranked, *(line for line in lines if (line.segment, line.firm) not in shown))


def library_by_chain(session: Session) -> dict[str, tuple[LibraryFirm, ...]]:
    """The cultivation library's firms by each chain they serve (issue 22), 链主 tier first."""
    found: dict[str, list[LibraryFirm]] = defaultdict(list)
    for row in library_rows(session):
        firm = LibraryFirm(
            firm=row.firm,
            tier=row.tier,
            officer=row.officer,
            quarter=row.quarter,
            revenue=row.revenue,
            revenue_yoy=row.revenue_yoy,
            last_visit=row.last_visit,
            open_demands=row.open_demands,
            note=row.note,
        )
        for chain in row.chains:
            found[chain].append(firm)
    return {chain: tuple(firms) for chain, firms in found.items()}


def indicator_lines(
    session: Session, chain_ids: list[int], quarter: Quarter
) -> dict[int, list[IndicatorLine]]:
    """Per chain, the indicators of its latest reported quarter up to ``quarter``.

    The last quarter, not after ``quarter``, in which some indicator has an actual figure —
    entered, or summed from the chain's firms (``registers.chains_figures_in``: an entered figure
    wins, and the line says which it shows). Year-on-year compares with the same indicator one
    year earlier. The agenda reads the same lines (``agenda.indicator_figure``).
    """
    rows = session.execute(
        select(
            Indicator.chain_id,
            Indicator.quarter,
            Indicator.name,
            Indicator.target,
            Indicator.actual,
        ).where(Indicator.chain_id.in_(chain_ids), Indicator.quarter <= str(quarter))
    ).all()
    targets = {(chain_id, q, name): target for chain_id, q, name, target, _a in rows}
    actuals: dict[tuple[int, str, str], tuple[float | None, Source]] = {
        (chain_id, q, name): (actual, Source.ENTERED) for chain_id, q, name, _t, actual in rows
    }
    units: dict[tuple[int, str], str] = {}
    recent = last_quarters(str(quarter), ROLL_UP_QUARTERS)
    for chain_id, figures in chains_figures_in(session, chain_ids, recent).items():
        for figure in figures:
            key = (chain_id, figure.quarter, figure.indicator)
            if actuals.get(key, (None, Source.ENTERED))[0] is None:
                actuals[key] = (figure.value, figure.source)
            units[(chain_id, figure.indicator)] = figure.unit
    reported: dict[int, str] = {}
    for (chain_id, q, _name), (actual, _source) in actuals.items():
        if actual is not None:
            reported[chain_id] = max(reported.get(chain_id, q), q)
    found: dict[int, list[IndicatorLine]] = defaultdict(list)
    for chain_id, q, name in sorted(actuals, key=lambda key: (key[0], key[2])):
        if reported.get(chain_id) != q:
            continue
        period = Quarter.parse(q)
        last_year = str(Quarter(period.year - 1, period.number))
        actual, source = actuals[(chain_id, q, name)]
        unit = units.get((chain_id, name)) if (chain_id, q, name) not in targets else None
        found[chain_id].append(
            IndicatorLine(
                f"{name}({unit})" if unit else name,
                period,
                targets.get((chain_id, q, name)),
                actual,
                actuals.get((chain_id, last_year, name), (None, source))[0],
                source,
            )
        )
    return found


def latest_notes(session: Session, action_ids: Iterable[int]) -> dict[int, str]:
    """The newest progress note of each action item, dated (e.g. ``11月20日：已对接``)."""
    wanted = list(action_ids)
    notes: dict[int, tuple[dt.date, int, str]] = {}
    for index in range(0, len(wanted), 900):
        for action_id, day, note_id, text in session.execute(
            select(
                ProgressNote.action_id, ProgressNote.day, ProgressNote.id, ProgressNote.text
            ).where(ProgressNote.action_id.in_(wanted[index : index + 900]))
        ):
            if action_id not in notes or (day, note_id) > notes[action_id][:2]:
                notes[action_id] = (day, note_id, text)
    return {
        action_id: f"{day.month}月{day.day}日：{text}"
        for action_id, (day, _id, text) in notes.items()
    }


def project_lines(session: Session, chain_ids: list[int]) -> dict[int, list[ProjectLine]]:
    """Each chain's projects, the furthest along first (达产, 投产, 开工, 签约), then by name."""
    rank = {stage.value: index for index, stage in enumerate(reversed(list(ProjectStage)))}
    rows = session.execute(
        select(
            Project.chain_id,
            Project.name,
            Project.investor,
            Project.investment,
            Project.stage,
            Person.name,
            Project.planned_start,
            Project.actual_start,
            Project.planned_production,
            Project.actual_production,
            Project.issue,
        )
        .outerjoin(Person, Person.id == Project.owner_id)
        .where(Project.chain_id.in_(chain_ids))
    ).all()
    found: dict[int, list[ProjectLine]] = defaultdict(list)
    for row in sorted(rows, key=lambda r: (r[0], rank.get(r[4], 0), r[1])):
        chain_id, name, investor, investment, stage, owner = row[:6]
        planned_start, actual_start, planned_production, actual_production, issue = row[6:]
        found[chain_id].append(
            ProjectLine(
                name,
                investor,
                investment,
                ProjectStage(stage),
                owner,
                planned_start,
                actual_start,
                planned_production,
                actual_production,
                issue,
            )
        )
    return found
