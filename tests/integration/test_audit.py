"""The audit log: an entry for each kind of change, ``chainchief audit``, and no way to edit it."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from exchange_support import write_book
from sqlalchemy import select, update

from chainchief import cli
from chainchief.domain.agenda import AgendaItem
from chainchief.domain.clock import SHANGHAI
from chainchief.domain.enums import MeetingKind, UserRole
from chainchief.domain.errors import RuleViolation
from chainchief.services.actions.items import Resolution, create_action
from chainchief.services.actions.supervision import acknowledge, report_progress, request_completion
from chainchief.services.admin import audit
from chainchief.services.admin.migrate_db import migrate_database
from chainchief.services.admin.portable import PortableData, load_portable
from chainchief.services.admin.settings import set_setting
from chainchief.services.admin.users import add_user, change_password
from chainchief.services.chains.pins import clear_pins, pin_segment
from chainchief.services.meetings.agenda import reset_agenda, save_agenda
from chainchief.services.meetings.plan import apply_plan, plan_meetings
from chainchief.services.workbooks.demo import load_demo
from chainchief.services.workbooks.importing import import_workbook
from chainchief.store import migrate
from chainchief.store.db import Database, open_database
from chainchief.store.models import AuditEntry, Chain, Firm, Meeting, Segment

CHAIN = "新能源汽车"


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch) -> None:
    monkeypatch.setenv("CHAINCHIEF_TODAY", "2027-01-04")


def entries(db: Database, **where: object) -> list[audit.AuditRow]:
    return audit.audit_entries(db, audit.AuditFilter(**where))  # type: ignore[arg-type]


def newest(db: Database) -> audit.AuditRow:
    return entries(db)[-1]


def test_edits_are_recorded_with_who_what_and_old_and_new(demo_db: Database) -> None:
    set_setting(demo_db, "backup.keep", "4", actor="张三")
    entry = newest(demo_db)
    assert (entry.user, entry.action, entry.entity, entry.key) == (
        "张三",
        "edit",
        "setting",
        "backup.keep",
    )
    assert entry.changes == {"value": ["10", "4"]}
    assert entry.at.utcoffset() == dt.timedelta(hours=8)

    action = create_action(demo_db, CHAIN, Resolution("走访三家目标企业"), actor="李四")
    assert newest(demo_db).changes == {"status": [None, "assigned"]}
    acknowledge(demo_db, action, actor="李四")
    assert newest(demo_db).changes == {"status": ["assigned", "acknowledged"]}
    report_progress(demo_db, action, "已走访两家", actor="李四")
    assert newest(demo_db).changes == {
        "note": [None, "已走访两家"],
        "status": ["acknowledged", "in_progress"],
    }
    request_completion(demo_db, action, "三家均已走访", actor="李四")
    assert newest(demo_db).changes == {
        "status": ["in_progress", "reported"],
        "completion_note": [None, "三家均已走访"],
    }
    assert newest(demo_db).key == f"{CHAIN}/走访三家目标企业"


def test_pins_schedules_and_agendas_are_recorded(demo_db: Database) -> None:
    with demo_db.transaction() as session:
        chain_id = session.scalar(select(Chain.id).where(Chain.name == CHAIN))
        segment_id = session.scalar(select(Segment.id).where(Segment.chain_id == chain_id))
    pin_segment(demo_db, segment_id, 12.0, 34.0, actor="王五")
    assert newest(demo_db).action == "pin"
    clear_pins(demo_db, chain_id, actor="王五")
    assert (newest(demo_db).action, newest(demo_db).changes) == ("unpin", {"pinned": [1, 0]})
    apply_plan(demo_db, plan_meetings(demo_db, 2027), actor="王五")
    scheduled = entries(demo_db, action="schedule")
    assert len(scheduled) == 8 * 4 + 4
    assert scheduled[0].changes["date"][0] is None
    with demo_db.transaction() as session:
        meeting_id = session.scalar(
            select(Meeting.id).where(
                Meeting.kind == MeetingKind.DISPATCH.value, Meeting.chain_id == chain_id
            )
        )
    save_agenda(demo_db, meeting_id, [AgendaItem("other", "专题研究用地", [])], actor="王五")
    assert newest(demo_db).changes == {"items": [None, ["专题研究用地"]]}
    reset_agenda(demo_db, meeting_id, actor="王五")
    assert newest(demo_db).entity == "agenda"


def test_an_import_records_each_added_and_changed_row(demo_db: Database, tmp_path) -> None:
    with demo_db.transaction() as session:
        firm = session.scalars(select(Firm).where(Firm.uscc.is_not(None)).order_by(Firm.id)).first()
    rows = [
        ["企业名称", "统一社会信用代码", "所在地", "从业人数"],
        [firm.name, firm.uscc, "区内", (firm.employees or 0) + 7],
        ["新来的企业有限公司", None, "区外", 12],
    ]
    import_workbook(demo_db, write_book(tmp_path / "firms.xlsx", {"企业": rows}), actor="赵六")
    imported = {entry.key: entry for entry in entries(demo_db, user="赵六")}
    changed = imported[f"{firm.name}/{firm.uscc}"]
    assert (changed.action, changed.entity) == ("import", "firms")
    assert changed.changes["employees"] == [firm.employees, (firm.employees or 0) + 7]
    added = imported["新来的企业有限公司"]
    assert (added.entity, added.changes) == ("firms", {})
    summary = imported["firms.xlsx"]
    assert summary.changes["firms"] == [None, {"added": 1, "updated": 1, "unchanged": 0}]


def test_accounts_and_replacements_are_recorded(demo_db: Database, tmp_path: Path) -> None:
    add_user(demo_db, "boss", UserRole.ADMIN, "secret password", actor="os-user")
    assert newest(demo_db).changes == {"role": [None, "admin"], "chains": [None, []]}
    change_password(demo_db, "boss", "another password", actor="boss")
    assert newest(demo_db).changes == {"password": [None, "changed"]}
    assert all("scrypt" not in json.dumps(entry.changes) for entry in entries(demo_db))

    load_demo(demo_db, force=True, actor="boss")
    first = entries(demo_db)[0]
    assert (first.action, first.entity, first.user) == ("replace", "database", "boss")

    archive = PortableData(revision=migrate.head_revision(), tables={})
    load_portable(demo_db, archive, actor="boss", source=tmp_path / "old.zip")
    (only,) = entries(demo_db)
    assert (only.action, only.key) == ("restore", str(tmp_path / "old.zip"))


def test_a_copy_to_another_engine_is_recorded_in_the_copy(demo_db: Database, tmp_path) -> None:
    target = open_database(tmp_path / "copy.db", daily_backup=False)
    try:
        migrate_database(demo_db, target, actor="admin")
        entry = newest(target)
    finally:
        target.dispose()
    assert (entry.action, entry.entity, entry.user) == ("migrate", "database", "admin")
    assert "password" not in entry.key or "***" in entry.key


def test_an_undo_says_it_was_an_undo(demo_db: Database) -> None:
    set_setting(demo_db, "backup.keep", "4", actor="张三")
    with audit.origin("undo"):
        set_setting(demo_db, "backup.keep", "10", actor="张三")
    assert [entry.action for entry in entries(demo_db, entity="setting")] == ["edit", "undo"]


def test_audit_entries_cannot_be_changed_or_deleted_through_the_orm(db: Database) -> None:
    set_setting(db, "backup.keep", "4", actor="张三")
    with pytest.raises(RuleViolation), db.transaction() as session:
        session.scalars(select(AuditEntry)).one().user = "someone else"
    with pytest.raises(RuleViolation), db.transaction() as session:
        session.delete(session.scalars(select(AuditEntry)).one())
    assert newest(db).user == "张三"


def test_filters_pick_entries_by_day_user_action_and_text(db: Database) -> None:
    set_setting(db, "backup.keep", "4", actor="张三")
    set_setting(db, "meeting.default_place", "管委会三楼会议室", actor="李四")
    with db.engine.begin() as connection:
        for user, at in (
            ("张三", dt.datetime(2026, 12, 31, 23, 30)),
            ("李四", dt.datetime(2027, 1, 1)),
        ):
            connection.execute(
                update(AuditEntry)
                .where(AuditEntry.user == user)
                .values(at=at.replace(tzinfo=SHANGHAI))
            )
    assert [e.user for e in entries(db, since=dt.date(2027, 1, 1))] == ["李四"]
    assert [e.user for e in entries(db, until=dt.date(2026, 12, 31))] == ["张三"]
    assert [e.user for e in entries(db, user="张三")] == ["张三"]
    assert [e.user for e in entries(db, text="三楼")] == ["李四"]
    assert [e.user for e in entries(db, limit=1)] == ["李四"]
    assert audit.audit_facets(db) == (["张三", "李四"], ["edit"], ["setting"])


def test_cli_audit_json_follows_the_contract(db: Database, capsys) -> None:
    set_setting(db, "backup.keep", "4", actor="张三")
    assert cli.run(["--db", db.url, "audit", "--json", "--since", "2000-01-01"]) == 0
    document = json.loads(capsys.readouterr().out)
    (entry,) = document["entries"]
    assert list(entry) == ["at", "user", "action", "entity", "key", "changes"]
    assert dt.datetime.fromisoformat(entry["at"]).utcoffset() == dt.timedelta(hours=8)
    assert entry["changes"] == {"value": ["10", "4"]}
    assert cli.run(["--db", db.url, "audit", "--since", "2999-01-01", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"entries": []}
    assert cli.run(["--db", db.url, "--lang", "en", "audit"]) == 0
    assert "value: 10 → 4" in capsys.readouterr().out


def test_cli_audit_refuses_a_bad_date(db: Database, capsys) -> None:
    with pytest.raises(SystemExit):
        cli.run(["--db", db.url, "audit", "--since", "yesterday"])
    assert "not a date" in capsys.readouterr().err
