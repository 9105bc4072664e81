"""Revision 0004 converts the first four statuses to the supervision loop, keeping every row."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from chainchief.domain.enums import ActionStatus
from chainchief.services.actions.items import list_actions
from chainchief.store import migrate
from chainchief.store.db import open_database

OLD_ITEMS = {"甲事项": "open", "乙事项": "in_progress", "丙事项": "done", "丁事项": "cancelled"}


def _database_of_revision_0002(path: Path) -> None:
    engine = create_engine(f"sqlite:///{path}")
    migrate.upgrade(engine, "0002")
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO chains (id, name, min_local_firms, version, "
                "created_at, updated_at) VALUES (1, '新能源汽车', 2, 1, "
                "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
            )
        )
        for number, (item, status) in enumerate(OLD_ITEMS.items(), start=1):
            connection.execute(
                text(
                    "INSERT INTO action_items (id, chain_id, item, status, common_issue, "
                    "due, version, created_at, updated_at) VALUES (:id, 1, :item, :status, 0, "
                    "'2026-12-31', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
                ),
                {"id": number, "item": item, "status": status},
            )
            connection.execute(
                text(
                    "INSERT INTO progress_notes (action_id, day, text, author, created_at) "
                    "VALUES (:id, '2026-11-01', '已走访', '张三', CURRENT_TIMESTAMP)"
                ),
                {"id": number},
            )
    engine.dispose()


def test_old_statuses_become_the_loop_and_notes_survive(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _database_of_revision_0002(path)
    db = open_database(path, daily_backup=False)
    try:
        statuses = {row.item: row.status for row in list_actions(db)}
        with db.engine.connect() as connection:
            notes = connection.execute(text("SELECT COUNT(*) FROM progress_notes")).scalar()
            assert migrate.current_revision(connection) == migrate.HEAD_REVISION
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        db.dispose()
    assert statuses == {
        "甲事项": ActionStatus.ASSIGNED,
        "乙事项": ActionStatus.IN_PROGRESS,
        "丙事项": ActionStatus.DONE,
        "丁事项": ActionStatus.CANCELLED,
    }
    assert notes == len(OLD_ITEMS)


def test_the_new_statuses_are_guarded_by_the_database(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _database_of_revision_0002(path)
    open_database(path, daily_backup=False).dispose()
    engine = create_engine(f"sqlite:///{path}")
    try:
        with pytest.raises(Exception, match="CHECK"), engine.begin() as connection:
            connection.execute(text("UPDATE action_items SET status = 'open'"))
    finally:
        engine.dispose()
