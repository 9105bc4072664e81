"""What the chief's one-page brief shows (``chainchief brief``), gathered as plain values.

Two parts come from work other issues are building, each behind one function here so it can
be filled in without touching the rest:
- ``since_last_meeting``: the change of the three numbers since the last held meeting's
  snapshot (issue 21); without one it says 首次调度会 or 暂无上期数据;

``decisions_needed`` is the pack's 十、需链长协调事项 (``domain.coordination``): items flagged
需链长协调, projects with a 需协调问题, and the 问题清单 rows nobody answers for yet.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from chainchief.domain.analysis import ChainAnalysis, analyse_chain
from chainchief.domain.brief import BriefProblem, Cut, cut, ranked_problems
from chainchief.domain.clock import today
from chainchief.domain.coordination import FlaggedItem, ProjectIssue, coordination_lines
from chainchief.domain.enums import MeetingKind, MeetingStatus, Stage
from chainchief.domain.lights import Light
from chainchief.domain.problems import OpenItem, chain_problems
from chainchief.domain.quarters import Quarter
from chainchief.domain.ranking import RankedTarget
from chainchief.services.actions.items import ActionFilter, query_actions
from chainchief.services.chains.chain_map import ChainMap, build_map
from chainchief.services.chains.graphs import load_graphs
from chainchief.services.chains.lists import chain_id_by_name
from chainchief.services.foresight.ranking import rank_chain_targets
from chainchief.services.history.changes import meeting_before
from chainchief.services.meetings.pack_rows import chain_actions, chain_details, project_lines
from chainchief.store.db import Database
from chainchief.store.models import Chain, Meeting, Person, Segment, Target

TOP_PROBLEMS = 3
TOP_VISITS = 3
MAX_RED = 4
MAX_DECISIONS = 3
ADVANCED_STAGES = (Stage.NEGOTIATING.value, Stage.SIGNED.value, Stage.LANDED.value)
"""Targets "in 洽谈 or beyond": still negotiating, signed, or landed."""


@dataclass(frozen=True)
class SinceLastMeeting:
    """The three numbers' change since the last meeting, or why there is none."""

    note: str
    completeness: float | None = None
    advanced_targets: int | None = None
    red_items: int | None = None


@dataclass(frozen=True)
class RedItem:
    item: str
    department: str | None
    due: dt.date | None
    days_overdue: int
    extensions: int


@dataclass(frozen=True)
class ChainBrief:
    chain: str
    quarter: Quarter
    made_on: dt.date
    chief: str | None
    team_lead: str | None
    meeting: dt.date | None
    map: ChainMap
    completeness: float
    advanced_targets: int
    red_count: int
    since: SinceLastMeeting
    problems: Cut[BriefProblem]
    visits: Cut[RankedTarget]
    red: Cut[RedItem]
    decisions: Cut[str]


def chain_briefs(
    db: Database, quarter: Quarter, *, chain: str | None = None, on: dt.date | None = None
) -> list[ChainBrief]:
    """One brief per chain (or the named one), chains by name (code point)."""
    day = on or today()
    with db.transaction() as session:
        chain_ids = None if chain is None else [chain_id_by_name(session, chain)]
        return [
            chain_brief(session, graph_map, analysis, quarter, day)
            for graph_map, analysis in (
                (build_map(graph), analyse_chain(graph))
                for graph in load_graphs(session, chain_ids)
            )
        ]


