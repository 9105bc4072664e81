"""A full disk, a failing disk and a power cut while files are written.

Faults are injected where the bytes go: the file object every writer gets for its temporary
file fails part-way with ENOSPC or EIO, or the final flush or rename fails; SQLite's own
"disk full" is produced for real by capping the pages a connection may use. After each fault:
a clear message (exit 2), the old file at the target byte for byte, no temporary file left.
"""

from __future__ import annotations

import builtins
import errno
import gc
import io
import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from reliability_support import (
    child_env,
    content_digest,
    growth_workbook,
    integrity_check,
)
from sqlalchemy import event

from chainchief import cli, fileio
from chainchief.domain.errors import DiskFullError, FileWriteFailed
from chainchief.services.admin.backups import backup_database
from chainchief.services.workbooks.exporting import export_workbook
from chainchief.services.workbooks.importing import import_workbook
from chainchief.store import backup
from chainchief.store.db import open_database

pytestmark = pytest.mark.filterwarnings(
    # After a failed save, openpyxl leaves its ZipFile and write-only sheet generators to the
    # garbage collector, which tries to finish them on the (still failing) file: noise only.
    "ignore::pytest.PytestUnraisableExceptionWarning"
)


@pytest.fixture(autouse=True)
def collect_abandoned_writers() -> Iterator[None]:
    """Finish openpyxl's abandoned objects inside the test that abandoned them; left to a later
    collection, their finalizers can fire inside a compile() and trip CPython 3.11's
    "AST constructor recursion depth mismatch"."""
    yield
    gc.collect()


MESSAGES = {errno.ENOSPC: "disk is full", errno.EIO: "input/output error"}
WRITTEN_BEFORE_FAULT = 4096


class FailingFile:
    """A file that takes ``limit`` bytes, then fails like a full or broken disk."""

    def __init__(self, real: Any, code: int, limit: int) -> None:
        self._real = real
        self._code = code
        self._left = limit

    def write(self, data: bytes) -> int:
        if len(data) > self._left:
            self._real.write(data[: self._left])
            self._left = 0
            raise OSError(self._code, os.strerror(self._code))
        self._left -= len(data)
        return self._real.write(data)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)

    def __enter__(self) -> FailingFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self._real.close()


@pytest.fixture
def fail_writes(monkeypatch: pytest.MonkeyPatch) -> Callable[[int], None]:
    """Make every temporary ``.part`` file opened for writing fail after a few kilobytes."""
    real_open = io.open

    def arm(code: int) -> None:
        def faulty_open(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
            handle = real_open(file, mode, *args, **kwargs)
            if str(file).endswith(fileio.PART_SUFFIX) and any(m in mode for m in "wa+"):
                return FailingFile(handle, code, WRITTEN_BEFORE_FAULT)
            return handle

        monkeypatch.setattr(io, "open", faulty_open)
        monkeypatch.setattr(builtins, "open", faulty_open)

    return arm


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = cli.run(["--lang", "en", *argv])
    return code, capsys.readouterr().err


def leftovers(folder: Path) -> list[str]:
    """Temporary files, with the journals SQLite keeps beside one (``.part-journal``)."""
    return sorted(path.name for path in folder.iterdir() if ".part" in path.name)


@pytest.fixture
def old_export(demo_db_path: Path, tmp_path: Path) -> Iterator[tuple[Path, bytes]]:
    target = tmp_path / "out" / "city.xlsx"
    db = open_database(demo_db_path)
    export_workbook(db, target)
    db.dispose()
    yield target, target.read_bytes()


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EIO], ids=["ENOSPC", "EIO"])
def test_export_fault_while_writing(
    capsys, fail_writes, demo_db_path: Path, old_export, code: int
) -> None:
    target, old = old_export
    fail_writes(code)
    status, err = run(capsys, "--db", str(demo_db_path), "export", str(target))
    assert status == 2
    assert MESSAGES[code] in err and str(target) in err and "left unchanged" in err
    assert "Traceback" not in err
    assert target.read_bytes() == old
    assert leftovers(target.parent) == []
    load_workbook(target, read_only=True).close()


