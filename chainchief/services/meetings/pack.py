"""Gathering a quarter's meeting pack: what the workbook (``sheet``) and invitations (``ics``) show.

Everything is read in one transaction, with one query per table for all chains of the pack
rather than per chain, so a dozen chains with thousands of action items cost a few dozen round
trips. The result is plain values (``QuarterPack``); the writers never see the database.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from chainchief.domain.agenda import AgendaActionItem, AgendaItem
from chainchief.domain.analysis import ChainAnalysis, analyse_chain
from chainchief.domain.clock import today
from chainchief.domain.enums import MeetingKind, SegmentStatus
from chainchief.domain.problems import OpenItem, chain_problems
from chainchief.domain.quarters import Quarter
from chainchief.domain.ranking import RankedTarget
from chainchief.domain.settings import MEETING_COORDINATOR, MEETING_DEFAULT_PLACE
from chainchief.exchange.bulk import collector_paused
from chainchief.exchange.meeting_workbook_model import (
    ActionLine,
    AgendaSection,
    ChainFacts,
    ChainPack,
    GapLine,
    IndicatorLine,
    Invitee,
    MeetingInfo,
    QuarterPack,
)
from chainchief.services.admin.settings import read_setting
from chainchief.services.chains.graphs import load_graphs
from chainchief.services.chains.lists import chain_id_by_name
from chainchief.services.foresight.ranking import rank_chains_targets
from chainchief.services.history.changes import meeting_comparison
from chainchief.services.meetings.agenda import (
    KnownFacts,
    MeetingKey,
    carried_over_actions,
    meeting_agenda,
    previous_meeting_days,
)
from chainchief.services.meetings.pack_rows import (
    PackAction,
    by_value,
    chain_actions,
    chain_details,
    indicator_lines,
    key_firms,
    latest_notes,
    library_by_chain,
    project_lines,
    target_lines,
)
from chainchief.store.db import Database
from chainchief.store.models import Chain, Meeting, MeetingAttendee, Person


def quarter_pack(
    db: Database, quarter: Quarter, *, chain: str | None = None, on: dt.date | None = None
) -> QuarterPack:
    """The pack of ``quarter`` for every chain (or one named chain), as of ``on`` (today).

    The team-leads meeting joins the invitations only in a whole-city pack. The cyclic
    collector is paused while it reads: a city's pack holds ~10⁵ rows and scenario objects,
    and full collections walking them took a third of its time.
    """
    day = on or today()
    with collector_paused(), db.transaction() as session:
        chain_ids = None if chain is None else [chain_id_by_name(session, chain)]
        return read_pack(session, quarter, chain_ids, day)


def quarter_invitations(
    db: Database, quarter: Quarter, *, on: dt.date | None = None
) -> tuple[MeetingInfo, ...]:
    """The quarter's stored meetings with their agendas (``ics``): the pack's invitations
    without reading what only the workbook shows (firms, projects, notes, the library)."""
    day = on or today()
    with collector_paused(), db.transaction() as session:
        basis = agenda_basis(session, quarter, None)
        invitations = []
        for analysis in basis.analyses:
            _valued, info, _agenda = chain_agenda(session, basis, analysis, quarter, day)
            if info is not None:
                invitations.append(info)
        team_leads = team_leads_invitation(session, basis, quarter, day)
    if team_leads is not None:
        invitations.append(team_leads)
    return tuple(sorted(invitations, key=meeting_order))


@dataclass(frozen=True)
class AgendaBasis:
    """What the quarter's agendas are built from, read once for all chains of the pack."""

    analyses: list[ChainAnalysis]
    valued: dict[int, list[RankedTarget]]
    """Each chain's open targets by value (``rank_chains_targets``)."""
    meetings: dict[tuple[str, int | None], tuple[int, MeetingInfo]]
    default_place: str | None
    since: dict[int, dt.date]
    carried: dict[int, list[AgendaActionItem]]
    indicators: dict[int, list[IndicatorLine]]


def agenda_basis(session: Session, quarter: Quarter, chain_ids: list[int] | None) -> AgendaBasis:
    graphs = load_graphs(session, chain_ids)
    ids = [graph.chain_id for graph in graphs]
    default_place = read_setting(session, MEETING_DEFAULT_PLACE) or None
    return AgendaBasis(
        analyses=[analyse_chain(graph) for graph in graphs],
        valued=rank_chains_targets(session, graphs),
        meetings=meetings_of(
            session, quarter, default_place, read_setting(session, MEETING_COORDINATOR)
        ),
        default_place=default_place,
        since=previous_meeting_days(session, ids, quarter),
        carried=carried_over_actions(session, ids, before=quarter),
        indicators=indicator_lines(session, ids, quarter),
    )


