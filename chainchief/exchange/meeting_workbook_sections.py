"""The seven sections of a chain's sheet in the meeting workbook (DESIGN.md §3).

Every section shares the sheet's eight columns so that widths suit all of them: A is the running
number, B a name (segment, firm, item, indicator), C–G short facts and H the longest free text.
Colours follow the status palette and each coloured row also says its state in words, because
offices often print in black and white.
"""

from __future__ import annotations

from collections.abc import Callable

from chainchief.domain.enums import ActionStatus, SegmentStatus, Stage
from chainchief.domain.lights import LIGHT_WORDS, Light
from chainchief.exchange.meeting_workbook_grid import PERCENT_FORMAT, Cell, Grid, Look
from chainchief.exchange.meeting_workbook_model import (
    ActionLine,
    ChainPack,
    GapLine,
    IndicatorLine,
    KeyFirm,
    TargetLine,
)

COLUMNS = 8
MIN_WIDTHS = (5.0, 14.0, 9.0, 9.0, 10.0, 10.0, 10.0, 18.0)
MAX_WIDTHS = (6.0, 30.0, 18.0, 14.0, 22.0, 16.0, 16.0, 40.0)

RED = "FFFFC7CE"
YELLOW = "FFFFEB9C"
GREEN = "FFC6EFCE"
STATUS_FILLS = {SegmentStatus.MISSING: RED, SegmentStatus.WEAK: YELLOW, SegmentStatus.STRONG: GREEN}
BLUE = "FFDDEBF7"
LIGHT_FILLS = {Light.RED: RED, Light.YELLOW: YELLOW, Light.BLUE: BLUE}
STAGE_ORDER = (Stage.LANDED, Stage.SIGNED, Stage.NEGOTIATING, Stage.CONTACT, Stage.RESERVE)
MONEY_FORMAT = "#,##0"
FIGURE_FORMAT = "#,##0.0#"
SECTIONS = (
    "一、会议议程",
    "二、基本情况",
    "三、缺链弱链清单",
    "四、重点企业",
    "五、招商目标",
    "六、督办事项",
    "七、指标",
)
NONE_WORD = "无"
Header = str | tuple[str, int]
GAP_HEADERS: tuple[Header, ...] = (
    "序号",
    "环节",
    "层级",
    "状态",
    "本地企业数",
    "关键环节/卡点",
    ("补链候选企业", 2),
)
FIRM_HEADERS: tuple[Header, ...] = (
    "序号",
    "企业名称",
    "所属环节",
    "角色",
    "企业类型",
    "主营业务收入（万元）",
    "所属园区",
    "主要产品",
)
TARGET_HEADERS: tuple[Header, ...] = (
    "序号",
    "目标企业",
    "对接环节",
    "阶段",
    "所在地区",
    "计划投资（万元）",
    "责任人",
    "下一步",
)
ACTION_HEADERS: tuple[Header, ...] = (
    "序号",
    "督办事项",
    "责任部门",
    "责任人",
    "完成时限",
    "状态",
    "共性问题",
    "进展情况",
)
INDICATOR_HEADERS: tuple[Header, ...] = (
    "序号",
    "指标",
    "季度",
    "目标值",
    "实际值",
    "完成率",
    "同比增长",
    "上年同期",
)


def chain_grid() -> Grid:
    return Grid(COLUMNS, MIN_WIDTHS, MAX_WIDTHS)


def add_sections(grid: Grid, pack: ChainPack) -> None:
    """All seven sections, agenda first, each under its bold heading."""
    writers: tuple[Callable[[Grid, ChainPack], None], ...] = (
        _agenda,
        _facts,
        _gaps,
        _key_firms,
        _targets,
        _actions,
        _indicators,
    )
    for heading, write in zip(SECTIONS, writers, strict=True):
        grid.add(Cell(heading, Look.SECTION, span=COLUMNS))
        write(grid, pack)


def _header(grid: Grid, *titles: Header) -> None:
    cells = []
    for title in titles:
        text, span = title if isinstance(title, tuple) else (title, 1)
        cells.append(Cell(text, Look.HEADER, span=span))
    grid.add(*cells)


def _nothing(grid: Grid, text: str) -> None:
    grid.add(Cell("", Look.CENTER), Cell(text, span=COLUMNS - 1))


