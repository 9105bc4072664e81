"""Reading commands skip the page checks only for the very file that last passed them."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from chainchief import cli
from chainchief.store import check_memo, integrity
from chainchief.store.db import open_database


def stats(capsys: pytest.CaptureFixture[str], path: Path) -> tuple[int, str]:
    code = cli.run(["--db", str(path), "stats", "--json"])
    return code, capsys.readouterr().err


def damage_pages(path: Path) -> None:
    """Overwrite the middle of the file with a pattern SQLite cannot read as b-tree pages."""
    size = path.stat().st_size
    with open(path, "r+b") as handle:
        handle.seek(size // 3)
        handle.write(b"\xde\xad\xbe\xef" * (size // 12))


def test_a_checked_file_is_remembered_until_it_changes(
    demo_db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert not check_memo.is_unchanged(demo_db_path), "a file never opened was never checked"
    assert stats(capsys, demo_db_path)[0] == 0
    assert check_memo.is_unchanged(demo_db_path)

    connection = sqlite3.connect(demo_db_path)
    with connection:
        connection.execute("UPDATE firms SET name = name || '（改）' WHERE id = 1")
    connection.close()
    assert not check_memo.is_unchanged(demo_db_path), "a write outside ChainChief is a change"
    assert stats(capsys, demo_db_path)[0] == 0, "the changed file was checked again and is sound"
    assert check_memo.is_unchanged(demo_db_path)


def test_a_write_through_chainchief_means_checking_again(demo_db_path: Path) -> None:
    db = open_database(demo_db_path)
    assert check_memo.is_unchanged(demo_db_path)
    with db.transaction() as session:
        session.connection().exec_driver_sql("UPDATE firms SET name = name || 'x' WHERE id = 1")
    db.dispose()
    assert not check_memo.is_unchanged(demo_db_path)


def test_a_file_damaged_after_its_check_is_refused_even_with_its_times_put_back(
    demo_db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert stats(capsys, demo_db_path)[0] == 0
    before = demo_db_path.stat()
    damage_pages(demo_db_path)
    os.utime(demo_db_path, ns=(before.st_atime_ns, before.st_mtime_ns))
    damaged = demo_db_path.read_bytes()

    code, err = stats(capsys, demo_db_path)

    assert code == 2
    assert "damaged" in err and "Traceback" not in err
    assert demo_db_path.read_bytes() == damaged, "the damaged file is left as it was"
    assert not check_memo.is_unchanged(demo_db_path)


def test_a_file_swapped_in_under_the_same_name_is_checked(
    demo_db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert stats(capsys, demo_db_path)[0] == 0
    stranger = tmp_path / "stranger.db"
    connection = sqlite3.connect(stranger)
    with connection:
        connection.execute("CREATE TABLE notes (text TEXT)")
    connection.close()
    os.replace(stranger, demo_db_path)

    code, err = stats(capsys, demo_db_path)

    assert code == 2
    assert "not made by ChainChief" in err


def test_an_unreadable_memo_only_means_checking(
    demo_db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    check_memo.memo_path().parent.mkdir(parents=True, exist_ok=True)
    check_memo.memo_path().write_text("{not json", encoding="utf-8")
    assert stats(capsys, demo_db_path)[0] == 0
    assert check_memo.is_unchanged(demo_db_path)


def test_an_unchanged_file_skips_its_content_checks_and_only_readers_skip_its_pages(
    demo_db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    open_database(demo_db_path, daily_backup=False).dispose()
    assert check_memo.is_unchanged(demo_db_path)
    ran: list[str] = []
    content_problem, check_pages = integrity.content_problem, integrity.check_pages

    def contents(connection: sqlite3.Connection, revision: str | None) -> str | None:
        ran.append("contents")
        return content_problem(connection, revision)

    def pages(connection: sqlite3.Connection, *, thorough: bool) -> list[str]:
        ran.append("pages")
        return check_pages(connection, thorough=thorough)

    monkeypatch.setattr(integrity, "content_problem", contents)
    monkeypatch.setattr(integrity, "check_pages", pages)

    open_database(demo_db_path, daily_backup=False).dispose()
    assert ran == ["pages"], "a process that may write still reads every page"
    open_database(demo_db_path, daily_backup=False, trust_unchanged=True).dispose()
    assert ran == ["pages"], "a reading command trusts the unchanged file altogether"

    connection = sqlite3.connect(demo_db_path)
    with connection:
        connection.execute("UPDATE firms SET name = name || '（改）' WHERE id = 1")
    connection.close()
    open_database(demo_db_path, daily_backup=False, trust_unchanged=True).dispose()
    assert ran == ["pages", "pages", "contents"], "a changed file is checked in full"
