"""kill -9 the CLI import at random moments: the database is always sound and holds all of the
import or none of it (DESIGN.md §3: import is all or nothing).

One complete reference run gives the "all" state and the timing; then every run starts the real
``chainchief import`` on a fresh copy of the demo city and kills it (SIGKILL, no clean-up of any
kind) either at any moment from its start, or a random time after its pre-import backup appeared
— the stretch where the import plans and writes. Runs go three at a time to keep the suite short.
The seed can be changed with CHAINCHIEF_KILL_SEED to explore other moments.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
from reliability_support import (
    backups_of,
    child_env,
    cli_command,
    content_digest,
    growth_workbook,
    integrity_check,
)

from chainchief.store.db import open_database

RUNS = 22
PARALLEL = 3
NEW_FIRMS = 1200
POLL_SECONDS = 0.005


@dataclass(frozen=True)
class Timing:
    backup_seen: float
    finished: float


@dataclass(frozen=True)
class Outcome:
    index: int
    mode: str
    delay: float
    killed: bool
    returncode: int
    state: str
    integrity: tuple[str, ...]
    opens: bool
    backup_sound: bool | None
    backup_before_kill: bool
    half_backup: bool

    @property
    def in_transaction(self) -> bool:
        """Killed after the pre-import backup, with the import not committed."""
        return self.killed and self.backup_before_kill and self.state == "none"


def launch(database: Path, workbook: Path, home: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        cli_command("--db", str(database), "import", str(workbook)),
        env=child_env(home),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def import_backup(home: Path) -> Path | None:
    folder = backups_of(home)
    found = sorted(folder.glob("*-import.db")) if folder.exists() else []
    return found[-1] if found else None


def wait_for_backup(process: subprocess.Popen[bytes], home: Path) -> float:
    start = time.monotonic()
    while import_backup(home) is None and process.poll() is None:
        time.sleep(POLL_SECONDS)
    return time.monotonic() - start


@pytest.fixture(scope="module")
def setting(demo_template: Path, tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("kill")
    workbook = growth_workbook(folder / "growth.xlsx", demo_template, NEW_FIRMS)
    reference = folder / "reference.db"
    shutil.copyfile(demo_template, reference)
    home = folder / "reference-home"
    process = launch(reference, workbook, home)
    started = time.monotonic()
    backup_seen = wait_for_backup(process, home)
    assert process.wait(timeout=300) == 0, "the reference import succeeds"
    timing = Timing(backup_seen=backup_seen, finished=time.monotonic() - started)
    digests = {"none": content_digest(demo_template), "all": content_digest(reference)}
    assert digests["none"] != digests["all"]
    return folder, workbook, timing, digests


def kill_run(
    index: int,
    mode: str,
    delay: float,
    work: Path,
    database: Path,
    workbook: Path,
    digests: dict[str, str],
) -> Outcome:
    home = work / "home"
    process = launch(database, workbook, home)
    if mode == "after_backup":
        wait_for_backup(process, home)
    time.sleep(delay)
    killed = process.poll() is None
    backup_before_kill = import_backup(home) is not None
    if killed:
        process.kill()
    returncode = process.wait()
    checked = tuple(integrity_check(database))
    digest = content_digest(database)
    state = next((name for name, value in digests.items() if value == digest), "partial")
    try:
        open_database(database, daily_backup=False).dispose()
        opens = True
    except Exception:
        opens = False
    backup = import_backup(home)
    backup_sound = None if backup is None else integrity_check(backup) == ["ok"]
    folder = backups_of(home)
    half_backup = folder.exists() and any(folder.glob("*.part"))
    return Outcome(
        index,
        mode,
        delay,
        killed,
        returncode,
        state,
        checked,
        opens,
        backup_sound,
        backup_before_kill,
        half_backup,
    )


def test_kill_9_during_import_leaves_all_or_nothing(
    setting, demo_template: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, workbook, timing, digests = setting
    seed = int(os.environ.get("CHAINCHIEF_KILL_SEED", "11"))
    rng = random.Random(seed)
    write_window = max(timing.finished - timing.backup_seen, 0.2) * 2.0
    plans = []
    for index in range(RUNS):
        work = folder / f"run{index:02d}"
        work.mkdir()
        shutil.copyfile(demo_template, work / "city.db")
        if index % 4 == 0:
            plans.append((index, "anywhere", rng.uniform(0.2, timing.finished), work))
        else:
            plans.append((index, "after_backup", rng.uniform(0.0, write_window), work))
    with ThreadPoolExecutor(max_workers=PARALLEL) as pool:
        outcomes = list(
            pool.map(
                lambda plan: kill_run(
                    plan[0], plan[1], plan[2], plan[3], plan[3] / "city.db", workbook, digests
                ),
                plans,
            )
        )

    states = Counter(outcome.state for outcome in outcomes)
    bad_integrity = [o.index for o in outcomes if o.integrity != ("ok",)]
    killed = sum(outcome.killed for outcome in outcomes)
    with capsys.disabled():
        print(
            f"\nkill -9 import (seed {seed}, reference run {timing.finished:.2f} s, backup at "
            f"{timing.backup_seen:.2f} s): {len(outcomes)} runs, {killed} killed while running, "
            f"{len(outcomes) - killed} finished first; all {states['all']}, none "
            f"{states['none']}, partial {states['partial']}; killed inside the import "
            f"transaction {sum(o.in_transaction for o in outcomes)}, while writing the "
            f"pre-import backup {sum(o.half_backup for o in outcomes)}; integrity failures "
            f"{len(bad_integrity)}; unopenable {sum(not o.opens for o in outcomes)}"
        )
    assert len(outcomes) >= 20
    assert bad_integrity == []
    assert states["partial"] == 0, [o for o in outcomes if o.state == "partial"]
    assert all(outcome.opens for outcome in outcomes)
    assert all(outcome.backup_sound is not False for outcome in outcomes)
    for outcome in outcomes:
        if not outcome.killed:
            assert (outcome.returncode, outcome.state) == (0, "all"), outcome
    assert killed > 0, "at least one import was cut short"
