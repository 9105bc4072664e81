"""The meeting workbook's grids written as SpreadsheetML (.xlsx) text, directly.

Why not openpyxl or XlsxWriter here: a city's pack is some 155,000 styled cells and must be
made, database reading included, within 3 s (tests/benchmarks/bench_meeting_pack.py). Measured
on that pack, openpyxl's write-only mode takes about 30 µs a cell (5 s) and XlsxWriter 3.3 about
13 µs (2 s); this writer about 2 µs (0.3 s). The pack needs little of a spreadsheet library: a
fixed handful of styles, plain values (text, whole and decimal numbers, dates), merged ranges
and the print set-up of DESIGN.md §3 — so the parts are written as XML text, after ECMA-376
Part 1 (SpreadsheetML), in the same shape openpyxl used to write them for this workbook (inline
strings, one style record per look, fill and number format). Reading stays with openpyxl, which
the tests use to check fonts, fills, merges and print settings of what is written here.

This module writes the package: the archive and its small parts (content types, relationships,
the workbook and its print titles). Each worksheet's XML is ``meeting_workbook_sheet``'s, the
style records ``meeting_workbook_styles``'.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from chainchief.exchange.meeting_workbook_drawing import (
    DRAWING_TYPE,
    drawing_rels,
    drawing_xml,
    sheet_rels,
)
from chainchief.exchange.meeting_workbook_grid import Grid
from chainchief.exchange.meeting_workbook_sheet import sheet_xml
from chainchief.exchange.meeting_workbook_styles import (
    MAIN_NAMESPACE,
    PACKAGE_RELS_NAMESPACE,
    RELS_NAMESPACE,
    XML_HEAD,
    Styles,
    attribute,
    escape,
)
from chainchief.fileio import atomic_path

COMPRESS_LEVEL = 1
"""zlib's fastest level: a city's pack is some 20 % larger (1.4 MB) than at the default level
and written 0.1 s sooner; sheet XML is so repetitive that level 1 still shrinks it sevenfold."""

_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class SheetPart:
    name: str
    header_rows: int


@dataclass(frozen=True)
class SheetToWrite:
    """A sheet to write: its name, how to make its grid and its print titles (rows 1–n).

    With a ``footer_label`` (the chain's name) the sheet's pages are planned here
    (``meeting_workbook_pages``) and the footer reads ``集成电路 第 N 页 共 M 页`` with the sheet's
    own page count; ``picture`` announces that the grid will carry an image.
    """

    name: str
    make_grid: Callable[[], Grid]
    header_rows: int
    footer_label: str | None = None
    picture: bool = False


class XlsxWriter:
    """``sheets`` sheets added one by one (each written to the archive at once), then ``close``.

    The package's content types come first in the archive, as Office writes them: tools that
    recognise a workbook by its first entry then do.
    """

    def __init__(self, archive: zipfile.ZipFile, sheets: int, pictures: Sequence[int] = ()) -> None:
        self._archive = archive
        self._count = sheets
        self._styles = Styles()
        self._sheets: list[SheetPart] = []
        self._write("[Content_Types].xml", _content_types(sheets, pictures))
        self._write("_rels/.rels", _ROOT_RELS)

    def add_sheet(
        self, name: str, grid: Grid, *, header_rows: int, footer_label: str | None = None
    ) -> None:
        number = len(self._sheets) + 1
        if number > self._count:
            raise ValueError(f"more than the {self._count} sheets announced")
        xml = sheet_xml(
            grid,
            self._styles,
            header_rows=header_rows,
            selected=number == 1,
            footer_label=footer_label,
            drawing=bool(grid.pictures),
        )
        self._write(f"xl/worksheets/sheet{number}.xml", xml)
        if grid.pictures:
            row_of = {id(row): index for index, row in enumerate(grid.rows)}
            placed = [(row_of[id(picture.row)], picture) for picture in grid.pictures]
            self._write(f"xl/worksheets/_rels/sheet{number}.xml.rels", sheet_rels(number))
            self._write(f"xl/drawings/drawing{number}.xml", drawing_xml(placed))
            self._write(
                f"xl/drawings/_rels/drawing{number}.xml.rels", drawing_rels(number, len(placed))
            )
            for index, (_row, picture) in enumerate(placed, start=1):
                self._write_bytes(f"xl/media/image{number}_{index}.png", picture.png)
        self._sheets.append(SheetPart(name, header_rows))

    def close(self) -> None:
        count = len(self._sheets)
        if count != self._count:
            raise ValueError(f"{count} sheets written, {self._count} announced")
        self._write("docProps/app.xml", _APP)
        self._write("docProps/core.xml", _core())
        self._write("xl/workbook.xml", self._workbook())
        self._write("xl/_rels/workbook.xml.rels", _workbook_rels(count))
        self._write("xl/styles.xml", self._styles.xml())

    def _write(self, name: str, text: str) -> None:
        entry = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
        entry.compress_type = zipfile.ZIP_DEFLATED
        self._archive.writestr(entry, text.encode("utf-8"), compresslevel=COMPRESS_LEVEL)

    def _write_bytes(self, name: str, data: bytes) -> None:
        """A PNG is compressed already: stored as it is."""
        entry = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
        entry.compress_type = zipfile.ZIP_STORED
        self._archive.writestr(entry, data)

    def _workbook(self) -> str:
        sheets = "".join(
            f'<sheet name="{attribute(sheet.name)}" sheetId="{number}" r:id="rId{number}"/>'
            for number, sheet in enumerate(self._sheets, start=1)
        )
        titles = "".join(
            f'<definedName name="_xlnm.Print_Titles" localSheetId="{number}">'
            + escape(_quoted(sheet.name) + f"!$1:${sheet.header_rows}")
            + "</definedName>"
            for number, sheet in enumerate(self._sheets)
        )
        return (
            f'{XML_HEAD}<workbook xmlns="{MAIN_NAMESPACE}" xmlns:r="{RELS_NAMESPACE}"><workbookPr/>'
            '<bookViews><workbookView activeTab="0"/></bookViews>'
            f"<sheets>{sheets}</sheets><definedNames>{titles}</definedNames>"
            '<calcPr calcId="124519" fullCalcOnLoad="1"/></workbook>'
        )


def write_xlsx(path: str | Path, sheets: Sequence[SheetToWrite]) -> None:
    """Write the sheets to ``path`` atomically, in order."""
    pictures = [number for number, sheet in enumerate(sheets, start=1) if sheet.picture]
    with atomic_path(path) as temporary, zipfile.ZipFile(temporary, "w") as archive:
        writer = XlsxWriter(archive, len(sheets), pictures)
        for sheet in sheets:
            grid = sheet.make_grid()
            if grid.pictures and not sheet.picture:
                raise ValueError(f"sheet {sheet.name!r} has a picture it did not announce")
            writer.add_sheet(
                sheet.name, grid, header_rows=sheet.header_rows, footer_label=sheet.footer_label
            )
        writer.close()


def _quoted(sheet: str) -> str:
    """A sheet name as a formula reference writes it: in apostrophes, its own doubled."""
    return "'" + sheet.replace("'", "''") + "'"


def _content_types(sheets: int, pictures: Sequence[int] = ()) -> str:
    worksheet = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{number}.xml" ContentType="{worksheet}"/>'
        for number in range(1, sheets + 1)
    ) + "".join(
        f'<Override PartName="/xl/drawings/drawing{number}.xml" ContentType="{DRAWING_TYPE}"/>'
        for number in pictures
    )
    return (
        f'{XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels"'
        ' ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Default Extension="png" ContentType="image/png"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/styles.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        '<Override PartName="/docProps/core.xml"'
        ' ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
        '<Override PartName="/docProps/app.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.extended-properties+xml"/>'
        f"{overrides}</Types>"
    )


_ROOT_RELS = (
    f'{XML_HEAD}<Relationships xmlns="{PACKAGE_RELS_NAMESPACE}">'
    f'<Relationship Id="rId1" Type="{RELS_NAMESPACE}/officeDocument" Target="xl/workbook.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/'
    'metadata/core-properties" Target="docProps/core.xml"/>'
    f'<Relationship Id="rId3" Type="{RELS_NAMESPACE}/extended-properties"'
    ' Target="docProps/app.xml"/>'
    "</Relationships>"
)
_APP = (
    f"{XML_HEAD}<Properties xmlns="
    '"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    "<Application>ChainChief</Application></Properties>"
)


def _core() -> str:
    moment = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return (
        f"{XML_HEAD}<cp:coreProperties"
        ' xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"'
        ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        "<dc:creator>ChainChief</dc:creator>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{moment}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{moment}</dcterms:modified>'
        "</cp:coreProperties>"
    )


def _workbook_rels(sheets: int) -> str:
    relations = "".join(
        f'<Relationship Id="rId{number}" Type="{RELS_NAMESPACE}/worksheet"'
        f' Target="worksheets/sheet{number}.xml"/>'
        for number in range(1, sheets + 1)
    )
    return (
        f'{XML_HEAD}<Relationships xmlns="{PACKAGE_RELS_NAMESPACE}">{relations}'
        f'<Relationship Id="rId{sheets + 1}" Type="{RELS_NAMESPACE}/styles" Target="styles.xml"/>'
        "</Relationships>"
    )
