"""What the quarterly meeting pack is made of: plain values the workbook and ICS writers read.

A service gathers these from the database in one transaction; the writers never see the store,
so the same pack can be written to a workbook, to invitations, or checked in a test without a
database. Texts are Chinese where they reach paper (headings, stage words), as DESIGN.md §3
wants for every file written for people.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from chainchief.domain.enums import (
    ActionStatus,
    CultivationTier,
    MeetingKind,
    ProjectStage,
    Role,
    SegmentStatus,
    Stage,
    Tier,
)
from chainchief.domain.firm_figures import Source
from chainchief.domain.lights import Light
from chainchief.domain.problems import Problem
from chainchief.domain.quarters import Quarter

TO_BE_DECIDED = "待定"
PIPELINE_STAGES: tuple[Stage, ...] = tuple(stage for stage in Stage if stage is not Stage.DROPPED)


@dataclass(frozen=True)
class Invitee:
    """A person invited to a meeting; ``email`` is what a calendar can address."""

    name: str
    title: str | None = None
    email: str | None = None


@dataclass(frozen=True)
class AgendaSection:
    """One agenda point: its Chinese heading and the lines to discuss under it."""

    heading: str
    lines: tuple[str, ...] = ()


@dataclass(frozen=True)
class MeetingInfo:
    """A stored meeting as invitations and workbooks show it.

    ``place`` is already resolved (stored place, else the default-place setting, else None for
    待定); ``sequence`` is the count of moves, which calendars use to replace older copies.
    """

    kind: MeetingKind
    chain: str | None
    quarter: Quarter
    date: dt.date | None
    start: str | None
    end: str | None
    place: str | None
    chair: Invitee | None
    attendees: tuple[Invitee, ...]
    sequence: int
    agenda: tuple[AgendaSection, ...] = ()
    organizer: Invitee | None = None
    """Who sends the invitation: the coordinator, else a dispatch meeting's team lead; None
    leaves it to 链长制工作办公室."""

    @property
    def title(self) -> str:
        """The meeting's Chinese name, e.g. 新能源汽车产业链2026年第二季度链长调度会."""
        if self.kind is MeetingKind.TEAM_LEADS or self.chain is None:
            return f"{self.quarter.chinese}{MeetingKind.TEAM_LEADS.file_value}"
        return f"{chain_title(self.chain)}{self.quarter.chinese}{MeetingKind.DISPATCH.file_value}"


@dataclass(frozen=True)
class GapLine:
    """A missing or weak segment with what could fill it (firm and stage word)."""

    segment: str
    tier: Tier
    status: SegmentStatus
    key: bool
    critical: bool
    chokepoint: bool
    local_firms: int
    candidates: tuple[tuple[str, Stage], ...]


@dataclass(frozen=True)
class KeyFirm:
    """A local firm that is 链主 or 骨干 in at least one of the chain's segments."""

    name: str
    role: Role
    segments: tuple[str, ...]
    tags: tuple[str, ...]
    revenue: float | None
    park: str | None
    products: tuple[str, ...] = ()


@dataclass(frozen=True)
class TargetLine:
    """A target; an open one (储备 to 签约) carries the value of landing it and why (issue 27)."""

    firm: str
    segment: str
    stage: Stage
    region: str | None
    owner: str | None
    investment: float | None
    next_step: str | None
    value: Decimal | None = None
    reason: str | None = None


@dataclass(frozen=True)
class LibraryFirm:
    """A firm of the cultivation library (龙头企业培育库) serving the chain (issue 22)."""

    firm: str
    tier: CultivationTier
    officer: str | None
    quarter: str | None
    revenue: float | None
    revenue_yoy: float | None
    last_visit: dt.date | None
    open_demands: int
    note: str | None


@dataclass(frozen=True)
class ActionLine:
    """An action item as of the day the pack is made (its light and status decide its colour)."""

    item: str
    department: str | None
    owner: str | None
    due: dt.date | None
    status: ActionStatus
    light: Light | None
    note: str | None
    common_issue: bool
    days_overdue: int = 0
    needs_chief: bool = False

    @property
    def overdue(self) -> bool:
        return self.days_overdue > 0


