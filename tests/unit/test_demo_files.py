"""The demo city (resources/demo/*.csv) obeys every reading rule of the import workbook.

The demo is loaded by the import pipeline exactly like a user's workbook, so a broken reference
or a bad checksum here would make `chainchief demo` fail on first start. These checks read the
files directly (stdlib + stdnum) and do not depend on the importer.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections import Counter, defaultdict
from functools import cache
from pathlib import Path

import pytest
from stdnum.cn import uscc

DEMO = Path(__file__).resolve().parents[2] / "resources" / "demo"

HEADERS = {
    "chains": "产业链名称 链长 专班负责人 专班成员 牵头部门 配合部门 最少本地企业数 说明",
    "segments": "产业链名称 环节名称 层级 关键环节 说明",
    "links": "产业链名称 上游环节 下游环节",
    "firms": "企业名称 统一社会信用代码 所在地 所属园区 企业类型 主营业务收入(万元) 从业人数 "
    "联系人 联系电话",
    "firm_segments": "企业名称 产业链名称 环节名称 角色 主要产品 统一社会信用代码",
    "targets": "产业链名称 环节名称 企业名称 所在地区 阶段 责任人 计划投资(万元) 下一步",
    "projects": "产业链名称 项目名称 环节名称 投资方 总投资(万元) 阶段 签约日期 责任人"
    " 计划开工 实际开工 计划投产 实际投产 需协调问题",
    "people": "姓名 职务 部门 联系电话 邮箱 不可用日期",
    "indicators": "产业链名称 季度 指标 目标值 实际值",
    "actions": "产业链名称 事项 责任部门 责任人 完成时限 状态 完成说明 共性问题 需链长协调",
    "holidays": "日期 类型 说明",
}

NATURAL_KEYS = {
    "chains": ("产业链名称",),
    "segments": ("产业链名称", "环节名称"),
    "links": ("产业链名称", "上游环节", "下游环节"),
    "firms": ("企业名称",),
    "firm_segments": ("企业名称", "产业链名称", "环节名称"),
    "targets": ("产业链名称", "环节名称", "企业名称"),
    "projects": ("产业链名称", "项目名称"),
    "people": ("姓名",),
    "indicators": ("产业链名称", "季度", "指标"),
    "actions": ("产业链名称", "事项"),
    "holidays": ("日期",),
}

TIERS = ["上游", "中游", "下游"]
ENUMS = {
    ("segments", "层级"): set(TIERS),
    ("segments", "关键环节"): {"是", "否"},
    ("firms", "所在地"): {"区内", "市内", "区外"},
    ("firm_segments", "角色"): {"链主", "骨干", "配套"},
    ("targets", "阶段"): {"储备", "接洽", "洽谈", "签约", "落地", "终止"},
    ("projects", "阶段"): {"签约", "开工", "投产", "达产"},
    ("actions", "状态"): {"未开始", "推进中", "已完成", "已取消"},
    ("actions", "共性问题"): {"是", "否"},
    ("actions", "需链长协调"): {"是", "否"},
    ("holidays", "类型"): {"休", "班"},
}
NUMBERS = {
    "chains": ["最少本地企业数"],
    "firms": ["主营业务收入(万元)", "从业人数"],
    "targets": ["计划投资(万元)"],
    "projects": ["总投资(万元)"],
    "indicators": ["目标值", "实际值"],
}
DATES = {"projects": ["签约日期"], "actions": ["完成时限"], "holidays": ["日期"]}
LIST_SEPARATORS = re.compile("[、,，;；]")
DEMO_TODAY = dt.date(2026, 11, 27)


@cache
def rows(sheet: str) -> tuple[dict[str, str], ...]:
    with (DEMO / f"{sheet}.csv").open(encoding="utf-8", newline="") as handle:
        return tuple(csv.DictReader(handle, strict=True))


def split_list(text: str) -> list[str]:
    return [item.strip() for item in LIST_SEPARATORS.split(text) if item.strip()]


def local_firms(chain: str, segment: str) -> set[str]:
    location = {firm["企业名称"]: firm["所在地"] for firm in rows("firms")}
    return {
        row["企业名称"]
        for row in rows("firm_segments")
        if row["产业链名称"] == chain
        and row["环节名称"] == segment
        and location[row["企业名称"]] == "区内"
    }


def chain_graph(chain: str) -> tuple[dict[str, str], dict[str, set[str]]]:
    """Tier of every segment of the chain, and the downstream neighbours of each."""
    tiers = {row["环节名称"]: row["层级"] for row in rows("segments") if row["产业链名称"] == chain}
    successors: dict[str, set[str]] = {name: set() for name in tiers}
    for link in rows("links"):
        if link["产业链名称"] == chain:
            successors[link["上游环节"]].add(link["下游环节"])
    return tiers, successors


def reachable(successors: dict[str, set[str]], start: str, removed: str | None = None) -> set[str]:
    seen, stack = {start}, [start]
    while stack:
        for nxt in successors[stack.pop()]:
            if nxt != removed and nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return seen


def critical_segments(successors: dict[str, set[str]]) -> set[str]:
    """DESIGN §1: S lies on every path from some source A to some sink Z reachable from A."""
    has_incoming = {nxt for targets in successors.values() for nxt in targets}
    sources = [name for name in successors if name not in has_incoming]
    sinks = {name for name, targets in successors.items() if not targets}
    found = set()
    for source in sources:
        reach = reachable(successors, source)
        for segment in reach - {source}:
            cut = reachable(successors, source, removed=segment)
            if any(sink in reach and sink not in cut for sink in sinks - {segment}):
                found.add(segment)
    return found


@pytest.mark.parametrize("sheet", sorted(HEADERS))
def test_every_sheet_has_a_utf8_csv_with_exactly_the_design_headers(sheet: str) -> None:
    raw = (DEMO / f"{sheet}.csv").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf"), "no BOM"
    with (DEMO / f"{sheet}.csv").open(encoding="utf-8", newline="") as handle:
        table = list(csv.reader(handle, strict=True))
    assert table[0] == HEADERS[sheet].split()
    assert len(table) > 1
    assert all(len(row) == len(table[0]) for row in table[1:])


@pytest.mark.parametrize("sheet", sorted(NATURAL_KEYS))
def test_identifying_columns_are_filled_and_natural_keys_unique(sheet: str) -> None:
    keys = [tuple(row[column].strip() for column in NATURAL_KEYS[sheet]) for row in rows(sheet)]
    assert all(all(part for part in key) for key in keys)
    duplicates = [key for key, count in Counter(keys).items() if count > 1]
    assert duplicates == []


@pytest.mark.parametrize(("sheet", "column"), sorted(ENUMS))
def test_enumerated_values_are_the_chinese_file_values(sheet: str, column: str) -> None:
    assert {row[column] for row in rows(sheet)} <= ENUMS[(sheet, column)]


def test_every_given_uscc_has_a_valid_checksum_and_is_unique() -> None:
    codes = [firm["统一社会信用代码"] for firm in rows("firms") if firm["统一社会信用代码"]]
    assert [code for code in codes if not uscc.is_valid(code) or code != code.upper()] == []
    assert len(codes) == len(set(codes))
    assert len(codes) < len(rows("firms")), "a few firms are kept without a USCC"


@pytest.mark.parametrize("sheet", sorted(NUMBERS))
def test_numbers_are_plain_and_non_negative(sheet: str) -> None:
    for row in rows(sheet):
        for column in NUMBERS[sheet]:
            if row[column]:
                assert re.fullmatch(r"\d+(\.\d+)?", row[column]), (column, row[column])


def test_min_local_firms_is_empty_or_at_least_one() -> None:
    values = [chain["最少本地企业数"] for chain in rows("chains")]
    assert all(value == "" or int(value) >= 1 for value in values)
    assert "" in values and any(value for value in values)


@pytest.mark.parametrize("sheet", sorted(DATES))
def test_dates_are_iso(sheet: str) -> None:
    for row in rows(sheet):
        for column in DATES[sheet]:
            if row[column]:
                assert dt.date.fromisoformat(row[column]).isoformat() == row[column]


def test_unavailable_dates_are_iso_lists() -> None:
    for person in rows("people"):
        for day in split_list(person["不可用日期"]):
            assert dt.date.fromisoformat(day).year in (2026, 2027)


def test_quarters_are_written_like_2026q1() -> None:
    assert all(re.fullmatch(r"20\d\dQ[1-4]", row["季度"]) for row in rows("indicators"))


def test_references_resolve_to_chains_segments_and_firms() -> None:
    chains = {chain["产业链名称"] for chain in rows("chains")}
    segments = {(row["产业链名称"], row["环节名称"]) for row in rows("segments")}
    assert {row["产业链名称"] for row in rows("segments")} == chains
    for sheet in ("indicators", "actions"):
        assert {row["产业链名称"] for row in rows(sheet)} <= chains
    for link in rows("links"):
        assert (link["产业链名称"], link["上游环节"]) in segments
        assert (link["产业链名称"], link["下游环节"]) in segments
    for sheet in ("firm_segments", "targets", "projects"):
        assert {(row["产业链名称"], row["环节名称"]) for row in rows(sheet)} <= segments
    firms = {firm["企业名称"]: firm["统一社会信用代码"] for firm in rows("firms")}
    for membership in rows("firm_segments"):
        assert membership["企业名称"] in firms
        assert membership["统一社会信用代码"] in ("", firms[membership["企业名称"]])


def test_every_named_person_and_department_is_in_the_people_sheet() -> None:
    people = {person["姓名"]: person["部门"] for person in rows("people")}
    named = set()
    for chain in rows("chains"):
        named |= {chain["链长"], chain["专班负责人"], *split_list(chain["专班成员"])}
    for sheet in ("targets", "projects", "actions"):
        named |= {row["责任人"] for row in rows(sheet)}
    assert named - set(people) == set()
    departments = {row["责任部门"] for row in rows("actions")}
    for chain in rows("chains"):
        departments |= {chain["牵头部门"], *split_list(chain["配合部门"])}
    assert departments - set(people.values()) == set()


def test_every_chain_has_a_chief_and_one_person_chiefs_two_chains() -> None:
    chiefs = Counter(chain["链长"] for chain in rows("chains"))
    assert all(chiefs)
    assert max(chiefs.values()) == 2
    leads = [chain["专班负责人"] for chain in rows("chains")]
    assert all(leads) and len(set(leads)) == len(leads)
    assert all(2 <= len(split_list(chain["专班成员"])) <= 4 for chain in rows("chains"))


def test_eight_chains_of_8_to_20_segments_and_at_least_150_firms() -> None:
    assert len(rows("chains")) == 8
    per_chain = Counter(row["产业链名称"] for row in rows("segments"))
    assert all(8 <= count <= 20 for count in per_chain.values())
    assert len(rows("firms")) >= 150


def test_every_firm_sits_in_one_to_three_segments() -> None:
    per_firm = Counter(row["企业名称"] for row in rows("firm_segments"))
    assert {firm["企业名称"] for firm in rows("firms")} == set(per_firm)
    assert max(per_firm.values()) <= 3


@pytest.mark.parametrize("chain", [chain["产业链名称"] for chain in rows("chains")])
def test_links_respect_tier_order_and_form_no_cycle(chain: str) -> None:
    tiers, successors = chain_graph(chain)
    for upstream, targets in successors.items():
        for downstream in targets:
            assert TIERS.index(tiers[upstream]) <= TIERS.index(tiers[downstream])
            assert upstream not in reachable(successors, downstream)


def test_critical_segments_follow_the_dominance_rule() -> None:
    # Hand-checked on the demo: every path from 半导体材料 to 消费电子与智能终端 crosses 晶圆制造,
    # while 功率器件 is bypassed by 晶圆制造 → 封装测试.
    _, successors = chain_graph("集成电路")
    critical = critical_segments(successors)
    assert {"芯片设计", "晶圆制造", "封装测试"} <= critical
    assert "功率器件" not in critical


def test_some_chain_misses_a_critical_segment_with_a_breakpoint_below_it() -> None:
    found = []
    for chain in rows("chains"):
        name = chain["产业链名称"]
        _, successors = chain_graph(name)
        for segment in critical_segments(successors):
            if not local_firms(name, segment) and any(
                local_firms(name, below) for below in successors[segment]
            ):
                found.append((name, segment))
    assert ("集成电路", "晶圆制造") in found


def test_strong_chains_have_few_gaps_and_gap_chains_many() -> None:
    minimum = {c["产业链名称"]: int(c["最少本地企业数"] or 2) for c in rows("chains")}
    not_strong: dict[str, int] = defaultdict(int)
    for row in rows("segments"):
        chain = row["产业链名称"]
        if len(local_firms(chain, row["环节名称"])) < minimum[chain]:
            not_strong[chain] += 1
    assert max(not_strong["新能源汽车"], not_strong["人工智能"]) <= 3
    for chain in ("集成电路", "软件和信息服务", "智能电网"):
        assert not_strong[chain] >= 5


def test_segments_covered_only_outside_the_zone_count_as_missing() -> None:
    members = {(r["产业链名称"], r["环节名称"]) for r in rows("firm_segments")}
    outside_only = [key for key in members if not local_firms(*key)]
    assert len(outside_only) >= 5


def test_pipeline_and_action_states_all_occur() -> None:
    assert {row["阶段"] for row in rows("targets")} == ENUMS[("targets", "阶段")]
    assert {row["阶段"] for row in rows("projects")} == ENUMS[("projects", "阶段")]
    assert {row["状态"] for row in rows("actions")} == ENUMS[("actions", "状态")]
    nev = " ".join(row["企业名称"] for row in rows("targets") if row["产业链名称"] == "新能源汽车")
    assert "LG" in nev and "博世" in nev


def test_actions_show_overdue_due_soon_and_one_or_two_common_issues() -> None:
    open_items = [row for row in rows("actions") if row["状态"] in ("未开始", "推进中")]
    due = [dt.date.fromisoformat(row["完成时限"]) for row in open_items]
    assert any(day < DEMO_TODAY for day in due)
    assert any(0 <= (day - DEMO_TODAY).days <= 7 for day in due)
    assert any(day.year == 2027 for day in due)
    assert 1 <= sum(row["共性问题"] == "是" for row in rows("actions")) <= 2


def test_indicators_cover_every_chain_for_2025q1_to_2026q3() -> None:
    quarters = {f"{year}Q{q}" for year in (2025, 2026) for q in range(1, 5)} - {"2026Q4"}
    chains = {chain["产业链名称"] for chain in rows("chains")}
    seen = {(row["产业链名称"], row["季度"]) for row in rows("indicators")}
    assert seen == {(chain, quarter) for chain in chains for quarter in quarters}
    below = [row for row in rows("indicators") if float(row["实际值"]) < float(row["目标值"])]
    assert 0 < len(below) < len(rows("indicators"))
