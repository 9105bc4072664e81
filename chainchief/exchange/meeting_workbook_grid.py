"""A printed sheet as a grid of cells, measured before it is written.

Column widths depend on every cell of a column and row heights on the widths, so a sheet is
first laid out as plain rows (values, spans, style keys), measured — a Chinese character counts
2, as in Excel's width unit — and only then streamed to a write-only worksheet. Streaming keeps
a city-sized pack fast; measuring first means wrapped text is never clipped on paper.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
from collections.abc import Iterable
from copy import copy
from dataclasses import dataclass, field
from enum import Enum

from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.cell_range import CellRange, MultiCellRange
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from chainchief.domain.textwidth import display_width

BODY_FONT = "仿宋"
TITLE_FONT = "黑体"
GB2312 = 134
HEADER_FILL = "FFD9D9D9"
SECTION_FILL = "FFF2F2F2"
LINE_HEIGHT = 15.0
ROW_PADDING = 3.0
FOOTER = "第 &P 页 共 &N 页"
DATE_FORMAT = 'yyyy"年"m"月"d"日"'
PERCENT_FORMAT = "0.0%"
_CAREFUL = re.compile(r"^[=+\-@\t\r]")
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


class Look(Enum):
    """The few kinds of cell a pack sheet has; each maps to one font, fill and alignment."""

    TITLE = "title"
    SUBTITLE = "subtitle"
    SECTION = "section"
    HEADER = "header"
    GROUP = "group"
    TEXT = "text"
    CENTER = "center"
    NUMBER = "number"


_FONTS = {
    Look.TITLE: Font(name=TITLE_FONT, size=16, bold=True, charset=GB2312),
    Look.SUBTITLE: Font(name=BODY_FONT, size=11, charset=GB2312),
    Look.SECTION: Font(name=TITLE_FONT, size=12, bold=True, charset=GB2312),
    Look.HEADER: Font(name=TITLE_FONT, size=11, bold=True, charset=GB2312),
    Look.GROUP: Font(name=BODY_FONT, size=11, bold=True, charset=GB2312),
    Look.TEXT: Font(name=BODY_FONT, size=11, charset=GB2312),
    Look.CENTER: Font(name=BODY_FONT, size=11, charset=GB2312),
    Look.NUMBER: Font(name=BODY_FONT, size=11, charset=GB2312),
}
_HORIZONTAL = {
    Look.TITLE: "center",
    Look.HEADER: "center",
    Look.CENTER: "center",
    Look.NUMBER: "right",
}
_LINE_HEIGHTS = {Look.TITLE: 24.0, Look.SECTION: 18.0}
_THIN = Side(style="thin", color="FF000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_BORDERLESS = {Look.TITLE, Look.SUBTITLE}


@dataclass(frozen=True, slots=True)
class Cell:
    """A value in the grid; ``span`` columns wide (merged when > 1)."""

    value: object
    look: Look = Look.TEXT
    span: int = 1
    fill: str | None = None
    number_format: str | None = None


@dataclass(slots=True)
class Row:
    """Cells left to right; ``lines`` holds each cell's line widths, measured once."""

    cells: list[Cell]
    lines: list[tuple[int, ...]]
    height: float | None = None


@dataclass
class Grid:
    """A sheet's rows over ``columns`` columns, each as wide as its limits allow."""

    columns: int
    min_widths: tuple[float, ...]
    max_widths: tuple[float, ...]
    rows: list[Row] = field(default_factory=list)
    merges: list[str] = field(default_factory=list)

    def add(self, *cells: Cell) -> None:
        measured = [tuple(_width(part) for part in shown(cell).split("\n")) for cell in cells]
        self.rows.append(Row(list(cells), measured))

    def widths(self) -> list[float]:
        """Each column as wide as its widest single-column text (+2), within its limits."""
        wanted = [0.0] * self.columns
        for row in self.rows:
            column = 0
            for cell, lines in zip(row.cells, row.lines, strict=True):
                if cell.span == 1 and cell.look is not Look.TITLE:
                    wanted[column] = max(wanted[column], max(lines) + 2)
                column += cell.span
        return [
            min(max(want, low), high)
            for want, low, high in zip(wanted, self.min_widths, self.max_widths, strict=True)
        ]

    def fit_heights(self, widths: list[float]) -> None:
        """Row heights that show every wrapped line of every cell."""
        for row in self.rows:
            count, column, line_height = 1, 0, LINE_HEIGHT
            for cell, lines in zip(row.cells, row.lines, strict=True):
                width = sum(widths[column : column + cell.span])
                count = max(count, wrapped_lines(lines, width))
                line_height = max(line_height, _LINE_HEIGHTS.get(cell.look, LINE_HEIGHT))
                column += cell.span
            row.height = count * line_height + ROW_PADDING


def wrapped_lines(line_widths: tuple[int, ...], width: float) -> int:
    """Lines text takes when wrapped in a column ``width`` units wide.

    Two units are kept back for the cell's margins and for wrapping at word ends, which may
    leave a line a little short of full.
    """
    usable = max(width - 2.0, 1.0)
    return sum(max(1, math.ceil(line / usable)) for line in line_widths)


def line_count(text: str, width: float) -> int:
    return wrapped_lines(tuple(_width(part) for part in text.split("\n")), width)


