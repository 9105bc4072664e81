"""The demo city's meeting pack as it prints: problems named, pages planned, headings repeated."""

from __future__ import annotations

import datetime as dt
import shutil
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet

from chainchief.domain.quarters import Quarter
from chainchief.exchange.meeting_workbook import write_meeting_workbook
from chainchief.services.chains.gaps import analyse_chains
from chainchief.services.foresight import rank_chain_targets
from chainchief.services.meetings.pack import quarter_pack
from chainchief.services.meetings.plan import apply_plan, plan_meetings
from chainchief.services.registers import list_library
from chainchief.store.db import Database, open_database

DAY = dt.date(2026, 4, 1)
QUARTER = Quarter(2026, 2)
HEADING_FILL = "FFD9D9D9"
SECTION_FILL = "FFF2F2F2"


def tiny_png(width: int, height: int) -> bytes:
    """A valid grey PNG of the given size."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


@pytest.fixture(scope="module")
def demo(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    """The demo with its year planned, on the pack's day; built once, since no test here
    writes to it (each only reads the pack made from it)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CHAINCHIEF_TODAY", DAY.isoformat())
        path = tmp_path_factory.mktemp("pack-print") / "demo.db"
        shutil.copyfile(demo_template, path)
        database = open_database(path, daily_backup=False)
        apply_plan(database, plan_meetings(database, 2026), actor="test")
        yield database
        database.dispose()


@pytest.fixture(scope="module")
def pack_path(demo: Database, tmp_path_factory: pytest.TempPathFactory) -> Path:
    pack = quarter_pack(demo, QUARTER, on=DAY)
    maps = {chain.chain: tiny_png(400, 200) for chain in pack.chains}
    path = tmp_path_factory.mktemp("pack-print") / "pack.xlsx"
    write_meeting_workbook(pack, path, maps)
    return path


@pytest.fixture(scope="module")
def book(pack_path: Path) -> Workbook:
    """The pack as openpyxl reads it, read once: the tests only look at it."""
    return load_workbook(pack_path)


def section_rows(sheet: Worksheet, title: str) -> list[tuple[object, ...]]:
    """The rows of one section, its title excluded."""
    rows = [tuple(cell.value for cell in row) for row in sheet.iter_rows()]
    start = next(i for i, row in enumerate(rows) if row[0] == title)
    end = next(
        (i for i in range(start + 1, len(rows)) if str(rows[i][0] or "")[1:2] == "、"),
        len(rows),
    )
    return rows[start + 1 : end]


def test_every_breakpoint_and_missing_segment_is_named_in_its_problem_list(demo, book):
    for analysis in analyse_chains(demo):
        sheet = book[analysis.chain]
        problems = {(row[1], row[2]) for row in section_rows(sheet, "四、问题清单")}
        for link in analysis.breakpoints:
            assert (f"{link.upstream}→{link.downstream}", "断点") in problems
        for segment in analysis.segments:
            if segment.status.value == "missing":
                assert (segment.name, "缺链") in problems
            if segment.chokepoint:
                assert (segment.name, "卡点") in problems


def test_each_chain_sheet_numbers_its_pages_from_one(book):
    for sheet in book.worksheets[1:]:
        setup = sheet.page_setup
        assert (setup.firstPageNumber, setup.useFirstPageNumber) == (1, True)
        pages = len(sheet.row_breaks.brk) + 1
        assert sheet.oddFooter.center.text.endswith(f"第 &P 页 共 {pages} 页")


def test_no_page_ends_in_a_heading_and_continued_tables_repeat_theirs(book):
    breaks = 0
    for sheet in book.worksheets[1:]:
        for brk in sheet.row_breaks.brk:
            breaks += 1
            last, first = sheet.cell(brk.id, 1), sheet.cell(brk.id + 1, 1)
            assert kind(last) == "body", f"{sheet.title}!{last.coordinate} ends a page"
            opener = next(
                kind(sheet.cell(row, 1))
                for row in range(brk.id, 2, -1)
                if kind(sheet.cell(row, 1)) in ("heading", "section")
            )
            opens_table = kind(first) == "group" and kind(sheet.cell(brk.id + 2, 1)) == "heading"
            if opener == "heading" and not opens_table:  # a table goes on over the break
                assert kind(first) in ("heading", "section"), (
                    f"{sheet.title}!{first.coordinate} continues a table without its headings"
                )
    assert breaks > 8  # the demo's chains take several pages each


