"""A backup or database whose schema objects or rows are not ChainChief's is refused (exit 2).

Issue 18, defect 2: a trigger hidden in a backup survived ``restore`` and later deleted every
firm unaudited; an extra table was accepted; a row pointing at chain 424242 restored, then broke
``export``. Each must be refused, naming the object or row, with the database unchanged.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import create_engine

from chainchief import cli
from chainchief.store import migrate, schema_check

TAMPERING = {
    "trigger": (
        "CREATE TRIGGER wipe AFTER UPDATE ON settings BEGIN DELETE FROM firms; END",
        "an extra trigger wipe",
    ),
    "table": ("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)", "an extra table notes"),
    "view": ("CREATE VIEW everyone AS SELECT * FROM people", "an extra view everyone"),
    "index": ("CREATE INDEX ix_sneaky ON firms (phone)", "an extra index ix_sneaky"),
    "dropped index": ("DROP INDEX ix_firms_location", "the index ix_firms_location is missing"),
    "orphan row": (
        "PRAGMA foreign_keys=OFF; UPDATE segments SET chain_id = 424242 WHERE id = "
        "(SELECT MIN(id) FROM segments)",
        "of the table segments points to a row of chains that is not there",
    ),
}


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.run(["--lang", "en", *argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def tampered_backup(
    capsys: pytest.CaptureFixture[str], database: Path, folder: Path, statement: str
) -> Path:
    backup = folder / "tampered.db"
    assert run(capsys, "--db", str(database), "backup", "-o", str(backup))[0] == 0
    with sqlite3.connect(backup) as connection:
        connection.executescript(statement)
    return backup


@pytest.mark.parametrize("kind", sorted(TAMPERING))
def test_a_tampered_backup_is_not_restored(
    capsys: pytest.CaptureFixture[str], demo_db_path: Path, tmp_path: Path, kind: str
) -> None:
    statement, named = TAMPERING[kind]
    backup = tampered_backup(capsys, demo_db_path, tmp_path, statement)
    with sqlite3.connect(demo_db_path) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = digest(demo_db_path)

    code, out, err = run(capsys, "--db", str(demo_db_path), "restore", str(backup))

    assert code == 2
    assert f"{backup} cannot be restored: " in err and named in err
    assert out == ""
    assert digest(demo_db_path) == before


@pytest.mark.parametrize("kind", sorted(TAMPERING))
def test_a_tampered_database_is_not_opened(
    capsys: pytest.CaptureFixture[str], demo_db_path: Path, kind: str
) -> None:
    statement, named = TAMPERING[kind]
    with sqlite3.connect(demo_db_path) as connection:
        connection.executescript(statement)
    before = digest(demo_db_path)

    code, out, err = run(capsys, "--db", str(demo_db_path), "stats", "--json")

    assert code == 2
    assert f"The database {demo_db_path} cannot be used: " in err and named in err
    assert out == ""
    assert digest(demo_db_path) == before


def test_the_schema_at_head_from_the_models_is_the_one_the_migrations_make() -> None:
    engine = create_engine("sqlite://")
    migrate.upgrade(engine)
    raw = engine.raw_connection()
    try:
        made = schema_check.fingerprint(raw.driver_connection)  # type: ignore[arg-type]
    finally:
        raw.close()
        engine.dispose()
    assert made == schema_check.expected(migrate.head_revision())
    assert ("index", "ix_firms_location") in made


def _tampered_portable(
    capsys: pytest.CaptureFixture[str], database: Path, folder: Path, change: Callable[[dict], None]
) -> Path:
    archive = folder / "portable.zip"
    assert run(capsys, "--db", str(database), "backup", "--portable", "-o", str(archive))[0] == 0
    with zipfile.ZipFile(archive) as source:
        members = {name: source.read(name) for name in source.namelist()}
    payload = json.loads(members["tables.json"])
    change(payload["tables"])
    members["tables.json"] = json.dumps(payload, ensure_ascii=False).encode()
    with zipfile.ZipFile(archive, "w") as target:
        for name, data in members.items():
            target.writestr(name, data)
    return archive


def _orphan(tables: dict) -> None:
    tables["segments"][0]["chain_id"] = 424242


def _not_rows(tables: dict) -> None:
    tables["firms"] = [1, 2, 3]


def _bad_date(tables: dict) -> None:
    tables["firms"][0]["created_at"] = "yesterday"


@pytest.mark.parametrize(
    ("change", "named"),
    [
        (_orphan, "of the table segments points to a row of chains that is not there"),
        (_not_rows, "the rows of firms"),
        (_bad_date, "the rows of firms"),
    ],
    ids=["orphan row", "not rows", "bad date"],
)
def test_a_tampered_portable_backup_is_refused_with_exit_2(
    capsys: pytest.CaptureFixture[str],
    demo_db_path: Path,
    tmp_path: Path,
    change: Callable[[dict], None],
    named: str,
) -> None:
    archive = _tampered_portable(capsys, demo_db_path, tmp_path, change)
    before = run(capsys, "--db", str(demo_db_path), "stats", "--json")[1]

    code, out, err = run(capsys, "--db", str(demo_db_path), "restore", str(archive))

    assert code == 2, err
    assert str(archive) in err and named in err
    assert out == ""
    assert run(capsys, "--db", str(demo_db_path), "stats", "--json")[1] == before
