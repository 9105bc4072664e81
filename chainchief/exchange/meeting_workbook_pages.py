"""Pages of a printed chain sheet, worked out before the sheet is written.

Excel and LibreOffice break pages wherever the rows run out of room: a section title or a
table's column headings may then end a page, and the next page continues the table without
headings. Here the breaks are chosen from the rows' own heights instead: a title, a heading or
a group line always stays with the rows it opens, a table's first rows stay with its heading,
and a page that continues a table starts with a copy of its column headings. Text too long for
one row (Excel caps rows at 409 pt) goes on over continuation rows of the same item first, so
nothing is clipped. The sheet is printed one page wide (DESIGN.md §3), so the height a page
holds is worked out from the scale that fitting the columns to the paper gives.
"""

from __future__ import annotations

from dataclasses import dataclass

from chainchief.domain.textwidth import display_width
from chainchief.exchange.meeting_workbook_grid import Cell, Grid, Row, RowKind, measure

POINTS_PER_INCH = 72.0
PAPER_WIDTH = 11.69 * POINTS_PER_INCH
"""A4 landscape, in points."""
PAPER_HEIGHT = 8.27 * POINTS_PER_INCH
MARGINS = {"left": 0.5, "right": 0.5, "top": 0.6, "bottom": 0.7, "header": 0.3, "footer": 0.3}
"""Inches, as the page set-up writes them."""
SAFETY = 0.95
"""Share of the computed page height filled: Excel and LibreOffice round the fit-to-width scale
and row heights each their own way, and a page that overflows by one row undoes the plan."""
MAX_ROW_HEIGHT = 409.0
FIRST_ROWS_KEPT = 2
"""A table's heading keeps this many of its rows with it, so no heading or single row is left
at the foot of a page."""


@dataclass(frozen=True)
class Pages:
    """Where the pages break: rows (1-based) after which a new page starts, and the count."""

    breaks: tuple[int, ...]
    count: int


DIGIT_PIXELS = 8.75
"""Width of one column unit in pixels as the widest reader draws it. Excel with Calibri takes
7; LibreOffice without Calibri's metric twin (Carlito) substitutes a wider font and comes to
about 8.7 (measured on its PDF). Planning with the wider one can only leave a page a little
short, never overfull — an overfull page would add a break the plan does not know."""


def column_points(width: float) -> float:
    """A column ``width`` units wide in points (digits plus 5 pixels of padding)."""
    return (width * DIGIT_PIXELS + 5.0) * 0.75


def fit_scale(widths: list[float]) -> float:
    """The scale fitting the columns to the paper's width (never above 100 %)."""
    printable = PAPER_WIDTH - (MARGINS["left"] + MARGINS["right"]) * POINTS_PER_INCH
    total = sum(column_points(width) for width in widths)
    return min(1.0, printable / total) if total else 1.0


def page_room(widths: list[float]) -> float:
    """Row height, in points at 100 %, that one printed page holds."""
    printable = PAPER_HEIGHT - (MARGINS["top"] + MARGINS["bottom"]) * POINTS_PER_INCH
    return printable / fit_scale(widths) * SAFETY


def paginate(grid: Grid, widths: list[float], title_rows: int) -> Pages:
    """Split over-tall rows, insert repeated headings and return the page breaks.

    Row heights must be fitted first (``Grid.fit_heights``); rows 1–``title_rows`` print on
    every page (the print titles), so each page holds that much less.
    """
    titles = sum(row.height or 0.0 for row in grid.rows[:title_rows])
    room = page_room(widths) - titles
    _split_tall_rows(grid, widths, min(MAX_ROW_HEIGHT, room))
    rows = grid.rows
    laid: list[Row] = rows[:title_rows]
    breaks: list[int] = []
    used = 0.0
    for block in _blocks(rows[title_rows:], rows):
        height = sum(row.height or 0.0 for row in block)
        if used and used + height > room:
            used = 0.0
            breaks.append(len(laid))
            heading = _heading_of(block[0], rows)
            if heading is not None:
                laid.append(_copy(heading))
                used = heading.height or 0.0
        for row in block:
            row_height = row.height or 0.0
            if used and used + row_height > room:  # a block taller than a page
                breaks.append(len(laid))
                used = 0.0
                heading = _heading_of(row, rows)
                if heading is not None:
                    laid.append(_copy(heading))
                    used = heading.height or 0.0
            laid.append(row)
            used += row_height
    grid.rows = laid
    return Pages(tuple(breaks), len(breaks) + 1)