@functools.lru_cache(maxsize=65536)
def _width(text: str) -> int:
    """display_width, remembered: names, tags and owners repeat down a sheet."""
    return display_width(text)


def shown(cell: Cell) -> str:
    """The text a cell shows, near enough to measure it."""
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, dt.date):
        return f"{value.year}年{value.month}月{value.day}日"
    if isinstance(value, float) and cell.number_format == PERCENT_FORMAT:
        return f"{value:.1%}"
    if isinstance(value, int | float) and not isinstance(value, bool):
        return (
            f"{value:,.2f}"
            if isinstance(value, float) and not value.is_integer()
            else f"{value:,.0f}"
        )
    return str(value)


class StyleBook:
    """openpyxl styles made once per look, fill and number format, shared by every cell.

    Setting a font, border or fill on an openpyxl cell hashes the style object to find its
    index in the workbook, which dominates writing time for a big pack; so each combination is
    set once on a first cell and later cells copy that cell's style indexes.
    """

    def __init__(self) -> None:
        self._fills: dict[str, PatternFill] = {}
        self._styles: dict[tuple[Look, str | None, str | None, bool], StyleArray] = {}
        self._alignments: dict[Look, Alignment] = {
            look: Alignment(
                horizontal=_HORIZONTAL.get(look, "left"),
                vertical="center",
                wrap_text=look is not Look.NUMBER,
                indent=1 if look is Look.NUMBER else 0,
            )
            for look in Look
        }

    def cell(self, sheet: WriteOnlyWorksheet, cell: Cell | None) -> WriteOnlyCell:
        """A styled write-only cell; formula-like text stays a plain string, never a formula."""
        value = None if cell is None else cell.value
        careful = False
        if isinstance(value, str):
            value = _ILLEGAL.sub("", value)
            careful = _CAREFUL.match(value) is not None
        written = WriteOnlyCell(sheet, value=value)
        if careful:
            written.data_type = "s"
        look = Look.TEXT if cell is None else cell.look
        fill = None if cell is None else cell.fill
        number_format = None if cell is None else cell.number_format
        if number_format is None and isinstance(value, dt.date):
            number_format = DATE_FORMAT
        key = (look, fill, number_format, careful)
        style = self._styles.get(key)
        if style is None:
            self._style(written, *key)
            self._styles[key] = copy(written._style)
        else:
            written._style = copy(style)
        return written

    def _style(
        self,
        written: WriteOnlyCell,
        look: Look,
        fill: str | None,
        number_format: str | None,
        careful: bool,
    ) -> None:
        written.font = _FONTS[look]
        written.alignment = self._alignments[look]
        if look not in _BORDERLESS:
            written.border = _BORDER
        if fill is None and look is Look.HEADER:
            fill = HEADER_FILL
        if fill is None and look is Look.SECTION:
            fill = SECTION_FILL
        if fill is not None:
            written.fill = PatternFill("solid", fgColor=fill, bgColor=fill)
        if number_format is not None:
            written.number_format = number_format
        written.quotePrefix = careful


def write_grid(
    sheet: WriteOnlyWorksheet, grid: Grid, styles: StyleBook, *, header_rows: int
) -> None:
    """Stream the grid into ``sheet`` with the print set-up of DESIGN.md §3.

    A4 landscape, one page wide and as many pages tall as needed, the first ``header_rows``
    rows repeated on every page and frozen on screen, page x of y in the footer.
    """
    widths = grid.widths()
    grid.fit_heights(widths)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = round(width, 1)
    set_up_printing(sheet, header_rows)
    merges = list(grid.merges)
    for number, row in enumerate(grid.rows, start=1):
        sheet.row_dimensions[number].height = row.height
        sheet.append(list(_row_cells(sheet, row, number, grid.columns, styles, merges)))
    # Set once: MultiCellRange.add scans every range already there, quadratic on a long sheet.
    sheet.merged_cells = MultiCellRange([CellRange(merge) for merge in merges])


def _row_cells(
    sheet: WriteOnlyWorksheet,
    row: Row,
    number: int,
    columns: int,
    styles: StyleBook,
    merges: list[str],
) -> Iterable[WriteOnlyCell]:
    column = 1
    for cell in row.cells:
        yield styles.cell(sheet, cell)
        if cell.span > 1:
            last = column + cell.span - 1
            merges.append(f"{get_column_letter(column)}{number}:{get_column_letter(last)}{number}")
            covered = Cell(None, cell.look, fill=cell.fill)
            for _ in range(cell.span - 1):
                yield styles.cell(sheet, covered)
        column += cell.span
    if column <= columns and row.cells and row.cells[0].look not in _BORDERLESS:
        for _ in range(columns - column + 1):
            yield styles.cell(sheet, None)


def set_up_printing(sheet: WriteOnlyWorksheet, header_rows: int) -> None:
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.orientation = Worksheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    if sheet.sheet_properties.pageSetUpPr is None:
        sheet.sheet_properties.pageSetUpPr = PageSetupProperties()
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.5
    sheet.page_margins.top = 0.6
    sheet.page_margins.bottom = 0.7
    sheet.page_margins.footer = 0.3
    sheet.print_title_rows = f"1:{header_rows}"
    sheet.freeze_panes = f"A{header_rows + 1}"
    sheet.oddFooter.center.text = FOOTER
    sheet.oddFooter.center.font = BODY_FONT
    sheet.oddFooter.center.size = 10
