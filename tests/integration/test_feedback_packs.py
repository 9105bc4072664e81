"""Departments report back offline: collect → fill in as a department would → collect-merge.

The packs are written by ``collect``, filled with openpyxl the way a department's clerk fills
them (load, type into the unlocked cells, save), and merged back on a real database: what the
department wrote is recorded through the supervision loop, a tampered or foreign file is
refused writing nothing, the same file twice changes nothing, and an item edited in between
is a conflict that keeps every word.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
from accounts_support import PASSWORD, ROLES, add_accounts, audit_count
from exchange_support import dump_database
from sqlalchemy import insert

from chainchief.cli import run
from chainchief.domain.enums import ActionStatus, ExtensionDecision
from chainchief.domain.quarters import Quarter
from chainchief.i18n import set_language
from chainchief.services.actions.feedback import collect_packs, merge_packs
from chainchief.services.actions.items import Resolution, create_action, list_actions
from chainchief.services.actions.supervision import (
    acknowledge,
    extension_requests,
    history,
    report_progress,
)
from chainchief.services.admin.audit import audit_entries
from chainchief.services.admin.permissions import PermissionDenied
from chainchief.store.db import Database
from chainchief.store.models import Chain, Department

TODAY = dt.date(2026, 5, 20)
QUARTER = Quarter(2026, 2)
CHAIN = "新能源汽车"
DEPARTMENT = "投资促进局"
OTHER_DEPARTMENT = "经济发展局"


@dataclass(frozen=True)
class Office:
    db: Database
    signed: int
    working: int
    extending: int
    elsewhere: int

    def row(self, item: int):  # type: ignore[no-untyped-def]
        return next(row for row in list_actions(self.db) if row.id == item)


@pytest.fixture
def chinese() -> Iterator[None]:
    """Errors in the user's language: these tests read them as a Chinese user would."""
    set_language("zh_CN")
    yield
    set_language("en")


@pytest.fixture
def office(db: Database, monkeypatch, chinese: None) -> Office:
    monkeypatch.setenv("CHAINCHIEF_TODAY", TODAY.isoformat())
    with db.transaction() as session:
        session.execute(insert(Chain).values(name=CHAIN, min_local_firms=2))
        session.execute(insert(Chain).values(name="人工智能", min_local_firms=2))
        for name in (DEPARTMENT, OTHER_DEPARTMENT):
            session.execute(insert(Department).values(name=name))
    add_accounts(db, ROLES)

    def item(text: str, due: dt.date, department: str = DEPARTMENT) -> int:
        return create_action(
            db, CHAIN, Resolution(text, department=department, due=due), actor="admin"
        )

    office = Office(
        db,
        signed=item("推动电池项目签约", dt.date(2026, 5, 1)),
        working=item("走访锂电企业", dt.date(2026, 6, 30)),
        extending=item("编制招商地图", dt.date(2026, 6, 15)),
        elsewhere=item("申报专项资金", dt.date(2026, 6, 30), OTHER_DEPARTMENT),
    )
    acknowledge(db, office.working, actor="admin")
    report_progress(db, office.working, "已对接两家企业", actor="admin")
    return office


def collect(office: Office, folder: Path, quarter: Quarter = QUARTER) -> Path:
    packs = collect_packs(office.db, quarter, folder, actor="lead")
    return next(pack.path for pack in packs if pack.department == DEPARTMENT)


def fill(pack: Path, target: Path, rows: dict[int, dict[str, object]]) -> Path:
    """Type into the unlocked cells of the items' rows, as a department's clerk would."""
    book = openpyxl.load_workbook(pack)
    sheet = book["督办事项"]
    header = [cell.value for cell in sheet[1]]
    by_id = {sheet.cell(row=r, column=1).value: r for r in range(2, sheet.max_row + 1)}
    for item, values in rows.items():
        for title, value in values.items():
            sheet.cell(row=by_id[item], column=header.index(title) + 1, value=value)
    book.save(target)
    return target