@dataclass(frozen=True)
class ProjectLine:
    """A 招商项目 as the 重点项目推进表 shows it; ``investment`` in 万元 as stored."""

    name: str
    investor: str | None
    investment: float | None
    stage: ProjectStage
    owner: str | None
    planned_start: dt.date | None = None
    actual_start: dt.date | None = None
    planned_production: dt.date | None = None
    actual_production: dt.date | None = None
    issue: str | None = None


@dataclass(frozen=True)
class IndicatorLine:
    """One indicator of one quarter; rates are fractions (0.95 is 95 %), None when undefined."""

    name: str
    quarter: Quarter
    target: float | None
    actual: float | None
    last_year: float | None
    source: Source = Source.ENTERED
    """填报 (entered for the chain) or 汇总 (summed from its firms' figures, issue 22)."""

    @property
    def completion(self) -> float | None:
        if self.target is None or self.actual is None or self.target <= 0:
            return None
        return self.actual / self.target

    @property
    def growth(self) -> float | None:
        if self.actual is None or self.last_year is None or self.last_year <= 0:
            return None
        return self.actual / self.last_year - 1


@dataclass(frozen=True)
class ChainFacts:
    """二、基本情况: the chain's figures and who works on it."""

    description: str | None
    min_local_firms: int
    segments: int
    missing: int
    weak: int
    strong: int
    chokepoints: int
    breakpoints: int
    completeness: float
    leading_coverage: float
    lead_department: str | None
    supporting_departments: tuple[str, ...]
    team_members: tuple[str, ...]
    projects: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class ChainPack:
    """Everything one chain's sheet shows; ``meeting`` is None when none is planned."""

    chain: str
    chief: str | None
    team_lead: str | None
    meeting: MeetingInfo | None
    default_place: str | None
    agenda: tuple[AgendaSection, ...]
    facts: ChainFacts
    gaps: tuple[GapLine, ...]
    key_firms: tuple[KeyFirm, ...]
    targets: tuple[TargetLine, ...]
    actions: tuple[ActionLine, ...]
    open_actions: int
    overdue_actions: int
    indicators: tuple[IndicatorLine, ...]
    problems: tuple[Problem, ...] = ()
    projects: tuple[ProjectLine, ...] = ()
    first_meeting: bool = True
    """No earlier dispatch meeting of the chain is dated: the agenda has no 上次会议 item."""
    since_last: tuple[str, ...] = ()
    """三、与上次会议相比 in words, against the last held meeting's snapshot; empty without one."""
    library: tuple[LibraryFirm, ...] = ()
    """The cultivation library's firms that serve the chain, 链主 tier first."""

    @property
    def target_counts(self) -> dict[Stage, int]:
        """Targets per pipeline stage (终止 left out), every stage present."""
        counts = {stage: 0 for stage in PIPELINE_STAGES}
        for target in self.targets:
            if target.stage in counts:
                counts[target.stage] += 1
        return counts

    @property
    def indicator_completion(self) -> float | None:
        """Mean of actual / target over the indicators that have both (None when none do)."""
        rates = [line.completion for line in self.indicators if line.completion is not None]
        return sum(rates) / len(rates) if rates else None

    @property
    def place(self) -> str | None:
        if self.meeting is not None and self.meeting.place:
            return self.meeting.place
        return self.default_place or None


@dataclass(frozen=True)
class QuarterPack:
    """The whole pack of a quarter: chains by name, the meetings to invite to, the day made."""

    quarter: Quarter
    made_on: dt.date
    chains: tuple[ChainPack, ...]
    meetings: tuple[MeetingInfo, ...] = field(default=())


def chain_title(chain: str) -> str:
    """The chain's name with 产业链, never doubled (新能源汽车 → 新能源汽车产业链)."""
    return chain if chain.endswith("产业链") else f"{chain}产业链"
