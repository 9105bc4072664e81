"""Meeting agendas from the database, and the edited agenda kept in AgendaEntry rows.

A meeting's agenda is built from the data (``domain.agenda``) until someone edits it; from then
on the stored entries are the agenda and the workbook and invitations show them as edited.
Open action items carry over by construction: every still-open item of the chain that was not
decided at this meeting or a later one is on the agenda, whichever meeting created it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, aliased

from chainchief.domain.agenda import AgendaActionItem as AgendaAction
from chainchief.domain.agenda import (
    AgendaItem,
    AgendaStageChange,
    ChainOverview,
    DispatchAgendaInput,
    FillCandidate,
    IndicatorFigure,
    SegmentConcern,
    ValuedTarget,
    build_dispatch_agenda,
    build_team_leads_agenda,
)
from chainchief.domain.analysis import ChainAnalysis, analyse_chain
from chainchief.domain.clock import today
from chainchief.domain.enums import ActionStatus, MeetingKind, MeetingStatus, Stage
from chainchief.domain.errors import NotFoundError, RuleViolation
from chainchief.domain.quarters import Quarter
from chainchief.domain.ranking import RankedTarget
from chainchief.domain.supervision import OPEN_STATUSES
from chainchief.exchange.meeting_workbook_model import IndicatorLine
from chainchief.i18n import _
from chainchief.services.actions.items import LightOf
from chainchief.services.admin import audit
from chainchief.services.admin.permissions import Permission, require
from chainchief.services.chains.graphs import load_graphs
from chainchief.services.foresight.ranking import rank_chain_targets
from chainchief.services.meetings.pack_rows import indicator_lines
from chainchief.store.db import Database
from chainchief.store.models import (
    ActionItem,
    AgendaEntry,
    Chain,
    Department,
    Meeting,
    Person,
    Segment,
    Target,
)
from chainchief.store.models import StageChange as StageChangeRow


@dataclass(frozen=True)
class MeetingKey:
    """Which meeting an agenda is for: its identity and, once stored, its id."""

    kind: MeetingKind
    chain_id: int | None
    quarter: Quarter
    meeting_id: int | None = None


def agenda_for(db: Database, meeting_id: int) -> list[AgendaItem]:
    """The meeting's agenda: the stored (edited) entries if any, else built from the data."""
    with db.transaction() as session:
        meeting = session.get(Meeting, meeting_id)
        if meeting is None:
            raise NotFoundError(_("This meeting no longer exists."))
        key = MeetingKey(
            MeetingKind(meeting.kind), meeting.chain_id, Quarter.parse(meeting.quarter), meeting.id
        )
        return meeting_agenda(session, key, today())


@dataclass(frozen=True)
class KnownFacts:
    """What the meeting pack has already worked out for the agenda: the chains' gap analyses,
    and for a dispatch meeting its chain's open targets by value and indicator lines (None:
    compute them here)."""

    analyses: Sequence[ChainAnalysis] = ()
    valued: Sequence[RankedTarget] | None = None
    indicators: Sequence[IndicatorLine] | None = None
    carried: Mapping[int, list[AgendaAction]] | None = None
    """Open items by chain, as ``carried_over_actions`` gives them for the meeting's quarter."""
    previous: Mapping[int, dt.date] | None = None
    """Each chain's last earlier dispatch meeting (``previous_meeting_days``)."""


def meeting_agenda(
    session: Session, key: MeetingKey, on: dt.date, known: KnownFacts | None = None
) -> list[AgendaItem]:
    """Stored entries when the meeting has some, else the agenda built as of ``on``."""
    stored = stored_agenda(session, key.meeting_id)
    if stored:
        return stored
    known = known or KnownFacts()
    if key.kind is MeetingKind.TEAM_LEADS:
        return build_team_leads_agenda(team_leads_overviews(session, known.analyses), on)
    if key.chain_id is None:
        raise ValueError("a dispatch meeting belongs to a chain")
    analysis = next((a for a in known.analyses if a.chain_id == key.chain_id), None)
    if analysis is None:
        analysis = analyse_chain(load_graphs(session, [key.chain_id])[0])
    valued = known.valued
    if valued is None:
        valued = rank_chain_targets(session, key.chain_id, rank=True)
    indicators = known.indicators
    if indicators is None:
        indicators = indicator_lines(session, [key.chain_id], key.quarter).get(key.chain_id, [])
    known = replace(known, valued=valued, indicators=indicators)
    return build_dispatch_agenda(dispatch_input(session, analysis, key, on, known))