def chain_brief(
    session: Session, chain_map: ChainMap, analysis: ChainAnalysis, quarter: Quarter, on: dt.date
) -> ChainBrief:
    chain_id = analysis.chain_id
    chief, lead = aliased(Person), aliased(Person)
    chief_name, lead_name = session.execute(
        select(chief.name, lead.name)
        .select_from(Chain)
        .outerjoin(chief, chief.id == Chain.chief_id)
        .outerjoin(lead, lead.id == Chain.team_lead_id)
        .where(Chain.id == chain_id)
    ).one()
    meeting = session.scalar(
        select(Meeting.date).where(
            Meeting.kind == MeetingKind.DISPATCH.value,
            Meeting.chain_id == chain_id,
            Meeting.quarter == str(quarter),
        )
    )
    advanced = session.scalar(
        select(func.count())
        .select_from(Target)
        .join(Segment, Segment.id == Target.segment_id)
        .where(Segment.chain_id == chain_id, Target.stage.in_(ADVANCED_STAGES))
    )
    red = red_items(session, analysis.chain, on)
    return ChainBrief(
        chain=analysis.chain,
        quarter=quarter,
        made_on=on,
        chief=chief_name,
        team_lead=lead_name,
        meeting=meeting,
        map=chain_map,
        completeness=analysis.completeness,
        advanced_targets=advanced or 0,
        red_count=len(red),
        since=since_last_meeting(
            session, chain_id, quarter, (analysis.completeness, advanced or 0, len(red))
        ),
        problems=cut(ranked_problems(analysis), TOP_PROBLEMS),
        visits=cut(rank_chain_targets(session, chain_id, rank=True), TOP_VISITS),
        red=cut(red, MAX_RED),
        decisions=cut(decisions_needed(session, analysis, on), MAX_DECISIONS),
    )


def since_last_meeting(
    session: Session, chain_id: int, quarter: Quarter, now: tuple[float, int, int]
) -> SinceLastMeeting:
    """The change of the three numbers (completeness, targets in 洽谈 or beyond, red items,
    as ``now`` gives them) since the snapshot of the chain's last held dispatch meeting."""
    held = meeting_before(session, chain_id, quarter)
    if held is None:
        return SinceLastMeeting(
            "暂无上期数据" if _held_before(session, chain_id, quarter) else "首次调度会"
        )
    state = held.state
    advanced = sum(1 for target in state.targets if target.stage.value in ADVANCED_STAGES)
    red = sum(1 for action in state.actions if action.light is Light.RED)
    completeness = float(Decimal(str(now[0])) - Decimal(str(state.completeness)))
    return SinceLastMeeting("", completeness, now[1] - advanced, now[2] - red)


def _held_before(session: Session, chain_id: int, quarter: Quarter) -> bool:
    """Whether a dispatch meeting of the chain was held before ``quarter`` (left no snapshot:
    it was held before snapshots existed)."""
    held_before = session.scalar(
        select(func.count())
        .select_from(Meeting)
        .where(
            Meeting.kind == MeetingKind.DISPATCH.value,
            Meeting.chain_id == chain_id,
            Meeting.status == MeetingStatus.HELD.value,
            Meeting.quarter < str(quarter),
        )
    )
    return bool(held_before)


def red_items(session: Session, chain: str, on: dt.date) -> list[RedItem]:
    """The chain's red-light items (DESIGN.md §6), longest overdue first, then by text."""
    rows = query_actions(session, ActionFilter(chain=chain, light=Light.RED), on)
    rows.sort(key=lambda row: (-row.days_overdue, -row.extensions, row.item))
    return [
        RedItem(row.item, row.department, row.due, row.days_overdue, row.extensions) for row in rows
    ]


def decisions_needed(session: Session, analysis: ChainAnalysis, on: dt.date) -> list[str]:
    """需链长协调事项: what only the chief can unblock, as the pack's section 十 lists it."""
    chain_id = analysis.chain_id
    actions = chain_actions(session, [chain_id], on).get(chain_id, [])
    still_open = [row for row in actions if not row.status.is_closed]
    detail = chain_details(session, [chain_id])[chain_id]
    problems = chain_problems(
        analysis,
        [OpenItem(row.item, row.department, row.owner, row.due) for row in still_open],
        detail.facts.lead_department,
    )
    lines = coordination_lines(
        [FlaggedItem(row.item, row.department) for row in still_open if row.needs_chief],
        [
            ProjectIssue(project.name, project.issue, project.owner)
            for project in project_lines(session, [chain_id]).get(chain_id, [])
            if project.issue
        ],
        problems,
    )
    return [f"{line.text}（{line.department}）" if line.department else line.text for line in lines]