def _number(
    value: float | None, number_format: str = MONEY_FORMAT, fill: str | None = None
) -> Cell:
    if value is None:
        return Cell(None, Look.NUMBER, fill=fill)
    if float(value).is_integer():
        return Cell(int(value), Look.NUMBER, fill=fill, number_format=MONEY_FORMAT)
    return Cell(value, Look.NUMBER, fill=fill, number_format=number_format)


def _percent(value: float | None, fill: str | None = None) -> Cell:
    if value is None:
        return Cell("—", Look.CENTER, fill=fill)
    return Cell(round(value, 6), Look.NUMBER, fill=fill, number_format=PERCENT_FORMAT)


def _agenda(grid: Grid, pack: ChainPack) -> None:
    """Each point under its numbered heading; a point with nothing listed gets a blank line
    to write on, so the printed agenda has room for what comes up in the meeting."""
    if not pack.agenda:
        _nothing(grid, NONE_WORD)
        return
    for index, section in enumerate(pack.agenda, start=1):
        grid.add(Cell(f"（{_numeral(index)}）{section.heading}", Look.GROUP, span=COLUMNS))
        for number, line in enumerate(section.lines or ("",), start=1):
            shown = number if line and line != NONE_WORD else ""
            grid.add(Cell(shown, Look.CENTER), Cell(line, span=COLUMNS - 1))


def _numeral(number: int) -> str:
    return "一二三四五六七八九十"[number - 1] if 1 <= number <= 10 else str(number)


def _facts(grid: Grid, pack: ChainPack) -> None:
    facts = pack.facts
    blank = Cell("")
    grid.add(
        blank,
        Cell("环节总数", Look.GROUP),
        _number(facts.segments),
        Cell("完整度", Look.GROUP),
        _percent(facts.completeness / 100),
        Cell("链主骨干覆盖率", Look.GROUP),
        _percent(facts.leading_coverage / 100, fill=None),
        Cell(""),
    )
    grid.add(
        blank,
        Cell("缺链", Look.GROUP),
        _number(facts.missing, fill=RED if facts.missing else None),
        Cell("弱链", Look.GROUP),
        _number(facts.weak, fill=YELLOW if facts.weak else None),
        Cell("强链", Look.GROUP),
        _number(facts.strong),
        Cell(""),
    )
    grid.add(
        blank,
        Cell("卡点", Look.GROUP),
        _number(facts.chokepoints, fill=RED if facts.chokepoints else None),
        Cell("断点", Look.GROUP),
        _number(facts.breakpoints),
        Cell("最少本地企业数", Look.GROUP),
        _number(facts.min_local_firms),
        Cell(""),
    )
    projects = "、".join(f"{stage}{count}个" for stage, count in facts.projects if count)
    for label, value in (
        ("牵头部门", facts.lead_department or ""),
        ("配合部门", "、".join(facts.supporting_departments)),
        ("专班成员", "、".join(facts.team_members)),
        ("招商项目", projects or NONE_WORD),
        ("产业链说明", facts.description or ""),
    ):
        grid.add(blank, Cell(label, Look.GROUP), Cell(value, span=COLUMNS - 2))


def _gaps(grid: Grid, pack: ChainPack) -> None:
    if not pack.gaps:
        _nothing(grid, "无缺链、弱链环节")
        return
    _header(
        grid, "序号", "环节", "层级", "状态", "本地企业数", "关键环节/卡点", ("补链候选企业", 2)
    )
    for number, gap in enumerate(pack.gaps, start=1):
        grid.add(
            Cell(number, Look.CENTER),
            Cell(gap.segment),
            Cell(gap.tier.file_value, Look.CENTER),
            Cell(gap.status.file_value, Look.CENTER, fill=STATUS_FILLS[gap.status]),
            _number(gap.local_firms),
            Cell(_flags(gap), Look.CENTER),
            Cell(_candidates(gap), span=2),
        )


def _flags(gap: GapLine) -> str:
    words = []
    if gap.key:
        words.append("关键环节")
    if gap.chokepoint:
        words.append("卡点")
    return "、".join(words)


def _candidates(gap: GapLine) -> str:
    if not gap.candidates:
        return "暂无目标企业"
    return "、".join(f"{firm}（{stage.file_value}）" for firm, stage in gap.candidates)


