"""Workbook sources for the importer: an .xlsx file (hostile until proven otherwise) or a folder
of CSV files (the bundled demo), both yielding the same raw sheets.

An xlsx file is checked before openpyxl parses a byte of XML: size, zip signature (an encrypted
workbook is an OLE2 container, not a zip), unpacked size. openpyxl then reads it with defusedxml
active, so a DTD entity is refused instead of expanded. Cells come with their cached values; a
formula that has none is an error, found by a cheap scan for <f> elements and, only when there
are some, one parse of that sheet's XML.
"""

from __future__ import annotations

import csv
import io
import logging
import warnings
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from importlib.resources.abc import Traversable
from pathlib import Path
from types import TracebackType
from typing import Any, Protocol

import openpyxl
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse
from openpyxl.reader.excel import ExcelReader
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import column_index_from_string, coordinate_from_string
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from chainchief.domain.errors import CellError, ImportRefused
from chainchief.exchange.headers import RawSheet, resolve_header, uncached_formula
from chainchief.exchange.workbook_spec import MAX_FILE_BYTES, MAX_ROWS, SHEETS, sheet_for_title
from chainchief.i18n import _

log = logging.getLogger(__name__)

ZIP_SIGNATURE = b"PK\x03\x04"
OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAX_UNPACKED_BYTES = 2 * 1024 * 1024 * 1024
_FORMULA_MARKS = tuple(
    start + b"f" + bytes([end]) for start in (b"<", b":") for end in b">/ \t\r\n"
)
_SCAN_CHUNK = 1 << 20


class WorkbookSource(AbstractContextManager["WorkbookSource"], Protocol):
    """Where the importer's rows come from; sheets are valid only while the source is open."""

    name: str

    def sheets(self, errors: list[CellError]) -> Iterator[RawSheet]: ...

    def estimated_rows(self) -> int: ...

    def close(self) -> None: ...


def known_sheet_names() -> str:
    return "、".join(sheet.name for sheet in SHEETS)


def check_xlsx_file(path: Path) -> None:
    """Refuse, before any parsing, a file that is missing, too big, encrypted or not a zip."""
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as error:
        raise ImportRefused(
            _("Cannot read {file}: {reason}").format(file=path.name, reason=error.strerror)
        ) from None
    if size > MAX_FILE_BYTES:
        raise ImportRefused(_("The file is larger than 50 MB; split it into smaller workbooks."))
    if head.startswith(OLE2_SIGNATURE):
        raise ImportRefused(
            _(
                "The file is encrypted or in the old .xls format; save it in Excel as an .xlsx "
                "workbook without a password and import that."
            )
        )
    if not head.startswith(ZIP_SIGNATURE):
        raise ImportRefused(_("The file is not an Excel workbook (.xlsx)."))


def _damaged() -> ImportRefused:
    return ImportRefused(_("The workbook is damaged and cannot be read."))


def _entities() -> ImportRefused:
    return ImportRefused(
        _("The workbook contains XML entity declarations, which are refused for safety.")
    )