def department_fills(office: Office) -> dict[int, dict[str, object]]:
    return {
        office.signed: {
            "本期进展": "项目已于5月签约",
            "办理状态": "申请办结",
            "完成日期": dt.date(2026, 5, 18),
            "填报人": "王敏 13800000000",
        },
        office.working: {"本期进展": "已完成第三家企业走访", "办理状态": "办理中"},
        office.extending: {
            "办理状态": "申请延期",
            "延期至": dt.date(2026, 9, 30),
            "延期理由": "等待规划部门提供用地资料",
        },
    }


def test_the_pack_lists_the_departments_open_items_overdue_first(
    office: Office, tmp_path: Path
) -> None:
    packs = collect_packs(office.db, QUARTER, tmp_path, actor="lead")
    assert sorted(p.path.name for p in packs) == [
        f"督办反馈_{DEPARTMENT}_2026Q2.xlsx",
        f"督办反馈_{OTHER_DEPARTMENT}_2026Q2.xlsx",
    ]
    book = openpyxl.load_workbook(collect(office, tmp_path / "again"))
    assert book.sheetnames[:2] == ["填写说明", "督办事项"]
    assert [sheet.sheet_state for sheet in book.worksheets] == ["visible", "visible", "veryHidden"]
    rows = list(book["督办事项"].iter_rows(values_only=True))
    assert rows[0][:5] == ("编号", "产业链", "事项", "完成时限", "当前状态")
    assert [row[0] for row in rows[1:]] == [office.signed, office.extending, office.working]
    assert rows[1][4] == "已交办" and rows[3][4] == "办理中"
    sheet = book["督办事项"]
    assert sheet.protection.sheet and sheet.protection.password is None
    locked = [sheet.cell(row=2, column=c).protection.locked for c in range(1, 12)]
    assert locked == [True] * 5 + [False] * 6
    rules = {str(v.sqref): (v.type, v.formula1) for v in sheet.data_validations.dataValidation}
    assert rules["G2:G4"] == ("list", '"办理中,申请办结,申请延期"')
    assert rules["H2:H4"][0] == rules["I2:I4"][0] == "date"
    assert {rules[c][0] for c in ("F2:F4", "J2:J4", "K2:K4")} == {"textLength"}
    assert (sheet.page_setup.paperSize, sheet.page_setup.orientation) == (9, "landscape")
    assert not any(c.data_type == "f" for s in book.worksheets for r in s.iter_rows() for c in r)
    guide = "\n".join(str(c.value) for c in book["填写说明"]["A"] if c.value)
    assert "2026年5月" in guide and "lead" in guide


def test_a_filled_pack_records_progress_completion_and_extension(
    office: Office, tmp_path: Path
) -> None:
    filled = fill(collect(office, tmp_path), tmp_path / "返回.xlsx", department_fills(office))
    entries = audit_count(office.db)
    [result] = merge_packs(office.db, [filled], actor="lead")
    assert (result.result, result.applied, result.conflicts, result.errors) == (
        "applied",
        3,
        [],
        [],
    )
    assert result.steps == [
        f"#{office.signed} 推动电池项目签约：签收、进展、申请办结",
        f"#{office.extending} 编制招商地图：签收、申请延期",
        f"#{office.working} 走访锂电企业：进展",
    ]
    signed = office.row(office.signed)
    assert signed.status is ActionStatus.REPORTED
    assert "项目已于5月签约" in (signed.completion_note or "")
    steps = [entry.step.value for entry in history(office.db, office.signed)]
    assert steps == ["acknowledge", "report_progress", "request_completion"]
    assert history(office.db, office.signed)[0].actor == f"{DEPARTMENT}（王敏 13800000000）"
    assert office.row(office.working).status is ActionStatus.IN_PROGRESS
    assert history(office.db, office.working)[-1].text == "已完成第三家企业走访"
    [request] = extension_requests(office.db, office.extending)
    assert (request.new_due, request.decision) == (dt.date(2026, 9, 30), ExtensionDecision.PENDING)
    assert office.row(office.extending).status is ActionStatus.ACKNOWLEDGED
    merge = [e for e in audit_entries(office.db) if e.action == "merge"]
    assert len(merge) == 1 and merge[0].key == "返回.xlsx"
    assert len(merge[0].changes["checksum"][1]) == 64
    assert audit_count(office.db) > entries + 1