def _blocks(rows: list[Row], every: list[Row]) -> list[list[Row]]:
    """Runs of rows that share a page: openers with what they open, a heading with its
    first rows."""
    blocks: list[list[Row]] = []
    current: list[Row] = []
    keep = 0
    for row in rows:
        current.append(row)
        if row.kind is RowKind.HEADING:
            keep = FIRST_ROWS_KEPT
            continue
        if row.kind.keeps_with_next:
            continue
        if keep and row.kind is RowKind.BODY:
            keep -= 1
            if keep:
                continue
        keep = 0
        blocks.append(current)
        current = []
    if current:
        blocks.append(current)
    return blocks


def _heading_of(row: Row, rows: list[Row]) -> Row | None:
    if row.kind in (RowKind.HEADING, RowKind.SECTION) or row.heading is None:
        return None
    return rows[row.heading]


def _copy(heading: Row) -> Row:
    return Row(list(heading.cells), list(heading.lines), heading.height, RowKind.HEADING)


def _split_tall_rows(grid: Grid, widths: list[float], limit: float) -> None:
    """Rows taller than ``limit`` become the row and its continuation rows, each within it."""
    if all((row.height or 0.0) <= limit for row in grid.rows):
        return
    rows: list[Row] = []
    moved: dict[int, int] = {}
    for index, row in enumerate(grid.rows):
        moved[index] = len(rows)
        if row.fixed is not None or (row.height or 0.0) <= limit:
            rows.append(row)
        else:
            rows.extend(_continued(row, widths, limit))
    for row in rows:
        if row.heading is not None:
            row.heading = moved[row.heading]
    grid.rows = rows
    grid.fit_heights(widths)


def _continued(row: Row, widths: list[float], limit: float) -> list[Row]:
    lines_per_row = max(1, int((limit - 3.0) // 15.0))
    pieces: list[list[object]] = []
    column = 0
    for cell in row.cells:
        usable = max(sum(widths[column : column + cell.span]) - 2.0, 1.0)
        value = cell.value
        if isinstance(value, str):
            pieces.append(list(split_text(value, usable, lines_per_row)))
        else:
            pieces.append([value])
        column += cell.span
    count = max(len(piece) for piece in pieces)
    made = []
    for index in range(count):
        cells = [
            Cell(
                piece[index] if index < len(piece) else ("" if isinstance(piece[0], str) else None),
                cell.look,
                cell.span,
                cell.fill,
                cell.number_format,
            )
            for cell, piece in zip(row.cells, pieces, strict=True)
        ]
        lines = [measure(c.value if isinstance(c.value, str) else "") for c in cells]
        made.append(Row(cells, lines, None, row.kind, row.heading))
    return made


def split_text(text: str, usable: float, max_lines: int) -> tuple[str, ...]:
    """``text`` cut into pieces that each wrap to at most ``max_lines`` lines ``usable`` wide."""
    pieces: list[str] = []
    current: list[str] = []
    lines, width = 1, 0
    for char in text:
        if char == "\n":
            lines, width = lines + 1, 0
            if lines > max_lines:
                pieces.append("".join(current))
                current, lines = [], 1
            else:
                current.append(char)
            continue
        char_width = display_width(char)
        if width + char_width > usable:
            lines, width = lines + 1, 0
            if lines > max_lines:
                pieces.append("".join(current))
                current, lines = [], 1
        current.append(char)
        width += char_width
    pieces.append("".join(current))
    return tuple(pieces)
