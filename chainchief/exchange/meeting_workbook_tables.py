"""The tables of a chain sheet: 问题清单, 重点项目推进表, 重点企业, 招商目标, 指标 and
需链长协调事项, each under its column headings (repeated on every page it continues on)."""

from __future__ import annotations

from decimal import Decimal

from chainchief.domain.agenda import growth_words
from chainchief.domain.coordination import FlaggedItem, ProjectIssue, coordination_lines
from chainchief.domain.enums import Stage
from chainchief.domain.problems import BREAKPOINT, CHOKEPOINT, MISSING
from chainchief.domain.quarters import Quarter
from chainchief.domain.ranking import OPEN_STAGES
from chainchief.exchange.meeting_workbook_cells import (
    FIGURE_FORMAT,
    RED,
    YELLOW,
    Header,
    body,
    group,
    header,
    nothing,
    number,
    percent,
)
from chainchief.exchange.meeting_workbook_grid import Cell, Grid, Look
from chainchief.exchange.meeting_workbook_model import (
    ChainPack,
    IndicatorLine,
    KeyFirm,
    LibraryFirm,
    TargetLine,
)

KEY_FIRMS_SHOWN = 20
VALUE_FORMAT = "0.00"
PROBLEM_FILLS = {MISSING: RED, CHOKEPOINT: RED, BREAKPOINT: RED}
PROBLEM_HEADERS: tuple[Header, ...] = (
    "序号",
    "问题",
    "类型",
    ("原因/现状", 2),
    ("拟采取措施", 3),
    "责任单位",
    "责任人",
    "时限",
)
PROJECT_HEADERS: tuple[Header, ...] = (
    "序号",
    "项目",
    "投资方",
    "总投资(亿元)",
    "阶段",
    "计划开工",
    "实际开工",
    "计划投产",
    "实际投产",
    "责任人",
    "需协调问题",
)
FIRM_HEADERS: tuple[Header, ...] = (
    "序号",
    "企业名称",
    ("所属环节", 2),
    "角色",
    ("企业类型", 2),
    "主营业务收入（万元）",
    "所属园区",
    ("主要产品", 2),
)
TARGET_HEADERS: tuple[Header, ...] = (
    "序号",
    "目标企业（所在地区）",
    "对接环节",
    "阶段",
    "补链价值",
    ("补链作用", 2),
    "计划投资（万元）",
    "责任人",
    ("下一步", 2),
)
LIBRARY_HEADERS: tuple[Header, ...] = (
    "序号",
    ("企业名称", 2),
    "梯队",
    "服务专员",
    "季度",
    "营业收入（万元）",
    "同比",
    "最近走访",
    "未办结诉求",
    "说明",
)
INDICATOR_HEADERS: tuple[Header, ...] = (
    "序号",
    ("指标", 2),
    "季度",
    "目标值",
    "实际值",
    "来源",
    "完成率",
    ("同比", 2),
    "上年同期",
)
COORDINATION_HEADERS: tuple[Header, ...] = ("序号", ("事项", 6), ("来源", 2), ("责任单位", 2))


def problems_section(grid: Grid, pack: ChainPack) -> None:
    if not pack.problems:
        nothing(grid, "无缺链、弱链、卡点、断点")
        return
    header(grid, PROBLEM_HEADERS)
    for index, problem in enumerate(pack.problems, start=1):
        fill = PROBLEM_FILLS.get(problem.kind, YELLOW)
        body(
            grid,
            PROBLEM_HEADERS,
            Cell(index, Look.CENTER),
            Cell(problem.problem),
            Cell(problem.kind, Look.CENTER, fill=fill),
            Cell(problem.situation),
            Cell("\n".join(problem.measures) or "暂无目标企业和督办事项"),
            Cell(problem.department or ""),
            Cell(problem.owner or "", Look.CENTER),
            Cell(problem.due if problem.due else "", Look.CENTER),
        )


def projects_section(grid: Grid, pack: ChainPack) -> None:
    if not pack.projects:
        nothing(grid, "暂无招商项目")
        return
    header(grid, PROJECT_HEADERS)
    for index, project in enumerate(pack.projects, start=1):
        investment = None if project.investment is None else project.investment / 10000
        body(
            grid,
            PROJECT_HEADERS,
            Cell(index, Look.CENTER),
            Cell(project.name),
            Cell(project.investor or ""),
            number(investment, FIGURE_FORMAT),
            Cell(project.stage.file_value, Look.CENTER),
            *(
                Cell(day or "", Look.CENTER)
                for day in (
                    project.planned_start,
                    project.actual_start,
                    project.planned_production,
                    project.actual_production,
                )
            ),
            Cell(project.owner or "", Look.CENTER),
            Cell(project.issue or "", fill=YELLOW if project.issue else None),
        )


def _key_firms(grid: Grid, pack: ChainPack) -> None:
    """The top 20 by revenue, then how many more there are."""
    if not pack.key_firms:
        nothing(grid, "区内暂无链主、骨干企业")
        return
    ranked = sorted(pack.key_firms, key=lambda firm: (-(firm.revenue or 0.0), firm.name))
    header(grid, FIRM_HEADERS)
    for index, firm in enumerate(ranked[:KEY_FIRMS_SHOWN], start=1):
        body(grid, FIRM_HEADERS, *_firm_cells(index, firm))
    more = len(ranked) - KEY_FIRMS_SHOWN
    if more > 0:
        nothing(grid, f"另有 {more} 家链主、骨干企业，详见企业库")


