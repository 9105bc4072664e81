"""One worksheet of the meeting workbook as SpreadsheetML text: the grid's cells, merges,
print set-up (DESIGN.md §3 and §6) and page breaks.

Text is always an inline string (``t="inlineStr"``): a value is never a formula, whatever it
starts with; text that Excel would take for a formula if retyped also carries ``quotePrefix``.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable

from chainchief.exchange.meeting_workbook_grid import LINE_HEIGHT, Grid, Look, column_letter
from chainchief.exchange.meeting_workbook_pages import MARGINS, paginate
from chainchief.exchange.meeting_workbook_styles import (
    BODY_FONT,
    BORDERLESS,
    ILLEGAL_XML,
    MAIN_NAMESPACE,
    NEEDS_ESCAPE,
    RELS_NAMESPACE,
    XML_HEAD,
    Styles,
    escape,
)

FOOTER = "第 &P 页 共 &N 页"
PAGE_HEADER = "内部资料 注意保存"
FOOTER_FONT_SIZE = 10
DATE_FORMAT = 'yyyy"年"m"月"d"日"'
MAX_CELL_CHARS = 32767
"""Excel refuses a workbook with a longer cell text."""
MAX_ROW_HEIGHT = 409.0
"""Points; Excel takes no taller row (a cell of very long text is then cut off on paper)."""

_EXCEL_EPOCH = dt.date(1899, 12, 30)
_FORMULA_LIKE = frozenset("=+-@\t\r")


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
        f'{XML_HEAD}<worksheet xmlns="{MAIN_NAMESPACE}" xmlns:r="{RELS_NAMESPACE}">'
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
    special = NEEDS_ESCAPE.search
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
        return ILLEGAL_XML.sub("", text)[:1] in _FORMULA_LIKE
    return False


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
