"""One worksheet's rows, streamed from its XML part with every limit checked as it is met.

Rows come as (Excel row number, values) in file order, empty rows skipped, so a sheet that
jumps to row 2,000,000,000 costs nothing before it is refused. A row past 1,048,576, a column
past XFD or a cell over 32,767 characters ends the read at once, naming the cell; a formula
cell is recorded (its row and column, with or without a saved result) for the row parser to
report, and its value is never used. Numbers that are not finite are an error at their cell.
"""

from __future__ import annotations

import datetime as dt
import math
import zipfile
from collections.abc import Iterator
from typing import Any

from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

from chainchief.domain.errors import CellError, ImportRefused
from chainchief.exchange.headers import formula_cell
from chainchief.exchange.workbook_spec import MAX_CELL_CHARS
from chainchief.exchange.xlsx_parts import chunks, local, new_parser
from chainchief.i18n import _

EXCEL_ROWS = 1_048_576
EXCEL_COLUMNS = 16_384
MAX_CELLS_PER_ROW = 1_024
"""Cell elements one row may hold, empty ones included (the layout has a dozen columns)."""
MAX_CELLS_PER_SHEET = 4_000_000
"""Cell elements one sheet may hold: 200,000 rows of 20 cells, empty ones included."""
_LETTERS = {chr(ord("A") + index): index + 1 for index in range(26)}


def column_number(reference: str) -> int:
    """The 1-based column of a cell reference such as ``AB12`` (0 when it has no letters)."""
    number = 0
    for char in reference:
        value = _LETTERS.get(char)
        if value is None:
            break
        number = number * 26 + value
    return number