def stored_agenda(session: Session, meeting_id: int | None) -> list[AgendaItem]:
    if meeting_id is None:
        return []
    rows = session.execute(
        select(AgendaEntry.section, AgendaEntry.title, AgendaEntry.body)
        .where(AgendaEntry.meeting_id == meeting_id)
        .order_by(AgendaEntry.position, AgendaEntry.id)
    )
    return [
        AgendaItem(section, title, [line for line in (body or "").split("\n") if line.strip()])
        for section, title, body in rows
    ]


def meeting_audit_key(session: Session, meeting: Meeting) -> str:
    """A meeting in the audit log: ``kind/chain name/quarter`` (the chain's name, not its id)."""
    chain = session.get(Chain, meeting.chain_id) if meeting.chain_id else None
    return f"{meeting.kind}/{chain.name if chain else ''}/{meeting.quarter}"


def save_agenda(db: Database, meeting_id: int, items: Sequence[AgendaItem], *, actor: str) -> None:
    """Keep ``items`` as the meeting's agenda (replacing any stored one); held meetings refuse."""
    with db.transaction() as session:
        meeting = _editable(session, meeting_id, actor)
        session.execute(delete(AgendaEntry).where(AgendaEntry.meeting_id == meeting.id))
        session.add_all(
            AgendaEntry(
                meeting_id=meeting.id,
                position=position,
                section=item.section,
                title=item.title.strip(),
                body="\n".join(line.strip() for line in item.lines if line.strip()) or None,
            )
            for position, item in enumerate(items)
        )
        audit.record(
            session,
            user=actor,
            action="edit",
            entity="agenda",
            key=meeting_audit_key(session, meeting),
            changes={"items": [None, [item.title for item in items]]},
        )


def reset_agenda(db: Database, meeting_id: int, *, actor: str) -> None:
    """Forget the edited agenda: from now on it is built from the data again."""
    with db.transaction() as session:
        meeting = _editable(session, meeting_id, actor)
        session.execute(delete(AgendaEntry).where(AgendaEntry.meeting_id == meeting.id))
        audit.record(
            session,
            user=actor,
            action="edit",
            entity="agenda",
            key=meeting_audit_key(session, meeting),
            changes={"items": ["edited", "built"]},
        )


def _editable(session: Session, meeting_id: int, actor: str) -> Meeting:
    """The meeting whose agenda changes; the team-leads meeting's is an admin's to change."""
    chain_id = session.execute(select(Meeting.chain_id).where(Meeting.id == meeting_id)).first()
    if chain_id is None:
        raise NotFoundError(_("This meeting no longer exists."))
    require(session, actor, Permission.EDIT_CHAIN, [chain_id[0]])
    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        raise NotFoundError(_("This meeting no longer exists."))
    if meeting.status == MeetingStatus.HELD.value:
        raise RuleViolation(_("The meeting was held; its agenda can no longer be changed."))
    return meeting


def previous_meeting_days(
    session: Session, chain_ids: Sequence[int], quarter: Quarter
) -> dict[int, dt.date]:
    """Each chain's latest dated dispatch meeting of an earlier quarter."""
    rows = session.execute(
        select(Meeting.chain_id, func.max(Meeting.date))
        .where(
            Meeting.kind == MeetingKind.DISPATCH.value,
            Meeting.chain_id.in_(list(chain_ids)),
            Meeting.quarter < str(quarter),
            Meeting.date.is_not(None),
        )
        .group_by(Meeting.chain_id)
    )
    return {chain_id: day for chain_id, day in rows if chain_id is not None and day is not None}


def dispatch_input(
    session: Session,
    analysis: ChainAnalysis,
    key: MeetingKey,
    on: dt.date,
    known: KnownFacts,
) -> DispatchAgendaInput:
    """What the agenda reviews; what ``known`` lacks is read for this chain alone."""
    chain_id = analysis.chain_id
    previous = known.previous
    if previous is None:
        previous = previous_meeting_days(session, [chain_id], key.quarter)
    carried = known.carried
    if carried is None:
        carried = carried_over_actions(session, [chain_id], before=key.quarter)
    since = previous.get(chain_id) or key.quarter.previous.first_day
    return DispatchAgendaInput(
        chain=analysis.chain,
        as_of=on,
        previous_meeting=since,
        first_meeting=chain_id not in previous,
        breakpoints=[(link.upstream, link.downstream) for link in analysis.breakpoints],
        actions=carried.get(chain_id, []),
        segments=[
            SegmentConcern(
                segment=segment.name,
                status=segment.status,
                chokepoint=segment.chokepoint,
                key=segment.key,
                fill_candidates=tuple(
                    FillCandidate(target.firm, target.stage) for target in segment.fill_candidates
                ),
            )
            for segment in analysis.segments
        ],
        stage_changes=stage_changes(session, analysis.chain_id, since),
        indicators=[indicator_figure(line) for line in known.indicators or ()],
        valued_targets=[valued_target(ranked) for ranked in known.valued or ()],
    )


