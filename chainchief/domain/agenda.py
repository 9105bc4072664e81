"""Agendas of the dispatch and team-leads meetings, in the order the chain-chief system uses.

A dispatch meeting first checks what the last one decided (open action items, overdue first),
then the chain's weak points and the targets that could fill them, the pipeline's movement,
and the figures against target; other business closes. The text is Chinese whatever the UI
language: it goes into the printed workbook and the invitations (DESIGN.md §3), so it is file
text and never passes through ``_()``. Inputs are plain dataclasses so the agenda does not
depend on how the analysis or the store represent things.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from chainchief.domain.dates_zh import chinese_date
from chainchief.domain.enums import ActionStatus, SegmentStatus, Stage
from chainchief.domain.lights import LIGHT_WORDS, Light
from chainchief.domain.quarters import Quarter

DEFAULT_GROWTH = Decimal("1.2")
"""No target set: aim 20 % above the same quarter of last year (the growth rate of the source)."""

NOTHING = "无"
AGENDA_TARGETS = 5
"""Targets named on the agenda, the most valuable first; the rest are in 七、招商目标."""


@dataclass(frozen=True)
class FillCandidate:
    firm: str
    stage: Stage


@dataclass(frozen=True)
class SegmentConcern:
    """A segment as the gap analysis sees it; only chokepoints and weak key segments show."""

    segment: str
    status: SegmentStatus
    chokepoint: bool
    key: bool
    fill_candidates: tuple[FillCandidate, ...] = ()


@dataclass(frozen=True)
class ValuedTarget:
    """An open target with its value from the what-if of landing it (issue 27) and why."""

    firm: str
    segment: str
    stage: Stage
    value: Decimal
    reason: str


@dataclass(frozen=True)
class AgendaActionItem:
    item: str
    department: str | None
    owner: str | None
    due: dt.date | None
    status: ActionStatus
    common_issue: bool = False
    chain: str | None = None
    light: Light | None = None

    def overdue(self, as_of: dt.date) -> bool:
        return not self.status.is_closed and self.due is not None and self.due < as_of


@dataclass(frozen=True)
class AgendaStageChange:
    """A target firm moving in the pipeline; ``from_stage`` None when it was first recorded."""

    firm: str
    segment: str | None
    from_stage: Stage | None
    to_stage: Stage
    at: dt.datetime


@dataclass(frozen=True)
class IndicatorFigure:
    name: str
    quarter: Quarter
    target: Decimal | None
    actual: Decimal | None
    previous_year_actual: Decimal | None


@dataclass(frozen=True)
class AgendaItem:
    """One agenda point: a stable ``section`` code, a Chinese title and its Chinese lines."""

    section: str
    title: str
    lines: list[str]


@dataclass(frozen=True)
class DispatchAgendaInput:
    """What a chain's dispatch meeting reviews; ``as_of`` is the day overdue is judged on."""

    chain: str
    as_of: dt.date
    previous_meeting: dt.date | None
    actions: Sequence[AgendaActionItem] = ()
    segments: Sequence[SegmentConcern] = ()
    stage_changes: Sequence[AgendaStageChange] = ()
    indicators: Sequence[IndicatorFigure] = ()
    other_business: Sequence[str] = ()
    first_meeting: bool = False
    """No earlier dispatch meeting: nothing was decided "last time" to review."""
    breakpoints: Sequence[tuple[str, str]] = ()
    """(upstream, downstream) segment names of the chain's breakpoints."""
    valued_targets: Sequence[ValuedTarget] = ()
    """The chain's open targets, the most valuable first."""


@dataclass(frozen=True)
class ChainOverview:
    """One chain's line at the team-leads meeting."""

    chain: str
    completeness: float
    chokepoints: int
    actions: Sequence[AgendaActionItem] = ()