def chain_agenda(
    session: Session, basis: AgendaBasis, analysis: ChainAnalysis, quarter: Quarter, on: dt.date
) -> tuple[list[RankedTarget], MeetingInfo | None, tuple[AgendaSection, ...]]:
    """The chain's open targets by value, its stored dispatch meeting (with the agenda) if
    any, and the agenda."""
    chain_id = analysis.chain_id
    stored = basis.meetings.get((MeetingKind.DISPATCH.value, chain_id))
    meeting_id, info = stored if stored else (None, None)
    key = MeetingKey(MeetingKind.DISPATCH, chain_id, quarter, meeting_id)
    valued = basis.valued[chain_id]
    known = KnownFacts(
        basis.analyses,
        valued,
        basis.indicators.get(chain_id, []),
        basis.carried,
        basis.since,
    )
    agenda = sections(meeting_agenda(session, key, on, known))
    return valued, replace(info, agenda=agenda) if info else None, agenda


def team_leads_invitation(
    session: Session, basis: AgendaBasis, quarter: Quarter, on: dt.date
) -> MeetingInfo | None:
    stored = basis.meetings.get((MeetingKind.TEAM_LEADS.value, None))
    if stored is None:
        return None
    meeting_id, info = stored
    key = MeetingKey(MeetingKind.TEAM_LEADS, None, quarter, meeting_id)
    agenda = sections(meeting_agenda(session, key, on, KnownFacts(basis.analyses)))
    return replace(info, agenda=agenda)


def read_pack(
    session: Session, quarter: Quarter, chain_ids: list[int] | None, on: dt.date
) -> QuarterPack:
    basis = agenda_basis(session, quarter, chain_ids)
    ids = [analysis.chain_id for analysis in basis.analyses]
    since, indicators = basis.since, basis.indicators
    actions = chain_actions(session, ids, on)
    notes = latest_notes(session, [row.id for rows in actions.values() for row in rows])
    details = chain_details(session, ids)
    firms = key_firms(session, ids)
    targets = target_lines(session, ids)
    projects = project_lines(session, ids)
    library = library_by_chain(session)
    chains: list[ChainPack] = []
    invitations: list[MeetingInfo] = []
    for analysis in basis.analyses:
        valued, info, agenda = chain_agenda(session, basis, analysis, quarter, on)
        rows = actions.get(analysis.chain_id, [])
        detail = details[analysis.chain_id]
        start = since.get(analysis.chain_id, quarter.previous.first_day)
        chains.append(
            ChainPack(
                chain=analysis.chain,
                chief=detail.chief,
                team_lead=detail.team_lead,
                meeting=info,
                default_place=basis.default_place,
                agenda=agenda,
                facts=_facts(analysis, detail.facts),
                gaps=gap_lines(analysis),
                key_firms=tuple(firms.get(analysis.chain_id, ())),
                targets=by_value(targets.get(analysis.chain_id, ()), valued),
                actions=tuple(_action_line(row, notes) for row in shown_actions(rows, start)),
                open_actions=sum(1 for row in rows if not row.status.is_closed),
                overdue_actions=sum(1 for row in rows if row.overdue),
                indicators=tuple(indicators.get(analysis.chain_id, ())),
                problems=chain_problems(
                    analysis,
                    [
                        OpenItem(row.item, row.department, row.owner, row.due)
                        for row in rows
                        if not row.status.is_closed
                    ],
                    detail.facts.lead_department,
                    {(r.target.segment, r.target.firm): r.value for r in valued},
                ),
                projects=tuple(projects.get(analysis.chain_id, ())),
                first_meeting=analysis.chain_id not in since,
                since_last=meeting_comparison(session, analysis.chain_id, quarter),
                library=library.get(analysis.chain, ()),
            )
        )
        if info is not None:
            invitations.append(info)
    team_leads = team_leads_invitation(session, basis, quarter, on) if chain_ids is None else None
    if team_leads is not None:
        invitations.append(team_leads)
    invitations.sort(key=meeting_order)
    return QuarterPack(
        quarter=quarter, made_on=on, chains=tuple(chains), meetings=tuple(invitations)
    )


def sections(items: list[AgendaItem]) -> tuple[AgendaSection, ...]:
    return tuple(AgendaSection(item.title, tuple(item.lines)) for item in items)


def meeting_order(meeting: MeetingInfo) -> tuple[dt.date, str, str, str]:
    """Invitations by date, start, kind, chain — the order of ``schedule --json``."""
    day = meeting.date or dt.date.max
    return (day, meeting.start or "", meeting.kind.value, meeting.chain or "")


