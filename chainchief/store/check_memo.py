"""Which database files passed the checks on open, and exactly as what they were then.

``quick_check`` reads every page, which at 20,000 firms is most of a reading command's time.
A command that only reads (``stats``, ``sheet``) may skip the page and content checks when the
file is the very file that passed them last time: same size, same modification and status-change
times (the status-change time moves with any write or ``touch``, and no user can set it back),
same inode, the same 100-byte SQLite header (its change counter moves with every committed
transaction), no pending write-ahead log, and the same ChainChief and schema version. Anything
that differs — including a write ChainChief made itself — means the full checks run again.

The content checks (schema objects, row values) are a function of the bytes alone, so every open
of such a file skips them; a process that may write (the window, imports, edits) still runs the
page check, which is what would notice a page gone bad on the disk without any write.

The memo lives in a small JSON file in the user's data folder; a missing or unreadable memo just
means checking. Restores always check in full.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from pathlib import Path

from chainchief import __version__
from chainchief.store import migrate
from chainchief.store.paths import data_dir

MEMO_NAME = "checked-files.json"
HEADER_BYTES = 100
MEMO_LIMIT = 20
"""Files remembered at most; the oldest are forgotten first."""


def memo_path() -> Path:
    return data_dir() / MEMO_NAME


def fingerprint(path: Path) -> str | None:
    """What identifies this file's exact state, or None when it cannot be told (a write-ahead
    log with content waiting, an unreadable file)."""
    try:
        wal = Path(f"{path}-wal")
        if wal.exists() and wal.stat().st_size > 0:
            return None
        status = path.stat()
        with path.open("rb") as file:
            header = file.read(HEADER_BYTES)
    except OSError:
        return None
    parts = [
        __version__,
        migrate.head_revision(),
        str(status.st_size),
        str(status.st_mtime_ns),
        str(status.st_ctime_ns),
        str(status.st_ino),
        str(status.st_dev),
        header.hex(),
    ]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def _read() -> dict[str, str]:
    try:
        loaded = json.loads(memo_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(loaded, dict):
        return {}
    return {str(key): str(value) for key, value in loaded.items()}


def is_unchanged(path: Path) -> bool:
    """Whether ``path`` is, to the byte of its header and the nanosecond of its times, the file
    that last passed the checks."""
    current = fingerprint(path)
    return current is not None and _read().get(str(path)) == current


def remember(path: Path) -> None:
    """Note that ``path`` as it is now passed the checks (best effort: a memo that cannot be
    written only means the next reading command checks again)."""
    current = fingerprint(path)
    if current is None:
        return
    memo = _read()
    memo.pop(str(path), None)
    memo[str(path)] = current
    kept = dict(list(memo.items())[-MEMO_LIMIT:])
    target = memo_path()
    with contextlib.suppress(OSError):
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f"{target.name}.{os.getpid()}.tmp")
        partial.write_text(json.dumps(kept), encoding="utf-8")
        os.replace(partial, target)