def build_dispatch_agenda(data: DispatchAgendaInput) -> list[AgendaItem]:
    """The meeting's points; a chain's first meeting reviews no 上次会议 (there was none),
    only the items already open, if any."""
    actions = _action_lines(data.actions, data.as_of)
    if not data.first_meeting:
        review = [AgendaItem("actions", "上次会议督办事项落实情况", actions)]
    elif actions != [NOTHING]:
        review = [AgendaItem("actions", "在办督办事项推进情况", actions)]
    else:
        review = []
    return [
        *review,
        AgendaItem(
            "segments",
            "卡点、断点及缺链弱链环节补链招商",
            _segment_lines(data.segments, data.breakpoints),
        ),
        AgendaItem(
            "targets",
            "目标企业招商进展",
            _stage_change_lines(data.stage_changes, data.previous_meeting, data.valued_targets),
        ),
        AgendaItem("indicators", "主要指标完成情况", _indicator_lines(data.indicators)),
        AgendaItem("other", "其他事项", list(data.other_business)),
    ]


def build_team_leads_agenda(
    chains: Sequence[ChainOverview], as_of: dt.date, other_business: Sequence[str] = ()
) -> list[AgendaItem]:
    chain_lines = [
        _overview_line(chain, as_of) for chain in sorted(chains, key=lambda c: c.chain)
    ] or [NOTHING]
    common = [
        action
        for chain in chains
        for action in chain.actions
        if action.common_issue and not action.status.is_closed
    ]
    return [
        AgendaItem("chains", "各产业链推进情况", chain_lines),
        AgendaItem("common_issues", "共性问题", _action_lines(common, as_of, with_chain=True)),
        AgendaItem("other", "其他事项", list(other_business)),
    ]


def open_actions_in_order(
    actions: Sequence[AgendaActionItem], as_of: dt.date
) -> list[AgendaActionItem]:
    """Still-open items: overdue first, then by due date (none last), then by text."""
    still_open = [action for action in actions if not action.status.is_closed]
    return sorted(
        still_open,
        key=lambda a: (
            not a.overdue(as_of),
            a.due is None,
            a.due or dt.date.max,
            a.chain or "",
            a.item,
        ),
    )


def default_target(figure: IndicatorFigure) -> Decimal | None:
    """The target to judge against: the one set, else last year's actual grown by 20 %."""
    if figure.target is not None:
        return figure.target
    if figure.previous_year_actual is not None:
        return figure.previous_year_actual * DEFAULT_GROWTH
    return None


def _action_lines(
    actions: Sequence[AgendaActionItem], as_of: dt.date, with_chain: bool = False
) -> list[str]:
    lines = []
    for action in open_actions_in_order(actions, as_of):
        prefix = _flag(action, as_of)
        if with_chain and action.chain:
            prefix = f"【{action.chain}】{prefix}"
        details = "；".join(
            [
                f"责任部门：{action.department or '未定'}",
                f"责任人：{action.owner or '未定'}",
                f"完成时限：{chinese_date(action.due) if action.due else '未定'}",
                f"状态：{action.status.file_value}",
            ]
        )
        lines.append(f"{prefix}{action.item}（{details}）")
    return lines or [NOTHING]


def _segment_lines(
    segments: Sequence[SegmentConcern], breakpoints: Sequence[tuple[str, str]] = ()
) -> list[str]:
    chokepoints = [s for s in segments if s.chokepoint]
    key_gaps = [
        s for s in segments if s.key and not s.chokepoint and s.status is not SegmentStatus.STRONG
    ]
    lines = []
    for label, group in (("卡点", chokepoints), ("关键环节", key_gaps)):
        for segment in sorted(
            group, key=lambda s: (s.status is not SegmentStatus.MISSING, s.segment)
        ):
            candidates = "、".join(
                f"{candidate.firm}（{candidate.stage.file_value}）"
                for candidate in segment.fill_candidates
            )
            lines.append(
                f"【{label}】{segment.segment}（{segment.status.file_value}）："
                f"补链候选 {candidates or '暂无'}"
            )
    by_name = {segment.segment: segment for segment in segments}
    for upstream, downstream in breakpoints:
        found = by_name.get(upstream)
        candidates = "、".join(
            f"{candidate.firm}（{candidate.stage.file_value}）"
            for candidate in (found.fill_candidates if found else ())
        )
        lines.append(f"【断点】{upstream}→{downstream}：补链候选 {candidates or '暂无'}")
    return lines or [NOTHING]


