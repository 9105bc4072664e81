"""The meeting workbook's own SpreadsheetML writer, read back with openpyxl and an XML parser."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from chainchief.domain.textwidth import display_width
from chainchief.exchange.meeting_workbook_grid import (
    PERCENT_FORMAT,
    Cell,
    Grid,
    Look,
    column_letter,
)
from chainchief.exchange.meeting_workbook_sheet import MAX_CELL_CHARS
from chainchief.exchange.meeting_workbook_styles import escape
from chainchief.exchange.meeting_workbook_xlsx import SheetToWrite, write_xlsx

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def grid_of(*rows: tuple[Cell, ...], columns: int = 3) -> Grid:
    grid = Grid(columns, (4.0,) * columns, (40.0,) * columns)
    for row in rows:
        grid.add(*row)
    return grid


def written(tmp_path: Path, *grids: Grid, names: tuple[str, ...] = ()) -> Path:
    path = tmp_path / "book.xlsx"
    names = names or tuple(f"表{index}" for index in range(1, len(grids) + 1))
    write_xlsx(
        path,
        [SheetToWrite(name, lambda g=grid: g, 1) for name, grid in zip(names, grids, strict=True)],
    )
    return path


def test_every_part_is_well_formed_xml_and_content_types_come_first(tmp_path):
    path = written(tmp_path, grid_of((Cell("a&b<c>"), Cell(1), Cell(2.5))))
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        assert names[0] == "[Content_Types].xml"
        for name in names:
            ET.fromstring(archive.read(name))
        assert {"xl/workbook.xml", "xl/styles.xml", "xl/worksheets/sheet1.xml"} <= set(names)


def test_values_read_back_with_their_types_and_formats(tmp_path):
    grid = grid_of(
        (
            Cell("文字"),
            Cell(1234567, Look.NUMBER, number_format="#,##0"),
            Cell(0.956, Look.NUMBER, number_format=PERCENT_FORMAT),
        ),
        (Cell(dt.date(2027, 3, 31), Look.CENTER), Cell(True), Cell(None)),
    )
    sheet = load_workbook(written(tmp_path, grid)).active
    assert [c.value for c in sheet[1]] == ["文字", 1234567, pytest.approx(0.956)]
    assert (sheet["B1"].number_format, sheet["C1"].number_format) == ("#,##0", "0.0%")
    assert sheet["A2"].value == dt.datetime(2027, 3, 31)
    assert sheet["A2"].number_format == 'yyyy"年"m"月"d"日"'
    assert sheet["B2"].value is True
    assert sheet["C2"].value is None


def test_text_keeps_spaces_newlines_and_carriage_returns_and_drops_what_xml_forbids(tmp_path):
    texts = ["  缩进 ", "第一行\n第二行", "\r回车", "a\x00b\x1fc", "<b>&amp;</b>"]
    grid = grid_of(*((Cell(text),) for text in texts), columns=1)
    sheet = load_workbook(written(tmp_path, grid)).active
    assert [row[0].value for row in sheet.iter_rows()] == [
        "  缩进 ",
        "第一行\n第二行",
        "\r回车",
        "abc",
        "<b>&amp;</b>",
    ]


def test_formula_like_text_is_a_quoted_string_never_a_formula(tmp_path):
    texts = ["=SUM(A1:A2)", "+86 139", "-赴成都", "@home", "\t制表", "普通"]
    grid = grid_of(*((Cell(text),) for text in texts), columns=1)
    path = written(tmp_path, grid)
    sheet = load_workbook(path).active
    cells = [row[0] for row in sheet.iter_rows()]
    assert [c.value for c in cells] == texts
    assert all(c.data_type == "s" for c in cells)
    assert [c.quotePrefix for c in cells] == [True] * 5 + [False]
    with zipfile.ZipFile(path) as archive:
        assert b"<f" not in archive.read("xl/worksheets/sheet1.xml")


def test_text_longer_than_excel_allows_is_cut_to_its_limit(tmp_path):
    grid = grid_of((Cell("长" * (MAX_CELL_CHARS + 10)),), columns=1)
    value = load_workbook(written(tmp_path, grid)).active["A1"].value
    assert len(value) == MAX_CELL_CHARS


def test_spans_merge_and_short_rows_are_padded_with_bordered_cells(tmp_path):
    grid = grid_of(
        (Cell("标题", Look.TITLE, span=3),),
        (Cell("一", Look.SECTION, span=2), Cell("二")),
        (Cell("短"),),
    )
    path = written(tmp_path, grid)
    sheet = load_workbook(path).active
    assert {str(r) for r in sheet.merged_cells.ranges} == {"A1:C1", "A2:B2"}
    with zipfile.ZipFile(path) as archive:
        root = ET.fromstring(archive.read("xl/worksheets/sheet1.xml"))
    styles = {c.get("r"): c.get("s") for c in root.iter(f"{{{MAIN}}}c")}
    assert set(styles) == {f"{col}{row}" for col in "ABC" for row in (1, 2, 3)}
    assert styles["B2"] == styles["A2"]  # a covered cell keeps the look (fill, border)
    assert sheet["C3"].border.left.style == "thin"
    assert sheet["A1"].border.left.style is None


def test_sheet_names_with_apostrophes_and_markup_keep_their_print_titles(tmp_path):
    names = ("O'Brien & <Co>", "总表")
    path = written(tmp_path, grid_of((Cell("a"),)), grid_of((Cell("b"),)), names=names)
    book = load_workbook(path)
    assert book.sheetnames == list(names)
    assert [sheet.print_title_rows.replace("$", "") for sheet in book.worksheets] == ["1:1"] * 2


def test_escape_leaves_plain_text_alone():
    assert escape("南京宁驰汽车有限公司") == "南京宁驰汽车有限公司"
    assert escape("a<b>&\r\x01") == "a&lt;b&gt;&amp;&#13;"


def test_column_letters_follow_excel():
    assert [column_letter(n) for n in (1, 8, 16, 26, 27, 52, 703)] == [
        "A",
        "H",
        "P",
        "Z",
        "AA",
        "AZ",
        "AAA",
    ]


def test_display_width_counts_wide_and_full_width_characters_as_two():
    assert display_width("ABC") == 3
    assert display_width("产业链") == 6
    assert display_width("ＡＢ1") == 5
    assert display_width("") == 0
    assert display_width("🚗a") == 3


def test_rows_are_never_taller_than_excel_allows(tmp_path):
    grid = grid_of((Cell("很长的说明文字" * 2000),), columns=1)
    sheet = load_workbook(written(tmp_path, grid)).active
    assert sheet.row_dimensions[1].height == 409
