"""The quarterly meeting workbook (``chainchief sheet``) read back with openpyxl."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from meeting_support import (
    ENDS_WITH_CHAIN,
    FORMULA_FIRM,
    LONG,
    MAIN,
    TODAY,
    build_city,
)
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from chainchief.cli import run
from chainchief.domain.quarters import Quarter
from chainchief.exchange.meeting_workbook import sheet_names, write_meeting_workbook
from chainchief.exchange.meeting_workbook_grid import Cell, Grid
from chainchief.services.meetings.pack import quarter_pack
from chainchief.store.db import Database

Q2 = Quarter(2026, 2)
SECTIONS = [
    "一、会议议程",
    "二、基本情况",
    "三、与上次会议相比",
    "四、问题清单",
    "五、重点项目推进表",
    "六、重点企业",
    "七、招商目标",
    "八、督办事项",
    "九、指标",
    "十、需链长协调事项",
    "十一、本次会议议定事项",
]


@pytest.fixture
def city(db: Database) -> Database:
    build_city(db)
    return db


@pytest.fixture
def workbook_path(city: Database, tmp_path: Path) -> Path:
    path = tmp_path / "pack.xlsx"
    write_meeting_workbook(quarter_pack(city, Q2, on=TODAY), path)
    return path


def texts(sheet: Worksheet) -> list[str]:
    return [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]


def row_of(sheet: Worksheet, text: str) -> int:
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value == text:
                return cell.row
    raise AssertionError(f"{text!r} not found in {sheet.title}")


def test_sheets_are_the_summary_then_chains_with_excel_safe_unique_names(workbook_path):
    names = load_workbook(workbook_path).sheetnames
    assert names == [
        "总表",
        "医药_生命_健康_",
        "总表_2",
        MAIN,
        LONG[:31],
        LONG[:29] + "_2",
        ENDS_WITH_CHAIN,
    ]
    assert all(len(name) <= 31 for name in names)


def test_sheet_names_stay_unique_within_31_characters_case_insensitively():
    names = sheet_names(["a" * 40, "a" * 35, "A" * 31, "b?", "b*", "总表"])
    assert names == ["a" * 31, "a" * 29 + "_2", "A" * 29 + "_3", "b_", "b__2", "总表_2"]


@given(st.lists(st.text(min_size=1, max_size=40), max_size=12))
@example(["a" * 30 + "'b", "'", "A" * 30 + "'b"])
def test_sheet_names_are_always_valid_for_excel(chains):
    names = sheet_names(chains)
    assert len(names) == len(chains)
    folded = [name.casefold() for name in [*names, "总表"]]
    assert len(set(folded)) == len(folded)
    for name in names:
        assert 1 <= len(name) <= 31
        assert not set(name) & set("[]:*?/\\")
        assert not name.startswith("'") and not name.endswith("'")


def test_title_row_is_merged_and_never_doubles_chain_word(workbook_path):
    book = load_workbook(workbook_path)
    main = book[MAIN]
    assert main["A1"].value == "新能源汽车产业链2026年第二季度链长调度会工作台账"
    assert "A1:K1" in {str(r) for r in main.merged_cells.ranges}
    assert book[ENDS_WITH_CHAIN]["A1"].value == "集成电路产业链2026年第二季度链长调度会工作台账"


def test_second_row_names_chief_lead_meeting_and_place(workbook_path):
    row = [c.value for c in load_workbook(workbook_path)[MAIN][2] if c.value]
    assert row == [
        "链长：陈立新",
        "专班负责人：赵鹏",
        "会议时间：2026年5月13日（星期三）14:30—17:00",
        "会议地点：管委会三楼会议室",
    ]


def test_eleven_sections_in_order_with_bold_headers(workbook_path):
    sheet = load_workbook(workbook_path)[MAIN]
    rows = [row_of(sheet, heading) for heading in SECTIONS]
    assert rows == sorted(rows)
    for row in rows:
        assert sheet.cell(row, 1).font.b
        assert sheet.cell(row, 1).font.name == "黑体"


def test_print_setup_is_a4_landscape_one_page_wide_with_titles_and_page_footer(workbook_path):
    for sheet in load_workbook(workbook_path).worksheets:
        setup = sheet.page_setup
        assert (setup.orientation, str(setup.paperSize)) == ("landscape", "9")
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert (setup.fitToWidth, setup.fitToHeight) == (1, 0)
        assert (setup.firstPageNumber, setup.useFirstPageNumber) == (1, True)
        assert sheet.oddHeader.right.text == "内部资料 注意保存"
        if sheet.title != "总表":
            assert re.fullmatch(r".+ 第 &P 页 共 \d+ 页", sheet.oddFooter.center.text)
            assert sheet.print_title_rows.replace("$", "") == "1:2"
            assert sheet.freeze_panes == "A3"


def test_fonts_are_fangsong_body_and_heiti_titles_in_gb2312(workbook_path):
    sheet = load_workbook(workbook_path)[MAIN]
    assert (sheet["A1"].font.name, sheet["A1"].font.charset) == ("黑体", 134)
    body = sheet.cell(row_of(sheet, "南京宁驰汽车有限公司"), 2).font
    assert (body.name, body.charset) == ("仿宋", 134)
    assert all(c.font.charset == 134 for row in sheet.iter_rows() for c in row if c.value)


def test_action_rows_are_coloured_by_light_as_of_the_day_made(workbook_path):
    sheet = load_workbook(workbook_path)[MAIN]

    def fill(item: str) -> str | None:
        cell = sheet.cell(row_of(sheet, item), 1)
        return cell.fill.fgColor.rgb if cell.fill.fill_type == "solid" else None

    assert fill("赴四川开展锂资源企业定向招商") == "FFFFEB9C"
    assert fill("推动LG新能源项目尽调") == "FFDDEBF7"
    assert fill("组织供需对接会") == "FFC6EFCE"
    assert fill("统筹解决配套项目用地指标") is None
    status = sheet.cell(row_of(sheet, "赴四川开展锂资源企业定向招商"), 8).value
    assert status == "已交办（黄色督办）逾期10天"


def test_actions_list_open_items_and_those_closed_since_previous_meeting(workbook_path):
    shown = texts(load_workbook(workbook_path)[MAIN])
    assert "组织供需对接会" in shown
    assert "编制2025年产业链发展报告" not in shown


def test_progress_note_shows_beside_its_item(workbook_path):
    sheet = load_workbook(workbook_path)[MAIN]
    assert sheet.cell(row_of(sheet, "推动LG新能源项目尽调"), 10).value == "4月28日：已完成初步尽调"


def test_formula_like_text_stays_plain_text(workbook_path):
    sheet = load_workbook(workbook_path)[MAIN]
    row = row_of(sheet, FORMULA_FIRM)
    assert sheet.cell(row, 2).data_type == "s"
    assert "+锂业集团" in texts(sheet) and "-赴成都拜访" in texts(sheet)
    with zipfile.ZipFile(workbook_path) as archive:
        for member in archive.namelist():
            if member.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(member) and b"<f " not in archive.read(member)


def test_key_firm_revenue_has_thousands_separators(workbook_path):
    sheet = load_workbook(workbook_path)[MAIN]
    cell = sheet.cell(row_of(sheet, FORMULA_FIRM), 8)
    assert cell.value == 1234567
    assert cell.number_format == "#,##0"


def test_indicators_show_completion_and_growth_as_one_decimal_percentages(workbook_path):
    sheet = load_workbook(workbook_path)[MAIN]
    row = row_of(sheet, "主营业务收入(亿元)")
    values = [sheet.cell(row, column).value for column in (4, 5, 6, 7, 8, 9, 11)]
    assert values[:4] == ["2026年第二季度", 180, 171, "填报"]
    assert values[4] == pytest.approx(0.95, abs=1e-6)
    assert values[5] == "同比增长 22.1%"
    assert values[6] == 140
    assert sheet.cell(row, 8).number_format == "0.0%"
    assert sheet.cell(row, 5).number_format == sheet.cell(row, 11).number_format == "#,##0.0#"


def test_summary_has_a_line_per_chain_with_counts_and_completion(workbook_path):
    sheet = load_workbook(workbook_path)["总表"]
    header = [c.value for c in sheet[3]]
    assert header[:8] == [
        "产业链",
        "链长",
        "专班负责人",
        "会议日期",
        "完整度",
        "缺链",
        "弱链",
        "卡点",
    ]
    assert header[8] == "招商目标" and header[13:] == ["督办未完成", "督办逾期", "指标完成率"]
    assert [c.value for c in sheet[4]][8:13] == ["储备", "接洽", "洽谈", "签约", "落地"]
    line = [c.value for c in sheet[row_of(sheet, MAIN)]]
    assert line[3].date().isoformat() == "2026-05-13"
    assert line[4] == pytest.approx(2 / 3, abs=0.001)
    assert line[5:8] == [1, 1, 1]
    assert line[8:13] == [0, 1, 1, 0, 0]
    assert line[13:15] == [3, 1]
    assert line[15] == pytest.approx((171 / 180 + 5 / 4) / 2)


def test_quarter_without_planned_meeting_shows_to_be_decided(city, tmp_path):
    path = tmp_path / "q3.xlsx"
    write_meeting_workbook(quarter_pack(city, Quarter(2026, 3), on=TODAY), path)
    book = load_workbook(path)
    assert book[MAIN]["E2"].value == "会议时间：待定"
    assert book[MAIN]["I2"].value == "会议地点：待定"
    assert book["总表"].cell(row_of(book["总表"], MAIN), 4).value == "待定"


def test_column_widths_grow_with_chinese_text():
    def width_of(text: str) -> float:
        grid = Grid(2, (4.0, 4.0), (60.0, 60.0))
        grid.add(Cell("1"), Cell(text))
        return grid.widths()[1]

    assert width_of("产业链企业名称") > width_of("ABCDEFG")
    assert width_of("产业链企业名称") == 7 * 2 + 2


def test_long_text_wraps_into_taller_rows():
    grid = Grid(1, (10.0,), (10.0,))
    grid.add(Cell("短"))
    grid.add(Cell("很长的说明文字" * 5))
    grid.fit_heights(grid.widths())
    short, tall = (row.height or 0 for row in grid.rows)
    assert tall > 3 * short * 0.8


def test_failed_write_leaves_the_old_file_and_no_temporary(city, tmp_path, monkeypatch):
    folder = tmp_path / "out"
    folder.mkdir()
    path = folder / "pack.xlsx"
    path.write_bytes(b"old")

    def no_room(source, target):
        raise OSError("disk full")

    monkeypatch.setattr("chainchief.fileio.os.replace", no_room)
    with pytest.raises(OSError):
        write_meeting_workbook(quarter_pack(city, Q2, on=TODAY), path)
    assert path.read_bytes() == b"old"
    assert [p.name for p in folder.iterdir()] == ["pack.xlsx"]


def test_sheet_command_writes_one_chain_and_refuses_bad_input(db_path, city, tmp_path, capsys):
    out = tmp_path / "one.xlsx"
    code = run(
        ["--db", str(db_path), "sheet", "--quarter", "2026Q2", "-o", str(out), "--chain", MAIN]
    )
    assert code == 0
    assert load_workbook(out).sheetnames == ["总表", MAIN]
    assert run(["--db", str(db_path), "sheet", "--quarter", "2026Q5", "-o", str(out)]) == 2
    assert "2026Q5" in capsys.readouterr().err
    assert (
        run(
            [
                "--db",
                str(db_path),
                "sheet",
                "--quarter",
                "2026Q2",
                "-o",
                str(out),
                "--chain",
                "不存在",
            ]
        )
        == 2
    )


def test_summary_counts_each_departments_red_and_yellow_items(workbook_path):
    sheet = load_workbook(workbook_path)["总表"]
    heading = row_of(sheet, "各部门督办预警（专班负责人会议）")
    assert [c.value for c in sheet[heading + 1]][:5] == [
        "责任部门",
        None,
        None,
        "红色督办",
        "黄色督办",
    ]
    row = next(
        r for r in range(heading + 2, sheet.max_row + 1) if sheet.cell(r, 1).value == "投资促进局"
    )
    line = [c.value for c in sheet[row]]
    assert line[3:5] == [0, 1]  # 赴四川… is 10 days late: yellow, not yet red
    assert sheet.cell(row, 5).fill.fgColor.rgb == "FFFFEB9C"
