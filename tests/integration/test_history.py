"""Quarters remembered (issue 21): snapshots at a meeting, at a quarter's close and on demand,
and ``changes --json`` listing exactly what changed — on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from exchange_support import read_cells, small_city, write_book
from sqlalchemy import func, select

from chainchief import cli
from chainchief.domain.clock import TODAY_VARIABLE
from chainchief.domain.quarters import Quarter
from chainchief.services.admin import audit
from chainchief.services.foresight import chain_briefs
from chainchief.services.history import list_snapshots, take_snapshots
from chainchief.services.meetings import list_meetings, mark_held
from chainchief.store.db import Database
from chainchief.store.models import ChainSnapshot

CHAIN = "新能源汽车"
IMPORTED = "2026-05-04"
HELD = "2026-05-20"
CHANGED = "2026-06-10"
NEXT_QUARTER = "2026-07-02"
LATE_ITEM = "协调用地"
VISIT_ITEM = "走访远方材料"


def city_of_2026() -> dict[str, list[list[object]]]:
    """The small city with two open items: one overdue since 10 May, one due in July."""
    sheets = small_city()
    sheets["督办事项"][1][4] = dt.date(2026, 5, 10)
    sheets["督办事项"].append(
        [CHAIN, VISIT_ITEM, "投资促进局", "王强", dt.date(2026, 7, 31), "未开始", None, "否"]
    )
    return sheets


@pytest.fixture
def cc(db: Database, capsys, monkeypatch) -> Callable[..., tuple[int, str, str]]:
    """``chainchief --db DB ARGS`` on ``day``: exit code, stdout, stderr."""

    def run(day: str, *argv: str) -> tuple[int, str, str]:
        monkeypatch.setenv(TODAY_VARIABLE, day)
        code = cli.run(["--db", db.url, *argv])
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run


def snapshot_count(db: Database) -> int:
    with db.transaction() as session:
        return session.scalar(select(func.count()).select_from(ChainSnapshot)) or 0


def test_changes_since_the_meeting_lists_exactly_what_changed(
    db: Database, tmp_path: Path, cc, monkeypatch
) -> None:
    first = write_book(tmp_path / "city.xlsx", city_of_2026())
    code, _out, err = cc(IMPORTED, "import", str(first))
    assert code == 0, err
    assert cc(IMPORTED, "schedule", "--year", "2026", "--apply")[0] == 0
    assert snapshot_count(db) == 0  # made this quarter: no quarter to close yet

    code, _out, err = cc(HELD, "changes", "--chain", CHAIN)
    assert code == 2 and "no snapshots yet" in err

    (meeting,) = [
        row for row in list_meetings(db, 2026) if row.chain == CHAIN and row.quarter == "2026Q2"
    ]
    monkeypatch.setenv(TODAY_VARIABLE, HELD)
    mark_held(db, meeting.id, actor="秘书")
    (snapshot,) = list_snapshots(db, CHAIN)
    assert (snapshot.taken_on, snapshot.reason.value, snapshot.meeting_id) == (
        dt.date(2026, 5, 20),
        "meeting",
        meeting.id,
    )

    changed = city_of_2026()
    changed["企业环节"].append(["芯联科技", CHAIN, "整车", "配套", None, None])  # gains a firm
    changed["目标企业"][1][4] = "落地"  # the target lands
    changed["督办事项"][-1][5] = "已完成"  # the visit is closed
    second = write_book(tmp_path / "changed.xlsx", changed)
    code, _out, err = cc(CHANGED, "import", str(second))
    assert code == 0, err

    code, out, err = cc(CHANGED, "changes", "--chain", CHAIN, "--json")
    assert code == 0, err
    assert json.loads(out) == {
        "chain": CHAIN,
        "from": HELD,
        "to": CHANGED,
        "completeness": {"from": 66.7, "to": 100.0},
        "segments": [{"segment": "整车", "from": "missing", "to": "weak"}],
        "breakpoints": {"added": [], "removed": []},
        "firms": {"added": [{"segment": "整车", "firm": "芯联科技"}], "removed": []},
        "targets": [{"firm": "远方材料", "from": "negotiating", "to": "landed"}],
        "projects": [],
        "actions": {"closed": [VISIT_ITEM], "new": [], "turned_red": [LATE_ITEM]},
        "indicators": [],
    }
    assert snapshot_count(db) == 1  # reads and same-quarter writes took none
    assert comparison_section(cc, tmp_path) == [
        "对比上次调度会（2026年5月20日）：",
        "完整度 66.7% → 100.0%（+33.3 个百分点）",
        "转为黄色（弱链）：整车",
        "目标企业推进：远方材料（洽谈 → 落地）",
        "督办事项办结：走访远方材料",
        "转为红灯的督办事项：协调用地",
    ]
    monkeypatch.setenv(TODAY_VARIABLE, CHANGED)
    (brief,) = chain_briefs(db, Quarter(2026, 3), chain=CHAIN)
    assert (brief.since.completeness, brief.since.advanced_targets, brief.since.red_items) == (
        33.3,
        0,
        1,
    )

    # A new quarter: a read and a refused import take nothing; the first write closes 2026Q2.
    cc(NEXT_QUARTER, "gaps", "--json")
    broken = changed
    broken["环节"][1][2] = "上上游"
    bad = write_book(tmp_path / "bad.xlsx", broken)
    assert cc(NEXT_QUARTER, "import", str(bad))[0] == 2
    assert snapshot_count(db) == 1
    code, _out, err = cc(
        NEXT_QUARTER,
        "settings",
        "set",
        "meeting.max_per_day",
        "3",
    )
    assert code == 0, err
    closing = [row for row in list_snapshots(db) if row.reason.value == "quarter_close"]
    assert sorted((row.chain, str(row.quarter)) for row in closing) == [
        (CHAIN, "2026Q2"),
        ("集成电路", "2026Q2"),
    ]
    code, out, err = cc(
        NEXT_QUARTER,
        "changes",
        "--chain",
        CHAIN,
        "--since",
        "2026Q2",
        "--json",
    )
    assert code == 0, err
    document = json.loads(out)
    assert document["from"] == NEXT_QUARTER and document["segments"] == []
    assert document["actions"] == {"closed": [], "new": [], "turned_red": []}
    cc(
        NEXT_QUARTER,
        "settings",
        "set",
        "meeting.max_per_day",
        "2",
    )
    assert len(list_snapshots(db)) == 3  # one closing per chain and quarter


def comparison_section(cc, tmp_path: Path) -> list[str]:
    """The texts of 三、与上次会议相比 in the next quarter's meeting workbook, made today."""
    pack = tmp_path / "pack.xlsx"
    code, _out, err = cc(
        CHANGED,
        "sheet",
        "--quarter",
        "2026Q3",
        "--chain",
        CHAIN,
        "-o",
        str(pack),
    )
    assert code == 0, err
    rows = [[cell for cell in row if cell not in (None, "")] for row in read_cells(pack)[CHAIN]]
    start = rows.index(["三、与上次会议相比"]) + 1
    end = rows.index(["四、问题清单"])
    return [row[-1] for row in rows[start:end]]


