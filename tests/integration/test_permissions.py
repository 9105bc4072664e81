"""Roles are enforced by the services themselves: every write service, every role.

Each case calls a service directly — no CLI, no hidden button — as each role that may not make
the change (refused with PermissionDenied, and not one row of the database differs), then as
the least powerful role that may (it succeeds and is audited).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from accounts_support import OTHER, OWN, PASSWORD, Office, audit_count, open_office
from exchange_support import dump_database, write_book
from sqlalchemy import select, text, update

from chainchief.domain.agenda import AgendaItem
from chainchief.domain.enums import ActionStatus, UserRole
from chainchief.domain.errors import DatabaseLocked
from chainchief.services.actions.items import Resolution, create_action
from chainchief.services.actions.supervision import acknowledge, cancel
from chainchief.services.admin.migrate_db import migrate_database
from chainchief.services.admin.permissions import Permission, PermissionDenied, require
from chainchief.services.admin.portable import PortableData, load_portable
from chainchief.services.admin.settings import all_settings, set_setting
from chainchief.services.admin.users import add_user, change_password, set_chains
from chainchief.services.chains.pins import clear_pins, pin_segment
from chainchief.services.firms.ledger import create_firm, delete_firm, update_firm
from chainchief.services.meetings.agenda import reset_agenda, save_agenda
from chainchief.services.meetings.plan import apply_plan, plan_meetings
from chainchief.services.workbooks.demo import load_demo
from chainchief.services.workbooks.importing import import_workbook
from chainchief.store import migrate
from chainchief.store.conflicts import WRITE_LOCK_KEY
from chainchief.store.db import Database, open_database
from chainchief.store.models import ActionItem, Chain, Firm

WEAKEST_FIRST = ("viewer", "member", "lead", "admin")


@dataclass(frozen=True)
class Case:
    name: str
    allowed: frozenset[str]
    call: Callable[[Office, str, Path], object]
    prepare: Callable[[Office], object] | None = None


def _import(office: Office, actor: str, folder: Path) -> object:
    book = write_book(
        folder / "holidays.xlsx",
        {"节假日": [["日期", "类型", "说明"], ["2027-10-09", "班", "调休"]]},
    )
    return import_workbook(office.db, book, actor=actor)


def _migrate(office: Office, actor: str, folder: Path) -> object:
    target = open_database(folder / f"copy-{actor}.db", daily_backup=False)
    try:
        return migrate_database(office.db, target, actor=actor)
    finally:
        target.dispose()


def _plan(office: Office, actor: str, _folder: Path) -> object:
    return apply_plan(office.db, plan_meetings(office.db, 2027), actor=actor)


LONELY = "无链企业"


def _lonely_firm(office: Office) -> int:
    """A firm serving no chain's segment (made by ``prepare``)."""
    with office.db.transaction() as session:
        return session.scalar(select(Firm.id).where(Firm.name == LONELY))


def _make_lonely_firm(office: Office) -> object:
    return create_firm(office.db, {"name": LONELY}, actor="admin")


def _assigned(office: Office) -> None:
    """The item the cases change, put back to 已交办 whatever the demo made it."""
    with office.db.transaction() as session:
        session.execute(
            update(ActionItem)
            .where(ActionItem.id == office.own_action)
            .values(status=ActionStatus.ASSIGNED.value)
        )


AGENDA = [AgendaItem("other", "听取专班工作汇报", ["各成员单位"])]
EMPTY_ARCHIVE = PortableData(revision=migrate.head_revision(), tables={})
ALL = frozenset({"admin", "lead", "member"})
CHAIN_EDITORS = frozenset({"admin", "lead"})
ADMIN = frozenset({"admin"})

