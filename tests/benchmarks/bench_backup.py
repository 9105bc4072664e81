"""What the safety net costs on a city-sized database.

The synthetic city (12 chains, 20,000 firms, 60,000 memberships…) is imported once; then each
round measures: opening with and without the quick_check, an online backup, a restore of that
backup over the live file, and a portable backup and its restore. Figures are medians.

Run: .venv/bin/python -m tests.benchmarks.bench_backup [--rounds N] [--seed N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from tests.benchmarks.figures import Figure
from tests.benchmarks.run import Run

ROOT = Path(__file__).resolve().parents[2]


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def time_steps(database: Path, work: Path, rounds: int) -> dict[str, float]:
    """Median seconds of each step over ``rounds`` rounds on ``database`` (changed by them)."""
    from chainchief.services.admin.backups import backup_database, restore_database
    from chainchief.store import db as store_db
    from chainchief.store.db import open_database

    def open_checked() -> None:
        open_database(database, daily_backup=False).dispose()

    def open_unchecked() -> None:
        real = store_db._check_pages
        store_db._check_pages = lambda engine, path: None  # type: ignore[assignment]
        try:
            open_database(database, daily_backup=False).dispose()
        finally:
            store_db._check_pages = real

    times: dict[str, list[float]] = {}
    for round_number in range(rounds):
        db = open_database(database, daily_backup=False)
        copy = work / f"copy{round_number}.db"
        archive = work / f"copy{round_number}.zip"
        steps: dict[str, Callable[[], object]] = {
            "open with quick_check": open_checked,
            "open without it": open_unchecked,
            "online backup": partial(backup_database, db, copy, actor="bench"),
            "restore of it": partial(restore_database, database, copy, actor="bench"),
            "portable backup": partial(backup_database, db, archive, actor="bench", portable=True),
            "portable restore": partial(restore_database, database, archive, actor="bench"),
        }
        for name, step in steps.items():
            times.setdefault(name, []).append(timed(step))
        db.dispose()
    return {name: statistics.median(values) for name, values in times.items()}


def figures(run: Run) -> list[Figure]:
    """The runner's rows: each step on a copy of the city (no goals: figures to watch)."""
    folder = run.work / "backup"
    folder.mkdir(exist_ok=True)
    medians = time_steps(run.copy(run.city(), "backup/city.db"), folder, run.rounds(3))
    return [Figure("backup", f"{name}, city", "s", seconds) for name, seconds in medians.items()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench_backup.") as folder:
        work = Path(folder)
        os.environ["XDG_DATA_HOME"] = str(work / "data")
        sys.path.insert(0, str(ROOT))
        from chainchief.services.workbooks.importing import import_workbook
        from chainchief.store.db import open_database
        from tests.benchmarks.bench_exchange import build_workbook

        workbook = work / "city.xlsx"
        build_workbook(workbook, arguments.seed)
        database = work / "city.db"
        db = open_database(database)
        import_workbook(db, workbook, actor="bench")
        db.dispose()
        print(f"database {database.stat().st_size / 1e6:.1f} MB")
        medians = time_steps(database, work, arguments.rounds)
        for name, seconds in medians.items():
            print(f"{name:>22}: median {seconds:.2f} s")
        ratio = medians["open with quick_check"] / medians["open without it"]
        print(f"open with / without quick_check = {ratio:.2f}")


if __name__ == "__main__":
    main()
