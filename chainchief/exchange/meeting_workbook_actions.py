"""八、督办事项 of a chain sheet: the chain's open items and those closed since its last meeting.

Kept in one module (headings, colours, status words) so that changes to the action-item
lifecycle touch only this file.
"""

from __future__ import annotations

from chainchief.domain.enums import ActionStatus
from chainchief.domain.lights import LIGHT_WORDS
from chainchief.exchange.meeting_workbook_cells import (
    GREEN,
    LIGHT_FILLS,
    Header,
    body,
    header,
    nothing,
)
from chainchief.exchange.meeting_workbook_grid import Cell, Grid, Look
from chainchief.exchange.meeting_workbook_model import ActionLine, ChainPack

ACTION_HEADERS: tuple[Header, ...] = (
    "序号",
    ("督办事项", 3),
    "责任部门",
    "责任人",
    "完成时限",
    "状态",
    "共性问题",
    ("进展情况", 2),
)


def actions_section(grid: Grid, pack: ChainPack) -> None:
    if not pack.actions:
        nothing(grid, "暂无督办事项")
        return
    header(grid, ACTION_HEADERS)
    for number, action in enumerate(pack.actions, start=1):
        body(grid, ACTION_HEADERS, *action_cells(number, action))


def action_cells(number: int, action: ActionLine) -> list[Cell]:
    light_fill = LIGHT_FILLS.get(action.light) if action.light is not None else None
    fill = GREEN if action.status is ActionStatus.DONE else light_fill
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
