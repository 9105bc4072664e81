"""What every section of a chain sheet shares: its eleven columns, colours and cell makers.

Column A is the running number, B a name; the others hold short facts, and long text spans
two or three of them, so one set of widths suits every table (the widest, the 重点项目推进表,
has eleven columns). Colours follow the status palette, and each coloured row also says its
state in words, because offices often print in black and white.
"""

from __future__ import annotations

from chainchief.domain.enums import SegmentStatus
from chainchief.domain.lights import Light
from chainchief.exchange.meeting_workbook_grid import PERCENT_FORMAT, Cell, Grid, Look, RowKind

COLUMNS = 11
MIN_WIDTHS = (5.0, 12.0, *(8.0,) * 9)
MAX_WIDTHS = (6.0, 24.0, *(14.0,) * 9)

RED = "FFFFC7CE"
YELLOW = "FFFFEB9C"
GREEN = "FFC6EFCE"
BLUE = "FFDDEBF7"
STATUS_FILLS = {SegmentStatus.MISSING: RED, SegmentStatus.WEAK: YELLOW, SegmentStatus.STRONG: GREEN}
LIGHT_FILLS = {Light.RED: RED, Light.YELLOW: YELLOW, Light.BLUE: BLUE}
FILL_WORDS = {
    RED: "红：缺链、卡点、断点、红色督办",
    YELLOW: "黄：弱链、未达目标、黄色督办",
    BLUE: "蓝：督办临期",
    GREEN: "绿：已办结",
}
MONEY_FORMAT = "#,##0"
FIGURE_FORMAT = "#,##0.0#"
NONE_WORD = "无"
Header = str | tuple[str, int]


def chain_grid() -> Grid:
    return Grid(COLUMNS, MIN_WIDTHS, MAX_WIDTHS)


def spans(headers: tuple[Header, ...]) -> tuple[int, ...]:
    return tuple(1 if isinstance(title, str) else title[1] for title in headers)


def header(grid: Grid, headers: tuple[Header, ...]) -> None:
    """The table's column headings; rows added after it repeat them on a new page."""
    cells = []
    for title in headers:
        text, span = (title, 1) if isinstance(title, str) else title
        cells.append(Cell(text, Look.HEADER, span=span))
    grid.add_kind(RowKind.HEADING, *cells)


def body(grid: Grid, headers: tuple[Header, ...], *cells: Cell) -> None:
    """A table row whose cells take the spans of ``headers``."""
    for cell, span in zip(cells, spans(headers), strict=True):
        cell.span = span
    grid.add(*cells)


def nothing(grid: Grid, text: str) -> None:
    grid.add(Cell("", Look.CENTER), Cell(text, span=COLUMNS - 1))


def group(grid: Grid, text: str) -> None:
    """A bold line that opens a group of rows; it never ends a page."""
    grid.add_kind(RowKind.GROUP, Cell(text, Look.GROUP, span=COLUMNS))


def number(value: float | None, number_format: str = MONEY_FORMAT, fill: str | None = None) -> Cell:
    if value is None:
        return Cell(None, Look.NUMBER, fill=fill)
    if float(value).is_integer() and number_format == MONEY_FORMAT:
        return Cell(int(value), Look.NUMBER, fill=fill, number_format=MONEY_FORMAT)
    return Cell(value, Look.NUMBER, fill=fill, number_format=number_format)


def percent(value: float | None, fill: str | None = None) -> Cell:
    if value is None:
        return Cell("—", Look.CENTER, fill=fill)
    return Cell(round(value, 6), Look.NUMBER, fill=fill, number_format=PERCENT_FORMAT)


def numeral(value: int) -> str:
    """一 … 十, then the figure."""
    return "一二三四五六七八九十"[value - 1] if 1 <= value <= 10 else str(value)
