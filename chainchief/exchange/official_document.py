"""Official documents (公文) as .docx, laid out per GB/T 9704-2012 党政机关公文格式.

A4 portrait with the standard's margins (top 37 mm, bottom 35 mm, left 28 mm, right 26 mm),
so the type area is 156 × 225 mm; the body is 仿宋_GB2312 16 pt (三号) on a document grid of
22 lines of 28 characters; the issuer (发文机关标志) in red 方正小标宋简体 above the document
number and a red rule; the title in 方正小标宋简体 22 pt (二号) centred; headings 黑体 "一、" and
楷体_GB2312 "（一）"; page numbers "— 1 —" in 宋体 14 pt (四号) at the outside edge (odd pages
right, even pages left, one character in). Every run names its East Asian font as well as its
Western one, so WPS and Word both pick the intended typefaces.

The writer knows nothing of action items: callers hand it an ``OfficialDocument`` of blocks
(``official_text``, which does not load python-docx: importing it costs a tenth of a second
that commands and the window's start should not pay).
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_ALIGN_VERTICAL, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Mm, Pt, RGBColor
from docx.table import _Cell, _Row
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.run import Run

from chainchief.exchange.official_text import DocTable, Heading, OfficialDocument, Text
from chainchief.fileio import atomic_path

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
SUBHEADING_FONT = "楷体_GB2312"
PAGE_NUMBER_FONT = "宋体"
RED = RGBColor(0xFF, 0x00, 0x00)

PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
TOP, BOTTOM, LEFT, RIGHT = Mm(37), Mm(35), Mm(28), Mm(26)
FOOTER_DISTANCE = Mm(23)
"""The page number's line starts 7 mm below the type area (35 − 7 − about 5 mm of text)."""
BODY_SIZE = Pt(16)
TITLE_SIZE = Pt(22)
ISSUER_SIZE = Pt(36)
PAGE_NUMBER_SIZE = Pt(14)
TABLE_SIZE = Pt(10.5)
LINES_PER_PAGE = 22
CHARS_PER_LINE = 28
GLYPH_SCALE = 98
"""Body glyphs at 98 % width (w:w). 28 characters of 16 pt are 448 pt, the type area 442 pt:
Word and WPS condense to the grid's 15.8 pt pitch, LibreOffice gives a 16 pt glyph two cells
(14 a line) unless the glyph fits one. The size stays 16 pt."""
ISSUER_SPACE_BEFORE = Mm(10)
"""Room above the issuer's mark, so the masthead reads as one (the grid adds the rest)."""


def write_official_document(document: OfficialDocument, target: str | Path) -> None:
    """Write ``document`` to ``target`` atomically (a temporary file renamed into place)."""
    docx = Document()
    _page_setup(docx)
    _default_style(docx)
    _masthead(docx, document.issuer, document.number)
    _title(docx, document.title)
    if document.addressee:
        _paragraph(docx, document.addressee + "：", indent=False)
    for block in document.blocks:
        if isinstance(block, Heading):
            _heading(docx, block)
        elif isinstance(block, Text):
            _paragraph(docx, block.text)
        else:
            _grid(docx, block)
    if document.blocks and not isinstance(document.blocks[-1], DocTable):
        docx.paragraphs[-1].paragraph_format.keep_with_next = True
    for _blank in range(2):
        _paragraph(docx, "").paragraph_format.keep_with_next = True
    _closing(docx, document.signature, document.date_text)
    if document.note:
        docx.paragraphs[-1].paragraph_format.keep_with_next = True
        _paragraph(docx, f"（{document.note}）")
    with atomic_path(target) as temporary:
        docx.save(str(temporary))


def _page_setup(docx: DocxDocument) -> None:
    section = docx.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin, section.bottom_margin = TOP, BOTTOM
    section.left_margin, section.right_margin = LEFT, RIGHT
    section.header_distance = Mm(15)
    section.footer_distance = FOOTER_DISTANCE
    docx.settings.odd_and_even_pages_header_footer = True
    _page_number(section.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT)
    _page_number(section.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT)
    _document_grid(section._sectPr)