CASES = [
    Case("set_setting", ADMIN, lambda o, a, _f: set_setting(o.db, "backup.keep", "4", actor=a)),
    Case(
        "create_action own chain",
        ALL,
        lambda o, a, _f: create_action(o.db, OWN, Resolution(f"走访企业（{a}）"), actor=a),
    ),
    Case(
        "create_action other chain",
        ADMIN,
        lambda o, a, _f: create_action(o.db, OTHER, Resolution(f"走访企业（{a}）"), actor=a),
    ),
    Case(
        "acknowledge",
        ALL,
        lambda o, a, _f: acknowledge(o.db, o.own_action, actor=a),
        prepare=lambda o: _assigned(o),
    ),
    Case(
        "cancel",
        CHAIN_EDITORS,
        lambda o, a, _f: cancel(o.db, o.own_action, "并入其他事项", actor=a),
        prepare=lambda o: _assigned(o),
    ),
    Case(
        "pin_segment own chain",
        CHAIN_EDITORS,
        lambda o, a, _f: pin_segment(o.db, o.own_segment, 10.0, 20.0, actor=a),
    ),
    Case(
        "pin_segment other chain",
        ADMIN,
        lambda o, a, _f: pin_segment(o.db, o.other_segment, 10.0, 20.0, actor=a),
    ),
    Case(
        "clear_pins",
        CHAIN_EDITORS,
        lambda o, a, _f: clear_pins(o.db, o.own_chain, actor=a),
        prepare=lambda o: pin_segment(o.db, o.own_segment, 1.0, 2.0, actor="admin"),
    ),
    Case("apply_plan", ADMIN, _plan),
    Case(
        "save_agenda own chain",
        CHAIN_EDITORS,
        lambda o, a, _f: save_agenda(o.db, o.own_meeting, AGENDA, actor=a),
    ),
    Case(
        "save_agenda team-leads meeting",
        ADMIN,
        lambda o, a, _f: save_agenda(o.db, o.team_leads_meeting, AGENDA, actor=a),
    ),
    Case(
        "reset_agenda",
        CHAIN_EDITORS,
        lambda o, a, _f: reset_agenda(o.db, o.own_meeting, actor=a),
    ),
    Case(
        "update_firm attached to no chain",
        CHAIN_EDITORS,
        lambda o, a, _f: update_firm(
            o.db, _lonely_firm(o), {"park": f"园区{a}"}, actor=a, expected_version=None
        ),
        prepare=_make_lonely_firm,
    ),
    Case(
        "delete_firm attached to no chain",
        CHAIN_EDITORS,
        lambda o, a, _f: delete_firm(o.db, _lonely_firm(o), actor=a, expected_version=None),
        prepare=_make_lonely_firm,
    ),
    Case("import_workbook", ADMIN, _import),
    Case("load_demo --force", ADMIN, lambda o, a, _f: load_demo(o.db, force=True, actor=a)),
    Case(
        "add_user",
        ADMIN,
        lambda o, a, _f: add_user(o.db, "新同事", UserRole.VIEWER, PASSWORD, actor=a),
    ),
    Case(
        "change_password of another user",
        ADMIN,
        lambda o, a, _f: change_password(
            o.db, "viewer" if a != "viewer" else "lead", "x" * 12, actor=a
        ),
    ),
    Case("set_chains", ADMIN, lambda o, a, _f: set_chains(o.db, "member", [OTHER], actor=a)),
    Case(
        "restore (portable)",
        ADMIN,
        lambda o, a, f: load_portable(o.db, EMPTY_ARCHIVE, actor=a, source=f / "x.zip"),
    ),
    Case("migrate-db", ADMIN, _migrate),
]


@pytest.fixture
def office(demo_db: Database, monkeypatch) -> Office:
    monkeypatch.setenv("CHAINCHIEF_TODAY", "2027-01-04")
    return open_office(demo_db)


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_each_role_may_do_exactly_what_its_role_allows(
    case: Case, office: Office, tmp_path: Path
) -> None:
    if case.prepare is not None:
        case.prepare(office)
    denied = [role for role in WEAKEST_FIRST if role not in case.allowed]
    before = dump_database(office.db)
    for role in denied:
        with pytest.raises(PermissionDenied):
            case.call(office, role, tmp_path)
        assert dump_database(office.db) == before, f"{role} changed something"
    allowed = next(role for role in WEAKEST_FIRST if role in case.allowed)
    entries = audit_count(office.db)
    case.call(office, allowed, tmp_path)
    replaced_or_copied = case.name.startswith(("restore", "load_demo", "migrate"))
    assert audit_count(office.db) > entries or replaced_or_copied


def test_a_viewer_changes_nothing_whatever_service_it_calls(office: Office, tmp_path) -> None:
    before = dump_database(office.db)
    for case in CASES:
        if case.prepare is not None:
            continue
        with pytest.raises(PermissionDenied):
            case.call(office, "viewer", tmp_path)
    assert dump_database(office.db) == before


def test_an_unknown_name_is_refused_once_users_exist(office: Office) -> None:
    with pytest.raises(PermissionDenied, match="not a user"):
        set_setting(office.db, "backup.keep", "4", actor="stranger")


