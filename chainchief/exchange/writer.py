"""Writing workbooks in the import layout (export and template), by the writing rules of §3.

openpyxl's write-only mode streams rows, which keeps a city-sized export fast and small. Text
that Excel would take for a formula or an error value (=…, +…, -…, @…, #N/A, a leading tab or
CR) is written as an explicit inline string, so it stays text in Excel and on re-import.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.datavalidation import DataValidation

from chainchief.domain.textwidth import display_width
from chainchief.exchange.progress import REPORT_EVERY, Tracker
from chainchief.exchange.workbook_spec import LIST_SEPARATOR, MAX_ROWS, Kind, SheetColumn, SheetSpec
from chainchief.fileio import atomic_path

Row = dict[str, Any]
Converter = Callable[[Any], Any]

HEADER_FONT = Font(name="等线", bold=True, charset=134)
HEADER_FILL = PatternFill("solid", fgColor="FFDDEBF7")
WIDTH_SAMPLE = 2000
MIN_WIDTH, MAX_WIDTH = 8, 60
_RISKY_STARTS = frozenset("=+-@#\t\r")
_CAREFUL = re.compile(r"^[=+\-@#\t\r]|[\x00-\x08\x0b\x0c\x0e-\x1f]")
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


class SheetWriter:
    """Turns layout rows into cell values for one sheet, in the sheet's column order."""

    def __init__(self, worksheet: WriteOnlyWorksheet, spec: SheetSpec) -> None:
        self.worksheet = worksheet
        self.spec = spec
        self.converters = [(column.alias, self._converter(column)) for column in spec.columns]

    def _converter(self, column: SheetColumn) -> Converter:
        kind = column.kind
        if kind in (Kind.TEXT, Kind.USCC, Kind.QUARTER):
            return self.text
        if kind is Kind.LIST:
            return lambda items: self.text(LIST_SEPARATOR.join(items)) if items else None
        if kind is Kind.DATE_LIST:
            return lambda days: LIST_SEPARATOR.join(d.isoformat() for d in days) if days else None
        if kind is Kind.ENUM:
            assert column.enum is not None
            words = {member.value: member.file_value for member in column.enum}
            return lambda code: words[code] if code is not None else None
        if kind is Kind.YES_NO:
            return lambda flag: "是" if flag else "否"
        if kind is Kind.DATE:
            return _date
        return _number

    def text(self, value: str | None) -> Any:
        """A text cell; one Excel could misread becomes an explicit string cell."""
        if not value:
            return None
        if value[0] not in _RISKY_STARTS and value.isprintable():
            return value
        if _CAREFUL.search(value) is None:
            return value
        cell = WriteOnlyCell(self.worksheet, value=_ILLEGAL.sub("", value))
        cell.data_type = "s"
        return cell

    def values(self, row: Row) -> list[Any]:
        return [convert(row[alias]) for alias, convert in self.converters]


def _date(value: dt.date | None) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    return value


def _number(value: float | int | None) -> float | int | None:
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def header_cells(worksheet: WriteOnlyWorksheet, texts: Sequence[str]) -> list[Cell]:
    cells = []
    for text in texts:
        cell = WriteOnlyCell(worksheet, value=text)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(vertical="center")
        cells.append(cell)
    return cells


def fit_widths(
    worksheet: WriteOnlyWorksheet, headers: Sequence[str], sample: Iterable[Sequence[Any]]
) -> None:
    """Column widths from the header and a sample of cells, a Chinese character counting 2."""
    widths = [display_width(header) + 4 for header in headers]
    for values in sample:
        for index, value in enumerate(values):
            if value is None:
                continue
            text = value.value if isinstance(value, Cell) else value
            shown = text.isoformat() if isinstance(text, dt.date) else str(text)
            size = display_width(shown) + 2
            if size > widths[index]:
                widths[index] = size
    for index, width in enumerate(widths, start=1):
        dimension = worksheet.column_dimensions[get_column_letter(index)]
        dimension.width = max(MIN_WIDTH, min(MAX_WIDTH, width))


def add_drop_downs(worksheet: WriteOnlyWorksheet, spec: SheetSpec) -> None:
    """A list validation (drop-down) on every enumerated column, rows 2 to the row limit."""
    for index, column in enumerate(spec.columns, start=1):
        if column.kind not in (Kind.ENUM, Kind.YES_NO):
            continue
        letter = get_column_letter(index)
        validation = DataValidation(
            type="list",
            formula1='"{}"'.format(",".join(column.choices)),
            allow_blank=column.kind is Kind.YES_NO,
            showErrorMessage=True,
            errorStyle="warning",
            errorTitle="请从列表中选择",
            error="可选值：" + "、".join(column.choices),
        )
        validation.add(f"{letter}2:{letter}{MAX_ROWS + 1}")
        worksheet.data_validations.append(validation)


def write_sheet(workbook: Workbook, spec: SheetSpec, rows: Sequence[Row], tracker: Tracker) -> None:
    """One layout sheet: frozen bold header, widths, drop-downs, then the rows as given."""
    worksheet = workbook.create_sheet(spec.name)
    writer = SheetWriter(worksheet, spec)
    headers = [column.header for column in spec.columns]
    sample = [writer.values(row) for row in rows[:WIDTH_SAMPLE]]
    fit_widths(worksheet, headers, sample)
    worksheet.freeze_panes = "A2"
    add_drop_downs(worksheet, spec)
    worksheet.append(header_cells(worksheet, headers))
    append = worksheet.append
    for values in sample:
        append(values)
    convert = writer.values
    pending = len(sample)
    for row in rows[WIDTH_SAMPLE:]:
        append(convert(row))
        pending += 1
        if pending >= REPORT_EVERY:
            tracker.advance(pending)
            pending = 0
    tracker.advance(pending)


def save(workbook: Workbook, path: str | Path) -> None:
    """Save beside the target and rename into place: the file appears whole or not at all."""
    with atomic_path(path) as temporary:
        workbook.save(temporary)


def new_workbook() -> Workbook:
    return Workbook(write_only=True)


def discard(workbook: Workbook) -> None:
    """Close and delete the temporary files of an unfinished write-only workbook.

    openpyxl streams each sheet to a temporary file and only tidies up on save or at exit;
    a cancelled export must not leave them behind nor have them closed out of order later.
    """
    for sheet in workbook.worksheets:
        rows, writer = getattr(sheet, "_rows", None), getattr(sheet, "_writer", None)
        if rows is not None:
            rows.close()
        if writer is not None:
            writer.close()
            writer.cleanup()
