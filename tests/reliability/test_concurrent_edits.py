"""Concurrent edits on one database: detected, never lost, never corrupting — on both engines.

Conflicts are shown between two sessions of one process, then between real processes (each its
own connections, as two office PCs would be), and a hypothesis search over interleavings of
reads and version-checked writes looks for a lost update.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from editing_support import elsewhere
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from reliability_support import ROOT
from sqlalchemy import func, insert, select, text

from chainchief.domain.enums import ActionStatus, Tier
from chainchief.domain.errors import ConflictError
from chainchief.services.actions.items import ActionFilter, list_actions
from chainchief.services.actions.supervision import acknowledge, cancel
from chainchief.services.chains.pins import pin_segment
from chainchief.store.conflicts import WRITE_LOCK_KEY
from chainchief.store.db import Database
from chainchief.store.models import (
    ActionItem,
    AuditEntry,
    Chain,
    Firm,
    ProgressNote,
    Segment,
)

WORKER = Path(__file__).with_name("concurrent_worker.py")
PROCESS_TIMEOUT = 240


def new_segment(db: Database, name: str) -> int:
    with db.transaction() as session:
        chain_id = session.execute(insert(Chain).values(name=name)).inserted_primary_key[0]
        return session.execute(
            insert(Segment).values(chain_id=chain_id, name="环节", tier=Tier.UPSTREAM.value)
        ).inserted_primary_key[0]


def pinned_x(db: Database, segment_id: int) -> float:
    with db.transaction() as session:
        return session.scalar(select(Segment.pin_x).where(Segment.id == segment_id)) or 0.0


def read(db: Database, segment_id: int) -> tuple[float, int]:
    with db.transaction() as session:
        segment = session.get(Segment, segment_id)
        assert segment is not None
        return segment.pin_x or 0.0, segment.version


def test_a_stale_edit_names_who_changed_the_row_and_when(demo_db: Database) -> None:
    row = list_actions(demo_db, ActionFilter(status=ActionStatus.ASSIGNED))[0]
    with elsewhere(demo_db) as other:
        acknowledge(other, row.id, actor="张三", expected_version=row.version)
    with pytest.raises(ConflictError, match=r"Changed by 张三 at \d\d:\d\d") as raised:
        cancel(demo_db, row.id, "并入其他事项", actor="李四", expected_version=row.version)
    assert raised.value.changed_by == "张三"
    fresh = next(r for r in list_actions(demo_db) if r.id == row.id)
    assert fresh.status is ActionStatus.ACKNOWLEDGED
    cancel(demo_db, row.id, "并入其他事项", actor="李四", expected_version=None)


def test_two_sessions_editing_one_row_the_later_one_is_refused(demo_db: Database) -> None:
    """The ORM's version check catches what changed between a session's read and its write."""
    with demo_db.transaction() as session:
        action_id = session.scalar(select(func.min(ActionItem.id)))
    conflict = pytest.raises(ConflictError, match="Changed by 张三")
    with conflict as raised, demo_db.transaction() as first:
        mine = first.get(ActionItem, action_id)
        assert mine is not None
        cancel(demo_db, action_id, "取消", actor="张三")
        mine.completion_note = "我的改动"
    assert raised.value.changed_by == "张三"
    with demo_db.transaction() as session:
        kept = session.get(ActionItem, action_id)
        assert kept is not None
        assert (kept.status, kept.completion_note) == (ActionStatus.CANCELLED.value, "取消")


def test_an_edit_of_a_deleted_row_is_a_conflict_too(demo_db: Database) -> None:
    with demo_db.transaction() as session:
        action_id = session.scalar(select(func.min(ActionItem.id)))
    with pytest.raises(ConflictError, match="deleted"), demo_db.transaction() as first:
        mine = first.get(ActionItem, action_id)
        assert mine is not None
        with demo_db.engine.begin() as other:
            other.execute(ActionItem.__table__.delete().where(ActionItem.id == action_id))
        mine.completion_note = "我的改动"


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(st.tuples(st.integers(0, 2), st.booleans()), min_size=1, max_size=14))
def test_version_checks_never_lose_an_update(db: Database, steps: list[tuple[int, bool]]) -> None:
    """Three users, each with the database open in their own window, read and write one counter
    in any interleaving: every write that succeeded is in the final value, and a write fails
    exactly when someone else wrote since its read."""
    segment_id = new_segment(db, f"链{os.urandom(6).hex()}")
    seen: dict[int, tuple[float, int]] = {}
    written_since: dict[int, bool] = {}
    successes = 0
    with elsewhere(db) as second, elsewhere(db) as third:
        windows = (db, second, third)
        for user, is_write in steps:
            if not is_write or user not in seen:
                seen[user], written_since[user] = read(windows[user], segment_id), False
                continue
            value, version = seen.pop(user)
            try:
                pin_segment(
                    windows[user], segment_id, value + 1, 0.0, actor=f"u{user}",
                    expected_version=version,
                )  # fmt: skip
            except ConflictError:
                assert written_since[user], "refused although nobody wrote since the read"
                continue
            assert not written_since[user], "a write on a stale read went through"
            successes += 1
            for other in written_since:
                written_since[other] = other != user
    assert pinned_x(db, segment_id) == successes


def worker_env() -> dict[str, str]:
    return dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), str(WORKER.parent)]))


def run_workers(start: Path, *jobs: list[str]) -> list[dict[str, int]]:
    """Run the jobs in child processes started together; their JSON reports, in order."""
    env = worker_env()
    children = [
        subprocess.Popen(
            [sys.executable, str(WORKER), *job, str(start)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for job in jobs
    ]
    deadline = time.monotonic() + PROCESS_TIMEOUT
    while len(list(start.parent.glob(f"{start.name}.*.ready"))) < len(jobs):
        assert time.monotonic() < deadline and all(c.poll() is None for c in children)
        time.sleep(0.01)
    start.touch()
    results = []
    for child in children:
        out, err = child.communicate(timeout=PROCESS_TIMEOUT)
        assert child.returncode == 0, err
        results.append(json.loads(out.strip().splitlines()[-1]))
    return results


def check_sound(db: Database) -> None:
    if not db.is_sqlite:
        return
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA integrity_check").scalars().all() == ["ok"]
        assert connection.exec_driver_sql("PRAGMA foreign_key_check").all() == []


def test_two_processes_counting_on_one_row_lose_no_update(db: Database, tmp_path) -> None:
    segment_id = new_segment(db, "计数链")
    rounds = 25
    job = [db.url, "counter", str(segment_id), str(rounds)]
    results = run_workers(tmp_path / "go", job, job)
    assert [result["done"] for result in results] == [rounds, rounds]
    assert sum(result["conflicts"] for result in results) > 0, "the two really overlapped"
    assert pinned_x(db, segment_id) == 2 * rounds
    with db.transaction() as session:
        pins = session.scalar(select(func.count()).where(AuditEntry.action == "pin"))
        version = session.scalar(select(Segment.version).where(Segment.id == segment_id))
    assert pins == 2 * rounds and version == 1 + 2 * rounds
    check_sound(db)


def firm_books(folder: Path, rounds: int, firms: int) -> Path:
    """Workbooks that each add a few firms and change every earlier one's head count."""
    for number in range(rounds):
        book = Workbook()
        sheet = book.active
        sheet.title = "企业"
        sheet.append(["企业名称", "所在地", "从业人数"])
        for index in range((number + 1) * firms):
            sheet.append([f"并发测试企业{index:03d}", "区内", 100 * number + index])
        book.save(folder / f"book-{number}.xlsx")
    return folder