def valued_target(ranked: RankedTarget) -> ValuedTarget:
    target = ranked.target
    return ValuedTarget(target.firm, target.segment, target.stage, ranked.value, ranked.reason())


def carried_over_actions(
    session: Session, chain_ids: Sequence[int], *, before: Quarter | None
) -> dict[int, list[AgendaAction]]:
    """Open items of each chain; with ``before``, not those decided in that quarter or later."""
    owner = aliased(Person)
    rows = session.execute(
        select(
            ActionItem.chain_id,
            ActionItem.id,
            Chain.name,
            ActionItem.item,
            Department.name,
            owner.name,
            ActionItem.due,
            ActionItem.status,
            ActionItem.common_issue,
            Meeting.quarter,
        )
        .join(Chain, Chain.id == ActionItem.chain_id)
        .outerjoin(Department, Department.id == ActionItem.department_id)
        .outerjoin(owner, owner.id == ActionItem.owner_id)
        .outerjoin(Meeting, Meeting.id == ActionItem.meeting_id)
        .where(
            ActionItem.chain_id.in_(list(chain_ids)),
            ActionItem.status.in_([status.value for status in OPEN_STATUSES]),
        )
    )
    light_of = LightOf(session, today())
    found: dict[int, list[AgendaAction]] = defaultdict(list)
    for (
        chain_id,
        action_id,
        chain,
        item,
        department,
        owner_name,
        due,
        code,
        common,
        decided,
    ) in rows:
        if before is not None and decided is not None and decided >= str(before):
            continue
        status = ActionStatus(code)
        found[chain_id].append(
            AgendaAction(
                item,
                department,
                owner_name,
                due,
                status,
                common,
                chain,
                light_of(action_id, status, due),
            )
        )
    return found


def stage_changes(session: Session, chain_id: int, since: dt.date) -> list[AgendaStageChange]:
    """Pipeline moves of the chain's targets on or after ``since``."""
    start = dt.datetime.combine(since, dt.time.min)
    rows = session.execute(
        select(
            Target.firm_name,
            Segment.name,
            StageChangeRow.from_stage,
            StageChangeRow.to_stage,
            StageChangeRow.changed_at,
        )
        .join(Target, Target.id == StageChangeRow.target_id)
        .join(Segment, Segment.id == Target.segment_id)
        .where(Segment.chain_id == chain_id, StageChangeRow.changed_at >= start)
    )
    return [
        AgendaStageChange(firm, segment, Stage(before) if before else None, Stage(after), at)
        for firm, segment, before, after, at in rows
        if at.date() >= since
    ]


def indicator_figure(line: IndicatorLine) -> IndicatorFigure:
    """An indicator line of the pack's 九、指标 (``pack_rows.indicator_lines``) as the agenda
    reviews it: a meeting looks at the figures that are in, entered or summed from firms."""
    return IndicatorFigure(
        line.name,
        line.quarter,
        _decimal(line.target),
        _decimal(line.actual),
        _decimal(line.last_year),
    )


def team_leads_overviews(
    session: Session, analyses: Sequence[ChainAnalysis] = ()
) -> list[ChainOverview]:
    """Every chain's line at the team-leads meeting, with its open items (common issues too)."""
    if not analyses:
        analyses = [analyse_chain(graph) for graph in load_graphs(session)]
    ids = [analysis.chain_id for analysis in analyses]
    actions = carried_over_actions(session, ids, before=None)
    return [
        ChainOverview(
            chain=analysis.chain,
            completeness=analysis.completeness,
            chokepoints=len(analysis.chokepoints),
            actions=actions.get(analysis.chain_id, []),
        )
        for analysis in analyses
    ]


def _decimal(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(value))