def test_snapshot_commands_take_list_and_refuse_unknown_refs(tmp_path: Path, cc) -> None:
    book = write_book(tmp_path / "city.xlsx", city_of_2026())
    assert cc(IMPORTED, "import", str(book))[0] == 0
    code, out, _err = cc(IMPORTED, "snapshot", "take")
    assert code == 0 and "2" in out
    cc(HELD, "snapshot", "take", "--chain", CHAIN)
    code, out, _err = cc(HELD, "snapshot", "list", "--json")
    listed = json.loads(out)["snapshots"]
    assert [(row["chain"], row["date"], row["reason"]) for row in listed] == [
        (CHAIN, IMPORTED, "manual"),
        (CHAIN, HELD, "manual"),
        ("集成电路", IMPORTED, "manual"),
    ]
    code, _out, err = cc(HELD, "changes", "--chain", CHAIN, "--since", "2026-05-01")
    assert code == 2
    assert IMPORTED in err and HELD in err  # names the snapshots there are
    code, out, _err = cc(
        HELD,
        "changes",
        "--chain",
        CHAIN,
        "--since",
        IMPORTED,
        "--to",
        HELD,
        "--json",
    )
    assert code == 0 and json.loads(out)["to"] == HELD


def test_a_snapshot_is_never_edited(db: Database, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv(TODAY_VARIABLE, IMPORTED)
    assert (
        cli.run(["--db", db.url, "import", str(write_book(tmp_path / "c.xlsx", city_of_2026()))])
        == 0
    )
    take_snapshots(db, actor="秘书", chain=CHAIN)
    with pytest.raises(TypeError), db.transaction() as session:
        row = session.scalars(select(ChainSnapshot)).one()
        row.document = "{}"


def test_the_closing_snapshot_holds_the_quarter_before_the_write_that_takes_it(
    db: Database, tmp_path: Path, cc
) -> None:
    assert cc(IMPORTED, "import", str(write_book(tmp_path / "a.xlsx", city_of_2026())))[0] == 0
    changed = city_of_2026()
    changed["目标企业"][1][4] = "落地"
    assert cc(NEXT_QUARTER, "import", str(write_book(tmp_path / "b.xlsx", changed)))[0] == 0
    code, out, err = cc(NEXT_QUARTER, "changes", "--chain", CHAIN, "--since", "2026Q2", "--json")
    assert code == 0, err
    assert json.loads(out)["targets"] == [
        {"firm": "远方材料", "from": "negotiating", "to": "landed"}
    ]


def test_a_quarter_written_to_before_snapshots_existed_gets_no_closing_snapshot(
    db: Database, tmp_path: Path, cc, monkeypatch
) -> None:
    """An office upgrading mid-quarter: what it wrote this quarter before the upgrade is in the
    audit log, so the state is no longer the old quarter's close and none is recorded as such."""
    assert cc(IMPORTED, "import", str(write_book(tmp_path / "a.xlsx", city_of_2026())))[0] == 0
    monkeypatch.setenv(TODAY_VARIABLE, NEXT_QUARTER)
    with db.transaction() as session:
        audit.record(session, user="旧版本", action="edit", entity="setting", key="x")
    assert cc(NEXT_QUARTER, "settings", "set", "meeting.max_per_day", "3")[0] == 0
    assert snapshot_count(db) == 0