def meetings_of(
    session: Session, quarter: Quarter, default_place: str | None, coordinator: str = ""
) -> dict[tuple[str, int | None], tuple[int, MeetingInfo]]:
    """The quarter's stored meetings by (kind, chain id), each with its id and people.

    The organizer of the invitations is the coordinator when one is set, else a dispatch
    meeting's team lead (DESIGN §6); the ICS writer falls back to the office.
    """
    chair, lead = aliased(Person), aliased(Person)
    rows = session.execute(
        select(Meeting, Chain.name, chair.name, chair.title, chair.email, lead.name, lead.email)
        .outerjoin(Chain, Chain.id == Meeting.chain_id)
        .outerjoin(chair, chair.id == Meeting.chair_id)
        .outerjoin(lead, lead.id == Chain.team_lead_id)
        .where(Meeting.quarter == str(quarter))
    ).all()
    organizer = None
    if coordinator:
        email = session.scalar(select(Person.email).where(Person.name == coordinator))
        organizer = Invitee(coordinator, None, email or None)
    attendees: dict[int, list[Invitee]] = defaultdict(list)
    for meeting_id, name, title, email in session.execute(
        select(MeetingAttendee.meeting_id, Person.name, Person.title, Person.email)
        .join(Person, Person.id == MeetingAttendee.person_id)
        .where(MeetingAttendee.meeting_id.in_([row[0].id for row in rows]))
        .order_by(Person.name)
    ):
        attendees[meeting_id].append(Invitee(name, title, email or None))
    found: dict[tuple[str, int | None], tuple[int, MeetingInfo]] = {}
    for meeting, chain, chair_name, chair_title, chair_email, lead_name, lead_email in rows:
        sender = organizer
        if sender is None and lead_name and meeting.kind == MeetingKind.DISPATCH.value:
            sender = Invitee(lead_name, None, lead_email or None)
        info = MeetingInfo(
            kind=MeetingKind(meeting.kind),
            chain=chain,
            quarter=quarter,
            date=meeting.date,
            start=meeting.start,
            end=meeting.end,
            place=meeting.place or default_place,
            chair=Invitee(chair_name, chair_title, chair_email or None) if chair_name else None,
            attendees=tuple(attendees.get(meeting.id, ())),
            sequence=meeting.sequence,
            organizer=sender,
        )
        found[(meeting.kind, meeting.chain_id)] = (meeting.id, info)
    return found


def shown_actions(rows: list[PackAction], since: dt.date) -> list[PackAction]:
    """Open items (overdue first, then by due date, undated last), then those closed since."""
    still_open = [row for row in rows if not row.status.is_closed]
    still_open.sort(key=lambda r: (not r.overdue, r.due is None, r.due or dt.date.max, r.item))
    closed = [
        row
        for row in rows
        if row.status.is_closed and row.closed_on is not None and row.closed_on >= since
    ]
    closed.sort(key=lambda r: (r.closed_on or dt.date.min, r.item))
    return still_open + closed


def _action_line(row: PackAction, notes: dict[int, str]) -> ActionLine:
    note = row.completion_note if row.status.is_closed else notes.get(row.id)
    return ActionLine(
        item=row.item,
        department=row.department,
        owner=row.owner,
        due=row.due,
        status=row.status,
        light=row.light,
        note=note or None,
        common_issue=row.common_issue,
        days_overdue=row.days_overdue,
        needs_chief=row.needs_chief,
    )


def gap_lines(analysis: ChainAnalysis) -> tuple[GapLine, ...]:
    """Missing and weak segments in chain order (tier, then name)."""
    return tuple(
        GapLine(
            segment=segment.name,
            tier=segment.tier,
            status=segment.status,
            key=segment.key,
            critical=segment.critical,
            chokepoint=segment.chokepoint,
            local_firms=segment.local_firms,
            candidates=tuple((target.firm, target.stage) for target in segment.fill_candidates),
        )
        for segment in analysis.segments
        if segment.status is not SegmentStatus.STRONG
    )


def _facts(analysis: ChainAnalysis, facts: ChainFacts) -> ChainFacts:
    return replace(
        facts,
        segments=len(analysis.segments),
        missing=analysis.count(SegmentStatus.MISSING),
        weak=analysis.count(SegmentStatus.WEAK),
        strong=analysis.count(SegmentStatus.STRONG),
        chokepoints=len(analysis.chokepoints),
        breakpoints=len(analysis.breakpoints),
        completeness=analysis.completeness,
        leading_coverage=analysis.leading_coverage,
        min_local_firms=analysis.min_local_firms,
    )
