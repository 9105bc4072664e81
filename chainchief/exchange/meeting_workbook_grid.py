"""A printed sheet as a grid of cells, measured before it is written.

Column widths depend on every cell of a column and row heights on the widths, so a sheet is
first laid out as plain rows (values, spans, looks), measured — a Chinese character counts 2,
as in Excel's width unit — and only then written (``meeting_workbook_xlsx``). Measuring first
means wrapped text is never clipped on paper.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from dataclasses import dataclass, field
from enum import Enum

from chainchief.domain.textwidth import display_width

LINE_HEIGHT = 15.0
ROW_PADDING = 3.0
PERCENT_FORMAT = "0.0%"


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

    # Looks key the style and line-height tables, looked up for every cell of a city's pack;
    # identity hashing (members are singletons) is a C call where Enum's hashes the name.
    __hash__ = object.__hash__


_LINE_HEIGHTS = {Look.TITLE: 24.0, Look.SECTION: 18.0}


class RowKind(Enum):
    """What a row is to pagination: headings and pictures stay with the rows they open."""

    BODY = "body"
    SECTION = "section"
    HEADING = "heading"
    GROUP = "group"
    PICTURE = "picture"
    KEPT = "kept"
    """A row printed on the same page as the next (the blank lines for decisions)."""

    __hash__ = object.__hash__

    @property
    def keeps_with_next(self) -> bool:
        return self in (RowKind.SECTION, RowKind.HEADING, RowKind.GROUP, RowKind.KEPT)


@dataclass(slots=True)
class Cell:
    """A value in the grid; ``span`` columns wide (merged when > 1).

    Not frozen, though never changed once made: a frozen dataclass sets each field through
    ``object.__setattr__``, which doubles the cost of the 150,000 cells of a city's pack.
    """

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
    kind: RowKind = RowKind.BODY
    heading: int | None = None
    """Index of the column-heading row of the table this row belongs to, if any."""
    fixed: float | None = None
    """A height set by the sheet (a picture's row), kept whatever the cells hold."""


@dataclass(frozen=True)
class Picture:
    """A PNG image shown over ``row`` (its top-left at column A), ``width`` × ``height`` points."""

    row: Row
    png: bytes
    width: float
    height: float


@dataclass
class Grid:
    """A sheet's rows over ``columns`` columns, each as wide as its limits allow.

    Cells are measured as they are added (each distinct text once), and each column's wanted
    width kept up to date, so laying out a long sheet is one pass over its cells.
    """

    columns: int
    min_widths: tuple[float, ...]
    max_widths: tuple[float, ...]
    rows: list[Row] = field(default_factory=list)
    merges: list[str] = field(default_factory=list)
    pictures: list[Picture] = field(default_factory=list)
    _wanted: list[float] = field(init=False, repr=False)
    _measured: dict[str, tuple[int, ...]] = field(init=False, repr=False, default_factory=dict)
    _heading: int | None = field(init=False, repr=False, default=None)

    def __post_init__(self) -> None:
        self._wanted = [0.0] * self.columns

    def add_kind(self, kind: RowKind, *cells: Cell, height: float | None = None) -> None:
        """Add a row of ``kind``: a section title closes the table above it."""
        if kind is RowKind.SECTION:
            self._heading = None
        self.add(*cells)
        row = self.rows[-1]
        row.kind, row.fixed = kind, height
        if kind is RowKind.HEADING:
            row.heading = None
            self._heading = len(self.rows) - 1

    def end_table(self) -> None:
        """Close the table above: rows added next repeat no column headings on a new page."""
        self._heading = None

    def insert(self, index: int, *cells: Cell) -> None:
        """Add a row at ``index`` (a line worked out once the rows below are known)."""
        self.add(*cells)
        row = self.rows.pop()
        row.heading = None
        for later in self.rows:
            if later.heading is not None and later.heading >= index:
                later.heading += 1
        if self._heading is not None and self._heading >= index:
            self._heading += 1
        self.rows.insert(index, row)

    def add(self, *cells: Cell) -> None:
        measured = []
        known = self._measured
        wanted = self._wanted
        column = 0
        for cell in cells:
            value = cell.value
            text = value if isinstance(value, str) else shown(cell)
            lines = known.get(text)
            if lines is None:
                lines = known[text] = measure(text)
            measured.append(lines)
            span = cell.span
            if span == 1 and cell.look is not Look.TITLE:
                widest = max(lines) + 2
                if widest > wanted[column]:
                    wanted[column] = widest
            column += span
        self.rows.append(Row(list(cells), measured, heading=self._heading))

    def widths(self) -> list[float]:
        """Each column as wide as its widest single-column text (+2), within its limits."""
        return [
            min(max(want, low), high)
            for want, low, high in zip(self._wanted, self.min_widths, self.max_widths, strict=True)
        ]

    def fit_heights(self, widths: list[float]) -> None:
        """Row heights that show every wrapped line of every cell."""
        # room[column][span]: the text width a cell starting at ``column`` has
        room = [
            [max(sum(widths[column : column + span]) - 2.0, 1.0) for span in range(len(widths) + 1)]
            for column in range(len(widths))
        ]
        heights = _LINE_HEIGHTS
        for row in self.rows:
            if row.fixed is not None:
                row.height = row.fixed
                continue
            count, column, line_height = 1, 0, LINE_HEIGHT
            for cell, lines in zip(row.cells, row.lines, strict=True):
                span = cell.span
                usable = room[column][span]
                if len(lines) == 1:
                    if lines[0] > usable:
                        count = max(count, math.ceil(lines[0] / usable))
                else:
                    count = max(count, _wrapped(lines, usable))
                if cell.look in heights:
                    line_height = max(line_height, heights[cell.look])
                column += span
            row.height = count * line_height + ROW_PADDING


def wrapped_lines(line_widths: tuple[int, ...], width: float) -> int:
    """Lines text takes when wrapped in a column ``width`` units wide.

    Two units are kept back for the cell's margins and for wrapping at word ends, which may
    leave a line a little short of full.
    """
    return _wrapped(line_widths, max(width - 2.0, 1.0))


def _wrapped(line_widths: tuple[int, ...], usable: float) -> int:
    return sum(max(1, math.ceil(line / usable)) for line in line_widths)


def line_count(text: str, width: float) -> int:
    return wrapped_lines(measure(text), width)


def measure(text: str) -> tuple[int, ...]:
    """The display width of each line of ``text``."""
    if "\n" not in text:
        return (display_width(text),)
    return tuple(display_width(part) for part in text.split("\n"))


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


@functools.lru_cache(maxsize=64)
def column_letter(index: int) -> str:
    """Excel's name of the 1-based column ``index``: 1 → A, 27 → AA."""
    letters = ""
    while index > 0:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters
