"""The action-item loop on a real database, and ``chainchief actions``."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from editing_support import elsewhere

from chainchief import cli
from chainchief.domain.enums import ActionStatus
from chainchief.domain.errors import ConflictError, RuleViolation
from chainchief.services.actions.items import (
    ActionFilter,
    Resolution,
    create_action,
    list_actions,
    progress_notes,
)
from chainchief.services.actions.supervision import (
    acknowledge,
    report_progress,
    request_completion,
    verify,
)
from chainchief.store.db import Database

DEMO_TODAY = "2026-11-27"


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch) -> None:
    monkeypatch.setenv("CHAINCHIEF_TODAY", DEMO_TODAY)


def test_resolution_becomes_open_item_with_new_owner(demo_db: Database) -> None:
    chain = list_actions(demo_db)[0].chain
    action_id = create_action(
        demo_db,
        chain,
        Resolution(
            "协调新增用地指标 50 亩",
            department="自然资源和规划分局",
            owner="新同事甲",
            due=dt.date(2026, 12, 31),
        ),
        actor="test",
    )
    row = next(r for r in list_actions(demo_db) if r.id == action_id)
    assert (row.status, row.owner, row.department) == (
        ActionStatus.ASSIGNED,
        "新同事甲",
        "自然资源和规划分局",
    )
    assert not row.overdue and not row.due_soon


def test_progress_then_close_with_note(demo_db: Database) -> None:
    chain = list_actions(demo_db)[0].chain
    action_id = create_action(demo_db, chain, Resolution("走访三家目标企业"), actor="test")
    acknowledge(demo_db, action_id, actor="test")
    report_progress(demo_db, action_id, "已走访两家", actor="test")
    row = next(r for r in list_actions(demo_db) if r.id == action_id)
    assert row.status is ActionStatus.IN_PROGRESS
    with pytest.raises(RuleViolation):
        request_completion(demo_db, action_id, " ", actor="test")
    request_completion(demo_db, action_id, "三家均已走访", actor="test")
    verify(demo_db, action_id, actor="test")
    row = next(r for r in list_actions(demo_db) if r.id == action_id)
    assert row.status is ActionStatus.DONE
    assert row.completion_note == "三家均已走访"
    assert row.closed_on == dt.date(2026, 11, 27)
    assert [text for _day, text, _author in progress_notes(demo_db, action_id)] == ["已走访两家"]


def test_stale_version_is_a_conflict(demo_db: Database) -> None:
    row = list_actions(demo_db, ActionFilter(status=ActionStatus.ASSIGNED))[0]
    with elsewhere(demo_db) as other:
        acknowledge(other, row.id, actor="甲", expected_version=row.version)
    with pytest.raises(ConflictError, match="甲"):
        report_progress(demo_db, row.id, "x", actor="乙", expected_version=row.version)


def test_duplicate_item_in_a_chain_is_refused(demo_db: Database) -> None:
    row = list_actions(demo_db)[0]
    with pytest.raises(RuleViolation):
        create_action(demo_db, row.chain, Resolution(row.item), actor="test")


def test_cli_overdue_lists_only_overdue_items(capsys, demo_db_path: Path) -> None:
    assert cli.run(["actions", "--overdue", "--json", "--db", str(demo_db_path)]) == 0
    listed = json.loads(capsys.readouterr().out)["actions"]
    assert listed, "the demo city has overdue items"
    for item in listed:
        assert list(item) == [
            "chain",
            "item",
            "department",
            "owner",
            "due",
            "original_due",
            "status",
            "light",
            "extensions",
            "overdue",
            "due_soon",
            "common_issue",
        ]
        assert item["overdue"] and item["due"] < DEMO_TODAY
        assert item["status"] in {"assigned", "in_progress"}
        assert item["light"] in {"yellow", "red"}


def test_cli_all_actions_include_every_state(capsys, demo_db_path: Path) -> None:
    assert cli.run(["actions", "--json", "--db", str(demo_db_path)]) == 0
    listed = json.loads(capsys.readouterr().out)["actions"]
    assert {item["status"] for item in listed} >= {"assigned", "done"}
    assert {item["light"] for item in listed} >= {"blue", "yellow", "red", None}
    assert any(item["common_issue"] for item in listed)
    assert any(item["due_soon"] for item in listed)


def test_cli_unknown_chain_exit_2(capsys, demo_db_path: Path) -> None:
    assert cli.run(["actions", "--chain", "造船", "--db", str(demo_db_path)]) == 2
    assert "新能源汽车" in capsys.readouterr().err