@pytest.mark.parametrize(
    ("step", "code"),
    [
        ("flush", errno.ENOSPC),
        ("flush", errno.EIO),
        ("rename", errno.EIO),
    ],
)
def test_export_fault_at_flush_or_rename(
    capsys, monkeypatch, demo_db_path: Path, old_export, step: str, code: int
) -> None:
    target, old = old_export

    def fail(*_args: object) -> None:
        raise OSError(code, os.strerror(code))

    if step == "flush":
        monkeypatch.setattr(fileio, "fsync_file", fail)
    else:
        monkeypatch.setattr(fileio.os, "replace", fail)
    status, err = run(capsys, "--db", str(demo_db_path), "export", str(target))
    assert status == 2 and MESSAGES[code] in err
    assert target.read_bytes() == old
    assert leftovers(target.parent) == []


def test_meeting_workbook_and_ics_faults_leave_old_files(
    fail_writes, demo_db_path: Path, tmp_path: Path
) -> None:
    from chainchief.domain.clock import now
    from chainchief.domain.quarters import Quarter
    from chainchief.exchange.ics import write_ics
    from chainchief.exchange.meeting_workbook import write_meeting_workbook
    from chainchief.services.meetings.pack import quarter_pack
    from chainchief.services.meetings.plan import apply_plan, plan_meetings

    db = open_database(demo_db_path)
    apply_plan(db, plan_meetings(db, 2027), actor="tester")
    pack = quarter_pack(db, Quarter.parse("2027Q3"))
    db.dispose()
    sheet, ics = tmp_path / "q.xlsx", tmp_path / "q.ics"
    write_meeting_workbook(pack, sheet)
    meetings = [meeting for meeting in pack.meetings if meeting.date is not None]
    assert meetings, "the demo city has meetings planned in 2027Q3"
    write_ics(meetings * 40, ics, stamp=now())
    old_sheet, old_ics = sheet.read_bytes(), ics.read_bytes()
    fail_writes(errno.ENOSPC)
    with pytest.raises(DiskFullError):
        write_meeting_workbook(pack, sheet)
    with pytest.raises(DiskFullError):
        write_ics(meetings * 40, ics, stamp=now())
    assert (sheet.read_bytes(), ics.read_bytes()) == (old_sheet, old_ics)
    assert leftovers(tmp_path) == []


def test_backup_fault_leaves_no_half_backup(capsys, monkeypatch, demo_db_path: Path, tmp_path):
    target = tmp_path / "saved.db"
    target.write_bytes(b"last week's backup")

    def broken_flush(_path: Path) -> None:
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    monkeypatch.setattr(fileio, "fsync_file", broken_flush)
    status, err = run(capsys, "--db", str(demo_db_path), "backup", "-o", str(target))
    assert status == 2 and "input/output error" in err
    assert target.read_bytes() == b"last week's backup"
    assert leftovers(tmp_path) == []


def test_import_is_refused_when_its_backup_cannot_be_written(
    monkeypatch, demo_db_path: Path, tmp_path: Path
) -> None:
    workbook = growth_workbook(tmp_path / "growth.xlsx", demo_db_path, 50)
    before = content_digest(demo_db_path)
    real_open = backup.open_destination

    def tiny_disk(path: Path) -> sqlite3.Connection:
        connection = real_open(path)
        connection.execute("PRAGMA max_page_count=4")
        return connection

    monkeypatch.setattr(backup, "open_destination", tiny_disk)
    db = open_database(demo_db_path, daily_backup=False)
    try:
        with pytest.raises(DiskFullError, match="disk is full"):
            import_workbook(db, workbook, actor="tester")
    finally:
        db.dispose()
    assert content_digest(demo_db_path) == before, "no import without its backup"
    assert leftovers(backup.backup_folder()) == []


