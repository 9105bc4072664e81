"""A child process of the concurrent-edit tests: edits or imports one shared database.

``python concurrent_worker.py URL counter SEGMENT_ID ROUNDS`` adds 1 to a segment's pin_x
ROUNDS times, each a read then an edit naming the version read, starting over on a conflict:
the lost-update test. ``… URL notes ACTION_ID ROUNDS`` adds ROUNDS progress notes. ``… URL
import FOLDER ROUNDS`` imports FOLDER/book-0.xlsx … book-(ROUNDS-1).xlsx in turn. With a sixth
argument, a file path, a worker first says it is ready and waits for that file to appear. Each
prints one JSON line of what it did, so the test can check every change it reported is in the
database.
"""

from __future__ import annotations

import json
import os
import random
import sys
import time
from pathlib import Path

from chainchief.domain.errors import ConflictError, DatabaseLocked
from chainchief.services.actions.supervision import report_progress
from chainchief.services.chains.pins import pin_segment
from chainchief.services.workbooks.importing import import_workbook
from chainchief.store.db import open_database
from chainchief.store.models import Segment

START_TIMEOUT = 120


def count_up(url: str, segment_id: int, rounds: int) -> dict[str, int]:
    db = open_database(url, daily_backup=False)
    done = conflicts = 0
    while done < rounds:
        with db.transaction() as session:
            segment = session.get(Segment, segment_id)
            assert segment is not None
            value, version = segment.pin_x or 0.0, segment.version
        time.sleep(random.uniform(0, 0.004))
        try:
            pin_segment(db, segment_id, value + 1, 0.0, actor="worker", expected_version=version)
        except ConflictError:
            conflicts += 1
            continue
        done += 1
    db.dispose()
    return {"done": done, "conflicts": conflicts}


def add_notes(url: str, action_id: int, rounds: int) -> dict[str, int]:
    db = open_database(url, daily_backup=False)
    done = locked = 0
    while done < rounds:
        try:
            report_progress(db, action_id, f"进展 {done}", actor="worker")
        except DatabaseLocked:
            locked += 1
            continue
        done += 1
    db.dispose()
    return {"done": done, "locked": locked}


def import_rounds(url: str, folder: str, rounds: int) -> dict[str, int]:
    db = open_database(url, daily_backup=False)
    done = 0
    for number in range(rounds):
        import_workbook(db, Path(folder) / f"book-{number}.xlsx", actor="importer")
        done += 1
    db.dispose()
    return {"done": done}


def wait_for_start(signal: Path) -> None:
    """Say ready, then wait for the test's go, so the workers really run at the same time."""
    signal.with_name(f"{signal.name}.{os.getpid()}.ready").touch()
    deadline = time.monotonic() + START_TIMEOUT
    while not signal.exists():
        if time.monotonic() > deadline:
            raise SystemExit("no start signal")
        time.sleep(0.005)


if __name__ == "__main__":
    url, job, target, rounds = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    if len(sys.argv) > 5:
        wait_for_start(Path(sys.argv[5]))
    if job == "counter":
        result = count_up(url, int(target), rounds)
    elif job == "notes":
        result = add_notes(url, int(target), rounds)
    else:
        result = import_rounds(url, target, rounds)
    print(json.dumps(result))
