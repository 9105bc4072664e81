"""Raw sheet rows to typed rows keyed by column alias, with every bad cell reported.

Per-cell work is the price of every import, so each row runs a precomputed list of
(position, alias, parser) and nothing else. A row whose identifying cells are empty or bad is
dropped (its errors are reported); other bad cells are reported and left out of the row, so the
importer can still check the row's references and report those problems too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from openpyxl.utils import get_column_letter

from chainchief.domain.errors import CellError
from chainchief.exchange.headers import RawSheet
from chainchief.exchange.parsers import EMPTY, CellValueError, Parser, parser_for
from chainchief.exchange.progress import REPORT_EVERY, Tracker
from chainchief.exchange.workbook_spec import SheetSpec
from chainchief.i18n import _

Row = dict[str, Any]


@dataclass
class ParsedSheet:
    """A sheet's typed rows: (Excel row number, values by alias of the present columns)."""

    title: str
    spec: SheetSpec
    letters: dict[str, str]
    rows: list[tuple[int, Row]]

    @property
    def present(self) -> frozenset[str]:
        return frozenset(self.letters)

    def letter(self, alias: str) -> str:
        """The column letter of ``alias``, or of the first identifying column when absent."""
        return self.letters.get(alias) or self.letters[self.spec.identifying[0].alias]


def parse_sheet(raw: RawSheet, errors: list[CellError], tracker: Tracker) -> ParsedSheet:
    title = raw.title
    cells = [
        (index, column.alias, parser_for(column), column.must_not_be_empty, EMPTY[column.kind])
        for index, column in raw.columns
    ]
    by_index = {index: column for index, column in raw.columns}
    stray, width = raw.stray, raw.width
    bad_cells = raw.bad_cells
    rows: list[tuple[int, Row]] = []
    pending = 0
    for number, values in raw.rows:
        pending += 1
        if pending == REPORT_EVERY:
            tracker.advance(pending)
            pending = 0
        bad = bad_cells.get(number)
        if not bad and values.count(None) + values.count("") == len(values):
            continue
        if bad:
            values = [None if index + 1 in bad else value for index, value in enumerate(values)]
        row, problems = _parse_row(values, cells)
        if problems or bad:
            refused = {column - 1: reason for column, reason in (bad or {}).items()}
            problems = [(i, reason) for i, reason in problems if i not in refused]
            problems = sorted([*problems, *refused.items()])
            for index, reason in problems:
                column = by_index.get(index)
                if column is not None:
                    reason = reason or _empty_reason(column)
                errors.append(CellError(title, number, get_column_letter(index + 1), reason))
            if any(by_index[i].identifying for i, _reason in problems if i in by_index):
                continue
        if stray or len(values) > width:
            for index in (*stray, *range(width, len(values))):
                if values[index] is not None and values[index] != "":
                    reason = _("A value in a column without a header")
                    errors.append(CellError(title, number, get_column_letter(index + 1), reason))
        rows.append((number, row))
    tracker.advance(pending)
    return ParsedSheet(title, raw.spec, dict(raw.letters), rows)


def _parse_row(
    values: Sequence[Any], cells: list[tuple[int, str, Parser, bool, Any]]
) -> tuple[Row, list[tuple[int, str]]]:
    """One row's typed values and (position, reason) of its bad cells; the hot loop of import.

    Empty cells skip their parser and take the kind's empty value (shared, never mutated).
    """
    row: Row = {}
    problems: list[tuple[int, str]] = []
    for index, alias, parse, needed, empty in cells:
        value = values[index]
        if value is None:
            if needed:
                problems.append((index, ""))
            else:
                row[alias] = empty
            continue
        try:
            value = parse(value)
        except CellValueError as error:
            problems.append((index, error.reason))
            continue
        if needed and (value is None or value == []):
            problems.append((index, ""))
            continue
        row[alias] = value
    return row, problems


def _empty_reason(column: Any) -> str:
    if column.identifying:
        return _("Required; the cell is empty")
    return _("Must not be empty; choose one of {choices}").format(choices="、".join(column.choices))