def test_database_disk_full_during_import_changes_nothing(
    capsys, demo_db_path: Path, tmp_path: Path
) -> None:
    workbook = growth_workbook(tmp_path / "growth.xlsx", demo_db_path, 3000)
    before = content_digest(demo_db_path)
    db = open_database(demo_db_path, daily_backup=False)
    pages = db.engine.connect().exec_driver_sql("PRAGMA page_count").scalar()

    def cap(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.execute(f"PRAGMA max_page_count={pages + 20}")

    db.engine.dispose()
    event.listen(db.engine, "connect", cap)
    try:
        with pytest.raises(DiskFullError, match="is full"):
            import_workbook(db, workbook, actor="tester")
    finally:
        db.dispose()
    assert integrity_check(demo_db_path) == ["ok"]
    assert content_digest(demo_db_path) == before


POWER_CUT = """
import os, sys
from pathlib import Path
from chainchief import cli

target = Path(sys.argv[1]).resolve()
real_replace = os.replace

def replace(source, destination):
    if Path(destination).resolve() == target:
        os._exit(137)
    real_replace(source, destination)

os.replace = replace
sys.exit(cli.run(sys.argv[2:]))
"""


@pytest.mark.parametrize("command", ["export", "backup"])
def test_power_cut_between_temporary_file_and_rename(
    demo_db_path: Path, tmp_path: Path, command: str
) -> None:
    """The process dies with the new file complete but not yet renamed: the old file stays,
    the orphan is a hidden .part file, and a later write sweeps it once it is old."""
    suffix = ".xlsx" if command == "export" else ".db"
    target = tmp_path / "out" / f"result [v1]{suffix}"
    target.parent.mkdir()
    target.write_bytes(b"the previous file")
    argv = ["--lang", "en", "--db", str(demo_db_path), command]
    argv += [str(target)] if command == "export" else ["-o", str(target)]
    env = child_env(tmp_path / "home")
    cut = subprocess.run(
        [sys.executable, "-c", POWER_CUT, str(target), *argv],
        env=env,
        capture_output=True,
    )
    assert cut.returncode == 137
    assert target.read_bytes() == b"the previous file"
    [orphan] = leftovers(target.parent)
    aged = time.time() - 2 * fileio.STALE_AFTER_SECONDS
    os.utime(target.parent / orphan, (aged, aged))

    again = subprocess.run(
        [sys.executable, "-m", "chainchief", *argv], env=env, capture_output=True
    )
    assert again.returncode == 0, again.stderr
    assert leftovers(target.parent) == []
    if command == "export":
        load_workbook(target, read_only=True).close()
    else:
        assert integrity_check(target) == ["ok"]


def test_write_failure_messages_are_user_errors(tmp_path: Path) -> None:
    failure = fileio.write_failure(OSError(errno.ENOSPC, "x"), tmp_path / "a.xlsx")
    assert isinstance(failure, DiskFullError)
    other = fileio.write_failure(OSError(errno.EROFS, "x"), tmp_path / "a.xlsx")
    assert isinstance(other, FileWriteFailed) and "read-only" in other.message


def test_a_backup_holds_exactly_the_data_of_the_database(demo_db_path: Path) -> None:
    db = open_database(demo_db_path, daily_backup=False)
    try:
        made = backup_database(db, actor="tester")
    finally:
        db.dispose()
    assert integrity_check(made) == ["ok"]
    assert content_digest(made) == content_digest(demo_db_path)


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EIO], ids=["ENOSPC", "EIO"])
def test_portable_backup_fault_leaves_the_old_archive(
    capsys, fail_writes, demo_db_path: Path, tmp_path: Path, code: int
) -> None:
    target = tmp_path / "city.zip"
    target.write_bytes(b"last month's archive")
    fail_writes(code)
    status, err = run(capsys, "--db", str(demo_db_path), "backup", "--portable", "-o", str(target))
    assert status == 2 and MESSAGES[code] in err
    assert target.read_bytes() == b"last month's archive"
    assert leftovers(tmp_path) == []