def test_an_import_and_edits_at_once_keep_every_change(demo_db: Database, tmp_path) -> None:
    rounds, firms, notes = 4, 40, 30
    folder = firm_books(tmp_path, rounds, firms)
    with demo_db.transaction() as session:
        action_id = session.scalar(
            select(func.min(ActionItem.id)).where(
                ActionItem.status == ActionStatus.IN_PROGRESS.value
            )
        )
        notes_before = session.scalar(
            select(func.count()).where(ProgressNote.action_id == action_id)
        )
    imported, edited = run_workers(
        tmp_path / "go",
        [demo_db.url, "import", str(folder), str(rounds)],
        [demo_db.url, "notes", str(action_id), str(notes)],
    )
    assert imported["done"] == rounds and edited["done"] == notes
    with demo_db.transaction() as session:
        stored_notes = session.scalar(
            select(func.count()).where(ProgressNote.action_id == action_id)
        )
        counts = dict(
            session.execute(
                select(Firm.name, Firm.employees).where(Firm.name.like("并发测试企业%"))
            ).all()
        )
    assert stored_notes == notes_before + notes
    last = rounds - 1
    assert counts == {
        f"并发测试企业{index:03d}": 100 * last + index for index in range(rounds * firms)
    }
    check_sound(demo_db)


def test_a_write_waits_for_the_writer_before_it_instead_of_failing(db: Database) -> None:
    """A writer holding the lock for a moment delays, but does not refuse, another edit."""
    segment_id = new_segment(db, "等待链")
    with db.engine.connect() as holder:
        if db.is_sqlite:
            holder.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            holder.execute(text("SELECT pg_advisory_lock(:key)"), {"key": WRITE_LOCK_KEY})
        child = subprocess.Popen(
            [sys.executable, str(WORKER), db.url, "counter", str(segment_id), "1"],
            stdout=subprocess.PIPE,
            text=True,
            env=worker_env(),
        )
        try:
            child.wait(timeout=2)
            finished_early = True
        except subprocess.TimeoutExpired:
            finished_early = False
        if db.is_sqlite:
            holder.exec_driver_sql("ROLLBACK")
        else:
            holder.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": WRITE_LOCK_KEY})
            holder.commit()
    out, _err = child.communicate(timeout=PROCESS_TIMEOUT)
    assert not finished_early
    assert json.loads(out)["done"] == 1 and pinned_x(db, segment_id) == 1