class XlsxSource:
    """An .xlsx workbook opened read-only, values as Excel last calculated them."""

    def __init__(self, path: str | Path) -> None:
        if not openpyxl.DEFUSEDXML or openpyxl.xml.LXML:
            raise RuntimeError(
                "openpyxl must read with defusedxml, not lxml (see chainchief/__init__.py)"
            )
        self.path = Path(path)
        self.name = self.path.name
        check_xlsx_file(self.path)
        try:
            with zipfile.ZipFile(self.path) as archive:
                members = archive.infolist()
                names = {info.filename for info in members}
        except (zipfile.BadZipFile, OSError, ValueError):
            raise ImportRefused(_("The file is not an Excel workbook (.xlsx).")) from None
        if "xl/workbook.xml" not in names:
            raise ImportRefused(_("The file is not an Excel workbook (.xlsx)."))
        if sum(info.file_size for info in members) > MAX_UNPACKED_BYTES:
            raise ImportRefused(
                _("The workbook is too large once unpacked; split it into smaller ones.")
            )
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                reader = _WorkbookReader(
                    self.path, read_only=True, data_only=True, keep_links=False
                )
                reader.read()
                self._book = reader.wb
            self._scans = {
                title: self._scan(self._book[title]._worksheet_path)
                for title in self._book.sheetnames
                if sheet_for_title(title) is not None
            }
        except ImportRefused:
            raise
        except Exception as error:
            if _caused_by_entities(error):
                raise _entities() from None
            log.warning("cannot open workbook %s", self.path, exc_info=True)
            raise _damaged() from None

    def __enter__(self) -> XlsxSource:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self._book.close()

    def estimated_rows(self) -> int:
        """Data rows of the known sheets, counted without parsing (for progress)."""
        return sum(max(0, rows - 1) for rows, _formulas in self._scans.values())

    def sheets(self, errors: list[CellError]) -> Iterator[RawSheet]:
        titles = list(self._book.sheetnames)
        if not any(sheet_for_title(title) for title in titles):
            raise ImportRefused(
                _("The workbook holds none of the import sheets ({sheets}).").format(
                    sheets=known_sheet_names()
                )
            )
        seen: dict[str, str] = {}
        for title in titles:
            spec = sheet_for_title(title)
            if spec is None:
                continue
            if spec.alias in seen:
                errors.append(_twice(title, seen[spec.alias]))
                continue
            seen[spec.alias] = title
            sheet = self._sheet(title, errors)
            if sheet is not None:
                yield sheet

    def _sheet(self, title: str, errors: list[CellError]) -> RawSheet | None:
        worksheet = self._book[title]
        rows = self._guarded(worksheet.iter_rows(values_only=True))
        header = next(rows, None)
        spec = sheet_for_title(title)
        assert spec is not None
        if header is None or not any(value is not None for value in header):
            return None
        _rows, formulas = self._scans[title]
        uncached = self._uncached_formulas(worksheet._worksheet_path) if formulas else frozenset()
        raw = resolve_header(title, spec, header, errors)
        if raw is not None:
            raw.rows = _numbered(title, rows, raw.width)
            raw.uncached = uncached
        for row, column in sorted(uncached):
            if row == 1:
                errors.append(_uncached(title, row, column))
        return raw

    def _guarded(self, rows: Iterator[tuple[Any, ...]]) -> Iterator[tuple[Any, ...]]:
        """Rows, with XML trouble met half-way through a sheet turned into a clear refusal."""
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                yield from rows
        except ImportRefused:
            raise
        except Exception as error:
            if _caused_by_entities(error):
                raise _entities() from None
            log.warning("cannot read a sheet of %s", self.path, exc_info=True)
            raise _damaged() from None

    def _scan(self, member: str) -> tuple[int, bool]:
        """(rows, may hold formulas) of a sheet by a byte scan, before any XML parsing."""
        try:
            return _scan_sheet(self._book._archive, member)
        except (zipfile.BadZipFile, KeyError, OSError, ValueError):
            raise _damaged() from None

    def _uncached_formulas(self, member: str) -> frozenset[tuple[int, int]]:
        """(row, column) of formula cells without a cached value (one parse of the sheet)."""
        try:
            return _formulas_without_value(self._book._archive, member)
        except DefusedXmlException:
            raise _entities() from None
        except (zipfile.BadZipFile, KeyError, OSError, SyntaxError, ValueError):
            raise _damaged() from None


class _SizelessWorksheet(ReadOnlyWorksheet):  # type: ignore[misc]  # openpyxl is untyped
    """A read-only sheet without openpyxl's up-front size pass.

    Without a <dimension> element (workbooks written by openpyxl, our exports included) that
    pass parses the whole sheet once more; the importer needs no size and reads every row.
    """

    def _get_size(self) -> None:
        return None


class _WorkbookReader(ExcelReader):  # type: ignore[misc]  # openpyxl is untyped
    """openpyxl's reader in read-only mode, making sizeless sheets (chart sheets skipped)."""

    def read_worksheets(self) -> None:
        for sheet, relation in self.parser.find_sheets():
            if relation.target not in self.valid_files or "chartsheet" in relation.Type:
                continue
            worksheet = _SizelessWorksheet(
                self.wb, sheet.name, relation.target, self.shared_strings
            )
            worksheet.sheet_state = sheet.state
            self.wb._sheets.append(worksheet)


