"""The 通报 and the 督办通知单 read back with python-docx: GB/T 9704 geometry, fonts, words."""

from __future__ import annotations

from pathlib import Path

import pytest
from accounts_support import ROLES, add_accounts
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt
from sqlalchemy import func, select

from chainchief import cli
from chainchief.domain.lights import Light
from chainchief.domain.quarters import Quarter
from chainchief.services.actions.documents import issue_circular, issue_notices
from chainchief.services.actions.items import ActionFilter, list_actions
from chainchief.services.admin.permissions import PermissionDenied
from chainchief.services.admin.settings import set_setting
from chainchief.store.db import Database
from chainchief.store.models import IssuedDocument

TODAY = "2026-11-27"
Q4 = Quarter.parse("2026Q4")


@pytest.fixture
def city(demo_db: Database, monkeypatch) -> Database:
    monkeypatch.setenv("CHAINCHIEF_TODAY", TODAY)
    return demo_db


def runs(document) -> list:  # type: ignore[no-untyped-def]
    found = [run for paragraph in document.paragraphs for run in paragraph.runs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                found += [run for paragraph in cell.paragraphs for run in paragraph.runs]
    section = document.sections[0]
    for footer in (section.footer, section.even_page_footer):
        found += [run for paragraph in footer.paragraphs for run in paragraph.runs]
    return found


def east_asian(run) -> str | None:  # type: ignore[no-untyped-def]
    fonts = run._element.rPr.find(qn("w:rFonts"))
    return None if fonts is None else fonts.get(qn("w:eastAsia"))


def paragraph_starting(document, text: str):  # type: ignore[no-untyped-def]
    return next(p for p in document.paragraphs if p.text.startswith(text))


def test_the_circular_follows_gb_t_9704(city: Database, tmp_path: Path) -> None:
    issued = issue_circular(city, Q4, tmp_path / "通报.docx", actor="admin")
    assert issued.number == "链办〔2026〕1号"
    document = Document(str(issued.path))
    section = document.sections[0]
    sizes = (section.page_width, section.page_height)
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert [round(length.mm, 1) for length in (*sizes, *margins)] == [210, 297, 37, 35, 28, 26]
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "linesAndChars"
    type_height_pt = (297 - 37 - 35) / 25.4 * 72
    assert int(grid.get(qn("w:linePitch"))) / 20 * 22 == pytest.approx(type_height_pt, abs=1)
    pitch = 16 + int(grid.get(qn("w:charSpace"))) / 4096
    assert pitch * 28 == pytest.approx((210 - 28 - 26) / 25.4 * 72, abs=0.5)
    defaults = document.styles.element.find(qn("w:docDefaults"))
    assert defaults.find(f".//{qn('w:sz')}").get(qn("w:val")) == "32"

    every_run = runs(document)
    assert len(every_run) > 100 and all(east_asian(run) for run in every_run)

    issuer = document.paragraphs[0]
    assert issuer.text == "链长制工作办公室"
    assert issuer.runs[0].font.color.rgb == (0xFF, 0x00, 0x00)
    assert east_asian(issuer.runs[0]) == "方正小标宋简体"
    number = paragraph_starting(document, "链办〔2026〕1号")
    assert number.alignment == WD_ALIGN_PARAGRAPH.CENTER
    rule = number._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert rule.get(qn("w:color")) == "FF0000"
    texts = [p.text for p in document.paragraphs]
    assert texts.index("链长制工作办公室") < texts.index("链办〔2026〕1号")

    title = paragraph_starting(document, "关于2026年第四季度链长制督办事项\n办理情况的通报")
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert (east_asian(title.runs[0]), title.runs[0].font.size) == ("方正小标宋简体", Pt(22))
    heading = paragraph_starting(document, "一、总体情况")
    assert east_asian(heading.runs[0]) == "黑体"
    subheading = paragraph_starting(document, "（一）表扬")
    assert east_asian(subheading.runs[0]) == "楷体_GB2312"
    body = paragraph_starting(document, "2026年第四季度到期督办事项")
    assert (east_asian(body.runs[0]), body.runs[0].font.size) == ("仿宋_GB2312", Pt(16))
    assert body.paragraph_format.first_line_indent == Pt(32)
    assert body._p.pPr.find(qn("w:ind")).get(qn("w:firstLineChars")) == "200"
    scale = body.runs[0]._element.rPr.find(qn("w:w"))
    assert scale is not None and int(scale.get(qn("w:val"))) * 16 / 100 <= pitch

    assert document.settings.odd_and_even_pages_header_footer
    odd, even = section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]
    for footer, side in ((odd, WD_ALIGN_PARAGRAPH.RIGHT), (even, WD_ALIGN_PARAGRAPH.LEFT)):
        assert footer.alignment == side
        assert footer.text == "— 1 —"
        assert {east_asian(run) for run in footer.runs} == {"宋体"}
        assert {run.font.size for run in footer.runs} == {Pt(14)}
        assert "PAGE" in "".join(t.text for t in footer._p.iter(qn("w:instrText")))


