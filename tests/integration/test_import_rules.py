"""One test per validation rule: the exact 工作表!行:列 and reason, and nothing written.

Each case breaks one rule in a copy of the small city (already imported once, so the database
is not empty and an accidental write would show in the dump).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from exchange_support import (
    USCC_A,
    USCC_C,
    Sheets,
    dump_database,
    small_city,
    write_book,
)

from chainchief.domain.errors import ImportRefused
from chainchief.services.workbooks.importing import import_workbook
from chainchief.store.db import Database

Mutation = Callable[[Sheets], None]


def _set(sheet: str, row: int, column: int, value: object) -> Mutation:
    """Set the cell at Excel row ``row`` and 1-based ``column``."""

    def mutate(sheets: Sheets) -> None:
        sheets[sheet][row - 1][column - 1] = value

    return mutate


def _append(sheet: str, *values: object) -> Mutation:
    return lambda sheets: sheets[sheet].append(list(values))


def _drop_column(sheet: str, column: int) -> Mutation:
    def mutate(sheets: Sheets) -> None:
        for row in sheets[sheet]:
            del row[column - 1]

    return mutate


def _add_column(sheet: str, header: object, value: object = None) -> Mutation:
    def mutate(sheets: Sheets) -> None:
        sheets[sheet][0].append(header)
        sheets[sheet][1].append(value)

    return mutate


def _both(*mutations: Mutation) -> Mutation:
    def mutate(sheets: Sheets) -> None:
        for mutation in mutations:
            mutation(sheets)

    return mutate


def _rename_sheet(old: str, new: str) -> Mutation:
    def mutate(sheets: Sheets) -> None:
        sheets[new] = sheets.pop(old)

    return mutate


def _copy_sheet(title: str, copy: str) -> Mutation:
    return lambda sheets: sheets.__setitem__(copy, [list(row) for row in sheets[title]])


CASES: dict[str, tuple[Mutation, list[str]]] = {
    "identifying cell empty": (
        _set("环节", 3, 2, None),
        ["环节!3:B Required; the cell is empty"],
    ),
    "enumerated cell empty": (
        _set("企业", 2, 3, None),
        ["企业!2:C Must not be empty; choose one of 区内、市内、区外"],
    ),
    "enumeration unknown": (
        _set("环节", 2, 3, "上中游"),
        ["环节!2:C Not one of 上游、中游、下游: 上中游"],
    ),
    "USCC check digit": (
        _set("企业", 2, 2, "91320505MA1W12340X"),
        ["企业!2:B The check digit of the unified social credit code is wrong: 91320505MA1W12340X"],
    ),
    "USCC format": (
        _set("企业", 3, 2, "12345"),
        ["企业!3:B Not a unified social credit code (18 characters): 12345"],
    ),
    "duplicate key reported at the later row": (
        _append("环节", "新能源汽车", "正极材料", "上游", "否", None),
        ["环节!7:A Duplicate of row 2"],
    ),
    "duplicate firm USCC": (
        _append("企业", "华瑞新能源二厂", USCC_A, "区内"),
        ["企业!5:B Duplicate of row 2"],
    ),
    "duplicate firm name without USCC": (
        _append("企业", "芯联科技", None, "区外"),
        ["企业!5:A Duplicate of row 4"],
    ),
    "duplicate membership": (
        _append("企业环节", "华瑞新能源", "新能源汽车", "动力电池", "配套", None, USCC_A),
        ["企业环节!5:A Duplicate of row 2"],
    ),
    "unknown chain": (
        _set("环节", 4, 1, "生物医药"),
        ["环节!4:A Unknown chain: 生物医药"],
    ),
    "unknown segment in a link": (
        _set("上下游关系", 2, 2, "负极材料"),
        ["上下游关系!2:B Chain 新能源汽车 has no segment 负极材料"],
    ),
    "unknown segment in a target": (
        _set("目标企业", 3, 2, "光刻"),
        ["目标企业!3:B Chain 集成电路 has no segment 光刻"],
    ),
    "unknown segment in a project": (
        _set("招商项目", 2, 3, "电驱"),
        ["招商项目!2:C Chain 新能源汽车 has no segment 电驱"],
    ),
    "cycle at the closing row": (
        _append("上下游关系", "集成电路", "封装测试", "晶圆制造"),
        ["上下游关系!5:A This link would close a cycle: 晶圆制造 → 封装测试 → 晶圆制造."],
    ),
    "link against tier order": (
        _append("上下游关系", "新能源汽车", "整车", "正极材料"),
        [
            "上下游关系!5:A 整车 (Downstream) cannot supply 正极材料 (Upstream): "
            "links run from upstream to downstream."
        ],
    ),
    "self link": (
        _append("上下游关系", "新能源汽车", "整车", "整车"),
        ["上下游关系!5:A A segment cannot supply itself: 整车."],
    ),
    "new tier turns a stored link against tier order": (
        _set("环节", 2, 3, "下游"),
        ["环节!2:C The stored link 正极材料 → 动力电池 would run against tier order"],
    ),
    "negative number": (
        _set("企业", 2, 6, -5),
        ["企业!2:F Negative numbers are not allowed: -5"],
    ),
    "not a number": (
        _set("目标企业", 2, 7, "五万"),
        ["目标企业!2:G Not a number: 五万"],
    ),
    "not a whole number": (
        _set("企业", 2, 7, 3.5),
        ["企业!2:G Not a whole number: 3.5"],
    ),
    "minimum local firms below 1": (
        _set("产业链", 2, 7, 0),
        ["产业链!2:G Must be at least 1: 0"],
    ),
    "not a date": (
        _set("督办事项", 2, 5, "明天"),
        ["督办事项!2:E Not a date: 明天 (write it like 2027-03-31)"],
    ),
    "not a quarter": (
        _set("指标", 2, 2, "2027Q5"),
        ["指标!2:B Not a quarter: 2027Q5 (write it like 2027Q1 or 2027年第一季度)"],
    ),
    "not yes or no": (
        _set("环节", 2, 4, "也许"),
        ["环节!2:D Not 是 or 否: 也许"],
    ),
    "unknown firm in a membership": (
        _set("企业环节", 4, 1, "无名公司"),
        ["企业环节!4:A Unknown firm: 无名公司"],
    ),
    "membership USCC no firm has": (
        _set("企业环节", 3, 6, USCC_C),
        ["企业环节!3:F No firm has the unified social credit code " + USCC_C],
    ),
    "firm name shared needs the USCC": (
        _append("企业", "华瑞新能源", USCC_C, "区外"),
        ["企业环节!2:A Several firms are named 华瑞新能源; give the unified social credit code"],
    ),
    "name longer than 200 characters": (
        _set("环节", 3, 2, "名" * 201),
        ["环节!3:B Longer than 200 characters"],
    ),
    "name in a list longer than 200 characters": (
        _set("产业链", 2, 4, "王强、" + "名" * 201),
        ["产业链!2:D An item longer than 200 characters: " + "名" * 40 + "…"],
    ),
    "chief also team lead": (
        _set("产业链", 3, 3, "张伟"),
        [
            "产业链!3:C 张伟 cannot be both the chain chief and the team lead of 集成电路: "
            "a chain has one chief and one team lead, two different people."
        ],
    ),
    "team lead also a member": (
        _set("产业链", 2, 4, "王强、李娜"),
        [
            "产业链!2:D 李娜 already leads 新能源汽车 as its chief or team lead; the team "
            "members are the others on the team."
        ],
    ),
    "lead department also supporting": (
        _set("产业链", 2, 6, "投资促进局、经济发展局"),
        ["产业链!2:F 经济发展局 leads 新能源汽车; it cannot also be a supporting department."],
    ),
    "team lead column alone meets the stored chief": (
        _both(_drop_column("产业链", 2), _set("产业链", 3, 2, "张伟")),
        [
            "产业链!3:B 张伟 cannot be both the chain chief and the team lead of 集成电路: "
            "a chain has one chief and one team lead, two different people."
        ],
    ),
    "new row without an enumerated column": (
        _both(_drop_column("环节", 3), _append("环节", "集成电路", "光刻胶", "否", None)),
        ["环节!7:A A new row needs the column 层级"],
    ),
    "unknown column": (
        _add_column("环节", "备注", "x"),
        ["环节!1:F Unknown column: 备注"],
    ),
    "column twice": (
        _add_column("环节", "说明", "x"),
        ["环节!1:F The column 说明 appears twice"],
    ),
    "missing identifying column": (
        _drop_column("环节", 2),
        ["环节!1:E Missing column: 环节名称"],
    ),
    "value without a header": (
        _both(_add_column("环节", None, None), _add_column("环节", "备注", None)),
        ["环节!1:G Unknown column: 备注"],
    ),
    "the same table twice": (
        _copy_sheet("节假日", "Holidays"),
        ["Holidays!1:A The sheet 节假日 already holds this table"],
    ),
}
CASES["value in a column without a header"] = (
    lambda sheets: sheets["环节"][2].extend([None, "孤"]),
    ["环节!3:G A value in a column without a header"],
)


@pytest.fixture
def loaded(db: Database, tmp_path: Path) -> Database:
    import_workbook(db, write_book(tmp_path / "city.xlsx", small_city()), actor="setup")
    return db


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_rule_refuses_at_the_exact_cell_and_writes_nothing(
    case: str, loaded: Database, tmp_path: Path
) -> None:
    mutate, expected = CASES[case]
    sheets = small_city()
    mutate(sheets)
    path = write_book(tmp_path / "broken.xlsx", sheets)
    before = dump_database(loaded)

    with pytest.raises(ImportRefused) as refused:
        import_workbook(loaded, path, actor="tester")

    assert [str(error) for error in refused.value.errors] == expected
    assert dump_database(loaded) == before


def test_every_problem_is_listed_not_only_the_first(loaded: Database, tmp_path: Path) -> None:
    sheets = small_city()
    for mutation in (
        _set("环节", 2, 3, "上中游"),
        _set("企业", 2, 6, -1),
        _set("督办事项", 3, 5, "下周"),
    ):
        mutation(sheets)
    before = dump_database(loaded)

    with pytest.raises(ImportRefused) as refused:
        import_workbook(loaded, write_book(tmp_path / "broken.xlsx", sheets), actor="tester")

    assert [f"{e.sheet}!{e.row}:{e.column}" for e in refused.value.errors] == [
        "环节!2:C",
        "企业!2:F",
        "督办事项!3:E",
    ]
    assert refused.value.lines()[-1] == "The import was refused: 3 problems; nothing was changed."
    assert dump_database(loaded) == before


def test_a_stored_chain_breaking_a_role_rule_is_not_refused_for_a_sheet_without_its_people(
    loaded: Database, tmp_path: Path
) -> None:
    """Only the columns a sheet carries are checked: a chain stored before the rules were
    enforced on import can still get its threshold changed."""
    from sqlalchemy import select, update

    from chainchief.store.models import Chain

    with loaded.transaction() as session:
        chief = session.scalar(select(Chain.chief_id).where(Chain.name == "集成电路"))
        session.execute(update(Chain).where(Chain.name == "集成电路").values(team_lead_id=chief))
    sheets = {"产业链": [["产业链名称", "最少本地企业数"], ["集成电路", 4]]}

    import_workbook(loaded, write_book(tmp_path / "threshold.xlsx", sheets), actor="tester")

    with loaded.transaction() as session:
        assert session.scalar(select(Chain.min_local_firms).where(Chain.name == "集成电路")) == 4
