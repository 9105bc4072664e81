"""PostgreSQL mode: what differs between the engines is handled so that users see no difference.

Limits SQLite does not have (32-bit integers, sized text columns), the server's refusals (a lock
held too long, no connection) and its time zone are each met with the same typed error or the
same value as on SQLite.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from exchange_support import write_book
from pg_support import PgServer
from sqlalchemy import insert, select, text

from chainchief import cli
from chainchief.domain.clock import now
from chainchief.domain.errors import DatabaseLocked, ImportRefused, RuleViolation
from chainchief.services.actions.items import Resolution, create_action
from chainchief.services.admin.settings import set_setting
from chainchief.services.workbooks.importing import import_workbook
from chainchief.store import conflicts
from chainchief.store import db as store_db
from chainchief.store.conflicts import WRITE_LOCK_KEY, as_shanghai
from chainchief.store.db import Database, open_database
from chainchief.store.models import AuditEntry, Person


@pytest.fixture
def server_db(pg_server: PgServer) -> Iterator[Database]:
    with pg_server.fresh_database(pg_server.empty_template()) as url:
        database = open_database(url)
        yield database
        database.dispose()


def test_a_number_too_large_for_the_server_is_refused_on_both_engines(db: Database, tmp_path):
    rows = [["企业名称", "所在地", "从业人数"], ["巨型企业", "区内", 3_000_000_000]]
    book = write_book(tmp_path / "big.xlsx", {"企业": rows})
    with pytest.raises(ImportRefused) as refused:
        import_workbook(db, book, actor="test")
    (error,) = refused.value.errors
    assert (error.row, error.column) == (2, "C") and "Too large" in error.reason


def test_moments_read_back_as_the_same_shanghai_time(db: Database) -> None:
    before = now()
    set_setting(db, "backup.keep", "4", actor="test")
    with db.transaction() as session:
        at = as_shanghai(session.scalar(select(AuditEntry.at)))
        person = Person(name="时间测试")
        session.add(person)
        session.flush()
        created = as_shanghai(person.created_at)
    assert at.utcoffset() == dt.timedelta(hours=8)
    assert dt.timedelta(0) <= at - before < dt.timedelta(minutes=5)
    assert dt.timedelta(0) <= created - before < dt.timedelta(minutes=5)


def test_the_server_session_runs_in_shanghai_time(server_db: Database) -> None:
    with server_db.engine.connect() as connection:
        assert connection.execute(text("SHOW timezone")).scalar() == "Asia/Shanghai"


def test_a_text_too_long_for_its_column_is_a_plain_refusal(server_db: Database) -> None:
    too_long = pytest.raises(RuleViolation, match="longer than the database")
    with too_long, server_db.transaction() as session:
        session.execute(insert(Person).values(name="长" * 300))


def test_a_write_lock_held_too_long_is_reported_as_busy(db: Database, monkeypatch) -> None:
    monkeypatch.setattr(conflicts, "LOCK_WAIT_SECONDS", 1)
    monkeypatch.setattr(store_db, "BUSY_TIMEOUT_MS", 300)
    impatient = open_database(db.url, daily_backup=False)
    try:
        with db.engine.connect() as holder:
            if db.is_sqlite:
                holder.exec_driver_sql("BEGIN IMMEDIATE")
            else:
                holder.execute(text("SELECT pg_advisory_lock(:key)"), {"key": WRITE_LOCK_KEY})
            with pytest.raises(DatabaseLocked):
                set_setting(impatient, "backup.keep", "4", actor="test")
            holder.rollback()
            if not db.is_sqlite:
                holder.execute(text("SELECT pg_advisory_unlock_all()"))
                holder.commit()
        set_setting(impatient, "backup.keep", "4", actor="test")
    finally:
        impatient.dispose()


def test_an_unreachable_server_is_a_plain_error_with_exit_2(capsys) -> None:
    url = "postgresql+psycopg://nobody:secret@127.0.0.1:1/nothing"
    assert cli.run(["--lang", "en", "--db", url, "stats", "--json"]) == 2
    err = capsys.readouterr().err
    assert "Cannot connect to the database server" in err
    assert "secret" not in err


def test_a_default_place_longer_than_a_meeting_holds_is_refused(db: Database) -> None:
    with pytest.raises(RuleViolation, match="at most 200"):
        set_setting(db, "meeting.default_place", "会" * 201, actor="test")
    assert set_setting(db, "meeting.default_place", "会" * 200, actor="test") == "会" * 200


def test_an_owner_name_longer_than_a_name_holds_is_refused(demo_db: Database) -> None:
    with pytest.raises(RuleViolation, match="at most 200"):
        create_action(demo_db, "新能源汽车", Resolution("事项", owner="王" * 201), actor="test")


def test_a_server_lost_mid_transaction_is_a_refusal_not_a_crash(server_db: Database) -> None:
    """The server ends the session while a transaction is open (restart, network cut)."""
    from chainchief.store.server import ServerUnavailable

    killer = server_db.engine.connect()
    try:
        with (
            pytest.raises(ServerUnavailable, match="connection to the database server was lost"),
            server_db.transaction() as session,
        ):
            pid = session.execute(text("SELECT pg_backend_pid()")).scalar_one()
            killer.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
            session.execute(text("SELECT 1"))
    finally:
        killer.close()
    with server_db.transaction() as session:
        assert session.execute(text("SELECT 1")).scalar_one() == 1