class SheetStream:
    """Parse one sheet part; ``rows()`` yields as the part is read, chunk by chunk."""

    def __init__(
        self,
        archive: zipfile.ZipFile,
        part: str,
        title: str,
        *,
        strings: list[str],
        date_styles: frozenset[int],
        date1904: bool,
        max_rows: int,
    ) -> None:
        self.archive, self.part, self.title = archive, part, title
        self.strings = strings
        self.date_styles = date_styles
        self.epoch = CALENDAR_MAC_1904 if date1904 else CALENDAR_WINDOWS_1900
        self.max_rows = max_rows
        self.bad_cells: dict[int, dict[int, str]] = {}
        """Row → column (1-based) → reason, for the cells refused so far: formulas, numbers
        that are not finite, shared-text indexes the workbook does not hold."""
        self._ready: list[tuple[int, tuple[Any, ...]]] = []
        self._row = 0
        self._cells: dict[int, Any] = {}
        self._count = 0
        self._row_elements = 0
        self._cell_elements = 0
        self._column = 0
        self._type = ""
        self._style = 0
        self._text: list[str] = []
        self._length = 0
        self._collect = False
        self._in_cell = False
        self._in_inline = False
        self._phonetic = 0

    def rows(self) -> Iterator[tuple[int, tuple[Any, ...]]]:
        parser = new_parser()
        parser.StartElementHandler = self._start
        parser.EndElementHandler = self._end
        parser.CharacterDataHandler = self._data
        ready = self._ready
        for _step in chunks(self.archive, self.part, parser):
            if ready:
                yield from ready
                ready.clear()

    def _refuse(self, reason: str, column: int | None = None) -> ImportRefused:
        letter = get_column_letter(min(column or self._column or 1, EXCEL_COLUMNS))
        row = min(self._row, EXCEL_ROWS + 1)
        error = CellError(self.title, row, letter, reason)
        return ImportRefused(str(error), [error])

    def _start(self, tag: str, attributes: dict[str, str]) -> None:
        name = local(tag)
        if name == "c":
            reference = attributes.get("r")
            self._column = column_number(reference) if reference else self._column + 1
            self._count += 1
            self._cell_elements += 1
            if self._cell_elements > MAX_CELLS_PER_SHEET:
                raise self._refuse(
                    _("More than {limit} cells in the sheet").format(
                        limit=f"{MAX_CELLS_PER_SHEET:,}"
                    )
                )
            if self._column > EXCEL_COLUMNS:
                raise self._refuse(_("A column beyond XFD, the last one Excel has"), EXCEL_COLUMNS)
            if self._count > MAX_CELLS_PER_ROW:
                raise self._refuse(
                    _("More than {limit} cells in one row").format(limit=f"{MAX_CELLS_PER_ROW:,}")
                )
            self._type = attributes.get("t", "n")
            style = attributes.get("s")
            self._style = int(style) if style and style.isdigit() else 0
            self._text = []
            self._length = 0
            self._in_cell = True
        elif (name == "v" and self._in_cell) or (
            name == "t" and self._in_inline and not self._phonetic
        ):
            self._collect = True
        elif name == "is":
            self._in_inline = True
        elif name == "rPh":
            self._phonetic += 1
        elif name == "f" and self._in_cell:
            self._bad(formula_cell())
        elif name == "row":
            self._start_row(attributes.get("r"))

    def _start_row(self, reference: str | None) -> None:
        number = int(reference) if reference and reference.isdigit() else self._row + 1
        self._row = number
        self._row_elements += 1
        if number > EXCEL_ROWS or self._row_elements > EXCEL_ROWS:
            raise self._refuse(
                _("Row {row} is beyond Excel's last row ({limit})").format(
                    row=f"{number:,}", limit=f"{EXCEL_ROWS:,}"
                ),
                1,
            )
        self._cells = {}
        self._count = 0
        self._column = 0

    def _end(self, tag: str) -> None:
        name = local(tag)
        if name == "c":
            self._in_cell = False
            if self._text:
                value = self._value("".join(self._text))
                if value is not None and self._column not in self.bad_cells.get(self._row, ()):
                    self._cells[self._column] = value
        elif name in ("v", "t"):
            self._collect = False
        elif name == "is":
            self._in_inline = False
        elif name == "rPh":
            self._phonetic -= 1
        elif name == "row":
            self._end_row()

    def _end_row(self) -> None:
        cells = self._cells
        bad = self.bad_cells.get(self._row)
        if not cells and not bad:
            return
        if self._row > self.max_rows + 1:
            raise ImportRefused(
                _("The sheet {sheet} has more than {limit} rows.").format(
                    sheet=self.title, limit=f"{self.max_rows:,}"
                )
            )
        values = [None] * max((*cells, *(bad or ())))
        for column, value in cells.items():
            values[column - 1] = value
        self._ready.append((self._row, tuple(values)))

    def _data(self, data: str) -> None:
        if self._collect:
            self._length += len(data)
            if self._length > MAX_CELL_CHARS:
                raise self._refuse(
                    _("Longer than {limit} characters").format(limit=f"{MAX_CELL_CHARS:,}")
                )
            self._text.append(data)

    def _value(self, text: str) -> Any:
        kind = self._type
        if kind == "s":
            index = int(text) if text.isdigit() else -1
            if 0 <= index < len(self.strings):
                return self.strings[index]
            self._error(_("Points to shared text {index} that the workbook does not hold"), text)
            return None
        if kind in ("inlineStr", "str", "e"):
            return text
        if kind == "b":
            return text.strip() in ("1", "true")
        if kind == "d":
            try:
                return dt.datetime.fromisoformat(text.strip())
            except ValueError:
                self._error(_("Not a date: {index}"), text)
                return None
        return self._number(text)

    def _number(self, text: str) -> Any:
        try:
            number: float | int = (
                float(text) if "." in text or "e" in text or "E" in text else int(text)
            )
        except ValueError:
            self._error(_("Not a number: {index}"), text)
            return None
        if isinstance(number, float) and not math.isfinite(number):
            self._error(_("Not a finite number: {index}"), text)
            return None
        if self._style in self.date_styles:
            try:
                return from_excel(number, self.epoch)
            except (ValueError, OverflowError):
                self._error(_("Not a date: {index}"), text)
                return None
        return number

    def _error(self, reason: str, shown: str) -> None:
        cut = shown if len(shown) <= 40 else shown[:40] + "…"
        self._bad(reason.format(index=cut))

    def _bad(self, reason: str) -> None:
        """The current cell is refused; its value is never used (the first reason stays)."""
        self.bad_cells.setdefault(self._row, {}).setdefault(self._column, reason)
