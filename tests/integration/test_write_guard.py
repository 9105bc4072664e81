"""No command writes over the open database, its sidecars, a backup or its own input (exit 2)."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from chainchief import cli
from chainchief.store.backup import backup_folder, list_backups

WRITERS = {
    "export": lambda out: ["export", out],
    "template": lambda out: ["template", out],
    "sheet": lambda out: ["sheet", "--quarter", "2026Q2", "-o", out],
    "ics": lambda out: ["ics", "--quarter", "2026Q2", "-o", out],
    "render": lambda out: ["render", "--chain", "新能源汽车", "-o", out],
    "backup": lambda out: ["backup", "-o", out],
}


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.run(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def folder_listing(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


@pytest.mark.parametrize("command", sorted(WRITERS))
def test_a_writer_refuses_the_database_itself(
    capsys: pytest.CaptureFixture[str], demo_db_path: Path, command: str
) -> None:
    before = digest(demo_db_path)
    files = folder_listing(demo_db_path.parent)
    code, _out, err = run(
        capsys, "--db", str(demo_db_path), "--lang", "en", *WRITERS[command](str(demo_db_path))
    )
    assert code == 2, err
    assert f"Refused to write {demo_db_path}: it is the open database" in err
    assert digest(demo_db_path) == before
    assert folder_listing(demo_db_path.parent) == files


@pytest.mark.parametrize("end", ["-wal", "-shm", "-journal"])
def test_a_writer_refuses_a_file_of_the_database(
    capsys: pytest.CaptureFixture[str], demo_db_path: Path, end: str
) -> None:
    sidecar = demo_db_path.with_name(demo_db_path.name + end)
    code, _out, err = run(
        capsys, "--db", str(demo_db_path), "--lang", "en", "template", str(sidecar)
    )
    assert code == 2
    assert f"Refused to write {sidecar}: it belongs to the open database" in err
    assert not sidecar.exists() or end == "-shm"


def test_another_name_for_the_database_is_refused_too(
    capsys: pytest.CaptureFixture[str], demo_db_path: Path, tmp_path: Path
) -> None:
    """A hard link is the same file under another name: compared with samefile."""
    alias = tmp_path / "alias.xlsx"
    os.link(demo_db_path, alias)
    before = digest(demo_db_path)
    code, _out, err = run(
        capsys, "--db", str(demo_db_path), "--lang", "zh_CN", "export", str(alias)
    )
    assert code == 2
    assert str(alias) in err and "拒绝写入" in err
    assert digest(demo_db_path) == before


def test_a_writer_refuses_a_backup_in_the_backup_folder(
    capsys: pytest.CaptureFixture[str], demo_db_path: Path
) -> None:
    assert run(capsys, "--db", str(demo_db_path), "backup")[0] == 0
    backups = list_backups(demo_db_path)
    taken = backups[0]
    before = digest(taken.path)
    for command in ("export", "template", "backup"):
        code, _out, err = run(
            capsys, "--db", str(demo_db_path), "--lang", "en", *WRITERS[command](str(taken.path))
        )
        assert code == 2, command
        assert f"Refused to write {taken.path}: it is a backup in the backup folder" in err
    assert digest(taken.path) == before
    assert list_backups(demo_db_path) == backups
    assert backup_folder() == taken.path.parent


def test_a_new_file_in_the_backup_folder_may_be_written(
    capsys: pytest.CaptureFixture[str], demo_db_path: Path
) -> None:
    target = backup_folder() / "copy-for-the-office.xlsx"
    code, _out, err = run(capsys, "--db", str(demo_db_path), "template", str(target))
    assert code == 0, err
    assert target.is_file()


def test_the_import_error_report_cannot_replace_the_workbook_being_read(
    demo_db_path: Path, tmp_path: Path
) -> None:
    from chainchief import write_guard
    from chainchief.fileio import atomic_path

    workbook = tmp_path / "in.xlsx"
    workbook.write_bytes(b"PK\x03\x04 not really")
    with (
        write_guard.reading(workbook),
        pytest.raises(write_guard.ProtectedFileError) as refused,
        atomic_path(workbook) as temporary,
    ):
        temporary.write_text("report")
    assert "it is the file this command reads" in refused.value.message
    assert workbook.read_bytes() == b"PK\x03\x04 not really"
    with atomic_path(workbook) as temporary:
        temporary.write_text("report")
    assert workbook.read_text() == "report"


@pytest.mark.parametrize("url", ["foo://x", "mysql://someone@host/db", "sqlite+nosuch://"])
def test_an_unknown_kind_of_database_url_exits_2(
    capsys: pytest.CaptureFixture[str], url: str
) -> None:
    code, out, err = run(capsys, "--db", url, "--lang", "en", "stats")
    assert code == 2
    assert "Unknown kind of database in --db" in err
    assert out == ""
