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

Text is always an inline string (``t="inlineStr"``): a value is never a formula, whatever it
starts with; text that Excel would take for a formula if retyped also carries ``quotePrefix``.
"""

from __future__ import annotations

import datetime as dt
import math
import re
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
from chainchief.exchange.meeting_workbook_grid import LINE_HEIGHT, Grid, Look, column_letter
from chainchief.exchange.meeting_workbook_pages import MARGINS, paginate
from chainchief.fileio import atomic_path

BODY_FONT = "仿宋"
TITLE_FONT = "黑体"
GB2312 = 134
HEADER_FILL = "FFD9D9D9"
SECTION_FILL = "FFF2F2F2"
BORDER_COLOUR = "FF000000"
FOOTER = "第 &P 页 共 &N 页"
PAGE_HEADER = "内部资料 注意保存"
FOOTER_FONT_SIZE = 10
DATE_FORMAT = 'yyyy"年"m"月"d"日"'
MAX_CELL_CHARS = 32767
"""Excel refuses a workbook with a longer cell text."""
MAX_ROW_HEIGHT = 409.0
"""Points; Excel takes no taller row (a cell of very long text is then cut off on paper)."""
COMPRESS_LEVEL = 1
"""zlib's fastest level: a city's pack is some 20 % larger (1.4 MB) than at the default level
and written 0.1 s sooner; sheet XML is so repetitive that level 1 still shrinks it sevenfold."""

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
# Text needing work before it goes into XML: characters XML 1.0 forbids (dropped), markup
# characters (escaped) and CR (kept as a character reference, which XML would otherwise fold).
_SPECIAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f&<>\r\ud800-\udfff\ufffe\uffff]")
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_FORMULA_LIKE = frozenset("=+-@\t\r")
_BUILT_IN_FORMATS = {"General": 0, "0": 1, "0.00": 2, "#,##0": 3, "#,##0.00": 4}


@dataclass(frozen=True)
class FontSpec:
    name: str
    size: int
    bold: bool = False


FONTS = {
    Look.TITLE: FontSpec(TITLE_FONT, 16, bold=True),
    Look.SUBTITLE: FontSpec(BODY_FONT, 11),
    Look.SECTION: FontSpec(TITLE_FONT, 12, bold=True),
    Look.HEADER: FontSpec(TITLE_FONT, 11, bold=True),
    Look.GROUP: FontSpec(BODY_FONT, 11, bold=True),
    Look.TEXT: FontSpec(BODY_FONT, 11),
    Look.CENTER: FontSpec(BODY_FONT, 11),
    Look.NUMBER: FontSpec(BODY_FONT, 11),
}
HORIZONTAL = {
    Look.TITLE: "center",
    Look.HEADER: "center",
    Look.CENTER: "center",
    Look.NUMBER: "right",
}
LOOK_FILLS = {Look.HEADER: HEADER_FILL, Look.SECTION: SECTION_FILL}
BORDERLESS = frozenset({Look.TITLE, Look.SUBTITLE})


def escape(text: str) -> str:
    """``text`` as XML character data: forbidden characters dropped, markup escaped."""
    if _SPECIAL.search(text) is None:
        return text
    text = _ILLEGAL.sub("", text)
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")
    )


def attribute(text: str) -> str:
    return escape(text).replace('"', "&quot;")


class Styles:
    """The workbook's style records (``cellXfs``), one per look, fill, number format and quote.

    Font 0 stays Excel's default (Calibri 11): column widths are counted in its digit width.
    """

    def __init__(self) -> None:
        self._fonts: list[FontSpec] = []
        self._fills = ["none", "gray125"]  # the two fills Excel reserves, in its order
        self._formats: dict[str, int] = {}
        self._records = ['<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>']
        self.known: dict[tuple[Look, str | None, str | None, bool], int] = {}
        """Style indexes made so far, by (look, fill, number format, quote); never 0."""

    def index(self, look: Look, fill: str | None, number_format: str | None, quote: bool) -> int:
        key = (look, fill, number_format, quote)
        found = self.known.get(key)
        if found is None:
            found = self.known[key] = len(self._records)
            self._records.append(self._record(look, fill, number_format, quote))
        return found

    def _record(self, look: Look, fill: str | None, number_format: str | None, quote: bool) -> str:
        font = FONTS[look]
        if font not in self._fonts:
            self._fonts.append(font)
        font_id = self._fonts.index(font) + 1
        fill = fill or LOOK_FILLS.get(look)
        fill_id = 0
        if fill is not None:
            if fill not in self._fills:
                self._fills.append(fill)
            fill_id = self._fills.index(fill)
        format_id = 0 if number_format is None else self._format_id(number_format)
        border_id = 0 if look in BORDERLESS else 1
        number = look is Look.NUMBER
        alignment = (
            f'<alignment horizontal="{HORIZONTAL.get(look, "left")}" vertical="center"'
            + (' indent="1"' if number else ' wrapText="1"')
            + "/>"
        )
        return (
            f'<xf numFmtId="{format_id}" fontId="{font_id}" fillId="{fill_id}"'
            f' borderId="{border_id}" xfId="0" applyNumberFormat="1" applyFont="1"'
            f' applyFill="1" applyBorder="1" applyAlignment="1"'
            + (' quotePrefix="1"' if quote else "")
            + f">{alignment}</xf>"
        )

    def _format_id(self, code: str) -> int:
        if code in _BUILT_IN_FORMATS:
            return _BUILT_IN_FORMATS[code]
        return self._formats.setdefault(code, 164 + len(self._formats))

    def xml(self) -> str:
        formats = "".join(
            f'<numFmt numFmtId="{number}" formatCode="{attribute(code)}"/>'
            for code, number in self._formats.items()
        )
        fonts = "".join(
            "<font>"
            + ("<b/>" if font.bold else "")
            + f'<sz val="{font.size}"/><name val="{attribute(font.name)}"/>'
            + f'<charset val="{GB2312}"/></font>'
            for font in self._fonts
        )
        fills = "".join(
            f'<fill><patternFill patternType="{fill}"/></fill>'
            if fill in ("none", "gray125")
            else f'<fill><patternFill patternType="solid"><fgColor rgb="{fill}"/>'
            f'<bgColor rgb="{fill}"/></patternFill></fill>'
            for fill in self._fills
        )
        thin = "".join(
            f'<{side} style="thin"><color rgb="{BORDER_COLOUR}"/></{side}>'
            for side in ("left", "right", "top", "bottom")
        )
        return (
            f'{_XML_HEAD}<styleSheet xmlns="{_MAIN}">'
            + (f'<numFmts count="{len(self._formats)}">{formats}</numFmts>' if formats else "")
            + f'<fonts count="{len(self._fonts) + 1}">'
            + '<font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
            + f"{fonts}</fonts>"
            + f'<fills count="{len(self._fills)}">{fills}</fills>'
            + '<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>'
            + f"<border>{thin}<diagonal/></border></borders>"
            + '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
            + "</cellStyleXfs>"
            + f'<cellXfs count="{len(self._records)}">{"".join(self._records)}</cellXfs>'
            + '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/>'
            + "</cellStyles></styleSheet>"
        )


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
            f'{_XML_HEAD}<workbook xmlns="{_MAIN}" xmlns:r="{_RELS}"><workbookPr/>'
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


def sheet_xml(
    grid: Grid,
    styles: Styles,
    *,
    header_rows: int,
    selected: bool = False,
    footer_label: str | None = None,
    drawing: bool = False,
) -> str:
    """One worksheet part: print set-up of DESIGN.md §3 and §6 around the grid's cells.

    A4 landscape, one page wide and as many tall as needed, rows 1–``header_rows`` repeated on
    every page (the workbook's Print_Titles) and frozen on screen, pages numbered from 1 in each
    sheet, 内部资料 注意保存 in the page header. With ``footer_label`` the page breaks are
    planned (``paginate``) and the footer names the label and the sheet's own page count.
    """
    widths = grid.widths()
    grid.fit_heights(widths)
    breaks: tuple[int, ...] = ()
    footer = FOOTER
    if footer_label is not None:
        pages = paginate(grid, widths, header_rows)
        breaks = pages.breaks
        footer = f"{footer_label.replace('&', '&&')} 第 &P 页 共 {pages.count} 页"
    letters = [column_letter(index) for index in range(1, grid.columns + 1)]
    last = max(len(grid.rows), 1)
    tab = ' tabSelected="1"' if selected else ""
    columns = "".join(
        f'<col min="{index}" max="{index}" width="{round(width, 1):g}" customWidth="1"/>'
        for index, width in enumerate(widths, start=1)
    )
    parts = [
        f'{_XML_HEAD}<worksheet xmlns="{_MAIN}" xmlns:r="{_RELS}">'
        '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>'
        f'<dimension ref="A1:{letters[-1]}{last}"/>'
        f'<sheetViews><sheetView workbookViewId="0"{tab}>'
        f'<pane ySplit="{header_rows}" topLeftCell="A{header_rows + 1}" activePane="bottomLeft"'
        ' state="frozen"/>'
        f'<selection pane="bottomLeft" activeCell="A{header_rows + 1}"'
        f' sqref="A{header_rows + 1}"/></sheetView></sheetViews>'
        '<sheetFormatPr defaultRowHeight="15"/>'
        f"<cols>{columns}</cols><sheetData>"
    ]
    merges = list(grid.merges)
    _rows(grid, styles, letters, parts, merges)
    parts.append("</sheetData>")
    if merges:
        parts.append(f'<mergeCells count="{len(merges)}">')
        parts.extend(f'<mergeCell ref="{merge}"/>' for merge in merges)
        parts.append("</mergeCells>")
    margins = " ".join(f'{side}="{inches:g}"' for side, inches in MARGINS.items())
    parts.append(
        '<printOptions horizontalCentered="1"/>'
        f"<pageMargins {margins}/>"
        '<pageSetup paperSize="9" firstPageNumber="1" orientation="landscape"'
        ' useFirstPageNumber="1" fitToWidth="1" fitToHeight="0"/>'
        "<headerFooter><oddHeader>"
        + escape(f'&R&"{BODY_FONT}"&{FOOTER_FONT_SIZE} {PAGE_HEADER}')
        + "</oddHeader><oddFooter>"
        + escape(f'&C&"{BODY_FONT}"&{FOOTER_FONT_SIZE} {footer}')
        + "</oddFooter></headerFooter>"
    )
    if breaks:
        parts.append(f'<rowBreaks count="{len(breaks)}" manualBreakCount="{len(breaks)}">')
        parts.extend(f'<brk id="{row}" max="16383" man="1"/>' for row in breaks)
        parts.append("</rowBreaks>")
    if drawing:
        parts.append('<drawing r:id="rId1"/>')
    parts.append("</worksheet>")
    return "".join(parts)


def _rows(
    grid: Grid, styles: Styles, letters: list[str], parts: list[str], merges: list[str]
) -> None:
    """The cells, row by row: a merged cell's covered neighbours and a short row's missing
    cells are written empty with the look's style, so every border prints.

    The innermost loop of a city's pack (150,000 cells): kept to local names, one dictionary
    look-up for the style, and text that needs no escaping (nearly all) written as it is.
    """
    append = parts.append
    style = styles.index
    known = styles.known
    special = _SPECIAL.search
    formula_like = _FORMULA_LIKE
    columns = grid.columns
    padding = style(Look.TEXT, None, None, False)
    for number, row in enumerate(grid.rows, start=1):
        line = str(number)
        height = min(row.height or LINE_HEIGHT, MAX_ROW_HEIGHT)
        append(f'<row r="{line}" ht="{height:g}" customHeight="1">')
        column = 0
        for cell in row.cells:
            look, fill, number_format = cell.look, cell.fill, cell.number_format
            reference = letters[column] + line
            value = cell.value
            if isinstance(value, str) and value:
                if len(value) > MAX_CELL_CHARS:
                    value = value[:MAX_CELL_CHARS]
                text = value if special(value) is None else escape(value)
                first = value[0]
                quote = first in formula_like or (
                    (first < " " or first >= "\ud800") and _formula_like(value)
                )
                key = (look, fill, number_format, quote)
                index = known.get(key) or style(*key)
                space = (
                    ' xml:space="preserve"'
                    if text and (text[0].isspace() or text[-1].isspace())
                    else ""
                )
                append(
                    f'<c r="{reference}" s="{index}" t="inlineStr">'
                    f"<is><t{space}>{text}</t></is></c>"
                )
            elif value is None or value == "":
                key = (look, fill, number_format, False)
                append(f'<c r="{reference}" s="{known.get(key) or style(*key)}"/>')
            else:
                append(_value_cell(reference, value, number_format, look, fill, style))
            span = cell.span
            if span > 1:
                covered = style(look, fill, None, False)
                last = column + span - 1
                merges.append(f"{reference}:{letters[last]}{line}")
                for index in range(column + 1, last + 1):
                    append(f'<c r="{letters[index]}{line}" s="{covered}"/>')
            column += span
        if column < columns and row.cells and row.cells[0].look not in BORDERLESS:
            for index in range(column, columns):
                append(f'<c r="{letters[index]}{line}" s="{padding}"/>')
        append("</row>")


def _formula_like(text: str) -> bool:
    """Text Excel would read as a formula if it were typed in: shown with a quote prefix."""
    first = text[0]
    if first in _FORMULA_LIKE:
        return True
    if first < " " or first >= "\ud800":  # it may start so once forbidden characters are gone
        return _ILLEGAL.sub("", text)[:1] in _FORMULA_LIKE
    return False


def _quoted(sheet: str) -> str:
    """A sheet name as a formula reference writes it: in apostrophes, its own doubled."""
    return "'" + sheet.replace("'", "''") + "'"


StyleIndex = Callable[[Look, str | None, str | None, bool], int]


def _value_cell(
    reference: str,
    value: object,
    number_format: str | None,
    look: Look,
    fill: str | None,
    style: StyleIndex,
) -> str:
    """A number, a date or a yes/no; anything else as its text."""
    kind = ""
    if isinstance(value, bool):
        kind, shown = ' t="b"', "1" if value else "0"
    elif isinstance(value, int):
        shown = str(value)
    elif isinstance(value, float):
        if not math.isfinite(value):
            return f'<c r="{reference}" s="{style(look, fill, None, False)}"/>'
        shown = repr(value)
    elif isinstance(value, dt.date):
        number_format = number_format or DATE_FORMAT
        shown = _serial(value)
    else:
        text = escape(str(value)[:MAX_CELL_CHARS])
        return (
            f'<c r="{reference}" s="{style(look, fill, number_format, False)}"'
            f' t="inlineStr"><is><t>{text}</t></is></c>'
        )
    index = style(look, fill, number_format, False)
    return f'<c r="{reference}" s="{index}"{kind}><v>{shown}</v></c>'


def _serial(value: dt.date) -> str:
    """Excel's day number (1900 date system); a time of day is the fraction."""
    if isinstance(value, dt.datetime):
        days = (value.replace(tzinfo=None) - dt.datetime(1899, 12, 30)).total_seconds() / 86400
        return repr(days)
    return str((value - _EXCEL_EPOCH).days)


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
        f'{_XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
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
    f'{_XML_HEAD}<Relationships xmlns="{_PACKAGE_RELS}">'
    f'<Relationship Id="rId1" Type="{_RELS}/officeDocument" Target="xl/workbook.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/'
    'metadata/core-properties" Target="docProps/core.xml"/>'
    f'<Relationship Id="rId3" Type="{_RELS}/extended-properties" Target="docProps/app.xml"/>'
    "</Relationships>"
)
_APP = (
    f"{_XML_HEAD}<Properties xmlns="
    '"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    "<Application>ChainChief</Application></Properties>"
)


def _core() -> str:
    moment = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return (
        f"{_XML_HEAD}<cp:coreProperties"
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
        f'<Relationship Id="rId{number}" Type="{_RELS}/worksheet"'
        f' Target="worksheets/sheet{number}.xml"/>'
        for number in range(1, sheets + 1)
    )
    return (
        f'{_XML_HEAD}<Relationships xmlns="{_PACKAGE_RELS}">{relations}'
        f'<Relationship Id="rId{sheets + 1}" Type="{_RELS}/styles" Target="styles.xml"/>'
        "</Relationships>"
    )