def _stage_change_lines(
    changes: Sequence[AgendaStageChange],
    since: dt.date | None,
    valued: Sequence[ValuedTarget] = (),
) -> list[str]:
    """The pipeline's moves since the last meeting, then the targets most worth pursuing."""
    recent = [c for c in changes if since is None or c.at.date() >= since]
    lines = []
    for change in sorted(recent, key=lambda c: (c.at, c.firm)):
        if change.from_stage is None:  # the target's first record is the baseline, not news
            continue
        segment = f"（{change.segment}）" if change.segment else ""
        lines.append(
            f"{chinese_date(change.at.date())} {change.firm}{segment}："
            f"{change.from_stage.file_value} → {change.to_stage.file_value}"
        )
    worth = [target for target in valued if target.value > 0]
    lines += [
        f"【重点推进·补链价值{target.value}】{target.firm}"
        f"（{target.segment}，{target.stage.file_value}）：{target.reason}"
        for target in worth[:AGENDA_TARGETS]
    ]
    more = len(valued) - min(len(worth), AGENDA_TARGETS)
    if more > 0:
        further = "另有" if worth else ""
        lines.append(f"{further}在谈目标企业{more}家，按补链价值排序见招商目标表")
    return lines or [NOTHING]


def _indicator_lines(figures: Sequence[IndicatorFigure]) -> list[str]:
    lines = []
    for figure in sorted(figures, key=lambda f: (f.name, f.quarter)):
        target = default_target(figure)
        parts = []
        if target is None:
            parts.append("目标 未设定")
        elif figure.target is None:
            parts.append(f"目标 {_number(target)}（默认：上年同期×1.2）")
        else:
            parts.append(f"目标 {_number(target)}")
        if figure.actual is None:
            parts.append("实际 未填报")
        else:
            parts.append(f"实际 {_number(figure.actual)}")
            if target is not None and target > 0:
                parts.append(f"完成率 {_percent(figure.actual / target)}")
            previous = figure.previous_year_actual
            if previous is not None and previous > 0:
                parts.append(growth_words(figure.actual / previous - 1))
        lines.append(f"{figure.name}（{figure.quarter.chinese}）：{'，'.join(parts)}")
    return lines or [NOTHING]


def growth_words(change: Decimal) -> str:
    """``同比增长 12.5%`` or, for a fall, ``同比下降 20.0%`` — never a negative growth."""
    if change < 0:
        return f"同比下降 {_percent(-change)}"
    return f"同比增长 {_percent(change)}"


def _flag(action: AgendaActionItem, as_of: dt.date) -> str:
    """【红色督办·逾期20天】: the item's light and how late it is, when either applies."""
    parts = [LIGHT_WORDS[action.light]] if action.light else []
    if action.due is not None and action.overdue(as_of):
        parts.append(f"逾期{(as_of - action.due).days}天")
    return f"【{'·'.join(parts)}】" if parts else ""


def _overview_line(chain: ChainOverview, as_of: dt.date) -> str:
    still_open = [a for a in chain.actions if not a.status.is_closed]
    overdue = sum(1 for a in still_open if a.overdue(as_of))
    red = sum(1 for a in still_open if a.light is Light.RED)
    return (
        f"{chain.chain}：完整度 {chain.completeness:.1f}%；卡点 {chain.chokepoints} 个；"
        f"督办未完成 {len(still_open)} 项，其中逾期 {overdue} 项、红色督办 {red} 项"
    )


def _number(value: Decimal) -> str:
    rounded = value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP).normalize()
    return format(rounded, "f")


def _percent(ratio: Decimal) -> str:
    return f"{(ratio * 100).quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)}%"
