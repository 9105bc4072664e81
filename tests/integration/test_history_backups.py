"""Snapshots survive a backup and its restore, the portable format and ``migrate-db``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from exchange_support import small_city, write_book
from pg_support import PgServer
from sqlalchemy import select

from chainchief import cli
from chainchief.domain.clock import TODAY_VARIABLE
from chainchief.services.admin.backups import backup_database, restore_database
from chainchief.services.admin.migrate_db import migrate_database
from chainchief.services.history import take_snapshots
from chainchief.store.conflicts import as_shanghai
from chainchief.store.db import Database, open_database
from chainchief.store.models import ChainSnapshot


@pytest.fixture
def remembered(db: Database, tmp_path: Path, monkeypatch) -> Database:
    """The small city with two rounds of snapshots, a month apart."""
    monkeypatch.setenv(TODAY_VARIABLE, "2026-05-04")
    book = write_book(tmp_path / "city.xlsx", small_city())
    assert cli.run(["--db", db.url, "import", str(book)]) == 0
    take_snapshots(db, actor="admin")
    monkeypatch.setenv(TODAY_VARIABLE, "2026-06-04")
    take_snapshots(db, actor="admin", chain="新能源汽车")
    return db


def snapshots(db: Database) -> list[tuple[object, ...]]:
    with db.transaction() as session:
        rows = session.execute(select(ChainSnapshot).order_by(ChainSnapshot.id)).scalars()
        return [
            (
                row.id,
                row.chain_id,
                row.taken_on,
                as_shanghai(row.taken_at),
                row.reason,
                row.quarter,
                row.meeting_id,
                row.document,
            )
            for row in rows
        ]


@pytest.mark.sqlite_only
def test_a_backup_restores_the_snapshots(remembered: Database, tmp_path: Path) -> None:
    kept = snapshots(remembered)
    assert len(kept) == 3
    saved = backup_database(remembered, tmp_path / "saved.db", actor="admin")
    target = tmp_path / "restored.db"
    restore_database(target, saved, actor="admin")
    restored = open_database(target)
    try:
        assert snapshots(restored) == kept
    finally:
        restored.dispose()


def test_the_portable_format_restores_the_snapshots(remembered: Database, tmp_path: Path) -> None:
    kept = snapshots(remembered)
    saved = backup_database(remembered, tmp_path / "saved.zip", actor="admin", portable=True)
    take_snapshots(remembered, actor="admin")  # changed after the backup: the restore undoes it
    restore_database(remembered.url, saved, actor="admin")
    assert snapshots(remembered) == kept


@pytest.fixture
def server_db(pg_server: PgServer) -> Iterator[Database]:
    with pg_server.fresh_database(pg_server.empty_template()) as url:
        database = open_database(url)
        yield database
        database.dispose()


@pytest.mark.sqlite_only
def test_migrate_db_copies_the_snapshots(remembered: Database, server_db: Database) -> None:
    migrate_database(remembered, server_db, actor="admin")
    assert snapshots(server_db) == snapshots(remembered)
