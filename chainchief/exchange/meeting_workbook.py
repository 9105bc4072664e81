"""The quarterly meeting workbook (``chainchief sheet``), exactly as DESIGN.md §3 lays it out.

总表 first, one line per chain; then one print-ready sheet per chain: title, the people and the
meeting on row 2, and the seven sections. The writer only reads a ``QuarterPack``; it never
touches the database, and it writes the file atomically.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from pathlib import Path

from chainchief.domain.dates_zh import chinese_date, meeting_moment
from chainchief.domain.lights import Light
from chainchief.exchange.bulk import collector_paused
from chainchief.exchange.meeting_workbook_cells import COLUMNS, RED, YELLOW, chain_grid
from chainchief.exchange.meeting_workbook_grid import (
    PERCENT_FORMAT,
    Cell,
    Grid,
    Look,
    RowKind,
    column_letter,
)
from chainchief.exchange.meeting_workbook_leads import add_team_leads, team_leads_wanted
from chainchief.exchange.meeting_workbook_model import (
    PIPELINE_STAGES,
    TO_BE_DECIDED,
    ChainPack,
    MeetingInfo,
    QuarterPack,
    chain_title,
)
from chainchief.exchange.meeting_workbook_sections import add_legend, add_sections
from chainchief.exchange.meeting_workbook_xlsx import SheetToWrite, write_xlsx

SUMMARY_SHEET = "总表"
MAX_SHEET_NAME = 31
_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
SUMMARY_HEADERS = ("产业链", "链长", "专班负责人", "会议日期", "完整度", "缺链", "弱链", "卡点")
SUMMARY_TAIL = ("督办未完成", "督办逾期", "指标完成率")
SUMMARY_MIN = (10.0, 8.0, 10.0, 14.0, 8.0, 6.0, 6.0, 6.0)
SUMMARY_MAX = (26.0, 12.0, 12.0, 18.0, 10.0, 8.0, 8.0, 8.0)


def workbook_title(chain: str, pack: QuarterPack) -> str:
    """``<chain>产业链<year>年第<n>季度链长调度会工作台账``, never with 产业链 twice."""
    return f"{chain_title(chain)}{pack.quarter.chinese}链长调度会工作台账"


def sheet_names(chains: Iterable[str], reserved: Iterable[str] = (SUMMARY_SHEET,)) -> list[str]:
    """Excel-safe, unique sheet names: ``[]:*?/\\`` become _, cut to 31, then _2, _3… if taken.

    Excel compares sheet names without regard to case, so uniqueness does too.
    """
    taken = {name.casefold() for name in reserved}
    names = []
    for chain in chains:
        base = _FORBIDDEN.sub("_", chain)
        name = _trimmed(base, MAX_SHEET_NAME)
        suffix = 1
        while name.casefold() in taken:
            suffix += 1
            tail = f"_{suffix}"
            name = _trimmed(base, MAX_SHEET_NAME - len(tail)) + tail
        taken.add(name.casefold())
        names.append(name)
    return names


def _trimmed(name: str, limit: int) -> str:
    """Cut to ``limit``; Excel refuses a sheet name that begins or ends with an apostrophe."""
    return name[:limit].strip("'") or "_"


def write_meeting_workbook(
    pack: QuarterPack, path: str | Path, maps: Mapping[str, bytes] | None = None
) -> list[str]:
    """Write the pack's workbook to ``path`` atomically; returns the sheet names in order.

    ``maps`` holds each chain's status map as PNG bytes, by chain name (drawn by the caller:
    this layer has no drawing code). Each chain's grid is laid out only when its sheet is
    written, so one sheet's cells are in memory at a time.
    """
    maps = maps or {}
    names = sheet_names(chain.chain for chain in pack.chains)
    sheets = [
        SheetToWrite(SUMMARY_SHEET, lambda: summary_grid(pack), 4, footer_label=SUMMARY_SHEET),
        *(
            SheetToWrite(
                name,
                functools.partial(chain_sheet_grid, chain, pack, maps.get(chain.chain)),
                2,
                footer_label=chain.chain,
                picture=chain.chain in maps,
            )
            for name, chain in zip(names, pack.chains, strict=True)
        ),
    ]
    with collector_paused():
        write_xlsx(path, sheets)
    return [sheet.name for sheet in sheets]


def meeting_when(meeting: MeetingInfo | None) -> str:
    """Date and time as printed on row 2, 待定 when no meeting is planned."""
    if meeting is None or meeting.date is None:
        return TO_BE_DECIDED
    return meeting_moment(meeting.date, meeting.start, meeting.end)


def chain_sheet_grid(chain: ChainPack, pack: QuarterPack, map_png: bytes | None = None) -> Grid:
    grid = chain_grid()
    grid.add(Cell(workbook_title(chain.chain, pack), Look.TITLE, span=COLUMNS))
    grid.add(
        Cell(f"链长：{chain.chief or TO_BE_DECIDED}", Look.SUBTITLE, span=2),
        Cell(f"专班负责人：{chain.team_lead or TO_BE_DECIDED}", Look.SUBTITLE, span=2),
        Cell(f"会议时间：{meeting_when(chain.meeting)}", Look.SUBTITLE, span=4),
        Cell(f"会议地点：{chain.place or TO_BE_DECIDED}", Look.SUBTITLE, span=COLUMNS - 8),
    )
    add_sections(grid, chain, map_png)
    grid.add(Cell(_made_on(pack), Look.SUBTITLE, span=COLUMNS))
    add_legend(grid, 2)
    return grid


def _made_on(pack: QuarterPack) -> str:
    return f"制表日期：{chinese_date(pack.made_on)}（督办事项逾期、临期按此日计）"


def summary_grid(pack: QuarterPack) -> Grid:
    """总表: one line per chain, a 合计 line, under a two-row header (招商目标 over its stages)."""
    stages = len(PIPELINE_STAGES)
    columns = len(SUMMARY_HEADERS) + stages + len(SUMMARY_TAIL)
    grid = Grid(
        columns,
        SUMMARY_MIN + (6.0,) * stages + (10.0, 8.0, 10.0),
        SUMMARY_MAX + (8.0,) * stages + (12.0, 10.0, 12.0),
    )
    grid.add(Cell(f"{pack.quarter.chinese}链长调度会工作台账总表", Look.TITLE, span=columns))
    grid.add(Cell(_made_on(pack), Look.SUBTITLE, span=columns))
    grid.add(
        *(Cell(text, Look.HEADER) for text in SUMMARY_HEADERS),
        Cell("招商目标", Look.HEADER, span=stages),
        *(Cell(text, Look.HEADER) for text in SUMMARY_TAIL),
    )
    grid.add(
        *(Cell(None, Look.HEADER) for _ in SUMMARY_HEADERS),
        *(Cell(stage.file_value, Look.HEADER) for stage in PIPELINE_STAGES),
        *(Cell(None, Look.HEADER) for _ in SUMMARY_TAIL),
    )
    first_tail = len(SUMMARY_HEADERS) + stages
    for index in [*range(len(SUMMARY_HEADERS)), *range(first_tail, columns)]:
        letter = column_letter(index + 1)
        grid.merges.append(f"{letter}3:{letter}4")
    for chain in pack.chains:
        grid.add(*_summary_cells(chain))
    grid.add(*_total_cells(pack.chains))
    if team_leads_wanted(pack):
        add_team_leads(grid, pack)
    _department_lights(grid, pack, columns)
    return grid


def _department_lights(grid: Grid, pack: QuarterPack, columns: int) -> None:
    """For the team-leads meeting: each responsible department's red and yellow open items."""
    counts: dict[str, list[int]] = {}
    for chain in pack.chains:
        for action in chain.actions:
            if action.light in (Light.RED, Light.YELLOW) and not action.status.is_closed:
                row = counts.setdefault(action.department or "未定部门", [0, 0])
                row[0 if action.light is Light.RED else 1] += 1
    grid.add_kind(RowKind.SECTION, Cell(None, span=columns))
    grid.add_kind(
        RowKind.SECTION, Cell("各部门督办预警（专班负责人会议）", Look.GROUP, span=columns)
    )
    grid.add_kind(
        RowKind.HEADING,
        Cell("责任部门", Look.HEADER, span=3),
        Cell("红色督办", Look.HEADER),
        Cell("黄色督办", Look.HEADER),
        Cell(None, span=columns - 5),
    )
    if not counts:
        grid.add(Cell("暂无亮红灯、黄灯的督办事项", span=columns))
    for department, (red, yellow) in sorted(
        counts.items(), key=lambda item: (-item[1][0], -item[1][1], item[0])
    ):
        grid.add(
            Cell(department, span=3),
            _count(red, RED),
            _count(yellow, YELLOW),
            Cell(None, span=columns - 5),
        )