def _caused_by_entities(error: BaseException | None) -> bool:
    """Whether defusedxml refused a DTD entity somewhere down the chain (openpyxl re-wraps)."""
    seen = 0
    while error is not None and seen < 20:
        if isinstance(error, DefusedXmlException):
            return True
        error = error.__cause__ or error.__context__
        seen += 1
    return False


def _twice(title: str, first: str) -> CellError:
    return CellError(
        title, 1, "A", _("The sheet {first} already holds this table").format(first=first)
    )


def _scan_sheet(archive: zipfile.ZipFile, member: str) -> tuple[int, bool]:
    """Count <row> elements and look for <f> ones with plain substring searches (a false
    alarm on formulas only costs the exact pass; the row count only feeds progress)."""
    rows, formulas, tail = 0, False, b""
    with archive.open(member) as source:
        while chunk := source.read(_SCAN_CHUNK):
            window = tail + chunk
            rows += chunk.count(b"<row") + chunk.count(b":row ")
            formulas = formulas or any(mark in window for mark in _FORMULA_MARKS)
            tail = chunk[-8:]
    return rows, formulas


def _formulas_without_value(archive: zipfile.ZipFile, member: str) -> frozenset[tuple[int, int]]:
    found: set[tuple[int, int]] = set()
    row = column = 0
    with archive.open(member) as source:
        for event, element in iterparse(source, events=("start", "end")):
            local = element.tag.rsplit("}", 1)[-1]
            if event == "start":
                if local == "row":
                    row = int(element.get("r") or row + 1)
                    column = 0
                continue
            if local == "c":
                reference = element.get("r")
                if reference:
                    letters, row = coordinate_from_string(reference)
                    column = column_index_from_string(letters)
                else:
                    column += 1
                children = {child.tag.rsplit("}", 1)[-1]: child for child in element}
                if "f" in children and "v" not in children:
                    found.add((row, column))
                element.clear()
            elif local == "row":
                element.clear()
    return frozenset(found)


def _numbered(
    title: str, rows: Iterator[Sequence[Any]], width: int
) -> Iterator[tuple[int, Sequence[Any]]]:
    """Data rows with their Excel numbers, padded to the header's width; long sheets refused."""
    number = 1
    for values in rows:
        number += 1
        if number > MAX_ROWS + 1 and values.count(None) != len(values):
            raise ImportRefused(
                _("The sheet {sheet} has more than {limit} rows.").format(
                    sheet=title, limit=f"{MAX_ROWS:,}"
                )
            )
        if len(values) < width:
            values = (*values, *([None] * (width - len(values))))
        yield number, values


def _uncached(title: str, row: int, column: int) -> CellError:
    return CellError(title, row, get_column_letter(column), uncached_formula())


class CsvDirectorySource:
    """A folder holding ``<sheet alias>.csv`` files (UTF-8, header row = §3 headers)."""

    def __init__(self, folder: Traversable | Path, name: str | None = None) -> None:
        self.folder = folder
        self.name = name or folder.name

    def __enter__(self) -> CsvDirectorySource:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Nothing stays open between sheets."""

    def estimated_rows(self) -> int:
        """Data lines of the known CSV files (for progress)."""
        total = 0
        for spec in SHEETS:
            file = self.folder / f"{spec.alias}.csv"
            if file.is_file():
                with file.open("rb") as handle:
                    total += max(0, sum(1 for _line in handle) - 1)
        return total

    def sheets(self, errors: list[CellError]) -> Iterator[RawSheet]:
        present = False
        for spec in SHEETS:
            file = self.folder / f"{spec.alias}.csv"
            if not file.is_file():
                continue
            present = True
            with io.TextIOWrapper(file.open("rb"), encoding="utf-8-sig", newline="") as handle:
                records = [tuple(cell or None for cell in record) for record in csv.reader(handle)]
            if not records:
                continue
            raw = resolve_header(file.name, spec, records[0], errors)
            if raw is not None:
                raw.rows = _numbered(file.name, iter(records[1:]), raw.width)
                yield raw
        if not present:
            raise ImportRefused(
                _("The folder holds none of the import sheets ({sheets}).").format(
                    sheets=", ".join(f"{spec.alias}.csv" for spec in SHEETS)
                )
            )
