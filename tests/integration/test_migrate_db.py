"""``migrate-db``: a whole database to another engine and back, row for row."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from accounts_support import ROLES, add_accounts
from exchange_support import dump_database
from pg_support import PgServer
from sqlalchemy import select

from chainchief import cli
from chainchief.services.actions.items import Resolution, create_action
from chainchief.services.actions.supervision import cancel
from chainchief.services.admin.migrate_db import migrate_database
from chainchief.services.admin.settings import set_setting
from chainchief.store.conflicts import as_shanghai
from chainchief.store.db import Database, open_database
from chainchief.store.models import ActionItem, AuditEntry, Base, Firm

COPIED_BY = "migrate"


def comparable(dump: dict[str, list[tuple]]) -> dict[str, list[tuple]]:
    """A dump with moments in Shanghai time, however the engine hands them back, and without
    the audit entry a copy adds to its target."""

    def plain(row: tuple) -> tuple:
        return tuple(as_shanghai(v) if isinstance(v, dt.datetime) else v for v in row)

    return {
        table: sorted(
            (plain(row) for row in rows if table != "audit_log" or COPIED_BY not in row), key=repr
        )
        for table, rows in dump.items()
    }


@pytest.fixture
def server_db(pg_server: PgServer) -> Iterator[Database]:
    with pg_server.fresh_database(pg_server.empty_template()) as url:
        database = open_database(url)
        yield database
        database.dispose()


def test_sqlite_to_postgresql_to_sqlite_gives_the_same_data(
    demo_db_path: Path, server_db: Database, tmp_path: Path
) -> None:
    source = open_database(demo_db_path)
    add_accounts(source, ROLES)
    set_setting(source, "backup.keep", "7", actor="admin")
    action = create_action(source, "新能源汽车", Resolution("复制测试"), actor="admin")
    cancel(source, action, "并入其他事项", actor="admin")
    back = open_database(tmp_path / "back.db")
    try:
        there = migrate_database(source, server_db, actor="admin")
        again = migrate_database(server_db, back, actor="admin")
        original = dump_database(source)
        assert comparable(dump_database(back)) == comparable(original)
        assert comparable(dump_database(server_db)) == comparable(original)
        assert dump_database(back)["firms"] == original["firms"], "SQLite to SQLite: identical"
    finally:
        source.dispose()
        back.dispose()
    assert [t.table for t in there.tables] == [t.name for t in Base.metadata.sorted_tables]
    counts = {t.table: t.rows for t in there.tables}
    assert counts == {name: len(rows) for name, rows in original.items()}
    assert again.rows == there.rows + 1, "the copy back carries the first copy's audit entry"


def test_the_copy_hands_out_new_ids_after_the_copied_ones(
    demo_db: Database, server_db: Database
) -> None:
    migrate_database(demo_db, server_db, actor="admin")
    created = create_action(server_db, "新能源汽车", Resolution("新增事项"), actor="admin")
    with server_db.transaction() as session:
        assert created > session.scalar(
            select(ActionItem.id).where(ActionItem.id != created).order_by(ActionItem.id.desc())
        )
        assert any(session.scalars(select(Firm.tags))), "JSON lists were copied as lists"


def test_moments_keep_their_meaning_across_engines(db: Database, tmp_path: Path) -> None:
    set_setting(db, "backup.keep", "4", actor="张三")
    with db.transaction() as session:
        before = session.scalar(select(AuditEntry.at))
    target = open_database(tmp_path / "copy.db")
    try:
        migrate_database(db, target, actor="admin")
        with target.transaction() as session:
            copied = session.scalar(select(AuditEntry.at).order_by(AuditEntry.id))
    finally:
        target.dispose()
    shanghai = dt.timezone(dt.timedelta(hours=8))

    def moment(value: dt.datetime) -> dt.datetime:
        return value if value.tzinfo else value.replace(tzinfo=shanghai)

    assert moment(copied) == moment(before)


def test_a_database_is_not_copied_onto_itself(demo_db: Database, capsys) -> None:
    code = cli.run(["--lang", "en", "migrate-db", "--from", demo_db.url, "--to", demo_db.url])
    assert code == 2
    assert "same database" in capsys.readouterr().err


def test_cli_copies_and_reports_every_table(demo_db: Database, tmp_path: Path, capsys) -> None:
    target = tmp_path / "copy.db"
    code = cli.run(["--lang", "en", "migrate-db", "--from", demo_db.url, "--to", str(target)])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "every table's count matches" in out
    assert "firms" in out and "audit_log" in out
    copy = open_database(target)
    try:
        with copy.transaction() as session:
            assert session.scalars(select(AuditEntry.action)).all()[-1] == COPIED_BY
    finally:
        copy.dispose()
    code = cli.run(["--lang", "en", "migrate-db", "--from", demo_db.url, "--to", str(target)])
    assert code == 2 and "not empty" in capsys.readouterr().err


def test_cli_never_shows_a_server_password(server_db: Database, tmp_path: Path, capsys) -> None:
    assert "chainchief:chainchief@" in server_db.url
    code = cli.run(
        ["--lang", "en", "migrate-db", "--from", server_db.url, "--to", str(tmp_path / "c.db")]
    )
    captured = capsys.readouterr()
    assert code == 0
    assert ":chainchief@" not in captured.out + captured.err


def test_once_users_exist_only_an_admin_copies(
    demo_db: Database, tmp_path, capsys, monkeypatch
) -> None:
    add_accounts(demo_db, ROLES)
    monkeypatch.setenv("CHAINCHIEF_PASSWORD", "correct horse battery")
    target = str(tmp_path / "copy.db")
    code = cli.run(
        ["--lang", "en", "--user", "viewer", "migrate-db", "--from", demo_db.url, "--to", target]
    )
    assert code == 2 and "may not" in capsys.readouterr().err
    code = cli.run(
        ["--lang", "en", "--user", "admin", "migrate-db", "--from", demo_db.url, "--to", target]
    )
    assert code == 0
