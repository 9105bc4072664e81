"""The three register sheets (企业指标, 培育企业, 走访记录): import rules, 转督办, round trip and
the roll-up of firm figures into a chain's indicators."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from exchange_support import USCC_A, USCC_B, read_cells, small_city, write_book
from sqlalchemy import func, select

from chainchief.domain.enums import Stage
from chainchief.domain.errors import ImportRefused, RuleViolation
from chainchief.domain.firm_figures import Source
from chainchief.exchange.workbook_spec import SHEETS
from chainchief.services.firms.targets import add_target, list_targets, update_target
from chainchief.services.registers.cultivation import escalate_visit, list_library, list_visits
from chainchief.services.registers.figures import chain_figures, firm_figure_table
from chainchief.services.registers.investment_map import investment_map
from chainchief.services.workbooks.exporting import export_workbook
from chainchief.services.workbooks.importing import import_workbook
from chainchief.store.db import Database, open_database
from chainchief.store.models import ActionItem, Chain, Target, Visit

FIGURES = ["企业名称", "统一社会信用代码", "季度", "营业收入(万元)", "税收(万元)"]
FIGURES += ["固定资产投资(万元)", "从业人数"]
VISITS = ["企业名称", "走访日期", "走访人", "交流内容", "企业诉求", "转督办"]


def registers_city() -> dict[str, list[list[object]]]:
    city = small_city()
    city["企业指标"] = [
        FIGURES,
        ["华瑞新能源", USCC_A, "2026Q1", 30000, 1200, 5000, 320],
        ["华瑞新能源", None, "2027Q1", 36000, 1500, None, 330],
        ["芯联科技", None, "2027Q1", 800, 40, None, 80],
    ]
    city["培育企业"] = [
        ["企业名称", "梯队", "服务专员", "入库日期", "说明"],
        ["华瑞新能源", "链主", "王强", dt.date(2026, 3, 1), "省级链主"],
        ["芯联科技", "后备", "孙丽", None, None],
    ]
    city["走访记录"] = [
        VISITS,
        ["华瑞新能源", dt.date(2027, 3, 12), "王强、刘洋", "二期扩产", "用电增容", "是"],
        ["芯联科技", dt.date(2027, 3, 20), "孙丽", "了解订单", "人才公寓", "否"],
    ]
    return city


def _import(db: Database, tmp_path: Path, sheets: dict, name: str = "in.xlsx") -> None:
    import_workbook(db, write_book(tmp_path / name, sheets), actor="tester")


def _refusal(db: Database, tmp_path: Path, sheets: dict) -> list[str]:
    with pytest.raises(ImportRefused) as caught:
        _import(db, tmp_path, sheets, "bad.xlsx")
    return [f"{e.sheet}!{e.row}:{e.column}" for e in caught.value.errors]


def test_a_demand_marked_for_follow_up_becomes_one_linked_action_item(
    db: Database, tmp_path: Path
) -> None:
    _import(db, tmp_path, registers_city())
    _import(db, tmp_path, registers_city(), "again.xlsx")

    with db.transaction() as session:
        visit = session.scalars(select(Visit).where(Visit.demand == "用电增容")).one()
        action = session.get(ActionItem, visit.action_id)
        other = session.scalars(select(Visit).where(Visit.demand == "人才公寓")).one()
        count = session.scalar(select(func.count()).select_from(ActionItem))
        assert action is not None
        assert action.item == "走访诉求（华瑞新能源）：用电增容"
        assert action.status == ActionItem.__table__.c.status.default.arg
        assert other.action_id is None
    assert count == 3  # the two of 督办事项 and the visit's, once


def test_the_register_sheets_round_trip_cell_by_cell(db: Database, tmp_path: Path) -> None:
    _import(db, tmp_path, registers_city())
    first = tmp_path / "first.xlsx"
    export_workbook(db, first)
    fresh = open_database(tmp_path / "fresh.db")
    import_workbook(fresh, first, actor="tester")
    second = tmp_path / "second.xlsx"
    export_workbook(fresh, second)
    with fresh.transaction() as session:
        linked = session.scalars(select(Visit.action_id).where(Visit.escalate)).all()
        actions = session.scalar(select(func.count()).select_from(ActionItem))
    fresh.dispose()

    cells = read_cells(first)
    assert list(cells)[-3:] == ["企业指标", "培育企业", "走访记录"]
    assert list(cells)[1:] == [sheet.name for sheet in SHEETS]
    assert cells == read_cells(second)
    assert cells["走访记录"][1] == [
        "华瑞新能源",
        dt.datetime(2027, 3, 12),
        "王强、刘洋",
        "二期扩产",
        "用电增容",
        "是",
    ]
    assert cells["企业指标"][1][:4] == ["华瑞新能源", USCC_A, "2026Q1", 30000]
    assert all(linked) and actions == 3


def test_a_workbook_without_the_register_sheets_still_imports(db: Database, tmp_path: Path):
    _import(db, tmp_path, small_city())
    with db.transaction() as session:
        assert session.scalar(select(func.count()).select_from(Visit)) == 0


def test_register_rows_are_checked_at_the_cell(db: Database, tmp_path: Path) -> None:
    city = registers_city()
    city["企业指标"].append(["华瑞新能源", USCC_B, "2027Q2", 1, 1, 1, 1])
    city["企业指标"].append(["无名企业", None, "2027Q2", 1, 1, 1, 1])
    city["企业指标"].append(["芯联科技", None, "2027Q2", -5, 1, 1, 1])
    city["培育企业"].append(["远航锂电", "龙头", None, None, None])
    city["走访记录"].append(["远航锂电", dt.date(2027, 4, 1), "王强", None, "融资", "是"])
    city["走访记录"].append(["芯联科技", dt.date(2027, 3, 20), "孙丽", None, None, "否"])

    assert _refusal(db, tmp_path, city) == [
        "企业指标!5:B",
        "企业指标!6:A",
        "企业指标!7:D",
        "培育企业!4:B",
        "走访记录!4:F",
        "走访记录!5:A",
    ]


def test_firm_figures_roll_up_into_the_chain_and_an_entered_figure_wins(
    db: Database, tmp_path: Path
) -> None:
    city = registers_city()
    city["指标"].append(["集成电路", "2027Q1", "税收", None, 0.5])
    _import(db, tmp_path, city)

    figures = chain_figures(db, "集成电路", ["2026Q1", "2027Q1"])
    ev = chain_figures(db, "新能源汽车", ["2026Q1", "2027Q1"])

    shown = {(f.quarter, f.indicator): (round(f.value, 6), f.source) for f in figures}
    assert shown == {
        ("2027Q1", "营业收入"): (0.08, Source.ROLLED_UP),
        ("2027Q1", "税收"): (0.5, Source.ENTERED),
    }
    assert {(f.quarter, f.indicator): round(f.value, 6) for f in ev} == {
        ("2026Q1", "营业收入"): 3.0,
        ("2026Q1", "税收"): 0.12,
        ("2027Q1", "营业收入"): 3.6,
        ("2027Q1", "税收"): 0.15,
    }


def test_a_chain_with_a_firm_missing_the_quarter_has_no_rolled_up_figure(
    db: Database, tmp_path: Path
) -> None:
    city = registers_city()
    city["企业环节"].append(["芯联科技", "新能源汽车", "整车", "配套", None, None])
    _import(db, tmp_path, city)

    figures = chain_figures(db, "新能源汽车", ["2026Q1", "2027Q1"])

    assert {(f.quarter, f.indicator) for f in figures} == {
        ("2027Q1", "营业收入"),
        ("2027Q1", "税收"),
    }


def test_the_firm_table_shows_four_quarters_and_year_on_year(db: Database, tmp_path: Path):
    _import(db, tmp_path, registers_city())

    quarters, rows = firm_figure_table(db, "2027Q1")

    assert quarters == ["2026Q2", "2026Q3", "2026Q4", "2027Q1"]
    first = rows[0]
    assert first.firm == "华瑞新能源"
    assert first.revenue == (None, None, None, 36000)
    assert first.revenue_yoy == pytest.approx(0.2)
    assert rows[1].revenue_yoy is None


def test_targets_get_their_province_and_city_from_the_region(db: Database, tmp_path: Path):
    city = small_city()
    city["目标企业"][0] += ["省份", "城市"]
    city["目标企业"][1] += [None, None]
    city["目标企业"][2] += ["上海市", "上海市"]
    city["目标企业"].append(["集成电路", "封装测试", "海外封测", "海外", "储备", None, None, None])
    _import(db, tmp_path, city)
    export_workbook(db, tmp_path / "out.xlsx")

    rows = read_cells(tmp_path / "out.xlsx")["目标企业"]

    assert [row[2:4] + row[-2:] for row in rows[1:]] == [
        ["远方材料", "江苏苏州", "江苏省", "苏州市"],
        ["海外封测", "海外", None, None],
        ["晶圆集团", "上海", "上海市", "上海市"],
    ]


def test_one_step_turns_a_visit_demand_into_an_action_item_once(db: Database, tmp_path: Path):
    city = registers_city()
    city["企业环节"].append(["芯联科技", "新能源汽车", "整车", "骨干", None, None])
    _import(db, tmp_path, city)
    visit = next(row for row in list_visits(db) if row.demand == "人才公寓")

    action_id = escalate_visit(db, visit.id, actor="tester")

    with db.transaction() as session:
        action = session.get(ActionItem, action_id)
        chain = session.get(Chain, action.chain_id)
        linked = session.get(Visit, visit.id)
        assert (chain.name, action.item) == ("新能源汽车", "走访诉求（芯联科技）：人才公寓")
        assert linked.action_id == action_id and linked.escalate
    shown = next(row for row in list_visits(db) if row.id == visit.id)
    assert shown.action == action.item
    library = {row.firm: row for row in list_library(db)}
    assert library["芯联科技"].open_demands == 1
    assert library["华瑞新能源"].revenue_yoy == pytest.approx(0.2)
    with pytest.raises(RuleViolation):
        escalate_visit(db, visit.id, actor="tester")


def test_the_investment_map_counts_targets_by_province(db: Database, tmp_path: Path):
    city = small_city()
    city["目标企业"].append(["集成电路", "封装测试", "海外封测", "海外", "储备", None, None, None])
    city["目标企业"].append(
        ["集成电路", "封装测试", "浦东封测", "上海浦东", "终止", None, None, None]
    )
    _import(db, tmp_path, city)

    every = investment_map(db)
    live = investment_map(db, "集成电路", frozenset(Stage) - {Stage.DROPPED})

    assert every.by_province == {"江苏省": 1, "上海市": 2}
    assert [t.firm for t in every.unplaced] == ["海外封测"]
    assert [t.firm for t in live.of_province("上海市")] == ["晶圆集团"]


def test_a_target_typed_in_the_table_follows_its_region(db: Database, tmp_path: Path) -> None:
    _import(db, tmp_path, small_city())
    segment = next(t for t in list_targets(db) if t.firm == "远方材料").segment_id
    added = add_target(db, segment, {"firm": "深圳电解液", "region": "广东深圳"}, actor="t")
    placed = investment_map(db).by_province["广东省"]
    update_target(db, added.id, {"region": "海外"}, actor="t", expected_version=added.version)

    with db.transaction() as session:
        target = session.get(Target, added.id)
        assert (target.province, target.city) == (None, None)
    assert placed == 1 and "广东省" not in investment_map(db).by_province