def test_the_same_file_twice_changes_nothing(office: Office, tmp_path: Path) -> None:
    filled = fill(collect(office, tmp_path), tmp_path / "返回.xlsx", department_fills(office))
    merge_packs(office.db, [filled], actor="lead")
    before = dump_database(office.db)
    [again] = merge_packs(office.db, [filled], actor="lead")
    assert (again.result, again.applied) == ("already_merged", 0)
    assert dump_database(office.db) == before


def test_a_dry_run_changes_nothing_and_says_what_would_be_applied(
    office: Office, tmp_path: Path
) -> None:
    filled = fill(collect(office, tmp_path), tmp_path / "返回.xlsx", department_fills(office))
    before = dump_database(office.db)
    [result] = merge_packs(office.db, [filled], actor="lead", dry_run=True)
    assert (result.result, result.applied) == ("applied", 3)
    assert dump_database(office.db) == before


def test_a_tampered_key_column_is_refused_at_its_cell(office: Office, tmp_path: Path) -> None:
    filled = fill(collect(office, tmp_path), tmp_path / "改过.xlsx", department_fills(office))
    book = openpyxl.load_workbook(filled)
    book["督办事项"]["D2"] = dt.date(2026, 12, 31)
    book.save(filled)
    before = dump_database(office.db)
    [result] = merge_packs(office.db, [filled], actor="lead")
    assert result.result == "refused" and result.applied == 0
    assert result.errors == ["改过.xlsx 督办事项!2:D 关键列被改动（原为“2026-05-01”）"]
    assert dump_database(office.db) == before


def test_an_altered_hidden_sheet_and_a_missing_one_are_refused(
    office: Office, tmp_path: Path
) -> None:
    pack = collect(office, tmp_path)
    book = openpyxl.load_workbook(pack)
    book["校验信息"]["B8"] = 99
    book.save(tmp_path / "版本.xlsx")
    book = openpyxl.load_workbook(pack)
    del book["校验信息"]
    book.save(tmp_path / "无校验.xlsx")
    before = dump_database(office.db)
    results = merge_packs(
        office.db, [tmp_path / "版本.xlsx", tmp_path / "无校验.xlsx"], actor="lead"
    )
    assert [r.errors for r in results] == [
        ["版本.xlsx 校验信息!1:A 隐藏的校验工作表被改动"],
        ["无校验.xlsx 校验信息!1:A 缺少隐藏的校验工作表"],
    ]
    assert dump_database(office.db) == before


def test_a_pack_of_another_quarter_is_refused(office: Office, tmp_path: Path) -> None:
    old = fill(
        collect(office, tmp_path / "q1", Quarter(2026, 1)),
        tmp_path / "一季度.xlsx",
        department_fills(office),
    )
    collect(office, tmp_path / "q2")
    before = dump_database(office.db)
    [result] = merge_packs(office.db, [old], actor="lead")
    assert result.errors == [
        f"一季度.xlsx 校验信息!1:A 该反馈表属于 2026Q1；{DEPARTMENT}本期反馈表属于 2026Q2"
    ]
    assert dump_database(office.db) == before


def test_a_pack_of_another_database_is_refused(office: Office, tmp_path: Path) -> None:
    from chainchief.store.db import open_database

    other = open_database(tmp_path / "别处.db")
    try:
        with other.transaction() as session:
            session.execute(insert(Chain).values(name=CHAIN, min_local_firms=2))
            session.execute(insert(Department).values(name=DEPARTMENT))
        create_action(other, CHAIN, Resolution("别处的事项", department=DEPARTMENT), actor="x")
        foreign = collect_packs(other, QUARTER, tmp_path / "别处", actor="x")[0].path
    finally:
        other.dispose()
    collect(office, tmp_path)
    [result] = merge_packs(office.db, [foreign], actor="lead")
    assert result.errors == [f"{foreign.name} 校验信息!1:A 该反馈表由另一个数据库生成"]


def test_bad_fill_in_cells_refuse_the_whole_file(office: Office, tmp_path: Path) -> None:
    rows = department_fills(office)
    rows[office.signed]["完成日期"] = dt.date(2026, 5, 21)
    rows[office.working]["办理状态"] = "已完成"
    rows[office.extending]["延期理由"] = None
    filled = fill(collect(office, tmp_path), tmp_path / "错.xlsx", rows)
    before = dump_database(office.db)
    [result] = merge_packs(office.db, [filled], actor="lead")
    assert result.errors == [
        "错.xlsx 督办事项!2:H 完成日期不得晚于今天（2026-05-20）",
        "错.xlsx 督办事项!3:J 申请延期须填写延期理由",
        "错.xlsx 督办事项!4:G 请从 办理中、申请办结、申请延期 中选择",
    ]
    assert dump_database(office.db) == before


