"""What a successful import does: insert or update by natural key, keep or clear, history,
people created, dry run, cancel and progress."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from exchange_support import USCC_A, USCC_C, dump_database, small_city, write_book
from sqlalchemy import select

from chainchief.domain.clock import today
from chainchief.exchange.progress import OperationCancelled
from chainchief.services.admin.stats import row_counts
from chainchief.services.workbooks.exporting import export_rows
from chainchief.services.workbooks.importing import import_workbook
from chainchief.store.db import Database
from chainchief.store.models import ActionItem, Chain, Firm, Person, Setting, StageChange, Target

SHARED = Path(__file__).resolve().parents[3] / "shared"  # ../shared beside the repository
FIXTURE = SHARED / "fixtures" / "semiconductor_public.xlsx"

ENGLISH = {
    "产业链": "Chains",
    "环节": "Segments",
    "上下游关系": "Links",
    "企业": "Firms",
    "企业环节": "FirmSegments",
    "目标企业": "Targets",
    "招商项目": "Projects",
    "人员": "People",
    "指标": "Indicators",
    "督办事项": "Actions",
    "节假日": "Holidays",
}
ENGLISH_VALUES = {
    "上游": "upstream",
    "中游": "Midstream",
    "下游": "downstream",
    "区内": "in_zone",
    "区外": "outside",
    "链主": "leading",
    "骨干": "core",
    "配套": "supporting",
    "洽谈": "negotiating",
    "接洽": "contact",
    "开工": "building",
    "推进中": "in_progress",
    "已完成": "done",
    "是": "yes",
    "否": "no",
    "班": "work",
}


def _import(db: Database, tmp_path: Path, sheets: dict, name: str = "city.xlsx", **kw):
    return import_workbook(db, write_book(tmp_path / name, sheets), actor="tester", **kw)


def _rows(db: Database, sheet: str) -> list[dict]:
    return [
        {key: value for key, value in row.items() if not key.startswith("_")}
        for row in export_rows(db)[sheet]
    ]


def test_english_sheet_names_headers_and_values_give_the_same_data(
    db: Database, tmp_path: Path
) -> None:
    from chainchief.exchange.workbook_spec import SHEETS
    from chainchief.store.db import open_database

    chinese = small_city()
    english = {}
    for title, rows in chinese.items():
        spec = next(sheet for sheet in SHEETS if sheet.name == title)
        headers = [spec.column_for_header(header).alias for header in rows[0]]
        body = [[ENGLISH_VALUES.get(value, value) for value in row] for row in rows[1:]]
        english[ENGLISH[title]] = [headers, *body]
    _import(db, tmp_path, english, "english.xlsx")
    other = open_database(tmp_path / "other.db")
    _import(other, tmp_path, chinese, "chinese.xlsx")

    assert export_rows(db) == export_rows(other)
    other.dispose()


def test_empty_cell_clears_and_absent_column_keeps(db: Database, tmp_path: Path) -> None:
    _import(db, tmp_path, small_city())
    update = {
        "企业": [
            ["企业名称", "统一社会信用代码", "所在地", "所属园区"],
            ["华瑞新能源", USCC_A, "区内", None],
        ]
    }
    summary = _import(db, tmp_path, update, "update.xlsx")

    firm = next(row for row in _rows(db, "firms") if row["firm"] == "华瑞新能源")
    assert firm["park"] is None
    assert firm["revenue"] == 12500 and firm["tags"] == ["规上", "专精特新"]
    assert [(s.sheet, s.added, s.updated, s.unchanged) for s in summary.sheets] == [
        ("firms", 0, 1, 0)
    ]
    with db.transaction() as session:
        version, by = session.execute(
            select(Firm.version, Firm.updated_by).where(Firm.name == "华瑞新能源")
        ).one()
    assert (version, by) == (2, "tester")


def test_people_and_departments_named_elsewhere_are_created_with_their_name(
    db: Database, tmp_path: Path
) -> None:
    summary = _import(db, tmp_path, small_city())

    assert summary.people_created == ("王强", "刘洋", "陈静", "赵敏")
    assert summary.departments_created == (
        "经济发展局",
        "投资促进局",
        "财政局",
        "科技创新局",
        "区政府",
        "自然资源局",
        "人社局",
    )
    with db.transaction() as session:
        person = session.scalars(select(Person).where(Person.name == "赵敏")).one()
        assert (person.title, person.phone, person.department_id) == (None, None, None)
    chain = next(row for row in _rows(db, "chains") if row["chain"] == "新能源汽车")
    assert chain["team_members"] == ["王强", "刘洋"]
    assert chain["supporting_departments"] == ["投资促进局", "财政局"]


def test_a_target_whose_stage_changed_gets_a_stage_history_row(
    db: Database, tmp_path: Path
) -> None:
    _import(db, tmp_path, small_city())
    sheets = small_city()
    sheets["目标企业"][1][4] = "签约"
    _import(db, tmp_path, sheets, "later.xlsx")

    with db.transaction() as session:
        query = (
            select(StageChange.from_stage, StageChange.to_stage, StageChange.changed_by)
            .join(Target, Target.id == StageChange.target_id)
            .where(Target.firm_name == "远方材料")
            .order_by(StageChange.id)
        )
        history = session.execute(query).all()
    assert [tuple(row) for row in history] == [
        (None, "negotiating", "tester"),
        ("negotiating", "signed", "tester"),
    ]


def test_a_second_import_of_the_same_file_changes_no_row(db: Database, tmp_path: Path) -> None:
    _import(db, tmp_path, small_city())
    before = {table: rows for table, rows in dump_database(db).items() if table != "audit_log"}

    summary = _import(db, tmp_path, small_city(), "again.xlsx")

    assert summary.added == 0 and summary.updated == 0
    after = {table: rows for table, rows in dump_database(db).items() if table != "audit_log"}
    assert after == before


def test_an_import_is_in_the_audit_log_under_its_actor(db: Database, tmp_path: Path) -> None:
    _import(db, tmp_path, small_city())

    audit = dump_database(db)["audit_log"]
    assert len(audit) >= 11
    assert {(row[2], row[3]) for row in audit} == {("tester", "import")}


def test_dry_run_reports_the_summary_and_writes_nothing(db: Database, tmp_path: Path) -> None:
    before = dump_database(db)

    summary = _import(db, tmp_path, small_city(), dry_run=True)

    assert summary.dry_run and summary.added == 26
    assert summary.people_created == ("王强", "刘洋", "陈静", "赵敏")
    assert dump_database(db) == before


def _count_checks(db: Database, tmp_path: Path) -> int:
    calls = 0

    def never() -> bool:
        nonlocal calls
        calls += 1
        return False

    _import(db, tmp_path, small_city(), "count.xlsx", cancel=never)
    return calls


@pytest.mark.parametrize("share", [0.0, 0.5, 0.9, 1.0])
def test_cancel_at_any_point_writes_nothing(db: Database, tmp_path: Path, share: float) -> None:
    from chainchief.store.db import open_database

    probe = open_database(tmp_path / "probe.db")
    checks = _count_checks(probe, tmp_path)
    probe.dispose()
    before = dump_database(db)
    calls = 0

    def cancel_at_share() -> bool:
        nonlocal calls
        calls += 1
        return calls >= max(1, round(checks * share))

    with pytest.raises(OperationCancelled):
        _import(db, tmp_path, small_city(), cancel=cancel_at_share)

    assert dump_database(db) == before


def test_a_set_cancel_event_stops_before_anything_is_read(db: Database, tmp_path: Path) -> None:
    event = threading.Event()
    event.set()
    before = dump_database(db)

    with pytest.raises(OperationCancelled):
        _import(db, tmp_path, small_city(), cancel=event)

    assert dump_database(db) == before


def test_progress_reports_rows_done_up_to_the_total(db: Database, tmp_path: Path) -> None:
    reports: list[tuple[int, int]] = []

    _import(db, tmp_path, small_city(), progress=lambda done, total: reports.append((done, total)))

    done = [report[0] for report in reports]
    assert done == sorted(done) and done[-1] == reports[-1][1]
    assert done[-1] >= 26


def test_a_uscc_on_the_name_of_a_stored_firm_without_one_gives_it_that_code(
    db: Database, tmp_path: Path
) -> None:
    _import(db, tmp_path, small_city())
    update = {"企业": [["企业名称", "统一社会信用代码", "所在地"], ["芯联科技", USCC_C, "区内"]]}

    summary = _import(db, tmp_path, update, "update.xlsx")

    assert summary.sheets[0].updated == 1 and row_counts(db)["firms"] == 3
    assert {row["firm"]: row["uscc"] for row in _rows(db, "firms")}["芯联科技"] == USCC_C


def test_empty_minimum_of_local_firms_takes_the_shared_setting(
    db: Database, tmp_path: Path
) -> None:
    with db.transaction() as session:
        session.add(Setting(key="analysis.min_local_firms_default", value="4"))
    _import(db, tmp_path, small_city())

    with db.transaction() as session:
        minimums = dict(session.execute(select(Chain.name, Chain.min_local_firms)).all())
    assert minimums == {"新能源汽车": 3, "集成电路": 4}


def test_an_item_imported_as_done_is_closed_today(db: Database, tmp_path: Path) -> None:
    _import(db, tmp_path, small_city())

    with db.transaction() as session:
        closed = dict(session.execute(select(ActionItem.item, ActionItem.closed_on)).all())
    assert closed == {"协调用地": None, "人才公寓": today()}


def test_the_public_semiconductor_chain_imports(db: Database) -> None:
    summary = import_workbook(db, FIXTURE, actor="tester")

    counts = row_counts(db)
    assert (counts["chains"], counts["segments"], counts["links"]) == (1, 26, 30)
    assert (counts["firms"], counts["memberships"]) == (136, 149)
    assert summary.added == sum(sheet.added for sheet in summary.sheets)
    assert any(row["uscc"] is None for row in _rows(db, "firms"))
