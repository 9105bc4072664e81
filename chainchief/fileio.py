"""Atomic file writing: every file the app writes appears whole or not at all.

The data goes to a temporary file beside the target, is flushed to the disk, and only then
renamed over the target; the folder is flushed too, so after a crash or power loss the target
is either the old file or the complete new one. A full disk, an I/O error or a folder that does
not exist and cannot be made becomes a ``FileWriteFailed`` (exit 2) with a plain message, never
a traceback or a half-written file.
"""

from __future__ import annotations

import contextlib
import errno
import glob
import logging
import os
import stat
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from chainchief import write_guard
from chainchief.domain.errors import DiskFullError, FileWriteFailed
from chainchief.i18n import _

log = logging.getLogger(__name__)

PART_SUFFIX = ".part"
STALE_AFTER_SECONDS = 3600
_DISK_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
_REPORTED = _DISK_FULL | {errno.EIO, errno.EROFS, errno.EACCES, errno.EPERM, errno.EFBIG}
_NO_FOLDER = {errno.ENOENT, errno.ENOTDIR, errno.EEXIST}
"""What a missing folder looks like: gone (or on a drive that is not there), a file where a
folder of the path should be (ENOTDIR), or such a file met while making the folder (EEXIST)."""


def write_failure(error: OSError, path: Path) -> FileWriteFailed:
    """The user's words for a failed write of ``path``; the old file is untouched."""
    if error.errno in _DISK_FULL:
        return DiskFullError(
            _(
                "Could not write {path}: the disk is full. Free some space and try again; "
                "the previous file, if any, was left unchanged."
            ).format(path=path),
            path=str(path),
        )
    reasons = {
        errno.EIO: _("the disk reported an input/output error"),
        errno.EROFS: _("the disk is read-only"),
        errno.EACCES: _("permission denied"),
        errno.EPERM: _("permission denied"),
        errno.EFBIG: _("the file is too large for this disk"),
        errno.ENOENT: _("its folder does not exist and cannot be created"),
        errno.ENOTDIR: _("part of its folder path is a file, not a folder"),
        errno.EEXIST: _("part of its folder path is a file, not a folder"),
    }
    reason = reasons.get(error.errno or 0) or error.strerror or str(error)
    return FileWriteFailed(
        _(
            "Could not write {path}: {reason}. The previous file, if any, was left unchanged."
        ).format(path=path, reason=reason),
        path=str(path),
    )


def _reported(error: OSError, destination: Path) -> bool:
    """Whether ``error`` is the user's to fix (a full disk, no permission, no folder…).

    A missing-file error counts only when the destination's folder is really missing: the
    block inside ``atomic_path`` may read other files, and a file it cannot find is a fault of
    that code, not a write that failed.
    """
    if error.errno in _REPORTED:
        return True
    return error.errno in _NO_FOLDER and not destination.parent.is_dir()


def fsync_directory(folder: Path) -> None:
    """Make a rename in ``folder`` durable; Windows has no directory handles and needs none.

    The rename has already happened when this runs, so a failure here (some network and FUSE
    file systems refuse it) is logged, not reported as a failed write.
    """
    if os.name == "nt":
        return
    try:
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
    except OSError:
        log.warning("could not flush folder %s after a rename", folder, exc_info=True)


def fsync_file(path: Path) -> None:
    with open(path, "rb+") as written:
        os.fsync(written.fileno())


def remove_stale_parts(destination: Path) -> None:
    """Temporary files a crash or power loss left beside ``destination`` more than an hour ago.

    A fresh one may belong to a writer still at work, so only old leftovers are removed.
    """
    pattern = f".{glob.escape(destination.stem)}.*{glob.escape(destination.suffix)}{PART_SUFFIX}"
    limit = time.time() - STALE_AFTER_SECONDS
    for leftover in destination.parent.glob(pattern):
        with contextlib.suppress(OSError):
            if leftover.stat().st_mtime < limit:
                leftover.unlink()


_UMASK = os.umask(0o022)
os.umask(_UMASK)


def _mode_for(destination: Path) -> int:
    """The mode a plain ``open(…, "w")`` would give: the old file's, or 0o666 less the umask.

    mkstemp creates files readable by their owner only, which is wrong for workbooks and maps
    meant to be shared with colleagues.
    """
    try:
        return stat.S_IMODE(destination.stat().st_mode)
    except OSError:
        return 0o666 & ~_UMASK


@contextlib.contextmanager
def atomic_path(target: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; rename it into place only if the block succeeds.

    The temporary file sits in the target's folder so the final ``os.replace`` is a same-volume
    rename, which is atomic on Windows and POSIX; on failure the old target stays untouched.
    A target ``write_guard`` protects (the open database, a backup, the command's input) is
    refused before anything is created.
    """
    destination = Path(target).expanduser().resolve()
    write_guard.check(destination)
    try:
        destination.parent.mkdir(parents=True, exist_ok=True)
        remove_stale_parts(destination)
        handle, name = tempfile.mkstemp(
            prefix=f".{destination.stem}.",
            suffix=destination.suffix + PART_SUFFIX,
            dir=destination.parent,
        )
    except OSError as error:
        if _reported(error, destination):
            raise write_failure(error, destination) from error
        raise
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        fsync_file(temporary)
        os.chmod(temporary, _mode_for(destination))
        os.replace(temporary, destination)
        fsync_directory(destination.parent)
    except OSError as error:
        if _reported(error, destination):
            raise write_failure(error, destination) from error
        raise
    finally:
        # A backup copied into the temporary file may leave SQLite's journal beside it.
        ends = write_guard.DATABASE_SIDECARS
        for leftover in (temporary, *(Path(f"{temporary}{end}") for end in ends)):
            with contextlib.suppress(OSError):
                leftover.unlink(missing_ok=True)