def test_an_item_edited_in_between_is_a_conflict_that_keeps_every_word(
    office: Office, tmp_path: Path
) -> None:
    filled = fill(collect(office, tmp_path), tmp_path / "返回.xlsx", department_fills(office))
    acknowledge(office.db, office.signed, actor="lead")
    [result] = merge_packs(office.db, [filled], actor="lead")
    assert result.result == "applied" and result.applied == 2
    [conflict] = result.conflicts
    assert (conflict.id, conflict.item) == (office.signed, "推动电池项目签约")
    assert office.row(office.signed).status is ActionStatus.ACKNOWLEDGED
    kept = history(office.db, office.signed)[-1].text or ""
    assert kept.startswith("【冲突】")
    for word in ("项目已于5月签约", "申请办结", "2026-05-18"):
        assert word in kept


def test_only_leads_and_admins_may_collect_and_merge(office: Office, tmp_path: Path) -> None:
    with pytest.raises(PermissionDenied):
        collect_packs(office.db, QUARTER, tmp_path / "m", actor="member")
    filled = fill(collect(office, tmp_path), tmp_path / "返回.xlsx", department_fills(office))
    before = dump_database(office.db)
    [result] = merge_packs(office.db, [filled], actor="member")
    assert result.result == "refused"
    assert dump_database(office.db) == before


def test_cli_json_and_exit_codes(
    office: Office, tmp_path: Path, db_path: Path, capsys, monkeypatch
) -> None:
    if office.db.engine.dialect.name != "sqlite":
        pytest.skip("the CLI is pointed at the SQLite file")
    monkeypatch.setenv("CHAINCHIEF_PASSWORD", PASSWORD)
    filled = fill(collect(office, tmp_path), tmp_path / "返回.xlsx", department_fills(office))
    broken = tmp_path / "坏.xlsx"
    broken.write_bytes(b"not a workbook")
    arguments = ["--db", str(db_path), "--lang", "zh_CN", "--user", "admin"]
    capsys.readouterr()
    code = run([*arguments, "collect-merge", str(filled), str(broken), "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 2
    assert [(f["file"], f["department"], f["result"], f["applied"]) for f in out["files"]] == [
        ("返回.xlsx", DEPARTMENT, "applied", 3),
        ("坏.xlsx", None, "refused", 0),
    ]
    assert set(out["files"][0]) == {
        "file",
        "department",
        "result",
        "applied",
        "conflicts",
        "errors",
    }
    assert run([*arguments, "collect-merge", str(filled)]) == 0
    assert "已汇总过" in capsys.readouterr().out


def test_a_formula_is_refused_at_its_cell(office: Office, tmp_path: Path) -> None:
    rows = department_fills(office)
    rows[office.extending]["延期理由"] = '="用地"&"未批"'
    filled = fill(collect(office, tmp_path), tmp_path / "公式.xlsx", rows)
    before = dump_database(office.db)
    [result] = merge_packs(office.db, [filled], actor="lead")
    assert result.errors[0] == "公式.xlsx 督办事项!3:J 不接受公式，请直接填写数值"
    assert dump_database(office.db) == before


def test_a_pack_saved_again_and_returned_twice_doubles_nothing(
    office: Office, tmp_path: Path
) -> None:
    pack = collect(office, tmp_path)
    fills = {office.working: {"本期进展": "已完成第三家企业走访"}}
    merge_packs(office.db, [fill(pack, tmp_path / "第一次.xlsx", fills)], actor="lead")
    fills[office.working]["填报人"] = "王敏"
    [again] = merge_packs(office.db, [fill(pack, tmp_path / "第二次.xlsx", fills)], actor="lead")
    assert again.result == "applied"
    texts = [entry.text for entry in history(office.db, office.working)]
    assert texts.count("已完成第三家企业走访") == 1
