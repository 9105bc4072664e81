"""Workbook sources for the importer: an .xlsx file (hostile until proven otherwise) or a folder
of CSV files (the bundled demo), both yielding the same raw sheets.

An xlsx file is checked before a byte of XML is parsed: a regular file (a FIFO or device
named .xlsx would block), its size, the zip signature (an encrypted workbook is an OLE2
container, not a zip), the unpacked size. Its parts are then read by our own streaming parser
(``xlsx_parts``, ``xlsx_sheet``), which bounds every size as it reads and refuses DTDs, so a
hostile workbook is refused at the cell or part that breaks a limit, in bounded memory and time.
"""

from __future__ import annotations

import csv
import io
import os
import stat
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from importlib.resources.abc import Traversable
from pathlib import Path
from types import TracebackType
from typing import Any, BinaryIO, Protocol

from openpyxl.utils import get_column_letter

from chainchief.domain.errors import CellError, ImportRefused
from chainchief.exchange import xlsx_parts
from chainchief.exchange.headers import RawSheet, resolve_header
from chainchief.exchange.workbook_spec import MAX_FILE_BYTES, MAX_ROWS, SHEETS, sheet_for_title
from chainchief.exchange.xlsx_sheet import SheetStream
from chainchief.i18n import _

ZIP_SIGNATURE = b"PK\x03\x04"
OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAX_UNPACKED_BYTES = 1024 * 1024 * 1024
MAX_RATIO = 200
"""A part packed tighter than this (and over RATIO_FLOOR bytes) is a zip bomb, not a table."""
RATIO_FLOOR = 16 * 1024 * 1024


class WorkbookSource(AbstractContextManager["WorkbookSource"], Protocol):
    """Where the importer's rows come from; sheets are valid only while the source is open."""

    name: str
    hidden: list[str]
    """Titles of data sheets hidden in the file (imported, with a warning)."""

    def sheets(self, errors: list[CellError]) -> Iterator[RawSheet]: ...

    def estimated_rows(self) -> int: ...

    def close(self) -> None: ...


def known_sheet_names() -> str:
    return "、".join(sheet.name for sheet in SHEETS)


def open_xlsx_file(path: Path) -> BinaryIO:
    """The file opened for reading, after refusing anything but a regular file, a file too
    big, an encrypted or old-format workbook, or one that is not a zip.

    It is opened without blocking and checked on the open handle, so a FIFO or device named
    .xlsx is refused at once instead of waiting for a writer that never comes.
    """
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        raise ImportRefused(
            _("Cannot read {file}: {reason}").format(file=path.name, reason=error.strerror)
        ) from None
    handle = os.fdopen(descriptor, "rb")
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            raise ImportRefused(
                _(
                    "{file} is not a regular file (a pipe, device or folder); it was not read."
                ).format(file=path.name)
            )
        if status.st_size > MAX_FILE_BYTES:
            raise ImportRefused(
                _("The file is larger than 50 MB; split it into smaller workbooks.")
            )
        head = handle.read(8)
        handle.seek(0)
    except BaseException:
        handle.close()
        raise
    if head.startswith(OLE2_SIGNATURE):
        handle.close()
        raise ImportRefused(
            _(
                "The file is encrypted or in the old .xls format; save it in Excel as an .xlsx "
                "workbook without a password and import that."
            )
        )
    if not head.startswith(ZIP_SIGNATURE):
        handle.close()
        raise ImportRefused(_("The file is not an Excel workbook (.xlsx)."))
    return handle


