"""The tables of a chain sheet: 问题清单, 重点项目推进表, 重点企业, 招商目标, 指标 and
需链长协调事项, each under its column headings (repeated on every page it continues on)."""

from __future__ import annotations

from decimal import Decimal

from chainchief.domain.agenda import growth_words
from chainchief.domain.enums import Stage
from chainchief.domain.problems import BREAKPOINT, CHOKEPOINT, MISSING, Problem
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
from chainchief.exchange.meeting_workbook_model import ChainPack, IndicatorLine, KeyFirm

KEY_FIRMS_SHOWN = 20
STAGE_ORDER = (Stage.LANDED, Stage.SIGNED, Stage.NEGOTIATING, Stage.CONTACT, Stage.RESERVE)
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
    "目标企业",
    ("对接环节", 2),
    "阶段",
    "所在地区",
    "计划投资（万元）",
    "责任人",
    ("下一步", 3),
)
INDICATOR_HEADERS: tuple[Header, ...] = (
    "序号",
    ("指标", 2),
    "季度",
    "目标值",
    "实际值",
    "完成率",
    ("同比", 2),
    ("上年同期", 2),
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


def key_firms_section(grid: Grid, pack: ChainPack) -> None:
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
    if not pack.targets:
        nothing(grid, "暂无目标企业")
        return
    header(grid, TARGET_HEADERS)
    index = 0
    for stage in (*STAGE_ORDER, Stage.DROPPED):
        targets = [target for target in pack.targets if target.stage is stage]
        if not targets:
            continue
        group(grid, f"{stage.file_value}（{len(targets)}家）")
        for target in targets:
            index += 1
            body(
                grid,
                TARGET_HEADERS,
                Cell(index, Look.CENTER),
                Cell(target.firm),
                Cell(target.segment),
                Cell(target.stage.file_value, Look.CENTER),
                Cell(target.region or ""),
                number(target.investment),
                Cell(target.owner or "", Look.CENTER),
                Cell(target.next_step or ""),
            )


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
        percent(line.completion, fill=YELLOW if behind else None),
        Cell(
            growth_words(Decimal(str(round(growth, 6)))) if growth is not None else "—",
            Look.CENTER,
        ),
        number(line.last_year, FIGURE_FORMAT),
    ]


def coordination_section(grid: Grid, pack: ChainPack) -> None:
    """十、需链长协调事项: flagged items, projects with an issue, problems with no owner."""
    lines: list[tuple[str, str, str]] = [
        (action.item, "督办事项", action.department or "")
        for action in pack.actions
        if action.needs_chief and not action.status.is_closed
    ]
    lines += [
        (f"{project.name}：{project.issue}", "重点项目", project.owner or "")
        for project in pack.projects
        if project.issue
    ]
    ownerless = [problem for problem in pack.problems if not problem.owner]
    if ownerless:
        named = "、".join(_problem_name(problem) for problem in ownerless)
        lines.append((f"明确责任人：{named}", "问题清单", ownerless[0].department or ""))
    if not lines:
        nothing(grid, "暂无需链长协调事项")
        return
    header(grid, COORDINATION_HEADERS)
    for index, (text, source, department) in enumerate(lines, start=1):
        body(
            grid,
            COORDINATION_HEADERS,
            Cell(index, Look.CENTER),
            Cell(text),
            Cell(source, Look.CENTER),
            Cell(department),
        )


def _problem_name(problem: Problem) -> str:
    return f"{problem.problem}（{problem.kind}）"