def _firm_cells(index: int, firm: KeyFirm) -> list[Cell]:
    return [
        Cell(index, Look.CENTER),
        Cell(firm.name),
        Cell("、".join(firm.segments)),
        Cell(firm.role.file_value, Look.CENTER),
        Cell("、".join(firm.tags)),
        number(firm.revenue),
        Cell(firm.park or ""),
        Cell("；".join(firm.products)),
    ]


def targets_section(grid: Grid, pack: ChainPack) -> None:
    """Open targets the most valuable first, with what landing each would close (issue 27);
    then the landed and the dropped ones."""
    if not pack.targets:
        nothing(grid, "暂无目标企业")
        return
    header(grid, TARGET_HEADERS)
    groups = [
        ("在谈目标企业，按补链价值排序", [t for t in pack.targets if t.stage in OPEN_STAGES]),
        *(
            (stage.file_value, [t for t in pack.targets if t.stage is stage])
            for stage in (Stage.LANDED, Stage.DROPPED)
        ),
    ]
    index = 0
    for title, targets in groups:
        if not targets:
            continue
        group(grid, f"{title}（{len(targets)}家）")
        for target in targets:
            index += 1
            body(grid, TARGET_HEADERS, *_target_cells(index, target))


def _target_cells(index: int, target: TargetLine) -> list[Cell]:
    region = f"（{target.region}）" if target.region else ""
    return [
        Cell(index, Look.CENTER),
        Cell(f"{target.firm}{region}"),
        Cell(target.segment),
        Cell(target.stage.file_value, Look.CENTER),
        number(None if target.value is None else float(target.value), VALUE_FORMAT),
        Cell(target.reason or ""),
        number(target.investment),
        Cell(target.owner or "", Look.CENTER),
        Cell(target.next_step or ""),
    ]


def key_firms_section(grid: Grid, pack: ChainPack) -> None:
    """The top 20 链主/骨干 by revenue, then how many more; then the cultivation library."""
    _key_firms(grid, pack)
    if pack.library:
        grid.end_table()
        group(grid, f"龙头企业培育库（{len(pack.library)}家）")
        header(grid, LIBRARY_HEADERS)
        for index, firm in enumerate(pack.library, start=1):
            body(grid, LIBRARY_HEADERS, *_library_cells(index, firm))


def _library_cells(index: int, firm: LibraryFirm) -> list[Cell]:
    growth = firm.revenue_yoy
    return [
        Cell(index, Look.CENTER),
        Cell(firm.firm),
        Cell(firm.tier.file_value, Look.CENTER),
        Cell(firm.officer or "", Look.CENTER),
        Cell(Quarter.parse(firm.quarter).chinese if firm.quarter else "", Look.CENTER),
        number(firm.revenue),
        Cell(
            growth_words(Decimal(str(round(growth, 6)))) if growth is not None else "—",
            Look.CENTER,
        ),
        Cell(firm.last_visit or "未走访", Look.CENTER),
        number(firm.open_demands, fill=YELLOW if firm.open_demands else None),
        Cell(firm.note or ""),
    ]


def indicators_section(grid: Grid, pack: ChainPack) -> None:
    if not pack.indicators:
        nothing(grid, "暂无指标数据")
        return
    header(grid, INDICATOR_HEADERS)
    for index, line in enumerate(pack.indicators, start=1):
        body(grid, INDICATOR_HEADERS, *_indicator_cells(index, line))


def _indicator_cells(index: int, line: IndicatorLine) -> list[Cell]:
    behind = line.completion is not None and line.completion < 1
    growth = line.growth
    return [
        Cell(index, Look.CENTER),
        Cell(line.name),
        Cell(line.quarter.chinese, Look.CENTER),
        number(line.target, FIGURE_FORMAT),
        number(line.actual, FIGURE_FORMAT),
        Cell(line.source.value, Look.CENTER),
        percent(line.completion, fill=YELLOW if behind else None),
        Cell(
            growth_words(Decimal(str(round(growth, 6)))) if growth is not None else "—",
            Look.CENTER,
        ),
        number(line.last_year, FIGURE_FORMAT),
    ]


def coordination_section(grid: Grid, pack: ChainPack) -> None:
    """十、需链长协调事项: flagged items, projects with an issue, problems with no owner."""
    lines = coordination_lines(
        [
            FlaggedItem(action.item, action.department)
            for action in pack.actions
            if action.needs_chief and not action.status.is_closed
        ],
        [
            ProjectIssue(project.name, project.issue, project.owner)
            for project in pack.projects
            if project.issue
        ],
        pack.problems,
    )
    if not lines:
        nothing(grid, "暂无需链长协调事项")
        return
    header(grid, COORDINATION_HEADERS)
    for index, line in enumerate(lines, start=1):
        body(
            grid,
            COORDINATION_HEADERS,
            Cell(index, Look.CENTER),
            Cell(line.text),
            Cell(line.source, Look.CENTER),
            Cell(line.department),
        )