class XlsxSource:
    """An .xlsx workbook, values as Excel last saved them, read by the streaming parser."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.name = self.path.name
        self.hidden: list[str] = []
        """Titles of the hidden data sheets (imported all the same, with a warning)."""
        self._handle = open_xlsx_file(self.path)
        try:
            self._archive = zipfile.ZipFile(self._handle)
            self._open()
        except ImportRefused:
            self.close()
            raise
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            self.close()
            raise ImportRefused(_("The file is not an Excel workbook (.xlsx).")) from None

    def _open(self) -> None:
        members = self._archive.infolist()
        if "xl/workbook.xml" not in self._archive.NameToInfo:
            raise ImportRefused(_("The file is not an Excel workbook (.xlsx)."))
        if sum(info.file_size for info in members) > MAX_UNPACKED_BYTES:
            raise ImportRefused(
                _("The workbook is too large once unpacked; split it into smaller ones.")
            )
        for info in members:
            if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(
                info.compress_size, 1
            ):
                raise ImportRefused(
                    _(
                        "{file}: the part {part} unpacks to {ratio} times its packed size, "
                        "which no real table does; it is refused for safety."
                    ).format(
                        file=self.name,
                        part=info.filename,
                        ratio=info.file_size // max(info.compress_size, 1),
                    )
                )
        self._parts = xlsx_parts.book_parts(self._archive)
        self._data = [
            entry for entry in self._parts.sheets if sheet_for_title(entry.title) is not None
        ]
        for entry in self._data:
            if entry.part not in self._archive.NameToInfo:
                raise ImportRefused(
                    _(
                        "{file}: the sheet {sheet} is listed but its part {part} is missing; "
                        "the workbook is damaged."
                    ).format(file=self.name, sheet=entry.title, part=entry.part or "?")
                )
        self.hidden = [entry.title for entry in self._data if entry.hidden]
        self._strings = xlsx_parts.shared_strings(
            self._archive, self._parts.shared_strings, self.name
        )
        self._date_styles = xlsx_parts.date_styles(self._archive, self._parts.styles)

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
        archive = getattr(self, "_archive", None)
        if archive is not None:
            archive.close()
        self._handle.close()

    def estimated_rows(self) -> int:
        """Data rows of the known sheets, guessed from their unpacked size (for progress)."""
        return sum(
            self._archive.getinfo(entry.part).file_size // BYTES_PER_ROW for entry in self._data
        )

    def sheets(self, errors: list[CellError]) -> Iterator[RawSheet]:
        if not self._data:
            raise ImportRefused(
                _("The workbook holds none of the import sheets ({sheets}).").format(
                    sheets=known_sheet_names()
                )
            )
        seen: dict[str, str] = {}
        for entry in self._data:
            spec = sheet_for_title(entry.title)
            assert spec is not None
            if spec.alias in seen:
                errors.append(_twice(entry.title, seen[spec.alias]))
                continue
            seen[spec.alias] = entry.title
            sheet = self._sheet(entry, errors)
            if sheet is not None:
                yield sheet

    def _sheet(self, entry: xlsx_parts.SheetEntry, errors: list[CellError]) -> RawSheet | None:
        spec = sheet_for_title(entry.title)
        assert spec is not None
        stream = SheetStream(
            self._archive,
            entry.part,
            entry.title,
            strings=self._strings,
            date_styles=self._date_styles,
            date1904=self._parts.date1904,
            max_rows=MAX_ROWS,
        )
        rows = stream.rows()
        first = next(rows, None)
        if first is None:
            return None
        number, header = first
        if number != 1:
            rows = _chained(first, rows)
            header = ()
        for column, reason in sorted(stream.bad_cells.get(1, {}).items()):
            errors.append(CellError(entry.title, 1, get_column_letter(column), reason))
        raw = resolve_header(entry.title, spec, header, errors)
        if raw is not None:
            raw.rows = _padded(rows, raw.width)
            raw.bad_cells = stream.bad_cells
        return raw


BYTES_PER_ROW = 400
"""About what one row of a data sheet takes unpacked (progress estimates only)."""


def _chained(
    first: tuple[int, tuple[Any, ...]], rest: Iterator[tuple[int, tuple[Any, ...]]]
) -> Iterator[tuple[int, tuple[Any, ...]]]:
    yield first
    yield from rest


def _padded(
    rows: Iterator[tuple[int, tuple[Any, ...]]], width: int
) -> Iterator[tuple[int, Sequence[Any]]]:
    """Rows at least as wide as the header, so every column has a value."""
    for number, values in rows:
        if len(values) < width:
            values = (*values, *([None] * (width - len(values))))
        yield number, values


def _twice(title: str, first: str) -> CellError:
    return CellError(
        title, 1, "A", _("The sheet {first} already holds this table").format(first=first)
    )


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


class CsvDirectorySource:
    """A folder holding ``<sheet alias>.csv`` files (UTF-8, header row = §3 headers)."""

    def __init__(self, folder: Traversable | Path, name: str | None = None) -> None:
        self.folder = folder
        self.name = name or folder.name
        self.hidden: list[str] = []

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
