"""The sections of a chain's sheet in the meeting workbook, in the order of DESIGN.md §6.

一、会议议程 to 十一、本次会议议定事项, then the sign-off block. The agenda, the facts with the
chain's status map, the comparison with the last meeting and the blank lines for what the
meeting decides are here; the tables are in ``meeting_workbook_tables`` and the action items in
``meeting_workbook_actions``.
"""

from __future__ import annotations

import struct
from collections.abc import Callable

from chainchief.exchange.meeting_workbook_actions import actions_section
from chainchief.exchange.meeting_workbook_cells import (
    COLUMNS,
    FILL_WORDS,
    NONE_WORD,
    RED,
    YELLOW,
    group,
    nothing,
    number,
    numeral,
    percent,
)
from chainchief.exchange.meeting_workbook_grid import Cell, Grid, Look, Picture, RowKind
from chainchief.exchange.meeting_workbook_model import ChainPack
from chainchief.exchange.meeting_workbook_tables import (
    coordination_section,
    indicators_section,
    key_firms_section,
    problems_section,
    projects_section,
    targets_section,
)

SECTIONS = (
    "一、会议议程",
    "二、基本情况",
    "三、与上次会议相比",
    "四、问题清单",
    "五、重点项目推进表",
    "六、重点企业",
    "七、招商目标",
    "八、督办事项",
    "九、指标",
    "十、需链长协调事项",
    "十一、本次会议议定事项",
)
DECISION_ROWS = 5
MAP_MAX_HEIGHT = 360.0
"""Points: the map and its section title fit on one page, and within Excel's 409 pt row."""
MAP_WIDTH = 620.0
FIRST_MEETING = "首次调度会，暂无上次会议可比较。"
NO_EARLIER_DATA = "暂无上期数据。"
SIGN_OFF = "审核：________________　　签发：________________"


def add_sections(grid: Grid, pack: ChainPack, map_png: bytes | None = None) -> None:
    """All eleven sections, each under its bold title, then the sign-off block."""
    writers: tuple[Callable[[Grid, ChainPack], None], ...] = (
        _agenda,
        lambda grid, pack: _facts(grid, pack, map_png),
        _comparison,
        problems_section,
        projects_section,
        key_firms_section,
        targets_section,
        actions_section,
        indicators_section,
        coordination_section,
        _decisions,
    )
    for heading, write in zip(SECTIONS, writers, strict=True):
        grid.add_kind(RowKind.SECTION, Cell(heading, Look.SECTION, span=COLUMNS))
        write(grid, pack)
    grid.add(Cell(SIGN_OFF, Look.SUBTITLE, span=COLUMNS))


def add_legend(grid: Grid, index: int) -> None:
    """One line at ``index`` naming each fill the sheet uses, in words for grey printers."""
    used = {cell.fill for row in grid.rows for cell in row.cells if cell.fill}
    fills = [fill for fill in FILL_WORDS if fill in used]
    if not fills:
        return
    span = min(3, (COLUMNS - 2) // len(fills))
    cells = [Cell("图例", Look.GROUP, span=2)]
    cells += [Cell(FILL_WORDS[fill], Look.CENTER, span=span, fill=fill) for fill in fills]
    grid.insert(index, *cells)


def _agenda(grid: Grid, pack: ChainPack) -> None:
    """Each point under its numbered heading; a point with nothing listed gets a blank line
    to write on, so the printed agenda has room for what comes up in the meeting."""
    if not pack.agenda:
        nothing(grid, NONE_WORD)
        return
    for index, section in enumerate(pack.agenda, start=1):
        group(grid, f"（{numeral(index)}）{section.heading}")
        for line_number, line in enumerate(section.lines or ("",), start=1):
            shown = line_number if line and line != NONE_WORD else ""
            grid.add(Cell(shown, Look.CENTER), Cell(line, span=COLUMNS - 1))


def _facts(grid: Grid, pack: ChainPack, map_png: bytes | None) -> None:
    if map_png is not None:
        _map(grid, map_png)
    facts = pack.facts
    blank = Cell("")
    figures = (
        (("环节总数", number(facts.segments)), ("完整度", percent(facts.completeness / 100))),
        (
            ("链主骨干覆盖率", percent(facts.leading_coverage / 100)),
            ("最少本地企业数", number(facts.min_local_firms)),
        ),
        (
            ("缺链", number(facts.missing, fill=RED if facts.missing else None)),
            ("弱链", number(facts.weak, fill=YELLOW if facts.weak else None)),
        ),
        (
            ("卡点", number(facts.chokepoints, fill=RED if facts.chokepoints else None)),
            ("断点", number(facts.breakpoints, fill=RED if facts.breakpoints else None)),
        ),
    )
    for (left, left_value), (right, right_value) in figures:
        left_value.span = right_value.span = 3
        grid.add(
            blank,
            Cell(left, Look.GROUP),
            left_value,
            Cell(right, Look.GROUP, span=2),
            right_value,
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


def _map(grid: Grid, png: bytes) -> None:
    """The status map, scaled to fit, over one row as tall as the picture."""
    width, height = png_size(png)
    scale = min(MAP_WIDTH / width, MAP_MAX_HEIGHT / height) if width and height else 1.0
    shown = (width * scale, height * scale)
    grid.add_kind(RowKind.PICTURE, Cell("", span=COLUMNS), height=shown[1] + 8.0)
    grid.pictures.append(Picture(grid.rows[-1], png, *shown))


def png_size(png: bytes) -> tuple[int, int]:
    """Width and height in pixels, from the PNG's header chunk."""
    if png[:8] != b"\x89PNG\r\n\x1a\n" or png[12:16] != b"IHDR":
        raise ValueError("not a PNG image")
    width, height = struct.unpack(">II", png[16:24])
    return int(width), int(height)


def _comparison(grid: Grid, pack: ChainPack) -> None:
    """The changes since the last held meeting's snapshot, one numbered line per kind."""
    if not pack.since_last:
        nothing(grid, FIRST_MEETING if pack.first_meeting else NO_EARLIER_DATA)
        return
    heading, *lines = pack.since_last
    group(grid, heading)
    for index, line in enumerate(lines, start=1):
        grid.add(Cell(index, Look.CENTER), Cell(line, span=COLUMNS - 1))


def _decisions(grid: Grid, pack: ChainPack) -> None:
    """Five numbered lines to write the meeting's decisions on, kept on one page with the
    sign-off block that follows them."""
    for index in range(1, DECISION_ROWS + 1):
        grid.add_kind(
            RowKind.KEPT, Cell(index, Look.CENTER), Cell("", span=COLUMNS - 1), height=30.0
        )
