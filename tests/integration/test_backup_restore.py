"""Backups, restore, and opening a database on bad days: damaged, newer, read-only, locked."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from chainchief import cli
from chainchief.domain.errors import (
    DatabaseDamaged,
    DatabaseLocked,
    DiskFullError,
    ReadOnlyDatabase,
    SchemaError,
)
from chainchief.services.admin.backups import backup_database, restore_database
from chainchief.services.admin.settings import all_settings, set_setting
from chainchief.services.admin.stats import row_counts
from chainchief.services.meetings.plan import apply_plan, plan_meetings
from chainchief.services.workbooks.demo import load_demo
from chainchief.services.workbooks.exporting import export_workbook
from chainchief.services.workbooks.importing import import_workbook
from chainchief.store import backup, conflicts, migrate
from chainchief.store import db as store_db
from chainchief.store.db import Database, open_database
from chainchief.store.models import AuditEntry, Firm
from chainchief.write_guard import ProtectedFileError


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.run(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def firm_count(path: Path) -> int:
    with sqlite3.connect(path) as connection:
        return int(connection.execute("SELECT count(*) FROM firms").fetchone()[0])


def integrity(path: Path) -> list[str]:
    with sqlite3.connect(path) as connection:
        return [row[0] for row in connection.execute("PRAGMA integrity_check")]


def delete_firms(db: Database) -> None:
    with db.transaction() as session:
        for firm in session.scalars(select(Firm)):
            session.delete(firm)


def damage_pages(path: Path) -> None:
    """Overwrite the middle of the file with a pattern SQLite cannot read as b-tree pages."""
    size = path.stat().st_size
    with open(path, "r+b") as handle:
        handle.seek(size // 3)
        handle.write(b"\xde\xad\xbe\xef" * (size // 12))


def target_of(db: Database) -> str:
    """The ``--db`` value of a test database: its file, or its server URL."""
    return str(db.path) if db.path is not None else db.url


def test_backup_and_restore_round_trip(demo_db: Database, tmp_path: Path) -> None:
    """SQLite: a file image via the backup API; PostgreSQL: a portable archive."""
    counts = row_counts(demo_db)
    saved = backup_database(
        demo_db, tmp_path / ("saved.db" if demo_db.is_sqlite else "saved.zip"), actor="tester"
    )
    if demo_db.is_sqlite:
        assert integrity(saved) == ["ok"]
        assert not Path(f"{saved}-wal").exists(), "a backup is one self-contained file"
    else:
        assert zipfile.is_zipfile(saved)
    delete_firms(demo_db)
    assert row_counts(demo_db)["firms"] == 0

    result = restore_database(target_of(demo_db), saved, actor="tester")

    assert row_counts(demo_db) == counts, "an open connection sees the restored data"
    assert result.previous is not None and result.previous.parent == backup.backup_folder()
    with demo_db.transaction() as session:
        entry = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        assert entry is not None and (entry.action, entry.user, entry.key) == (
            "restore",
            "tester",
            str(saved),
        )
        session.add(Firm(name="恢复后新增的企业", location="in_zone"))
    assert row_counts(demo_db)["firms"] == counts["firms"] + 1, "new ids follow restored ones"
    if demo_db.is_sqlite:
        assert firm_count(result.previous) == 0
        assert integrity(demo_db.path) == ["ok"]


def test_cli_backup_and_restore(capsys, demo_db_path: Path, tmp_path: Path) -> None:
    target = tmp_path / "copy.db"
    code, out, _err = run(capsys, "--db", str(demo_db_path), "backup", "-o", str(target))
    assert code == 0 and str(target) in out
    with sqlite3.connect(demo_db_path) as connection:
        connection.execute("PRAGMA foreign_keys=ON")
        connection.execute("DELETE FROM firms")
    code, out, err = run(capsys, "--db", str(demo_db_path), "restore", str(target))
    assert (code, err) == (0, "")
    assert "Restored" in out
    code, out, _err = run(capsys, "--db", str(demo_db_path), "stats", "--json")
    assert json.loads(out)["firms"] == firm_count(target) > 0


def test_backup_without_output_goes_to_the_backup_folder(demo_db: Database) -> None:
    path = backup_database(demo_db, actor="tester")
    assert path.parent == backup.backup_folder()
    assert path.name.endswith("-manual.db" if demo_db.is_sqlite else "-manual.zip")
    assert backup.list_backups(demo_db.path or demo_db.url)[0].path == path


def test_only_the_newest_backups_are_kept(demo_db: Database) -> None:
    set_setting(demo_db, "backup.keep", "3", actor="tester")
    made = [backup_database(demo_db, actor="tester") for _ in range(5)]
    kept = [item.path for item in backup.list_backups(demo_db.path or demo_db.url)]
    assert kept == made[::-1][:3]
    assert not any(path.exists() for path in made[:2])


def test_a_daily_backup_is_taken_on_open_at_most_once_a_day(demo_db_path: Path) -> None:
    for _ in range(3):
        open_database(demo_db_path).dispose()
    reasons = [item.reason for item in backup.list_backups(demo_db_path)]
    assert reasons == ["daily"]


def test_a_backup_opened_read_only_is_not_backed_up_again(demo_db_path: Path) -> None:
    """Double-clicking a backup opens it read-only: it stays as it was and is not copied."""
    source = open_database(demo_db_path, daily_backup=False)
    saved = backup_database(source, actor="tester")
    source.dispose()
    before = saved.read_bytes()
    db = open_database(store_db.read_only_url(saved))
    try:
        assert db.read_only
        assert row_counts(db)["chains"] == 8
    finally:
        db.dispose()
    assert saved.read_bytes() == before
    assert backup.list_backups(saved) == []


def test_an_empty_database_gets_no_backup(db_path: Path, tmp_path: Path) -> None:
    open_database(db_path).dispose()
    db = open_database(db_path)
    try:
        source = open_database(tmp_path / "source.db")
        load_demo(source, force=False, actor="tester")
        workbook = tmp_path / "all.xlsx"
        export_workbook(source, workbook)
        source.dispose()
        import_workbook(db, workbook, actor="tester")
    finally:
        db.dispose()
    assert backup.list_backups(db_path) == [], "nothing to lose before the first import"
    open_database(db_path).dispose()
    assert [item.reason for item in backup.list_backups(db_path)] == ["daily"]


@pytest.mark.sqlite_only
def test_import_and_demo_force_back_up_first(demo_db: Database, tmp_path: Path) -> None:
    workbook = tmp_path / "all.xlsx"
    export_workbook(demo_db, workbook)
    import_workbook(demo_db, workbook, actor="tester")
    import_workbook(demo_db, workbook, actor="tester", dry_run=True)
    load_demo(demo_db, force=True, actor="tester")
    reasons = sorted(item.reason for item in backup.list_backups(demo_db.path))
    assert reasons == ["daily", "demo", "import"]


def test_demo_force_is_in_the_audit_log_of_the_new_data(demo_db: Database) -> None:
    load_demo(demo_db, force=True, actor="tester")
    with demo_db.transaction() as session:
        replaced = session.scalar(
            select(func.count()).where(AuditEntry.action == "replace", AuditEntry.user == "tester")
        )
    assert replaced == 1


def test_a_migration_is_preceded_by_a_backup(demo_db_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(migrate, "head_revision", lambda: "9999_next")
    open_database(demo_db_path, daily_backup=False).dispose()
    assert [item.reason for item in backup.list_backups(demo_db_path)] == ["migration"]


def test_damaged_database_names_the_newest_good_backup_and_is_recovered(
    capsys, demo_db_path: Path
) -> None:
    open_database(demo_db_path).dispose()
    [good] = backup.list_backups(demo_db_path)
    damage_pages(demo_db_path)
    damaged_bytes = demo_db_path.read_bytes()

    with pytest.raises(DatabaseDamaged) as raised:
        open_database(demo_db_path)
    assert raised.value.newest_backup == str(good.path)
    assert demo_db_path.read_bytes() == damaged_bytes, "the damaged file is left as it was"

    code, _out, err = run(capsys, "--db", str(demo_db_path), "stats")
    assert code == 2
    assert "damaged" in err and str(good.path) in err and "restore" in err
    assert "Traceback" not in err

    code, _out, err = run(capsys, "--db", str(demo_db_path), "restore", str(good.path))
    assert (code, err) == (0, "")
    assert integrity(demo_db_path) == ["ok"]
    assert firm_count(demo_db_path) == firm_count(good.path) > 0
    aside = [item for item in backup.list_backups(demo_db_path) if item.reason == "damaged"]
    assert len(aside) == 1 and aside[0].path.read_bytes() == damaged_bytes


def test_a_file_that_is_not_a_database_is_reported_as_damaged(db_path: Path) -> None:
    db_path.write_bytes(b"this is a spreadsheet, honest" * 200)
    with pytest.raises(DatabaseDamaged) as raised:
        open_database(db_path)
    assert raised.value.newest_backup is None
    assert "No backup" in raised.value.message


def test_newest_good_backup_skips_a_damaged_backup(demo_db_path: Path) -> None:
    db = open_database(demo_db_path)
    older = backup_database(db, actor="tester")
    newer = backup_database(db, actor="tester")
    db.dispose()
    damage_pages(newer)
    assert backup.newest_good_backup(demo_db_path) == older


def test_newer_schema_is_refused_on_open_and_restore_without_touching_files(
    capsys, demo_db_path: Path, tmp_path: Path
) -> None:
    future = tmp_path / "future.db"
    db = open_database(demo_db_path)
    backup_database(db, future, actor="tester")
    db.dispose()
    with sqlite3.connect(future) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    future_bytes = future.read_bytes()
    current_bytes = demo_db_path.read_bytes()

    with pytest.raises(SchemaError, match="newer version"):
        open_database(future)
    code, _out, err = run(capsys, "--db", str(demo_db_path), "restore", str(future))
    assert code == 2 and "newer version" in err
    assert future.read_bytes() == future_bytes
    assert demo_db_path.read_bytes() == current_bytes


@pytest.mark.sqlite_only
def test_restore_refuses_a_damaged_file_and_keeps_the_database(
    demo_db: Database, tmp_path: Path
) -> None:
    broken = backup_database(demo_db, tmp_path / "broken.db", actor="tester")
    damage_pages(broken)
    counts = row_counts(demo_db)
    with pytest.raises(SchemaError, match="damaged"):
        restore_database(demo_db.path, broken, actor="tester")
    assert row_counts(demo_db) == counts
    assert not list(demo_db.path.parent.glob("*.part")), "no staged copy is left behind"


def test_restore_refuses_a_file_that_is_not_chainchief(demo_db: Database, tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE notes (id INTEGER)")
    with pytest.raises(SchemaError, match="not made by ChainChief"):
        restore_database(demo_db.path, other, actor="tester")


@pytest.mark.sqlite_only
def test_restore_into_a_new_location_creates_the_database(
    demo_db: Database, tmp_path: Path
) -> None:
    saved = backup_database(demo_db, tmp_path / "saved.db", actor="tester")
    fresh = tmp_path / "elsewhere" / "new.db"
    result = restore_database(fresh, saved, actor="tester")
    assert result.previous is None
    assert firm_count(fresh) == firm_count(saved)


@pytest.mark.parametrize("how", ["url", "file"])
def test_read_only_database_opens_and_refuses_edits_politely(
    capsys, demo_db_path: Path, how: str
) -> None:
    if how == "url":
        target = f"sqlite:///{demo_db_path}?mode=ro"
    else:
        demo_db_path.chmod(stat.S_IRUSR | stat.S_IRGRP)
        target = str(demo_db_path)
    before = demo_db_path.read_bytes()
    db = open_database(target)
    try:
        assert db.read_only
        assert row_counts(db)["firms"] > 0
        assert all_settings(db)["backup.keep"] == "10"
        with pytest.raises(ReadOnlyDatabase, match="read-only"):
            set_setting(db, "backup.keep", "4", actor="tester")
        with pytest.raises(ReadOnlyDatabase):
            delete_firms(db)
    finally:
        db.dispose()
    code, _out, err = run(capsys, "--db", target, "settings", "set", "backup.keep", "4")
    assert code == 2 and "read-only" in err and "Traceback" not in err
    assert demo_db_path.read_bytes() == before
    demo_db_path.chmod(stat.S_IRUSR | stat.S_IWUSR)


def test_restore_refuses_a_read_only_database(demo_db_path: Path, tmp_path: Path) -> None:
    db = open_database(demo_db_path)
    saved = backup_database(db, tmp_path / "saved.db", actor="tester")
    db.dispose()
    with pytest.raises(ReadOnlyDatabase):
        restore_database(f"sqlite:///{demo_db_path}?mode=ro", saved, actor="tester")


def test_locked_database_waits_then_reports(
    capsys, demo_db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # SQLite's busy timeout and the writer's retries around BEGIN IMMEDIATE both wait for the
    # lock; cut both, or the two refused writes wait 15 s each.
    monkeypatch.setattr(store_db, "BUSY_TIMEOUT_MS", 300)
    monkeypatch.setattr(conflicts, "LOCK_WAIT_SECONDS", 1)
    holder = sqlite3.connect(demo_db_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("INSERT INTO settings (key, value) VALUES ('backup.keep', '7')")
    try:
        db = open_database(demo_db_path)
        try:
            assert row_counts(db)["firms"] > 0, "readers are not blocked by a writer (WAL)"
            with pytest.raises(DatabaseLocked, match="busy"):
                set_setting(db, "backup.keep", "5", actor="tester")
        finally:
            db.dispose()
        code, _out, err = run(
            capsys, "--db", str(demo_db_path), "settings", "set", "backup.keep", "5"
        )
        assert code == 2 and "busy" in err and "Traceback" not in err
    finally:
        holder.execute("COMMIT")
        holder.close()
    assert integrity(demo_db_path) == ["ok"]
    db = open_database(demo_db_path)
    assert all_settings(db)["backup.keep"] == "7", "the other writer's change is intact"
    db.dispose()


def test_backup_on_a_full_disk_leaves_no_file_and_the_old_one_intact(
    capsys, demo_db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "nightly.db"
    target.write_bytes(b"yesterday's backup")
    real_open = backup.open_destination

    def tiny_disk(path: Path) -> sqlite3.Connection:
        connection = real_open(path)
        connection.execute("PRAGMA max_page_count=8")
        return connection

    monkeypatch.setattr(backup, "open_destination", tiny_disk)
    db = open_database(demo_db_path, daily_backup=False)
    try:
        with pytest.raises(DiskFullError, match="disk is full"):
            backup_database(db, target, actor="tester")
    finally:
        db.dispose()
    code, _out, err = run(capsys, "--db", str(demo_db_path), "backup", "-o", str(target))
    assert code == 2 and "disk is full" in err
    assert target.read_bytes() == b"yesterday's backup"
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(
        [demo_db_path.name, target.name, *_sidecars(demo_db_path)]
    )


@pytest.mark.sqlite_only
def test_backup_refuses_to_overwrite_the_database(demo_db: Database) -> None:
    with pytest.raises(ProtectedFileError, match="it is the open database"):
        backup_database(demo_db, demo_db.path, actor="tester")


def _sidecars(database: Path) -> list[str]:
    return [
        f"{database.name}{end}" for end in ("-wal", "-shm") if os.path.exists(f"{database}{end}")
    ]


def test_portable_backup_round_trips_every_table(
    capsys, demo_db_path: Path, tmp_path: Path
) -> None:
    db = open_database(demo_db_path, daily_backup=False)
    apply_plan(db, plan_meetings(db, 2027), actor="tester")
    set_setting(db, "meeting.default_place", "管委会 3 楼会议室", actor="tester")
    db.dispose()
    archive = tmp_path / "city.zip"
    code, out, err = run(
        capsys, "--db", str(demo_db_path), "backup", "--portable", "-o", str(archive)
    )
    assert (code, err) == (0, "") and str(archive) in out
    with zipfile.ZipFile(archive) as opened:
        assert sorted(opened.namelist()) == ["tables.json", "数据.xlsx"]
    expected = table_rows(demo_db_path)

    elsewhere = tmp_path / "elsewhere.db"
    code, _out, err = run(capsys, "--db", str(elsewhere), "restore", str(archive))
    assert (code, err) == (0, "")
    restored = table_rows(elsewhere)
    restore_entry = max(restored["audit_log"], key=lambda row: row[0])
    restored["audit_log"].remove(restore_entry)
    assert restore_entry[3:5] == ("restore", "database")
    assert restored == expected, "ids, versions, timestamps, meetings, settings: all back"

    db = open_database(demo_db_path, daily_backup=False)
    delete_firms(db)
    db.dispose()
    code, _out, err = run(capsys, "--db", str(demo_db_path), "restore", str(archive))
    assert (code, err) == (0, "")
    assert firm_count(demo_db_path) == len(expected["firms"])
    assert backup.list_backups(demo_db_path)[0].reason == "restore"


def test_portable_backup_of_another_schema_is_refused(demo_db: Database, tmp_path: Path) -> None:
    archive = backup_database(demo_db, tmp_path / "city.zip", portable=True, actor="tester")
    with zipfile.ZipFile(archive) as opened:
        parts = {name: opened.read(name) for name in opened.namelist()}
    payload = json.loads(parts["tables.json"])
    payload["revision"] = "9999_from_the_future"
    with zipfile.ZipFile(archive, "w") as changed:
        for name, data in parts.items():
            changed.writestr(name, json.dumps(payload) if name == "tables.json" else data)
    counts = row_counts(demo_db)
    with pytest.raises(SchemaError, match="9999_from_the_future"):
        restore_database(demo_db.path, archive, actor="tester")
    assert row_counts(demo_db) == counts


def test_a_truncated_portable_backup_is_refused(demo_db: Database, tmp_path: Path) -> None:
    archive = backup_database(demo_db, tmp_path / "city.zip", portable=True, actor="tester")
    archive.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    counts = row_counts(demo_db)
    with pytest.raises(SchemaError):
        restore_database(demo_db.path, archive, actor="tester")
    assert row_counts(demo_db) == counts


def table_rows(path: Path) -> dict[str, list[tuple[object, ...]]]:
    with sqlite3.connect(path) as connection:
        names = [
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name != 'alembic_version'"
            )
        ]
        return {
            name: sorted(
                (
                    tuple(_same_moment(value) for value in row)
                    for row in connection.execute(f'SELECT * FROM "{name}"')
                ),
                key=repr,
            )
            for name in names
        }


def _same_moment(value: object) -> object:
    """SQLite and SQLAlchemy write one moment differently: …:39 and …:39.000000."""
    if isinstance(value, str) and len(value) == 26 and value.endswith(".000000"):
        return value[:19]
    return value


def test_cli_round_trip_on_either_engine_never_prints_a_password(
    capsys, demo_db: Database, tmp_path: Path
) -> None:
    archive = tmp_path / "city.zip"
    target = target_of(demo_db)
    code, out, err = run(capsys, "--db", target, "backup", "--portable", "-o", str(archive))
    assert (code, err) == (0, "")
    delete_firms(demo_db)
    code, out, err = run(capsys, "--db", target, "restore", str(archive))
    assert (code, err) == (0, "") and "Restored" in out
    assert row_counts(demo_db)["firms"] > 0
    password = make_url(demo_db.url).password
    if password:
        assert f":{password}@" not in out


def test_a_folder_given_as_database_is_a_clear_error(capsys, tmp_path: Path) -> None:
    folder = tmp_path / "not-a-file.db"
    folder.mkdir()
    code, _out, err = run(capsys, "--db", str(folder), "stats")
    assert code == 2 and "Cannot open the database" in err and "Traceback" not in err


def test_only_an_administrator_may_back_up_or_restore(demo_db: Database, tmp_path: Path) -> None:
    from chainchief.domain.enums import UserRole
    from chainchief.services.admin.permissions import PermissionDenied
    from chainchief.services.admin.users import add_user

    saved = backup_database(demo_db, tmp_path / "saved.zip", actor="tester", portable=True)
    add_user(demo_db, "管理员甲", UserRole.ADMIN, "correct horse battery", actor="tester")
    add_user(demo_db, "成员乙", UserRole.MEMBER, "staple battery horse", actor="管理员甲")
    counts = row_counts(demo_db)
    with pytest.raises(PermissionDenied):
        backup_database(demo_db, tmp_path / "mine.zip", actor="成员乙", portable=True)
    with pytest.raises(PermissionDenied):
        restore_database(target_of(demo_db), saved, actor="成员乙")
    assert row_counts(demo_db) == counts
    restore_database(target_of(demo_db), saved, actor="管理员甲")
    assert row_counts(demo_db)["firms"] == counts["firms"]