def _key_firms(grid: Grid, pack: ChainPack) -> None:
    if not pack.key_firms:
        _nothing(grid, "区内暂无链主、骨干企业")
        return
    _header(
        grid,
        "序号",
        "企业名称",
        "所属环节",
        "角色",
        "企业类型",
        "主营业务收入（万元）",
        "所属园区",
        "主要产品",
    )
    for number, firm in enumerate(pack.key_firms, start=1):
        grid.add(*_firm_cells(number, firm))


def _firm_cells(number: int, firm: KeyFirm) -> list[Cell]:
    return [
        Cell(number, Look.CENTER),
        Cell(firm.name),
        Cell("、".join(firm.segments)),
        Cell(firm.role.file_value, Look.CENTER),
        Cell("、".join(firm.tags)),
        _number(firm.revenue),
        Cell(firm.park or ""),
        Cell("；".join(firm.products)),
    ]


def _targets(grid: Grid, pack: ChainPack) -> None:
    if not pack.targets:
        _nothing(grid, "暂无目标企业")
        return
    by_stage: dict[Stage, list[TargetLine]] = {}
    for target in pack.targets:
        by_stage.setdefault(target.stage, []).append(target)
    _header(
        grid,
        "序号",
        "目标企业",
        "对接环节",
        "阶段",
        "所在地区",
        "计划投资（万元）",
        "责任人",
        "下一步",
    )
    number = 0
    for stage in (*STAGE_ORDER, Stage.DROPPED):
        targets = by_stage.get(stage)
        if not targets:
            continue
        grid.add(Cell(f"{stage.file_value}（{len(targets)}家）", Look.GROUP, span=COLUMNS))
        for target in targets:
            number += 1
            grid.add(
                Cell(number, Look.CENTER),
                Cell(target.firm),
                Cell(target.segment),
                Cell(target.stage.file_value, Look.CENTER),
                Cell(target.region or ""),
                _number(target.investment),
                Cell(target.owner or "", Look.CENTER),
                Cell(target.next_step or ""),
            )


def _actions(grid: Grid, pack: ChainPack) -> None:
    if not pack.actions:
        _nothing(grid, "暂无督办事项")
        return
    _header(
        grid, "序号", "督办事项", "责任部门", "责任人", "完成时限", "状态", "共性问题", "进展情况"
    )
    for number, action in enumerate(pack.actions, start=1):
        grid.add(*_action_cells(number, action))


def _action_cells(number: int, action: ActionLine) -> list[Cell]:
    if action.status is ActionStatus.DONE:
        fill: str | None = GREEN
    else:
        fill = None if action.light is None else LIGHT_FILLS.get(action.light)
    status = action.status.file_value + (f"（{LIGHT_WORDS[action.light]}）" if action.light else "")
    if action.overdue:
        status += f"逾期{action.days_overdue}天"
    return [
        Cell(number, Look.CENTER, fill=fill),
        Cell(action.item, fill=fill),
        Cell(action.department or "", fill=fill),
        Cell(action.owner or "", Look.CENTER, fill=fill),
        Cell(action.due if action.due else "未定", Look.CENTER, fill=fill),
        Cell(status, Look.CENTER, fill=fill),
        Cell("是" if action.common_issue else "", Look.CENTER, fill=fill),
        Cell(action.note or "", fill=fill),
    ]


def _indicators(grid: Grid, pack: ChainPack) -> None:
    if not pack.indicators:
        _nothing(grid, "暂无指标数据")
        return
    _header(grid, *INDICATOR_HEADERS)
    for number, line in enumerate(pack.indicators, start=1):
        grid.add(*_indicator_cells(number, line))


def _indicator_cells(number: int, line: IndicatorLine) -> list[Cell]:
    behind = line.completion is not None and line.completion < 1
    return [
        Cell(number, Look.CENTER),
        Cell(line.name),
        Cell(line.quarter.chinese, Look.CENTER),
        _number(line.target, FIGURE_FORMAT),
        _number(line.actual, FIGURE_FORMAT),
        _percent(line.completion, fill=YELLOW if behind else None),
        _percent(line.growth),
        _number(line.last_year, FIGURE_FORMAT),
    ]