def kind(cell: Cell) -> str:
    """What a first-column cell is: a column heading, a section title, a group line or body."""
    if cell.fill.fill_type == "solid" and cell.fill.fgColor.rgb == HEADING_FILL:
        return "heading"
    if cell.fill.fill_type == "solid" and cell.fill.fgColor.rgb == SECTION_FILL:
        return "section"
    if cell.font.b:
        return "group"
    return "body"


def test_the_status_map_opens_the_facts_section(pack_path, book):
    with zipfile.ZipFile(pack_path) as archive:
        names = archive.namelist()
    chains = len(book.worksheets) - 1
    assert len([name for name in names if name.startswith("xl/media/")]) == chains
    assert len([name for name in names if name.startswith("xl/drawings/drawing")]) == chains


def test_long_text_continues_on_further_rows_instead_of_being_cut(demo, tmp_path):
    pack = quarter_pack(demo, QUARTER, on=DAY)
    chain = pack.chains[0]
    long_item = "请各部门加快推进" * 400
    first = chain.actions[0]
    chain = replace(chain, actions=(replace(first, item=long_item), *chain.actions[1:]))
    path = tmp_path / "long.xlsx"
    write_meeting_workbook(replace(pack, chains=(chain,)), path)
    sheet = load_workbook(path)[chain.chain]
    shown = "".join(
        str(sheet.cell(row, 2).value or "")
        for row in range(1, sheet.max_row + 1)
        if "请各部门" in str(sheet.cell(row, 2).value or "")
    )
    assert shown == long_item
    assert all((sheet.row_dimensions[r].height or 0) < 409 for r in range(1, sheet.max_row + 1))


def test_items_for_the_chief_and_project_issues_reach_section_ten(book):
    sheet = book["新能源汽车"]
    texts = [str(row[1]) for row in section_rows(sheet, "十、需链长协调事项") if row[1]]
    assert "统筹解决新能源汽车配套项目用地指标紧张问题" in texts
    assert any(text.startswith("储芯动力高比能电芯项目：项目用地指标") for text in texts)
    projects = section_rows(sheet, "五、重点项目推进表")
    assert projects[0][1:5] == ("项目", "投资方", "总投资(亿元)", "阶段")
    assert {row[4] for row in projects[1:]} <= {"签约", "开工", "投产", "达产"}


def test_open_targets_are_listed_by_value_with_what_landing_them_closes(demo, book):
    with demo.transaction() as session:
        for analysis in analyse_chains(demo):
            ranked = rank_chain_targets(session, analysis.chain_id, rank=True)
            rows = section_rows(book[analysis.chain], "七、招商目标")
            listed = [row for row in rows if isinstance(row[0], int)][: len(ranked)]
            assert [row[1].split("（")[0] for row in listed] == [r.target.firm for r in ranked]
            assert [row[4] for row in listed] == [float(r.value) for r in ranked]
            assert [row[5] for row in listed] == [r.reason() for r in ranked]


def test_the_chains_cultivated_firms_follow_its_key_firms(demo, book):
    shown = 0
    for analysis in analyse_chains(demo):
        rows = section_rows(book[analysis.chain], "六、重点企业")
        library = list_library(demo, chain=analysis.chain)
        if not library:
            assert not any(str(row[0]).startswith("龙头企业培育库") for row in rows)
            continue
        start = next(i for i, row in enumerate(rows) if str(row[0]).startswith("龙头企业培育库"))
        assert rows[start][0] == f"龙头企业培育库（{len(library)}家）"
        listed = rows[start + 2 : start + 2 + len(library)]
        assert [row[1] for row in listed] == [firm.firm for firm in library]
        assert [row[9] for row in listed] == [firm.open_demands for firm in library]
        shown += len(library)
    assert shown  # the demo has library firms


def test_each_indicator_says_whether_it_was_entered_or_summed_from_firms(book):
    rows = section_rows(book["新能源汽车"], "九、指标")
    sources = {row[1]: row[6] for row in rows if isinstance(row[0], int)}
    assert sources["营业收入(亿元)"] == sources["税收(亿元)"] == "汇总"
    assert set(sources.values()) == {"填报", "汇总"}
