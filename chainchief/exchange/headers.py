"""Row 1 of a sheet: which layout column each header names, and what is wrong with it.

Shared by every workbook source so an .xlsx tab and a demo CSV are read by the same rules:
Chinese headers or English aliases, an unknown header is an error at its cell, a missing
identifying header is an error at row 1 and makes the sheet unusable.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from openpyxl.utils import get_column_letter

from chainchief.domain.errors import CellError
from chainchief.exchange.workbook_spec import SheetColumn, SheetSpec
from chainchief.i18n import _


@dataclass
class RawSheet:
    """A known sheet as found in the file: its columns by position and its data rows.

    ``columns`` pairs a position in each row tuple with the layout column there; ``stray``
    are positions without a header, whose cells must stay empty. ``rows`` yields (Excel row
    number, values) and is read once. ``bad_cells`` maps a row to the cells (1-based column →
    reason) the reader refused — formulas, numbers that are not finite: they read as empty but
    are errors. A streaming reader fills it as it reads, before it yields the row.
    """

    title: str
    spec: SheetSpec
    columns: tuple[tuple[int, SheetColumn], ...]
    letters: dict[str, str]
    stray: tuple[int, ...]
    width: int
    rows: Iterator[tuple[int, Sequence[Any]]] = field(default_factory=lambda: iter(()))
    bad_cells: dict[int, dict[int, str]] = field(default_factory=dict)

    @property
    def present(self) -> frozenset[str]:
        """Aliases of the columns the sheet has (absent ones keep their stored values)."""
        return frozenset(self.letters)


def resolve_header(
    title: str,
    spec: SheetSpec,
    header: Sequence[Any],
    errors: list[CellError],
) -> RawSheet | None:
    """Map row 1 onto the layout; None when an identifying column is missing."""
    cells = list(header)
    while cells and _blank(cells[-1]):
        cells.pop()
    columns: list[tuple[int, SheetColumn]] = []
    letters: dict[str, str] = {}
    stray: list[int] = []
    for index, value in enumerate(cells):
        letter = get_column_letter(index + 1)
        if _blank(value):
            stray.append(index)
            continue
        text = str(value).strip()
        column = spec.column_for_header(text)
        if column is None:
            errors.append(
                CellError(title, 1, letter, _("Unknown column: {header}").format(header=text))
            )
        elif column.alias in letters:
            errors.append(
                CellError(
                    title, 1, letter, _("The column {header} appears twice").format(header=text)
                )
            )
        else:
            columns.append((index, column))
            letters[column.alias] = letter
    missing = [column for column in spec.identifying if column.alias not in letters]
    for offset, column in enumerate(missing):
        errors.append(
            CellError(
                title,
                1,
                get_column_letter(len(cells) + offset + 1),
                _("Missing column: {header}").format(header=column.header),
            )
        )
    if missing:
        return None
    return RawSheet(
        title=title,
        spec=spec,
        columns=tuple(columns),
        letters=letters,
        stray=tuple(stray),
        width=len(cells),
    )


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def formula_cell() -> str:
    """The reason given for a formula cell, whether or not it has a saved result (§6)."""
    return _(
        "A formula; the import takes values only: copy the cells and paste them as values "
        "(选择性粘贴 → 数值), then import again"
    )
