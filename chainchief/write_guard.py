"""Files no writer may replace: the open database and its sidecars, backups, a command's input.

``fileio.atomic_path`` asks ``refusal`` before it makes its temporary file, so every file the
app writes (export, template, sheet, ics, render, backups, error reports…) passes this one
check. Paths are compared resolved and, when both exist, with ``os.path.samefile``, so a hard
link, a symlink or another spelling of the same file is caught too.

The database layer registers each SQLite file it opens and the backup folder; a command that
reads a file registers it for as long as it reads (``reading``).
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from chainchief.domain.errors import UserError
from chainchief.i18n import _

DATABASE_SIDECARS = ("-wal", "-shm", "-journal")

_lock = threading.Lock()
_databases: Counter[Path] = Counter()
_inputs: Counter[Path] = Counter()
_backup_folders: set[Path] = set()


class ProtectedFileError(UserError):
    """A write aimed at a file that must not be replaced; nothing was written."""

    def __init__(self, message: str, *, path: str) -> None:
        super().__init__(message)
        self.path = path


def _resolved(path: str | Path) -> Path:
    return Path(os.path.normcase(Path(path).expanduser().resolve()))


def _same(first: Path, second: Path) -> bool:
    if first == second:
        return True
    try:
        return os.path.samefile(first, second)
    except OSError:
        return False


def protect_database(path: Path) -> None:
    """The SQLite file ``path`` is open in this process; counted, so nested opens nest."""
    with _lock:
        _databases[_resolved(path)] += 1


def release_database(path: Path) -> None:
    with _lock:
        key = _resolved(path)
        _databases[key] -= 1
        if _databases[key] <= 0:
            del _databases[key]


def protect_backup_folder(folder: Path) -> None:
    """Files already in ``folder`` are backups; new backups may still be written there."""
    with _lock:
        _backup_folders.add(_resolved(folder))


@contextlib.contextmanager
def reading(path: str | Path) -> Iterator[None]:
    """While the block runs, ``path`` is a command's input and no writer may replace it."""
    key = _resolved(path)
    with _lock:
        _inputs[key] += 1
    try:
        yield
    finally:
        with _lock:
            _inputs[key] -= 1
            if _inputs[key] <= 0:
                del _inputs[key]


def refusal(target: str | Path) -> ProtectedFileError | None:
    """Why ``target`` must not be written, or None when it may be."""
    destination = _resolved(target)
    with _lock:
        databases = list(_databases)
        inputs = list(_inputs)
        folders = list(_backup_folders)
    for database in databases:
        if _same(destination, database):
            return _refused(destination, _("it is the open database; choose another file name"))
        for end in DATABASE_SIDECARS:
            if _same(destination, database.with_name(database.name + end)):
                return _refused(
                    destination,
                    _("it belongs to the open database {database}").format(database=database),
                )
    for source in inputs:
        if _same(destination, source):
            return _refused(destination, _("it is the file this command reads"))
    if destination.exists():
        for folder in folders:
            if _same(destination.parent, folder):
                return _refused(
                    destination,
                    _("it is a backup in the backup folder {folder}").format(folder=folder),
                )
    return None


def check(target: str | Path) -> None:
    """Raise ProtectedFileError when ``target`` must not be written."""
    refused = refusal(target)
    if refused is not None:
        raise refused


def _refused(path: Path, reason: str) -> ProtectedFileError:
    return ProtectedFileError(
        _("Refused to write {path}: {reason}. Nothing was written.").format(
            path=path, reason=reason
        ),
        path=str(path),
    )
