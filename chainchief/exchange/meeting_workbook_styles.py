"""The meeting workbook's look as SpreadsheetML style records, and the XML text rules every
part of the workbook follows.

One style record per look, fill, number format and quote prefix (``Styles``), made as the
sheets ask for them; fonts are 仿宋 for text and 黑体 for headings, in the GB2312 character set.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from chainchief.exchange.meeting_workbook_grid import Look

BODY_FONT = "仿宋"
TITLE_FONT = "黑体"
GB2312 = 134
HEADER_FILL = "FFD9D9D9"
SECTION_FILL = "FFF2F2F2"
BORDER_COLOUR = "FF000000"

XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
MAIN_NAMESPACE = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS_NAMESPACE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS_NAMESPACE = "http://schemas.openxmlformats.org/package/2006/relationships"
# Text needing work before it goes into XML: characters XML 1.0 forbids (dropped), markup
# characters (escaped) and CR (kept as a character reference, which XML would otherwise fold).
NEEDS_ESCAPE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f&<>\r\ud800-\udfff\ufffe\uffff]")
ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
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
    if NEEDS_ESCAPE.search(text) is None:
        return text
    text = ILLEGAL_XML.sub("", text)
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
            f'{XML_HEAD}<styleSheet xmlns="{MAIN_NAMESPACE}">'
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