def _document_grid(sect_pr: BaseOxmlElement) -> None:
    """22 lines of 28 characters over the 156 × 225 mm type area (w:docGrid linesAndChars)."""
    type_height = (PAGE_HEIGHT - TOP - BOTTOM) / 635  # EMU → twips
    type_width_pt = (PAGE_WIDTH - LEFT - RIGHT) / 12700
    line_pitch = int(type_height / LINES_PER_PAGE)
    char_space = round((type_width_pt / CHARS_PER_LINE - BODY_SIZE.pt) * 4096)
    grid = sect_pr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sect_pr.append(grid)
    grid.set(qn("w:type"), "linesAndChars")
    grid.set(qn("w:linePitch"), str(line_pitch))
    grid.set(qn("w:charSpace"), str(char_space))


def _default_style(docx: DocxDocument) -> None:
    """Body type as the document default too: the grid's character pitch is reckoned from the
    default font size (w:docDefaults), so it must be the body's 16 pt."""
    defaults = docx.styles.element.find(qn("w:docDefaults"))
    r_pr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    old_fonts = r_pr.find(qn("w:rFonts"))
    if old_fonts is not None:
        r_pr.remove(old_fonts)
    _fonts(r_pr, BODY_FONT)
    for tag in ("w:sz", "w:szCs"):
        r_pr.find(qn(tag)).set(qn("w:val"), str(int(BODY_SIZE.pt * 2)))
    r_pr.find(qn("w:lang")).set(qn("w:eastAsia"), "zh-CN")
    spacing = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr")).find(qn("w:spacing"))
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), "240")
    style = docx.styles["Normal"]
    style.font.size = BODY_SIZE
    _fonts(style.element.get_or_add_rPr(), BODY_FONT)
    paragraph = style.paragraph_format
    paragraph.space_before = paragraph.space_after = Pt(0)


def _fonts(r_pr: BaseOxmlElement, name: str) -> None:
    """Name ``name`` for every script, East Asian included (w:rFonts w:eastAsia)."""
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), name)


def _run(
    paragraph: DocxParagraph,
    text: str,
    font: str = BODY_FONT,
    size: Pt = BODY_SIZE,
    *,
    colour: RGBColor | None = None,
    bold: bool = False,
) -> Run:
    run = paragraph.add_run(text)
    run.font.name = font
    run.font.size = size
    run.font.bold = bold
    if colour is not None:
        run.font.color.rgb = colour
    r_pr = run._element.get_or_add_rPr()
    _fonts(r_pr, font)
    if size == BODY_SIZE:
        scale = OxmlElement("w:w")
        scale.set(qn("w:val"), str(GLYPH_SCALE))
        r_pr.append(scale)
    return run


def _paragraph(docx: DocxDocument, text: str, *, indent: bool = True) -> DocxParagraph:
    paragraph = docx.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    if indent:
        _indent_two_characters(paragraph)
    if text:
        _run(paragraph, text)
    return paragraph


def _indent_two_characters(paragraph: DocxParagraph) -> None:
    """首行缩进两字: in characters of the grid (w:firstLineChars), 32 pt where that is unknown."""
    paragraph.paragraph_format.first_line_indent = Pt(BODY_SIZE.pt * 2)
    indent = paragraph._p.get_or_add_pPr().find(qn("w:ind"))
    indent.set(qn("w:firstLineChars"), "200")


def _off_grid(paragraph: DocxParagraph) -> None:
    """The issuer's mark and the title are larger than a grid cell: laid out on their own."""
    snap = OxmlElement("w:snapToGrid")
    snap.set(qn("w:val"), "0")
    paragraph._p.get_or_add_pPr().append(snap)


def _masthead(docx: DocxDocument, issuer: str, number: str) -> None:
    """发文机关标志 in red, two blank lines, the document number, 4 mm below it the red rule,
    then two blank lines before the title."""
    paragraph = docx.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_before = ISSUER_SPACE_BEFORE
    _off_grid(paragraph)
    _run(paragraph, issuer, TITLE_FONT, _issuer_size(issuer), colour=RED)
    docx.add_paragraph()
    docx.add_paragraph()
    numbered = docx.add_paragraph()
    numbered.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(numbered, number)
    _red_rule(numbered)
    docx.add_paragraph()
    docx.add_paragraph()


def _issuer_size(issuer: str) -> Pt:
    """As large as fits one line of the type area (the standard caps the mark at 22 × 15 mm)."""
    fits = (PAGE_WIDTH - LEFT - RIGHT) / 12700 / max(len(issuer), 1)
    return Pt(min(ISSUER_SIZE.pt, int(fits)))