def test_a_user_may_change_their_own_password_only(office: Office) -> None:
    change_password(office.db, "viewer", "a new secret", actor="viewer")
    with pytest.raises(PermissionDenied):
        change_password(office.db, "member", "a new secret", actor="viewer")


def test_without_users_the_os_user_may_do_everything(demo_db: Database) -> None:
    assert set_setting(demo_db, "backup.keep", "4", actor="anyone") == "4"
    assert all_settings(demo_db)["backup.keep"] == "4"
    with demo_db.transaction() as session:
        for permission in Permission:
            require(session, "anyone", permission, [None])


def test_what_concerns_all_chains_is_for_admins_only(office: Office) -> None:
    with office.db.transaction() as session:
        require(session, "lead", Permission.EDIT_CHAIN, [office.own_chain])
    with pytest.raises(PermissionDenied, match="all chains"), office.db.transaction() as session:
        require(session, "lead", Permission.EDIT_CHAIN, [office.own_chain, None])
    with pytest.raises(PermissionDenied, match="assigned"), office.db.transaction() as session:
        require(session, "lead", Permission.EDIT_WORK, [office.other_chain])


def test_demo_force_keeps_the_accounts(office: Office) -> None:
    load_demo(office.db, force=True, actor="admin")
    with pytest.raises(PermissionDenied):
        set_setting(office.db, "backup.keep", "4", actor="viewer")
    with office.db.transaction() as session:
        assert session.scalar(select(Chain.id).where(Chain.name == OWN)) is not None


def test_permission_checks_take_the_write_lock_first(office: Office) -> None:
    """Once ``require`` passed, no other writer gets in until the transaction ends."""
    with office.db.transaction() as session:
        require(session, "admin", Permission.ADMINISTER)
        assert not other_writer_gets_in(office.db)
    assert other_writer_gets_in(office.db)


def other_writer_gets_in(db: Database) -> bool:
    with db.engine.connect() as other:
        if db.is_sqlite:
            other.exec_driver_sql("PRAGMA busy_timeout=0")
            try:
                other.exec_driver_sql("BEGIN IMMEDIATE")
            except DatabaseLocked:
                return False
            other.exec_driver_sql("ROLLBACK")
            return True
        got = other.execute(
            text("SELECT pg_try_advisory_xact_lock(:key)"), {"key": WRITE_LOCK_KEY}
        ).scalar()
        other.rollback()
        return bool(got)


def test_a_database_whose_accounts_were_all_deleted_does_not_become_single_user(
    demo_db: Database,
) -> None:
    """Issue 18, defect 7: deleting every user (here straight in the file) opened the door."""
    add_user(demo_db, "管理员", UserRole.ADMIN, PASSWORD, actor="os user")
    with demo_db.transaction() as session:
        session.execute(text("DELETE FROM user_chains"))
        session.execute(text("DELETE FROM users"))
    before = dump_database(demo_db)
    with pytest.raises(PermissionDenied, match="had user accounts"):
        set_setting(demo_db, "backup.keep", "4", actor="anyone")
    with pytest.raises(PermissionDenied, match="had user accounts"):
        load_demo(demo_db, force=True, actor="anyone")
    assert dump_database(demo_db) == before
    add_user(demo_db, "新管理员", UserRole.ADMIN, PASSWORD, actor="anyone")
    with pytest.raises(PermissionDenied, match="not a user"):
        set_setting(demo_db, "backup.keep", "4", actor="anyone")
    set_setting(demo_db, "backup.keep", "4", actor="新管理员")


def test_demo_force_appends_to_the_audit_log_and_lists_what_it_clears(office: Office) -> None:
    """Issue 18: it replaced the whole audit log by one entry and dropped users' chains unsaid."""
    set_setting(office.db, "backup.keep", "4", actor="admin")
    with office.db.transaction() as session:
        before = session.execute(text("SELECT id, action, entity FROM audit_log ORDER BY id")).all()
    assert before

    summary = load_demo(office.db, force=True, actor="admin")

    with office.db.transaction() as session:
        after = session.execute(text("SELECT id, action, entity FROM audit_log ORDER BY id")).all()
    assert after[: len(before)] == before
    assert any(row[1:] == ("replace", "database") for row in after[len(before) :])
    assert summary.warnings[0].startswith("Cleared: ") and "chains " in summary.warnings[0]
    assert f"lead（{OWN}）" in summary.warnings[1]
