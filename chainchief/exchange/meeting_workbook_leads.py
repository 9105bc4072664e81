"""The 专班负责人会议 part of 总表: what the team leads of all chains take up together.

共性问题 are the open items flagged as common issues, segments of the same name missing or weak
in two or more chains, and departments with overdue items in two or more chains; then a table of
each department's open and overdue items per chain, so the meeting sees where work piles up.
It sits under the summary table on 总表 rather than on a sheet of its own: every other sheet of
the pack is a chain's (the shared acceptance check reads them so).
"""

from __future__ import annotations

from collections import defaultdict

from chainchief.exchange.meeting_workbook_grid import Cell, Grid, Look, RowKind
from chainchief.exchange.meeting_workbook_model import QuarterPack

TEAM_LEADS_TITLE = "专班负责人会议：共性问题与各部门督办事项"
RED = "FFFFC7CE"
NO_DEPARTMENT = "（未定部门）"


def team_leads_wanted(pack: QuarterPack) -> bool:
    """A cross-chain sheet only in a pack of several chains."""
    return len(pack.chains) > 1


def add_team_leads(grid: Grid, pack: QuarterPack) -> None:
    """The team-leads part under the summary table, on the grid's own columns."""
    columns = grid.columns
    chains = [chain.chain for chain in pack.chains]
    grid.add_kind(RowKind.SECTION, Cell(TEAM_LEADS_TITLE, Look.SECTION, span=columns))
    grid.add_kind(RowKind.GROUP, Cell("（一）共性问题", Look.GROUP, span=columns))
    issues = common_issues(pack)
    if not issues:
        grid.add(Cell("", Look.CENTER), Cell("暂无共性问题", span=columns - 1))
    else:
        headers = (("序号", 1), ("问题", columns - 5), ("涉及产业链", 4))
        grid.add_kind(RowKind.HEADING, *(Cell(t, Look.HEADER, span=n) for t, n in headers))
        for index, (text, where) in enumerate(issues, start=1):
            grid.add(Cell(index, Look.CENTER), Cell(text, span=columns - 5), Cell(where, span=4))
    grid.add_kind(
        RowKind.GROUP,
        Cell("（二）各部门督办事项（未完成／其中逾期）", Look.GROUP, span=columns),
    )
    table = department_table(pack)
    if len(chains) + 3 <= columns:
        _matrix(grid, chains, table)
    else:
        _long_form(grid, table)


def _matrix(grid: Grid, chains: list[str], table: dict[str, dict[str, tuple[int, int]]]) -> None:
    """Departments down, chains across: ``open／overdue`` in each cell."""
    rest = grid.columns - 2 - len(chains)
    grid.add_kind(
        RowKind.HEADING,
        Cell("序号", Look.HEADER),
        Cell("责任部门", Look.HEADER),
        *(Cell(chain, Look.HEADER) for chain in chains),
        Cell("合计", Look.HEADER, span=rest),
    )
    for index, (department, counts) in enumerate(sorted(table.items()), start=1):
        cells = [Cell(index, Look.CENTER), Cell(department)]
        for chain in chains:
            still_open, overdue = counts.get(chain, (0, 0))
            cells.append(
                Cell(
                    f"{still_open}／{overdue}" if still_open else "",
                    Look.CENTER,
                    fill=RED if overdue else None,
                )
            )
        total_open = sum(value[0] for value in counts.values())
        total_overdue = sum(value[1] for value in counts.values())
        cells.append(Cell(f"{total_open}／{total_overdue}", Look.CENTER, span=rest))
        grid.add(*cells)


def _long_form(grid: Grid, table: dict[str, dict[str, tuple[int, int]]]) -> None:
    """Too many chains to go across: one line per department and chain."""
    rest = grid.columns - 4
    grid.add_kind(
        RowKind.HEADING,
        Cell("序号", Look.HEADER),
        Cell("责任部门", Look.HEADER),
        Cell("产业链", Look.HEADER, span=rest),
        Cell("未完成／逾期", Look.HEADER, span=2),
    )
    index = 0
    for department, counts in sorted(table.items()):
        for chain, (still_open, overdue) in sorted(counts.items()):
            index += 1
            grid.add(
                Cell(index, Look.CENTER),
                Cell(department),
                Cell(chain, span=rest),
                Cell(
                    f"{still_open}／{overdue}", Look.CENTER, span=2, fill=RED if overdue else None
                ),
            )


def common_issues(pack: QuarterPack) -> list[tuple[str, str]]:
    """(issue, chains) lines: flagged items, shared gaps, departments overdue in 2+ chains."""
    lines = [
        (f"【共性问题】{action.item}", chain.chain)
        for chain in pack.chains
        for action in chain.actions
        if action.common_issue and not action.status.is_closed
    ]
    gaps: dict[str, list[str]] = defaultdict(list)
    for chain in pack.chains:
        for gap in chain.gaps:
            gaps[gap.segment].append(chain.chain)
    lines += [
        (f"【共同短板】{segment}在{len(where)}条产业链中为缺链或弱链", "、".join(where))
        for segment, where in sorted(gaps.items())
        if len(where) >= 2
    ]
    overdue: dict[str, set[str]] = defaultdict(set)
    for chain in pack.chains:
        for action in chain.actions:
            if action.overdue:
                overdue[action.department or NO_DEPARTMENT].add(chain.chain)
    lines += [
        (f"【多链逾期】{department}在{len(where)}条产业链有逾期督办事项", "、".join(sorted(where)))
        for department, where in sorted(overdue.items())
        if len(where) >= 2
    ]
    return lines


def department_table(pack: QuarterPack) -> dict[str, dict[str, tuple[int, int]]]:
    """Per department, per chain: (open items, of which overdue)."""
    table: dict[str, dict[str, tuple[int, int]]] = defaultdict(dict)
    for chain in pack.chains:
        for action in chain.actions:
            if action.status.is_closed:
                continue
            department = action.department or NO_DEPARTMENT
            still_open, overdue = table[department].get(chain.chain, (0, 0))
            table[department][chain.chain] = (still_open + 1, overdue + int(action.overdue))
    return table