def _red_rule(paragraph: DocxParagraph) -> None:
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    bottom.set(qn("w:val"), "single")
    bottom.set(qn("w:sz"), "12")
    bottom.set(qn("w:space"), "11")
    bottom.set(qn("w:color"), "FF0000")
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def _title(docx: DocxDocument, title: str) -> None:
    """The title centred; a "\n" in it is where the caller breaks it so each line reads whole
    (标题回行时词意完整)."""
    paragraph = docx.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _off_grid(paragraph)
    for number, line in enumerate(title.split("\n")):
        run = _run(paragraph, line, TITLE_FONT, TITLE_SIZE)
        if number:
            run._r.insert(run._r.index(run._r.find(qn("w:t"))), OxmlElement("w:br"))
    docx.add_paragraph()


def _heading(docx: DocxDocument, heading: Heading) -> None:
    paragraph = docx.add_paragraph()
    _indent_two_characters(paragraph)
    paragraph.paragraph_format.keep_with_next = True
    font = HEADING_FONT if heading.level == 1 else SUBHEADING_FONT
    _run(paragraph, heading.text, font)


def _closing(docx: DocxDocument, signature: str, date_text: str) -> None:
    """The date four characters in from the right (右空四字), the issuer centred above it; the
    last lines of text keep with them, so no page holds only a signature and a date."""
    date_width = sum(0.5 if character.isascii() else 1 for character in date_text)
    in_from_right = 4 + max(date_width - len(signature), 0) / 2
    for text, indent in ((signature, in_from_right), (date_text, 4)):
        paragraph = docx.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        paragraph.paragraph_format.right_indent = Pt(BODY_SIZE.pt * indent)
        paragraph.paragraph_format.keep_with_next = text is signature
        _run(paragraph, text)


def _grid(docx: DocxDocument, grid: DocTable) -> None:
    table = docx.add_table(rows=1 + len(grid.rows), cols=len(grid.headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for number, (header, width) in enumerate(zip(grid.headers, grid.widths, strict=True)):
        table.columns[number].width = Mm(width)
        _cell(table.rows[0].cells[number], header, Mm(width), bold=True)
    _row_property(table.rows[0], "w:tblHeader")
    for row_cells, values in zip(table.rows[1:], grid.rows, strict=True):
        _row_property(row_cells, "w:cantSplit")
        for cell, value, width in zip(row_cells.cells, values, grid.widths, strict=True):
            _cell(cell, value, Mm(width))
    docx.add_paragraph()


def _cell(cell: _Cell, text: str, width: Mm, *, bold: bool = False) -> None:
    cell.width = width
    cell.vertical_alignment = WD_ALIGN_VERTICAL.CENTER
    paragraph = cell.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if len(text) <= 8 else WD_ALIGN_PARAGRAPH.LEFT
    p_pr = paragraph._p.get_or_add_pPr()
    snap = OxmlElement("w:snapToGrid")
    snap.set(qn("w:val"), "0")
    p_pr.append(snap)
    _run(paragraph, text, HEADING_FONT if bold else BODY_FONT, TABLE_SIZE)


def _row_property(row: _Row, tag: str) -> None:
    """w:tblHeader (repeat on every page) or w:cantSplit (never break a row across pages)."""
    flag = OxmlElement(tag)
    flag.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(flag)


def _page_number(paragraph: DocxParagraph, alignment: WD_ALIGN_PARAGRAPH) -> None:
    """ "— 1 —" in 宋体 四号, one character in from the outside edge."""
    paragraph.alignment = alignment
    indent = Pt(PAGE_NUMBER_SIZE.pt)
    if alignment == WD_ALIGN_PARAGRAPH.RIGHT:
        paragraph.paragraph_format.right_indent = indent
    else:
        paragraph.paragraph_format.left_indent = indent
    _run(paragraph, "— ", PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)
    _field(paragraph, "PAGE")
    _run(paragraph, " —", PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)


def _field(paragraph: DocxParagraph, instruction: str) -> None:
    """A field (begin, instruction, separate, shown value, end), each part a run with fonts."""
    for kind, text in (("begin", None), (None, f" {instruction} "), ("separate", None)):
        run = _run(paragraph, "", PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)
        if kind is not None:
            mark = OxmlElement("w:fldChar")
            mark.set(qn("w:fldCharType"), kind)
            run._r.append(mark)
        else:
            code = OxmlElement("w:instrText")
            code.set(qn("xml:space"), "preserve")
            code.text = text
            run._r.append(code)
    _run(paragraph, "1", PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)
    end = _run(paragraph, "", PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)
    mark = OxmlElement("w:fldChar")
    mark.set(qn("w:fldCharType"), "end")
    end._r.append(mark)