def test_the_circular_names_red_items_praise_criticism_and_the_formula(
    city: Database, tmp_path: Path
) -> None:
    set_setting(city, "supervision.weights", "50,40,10", actor="admin")
    path = issue_circular(city, Q4, tmp_path / "通报.docx", actor="admin").path
    document = Document(str(path))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    red = list_actions(city, ActionFilter(light=Light.RED))
    assert red
    for row in red:
        assert row.item in cells and f"{row.days_overdue}天" in cells
    assert "上季度产业链完整度数据尚未留存" in text
    texts = [p.text for p in document.paragraphs]
    after = texts[texts.index("（二）通报批评") + 1]
    assert all(row.department in after for row in red)
    assert "50×按期办结率" in text and "40×" in text and "10×" in text
    assert text.rstrip().endswith("）") and "2026年11月27日" in text


def test_numbers_count_up_per_year_and_follow_the_settings(
    city: Database, tmp_path: Path, monkeypatch
) -> None:
    first = issue_circular(city, Q4, tmp_path / "a.docx", actor="admin")
    set_setting(city, "circular.number_prefix", "开链办", actor="admin")
    set_setting(city, "circular.issuer", "开发区链长制办公室", actor="admin")
    second = issue_circular(city, Q4, tmp_path / "b.docx", actor="admin")
    assert (first.number, second.number) == ("链办〔2026〕1号", "开链办〔2026〕2号")
    assert Document(str(second.path)).paragraphs[0].text == "开发区链长制办公室"
    set_setting(city, "circular.issuer", "", actor="admin")
    monkeypatch.setenv("CHAINCHIEF_TODAY", "2027-01-05")
    third = issue_circular(city, Q4, tmp_path / "c.docx", actor="admin")
    assert third.number == "开链办〔2027〕1号"
    assert Document(str(third.path)).paragraphs[0].text == "链长制工作办公室"


def test_notices_go_to_each_department_with_a_lit_item(city: Database, tmp_path: Path) -> None:
    lit = [row for row in list_actions(city, ActionFilter(open_only=True)) if row.light]
    issued = issue_notices(city, tmp_path, actor="admin")
    assert sorted(notice.department for notice in issued) == sorted({row.department for row in lit})
    for notice in issued:
        assert notice.path.name == f"督办通知单_{notice.department}_{TODAY}.docx"
        mine = [row for row in lit if row.department == notice.department]
        worst = max((row.light for row in mine), key=lambda light: light.severity)
        expected = {Light.RED: "红色督办单", Light.YELLOW: "黄色督办单", Light.BLUE: "蓝色提醒单"}
        assert notice.title == expected[worst]
        document = Document(str(notice.path))
        texts = [p.text for p in document.paragraphs]
        assert expected[worst] in texts and f"{notice.department}：" in texts
        assert any("2026年12月4日前" in text for text in texts)  # five working days on
        items = [row.cells[2].text for row in document.tables[0].rows[1:]]
        assert sorted(items) == sorted(row.item for row in mine)
    numbers = [int(n.number.split("〕")[1].rstrip("号")) for n in issued]
    assert sorted(numbers) == list(range(1, len(issued) + 1))


def test_a_member_may_not_issue_and_nothing_is_written(city: Database, tmp_path: Path) -> None:
    add_accounts(city, ROLES)
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(PermissionDenied):
        issue_circular(city, Q4, out / "通报.docx", actor="member")
    with pytest.raises(PermissionDenied):
        issue_notices(city, out, actor="lead")
    assert list(out.iterdir()) == []
    with city.transaction() as session:
        assert session.scalar(select(func.count()).select_from(IssuedDocument)) == 0


def test_cli_circular_and_one_department_notice(
    demo_db_path: Path, tmp_path: Path, capsys, monkeypatch
):
    monkeypatch.setenv("CHAINCHIEF_TODAY", TODAY)
    db = ["--db", str(demo_db_path)]
    assert cli.run(["circular", "--quarter", "2026Q4", "-o", str(tmp_path / "通报.docx"), *db]) == 0
    assert (tmp_path / "通报.docx").exists()
    folder = tmp_path / "notices"
    assert cli.run(["notice", "--department", "科技创新局", "-o", str(folder), *db]) == 0
    assert [p.name for p in folder.iterdir()] == [f"督办通知单_科技创新局_{TODAY}.docx"]
    assert cli.run(["notice", "--department", "财政局", "-o", str(folder), *db]) == 2
    assert "财政局" in capsys.readouterr().err