def _count(value: int, fill: str | None = None) -> Cell:
    return Cell(value, Look.NUMBER, fill=fill if value else None, number_format="0")


def _summary_cells(chain: ChainPack) -> list[Cell]:
    meeting = chain.meeting
    day = meeting.date if meeting is not None and meeting.date is not None else None
    counts = chain.target_counts
    completion = chain.indicator_completion
    facts = chain.facts
    return [
        Cell(chain.chain),
        Cell(chain.chief or "", Look.CENTER),
        Cell(chain.team_lead or "", Look.CENTER),
        Cell(day if day else TO_BE_DECIDED, Look.CENTER),
        Cell(facts.completeness / 100, Look.NUMBER, number_format=PERCENT_FORMAT),
        _count(facts.missing),
        _count(facts.weak),
        _count(facts.chokepoints),
        *(_count(counts[stage]) for stage in PIPELINE_STAGES),
        _count(chain.open_actions),
        _count(chain.overdue_actions, RED),
        Cell(round(completion, 6), Look.NUMBER, number_format=PERCENT_FORMAT)
        if completion is not None
        else Cell("—", Look.CENTER),
    ]


def _total_cells(chains: tuple[ChainPack, ...]) -> list[Cell]:
    def total(values: Iterable[int]) -> Cell:
        return _count(sum(values))

    segments = sum(chain.facts.segments for chain in chains)
    present = segments - sum(chain.facts.missing for chain in chains)
    rates = [
        line.completion
        for chain in chains
        for line in chain.indicators
        if line.completion is not None
    ]
    return [
        Cell("合计", Look.GROUP),
        Cell(f"{len(chains)}条产业链", Look.CENTER, span=3),
        Cell(present / segments if segments else 0.0, Look.NUMBER, number_format=PERCENT_FORMAT),
        total(chain.facts.missing for chain in chains),
        total(chain.facts.weak for chain in chains),
        total(chain.facts.chokepoints for chain in chains),
        *(total(chain.target_counts[stage] for chain in chains) for stage in PIPELINE_STAGES),
        total(chain.open_actions for chain in chains),
        total(chain.overdue_actions for chain in chains),
        Cell(round(sum(rates) / len(rates), 6), Look.NUMBER, number_format=PERCENT_FORMAT)
        if rates
        else Cell("—", Look.CENTER),
    ]
