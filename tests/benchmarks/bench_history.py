"""Snapshots of the synthetic city: size of a quarter's snapshots, time to take and compare.

The city of ``bench_meeting_pack`` (12 chains, 720 segments, 20,000 firms, 60,000 memberships,
2,000 targets, 3,000 action items), loaded through the importer. A quarter leaves two snapshots
per chain (its meeting's and its closing one); the goal (issue 21) is ≤ 5 MB for them. Also
timed: snapshotting every chain (what the first write of a quarter adds to that write) and
``changes`` of the biggest chain against its snapshot.

Run: .venv/bin/python -m tests.benchmarks.bench_history [--seed N] [--city DB]
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from tests.benchmarks.figures import Figure
from tests.benchmarks.run import Run

GOAL_BYTES = 5 * 1024 * 1024
SNAPSHOTS_PER_QUARTER = 2


NAME = "history"


@dataclass(frozen=True)
class HistoryFigures:
    chains: int
    take_seconds: float
    round_bytes: int
    biggest: str
    changes_seconds: float

    @property
    def quarter_bytes(self) -> int:
        return self.round_bytes * SNAPSHOTS_PER_QUARTER


def measure(city: Path) -> HistoryFigures:
    """Snapshot every chain of a copy of ``city``, then compare its biggest chain with now
    (on the first Monday of 2027, set for the whole process like the other benchmarks do)."""
    os.environ["CHAINCHIEF_TODAY"] = "2027-01-04"
    from sqlalchemy import func, select

    from chainchief.domain.history import SnapshotReason
    from chainchief.services.history import chain_changes, take_snapshots
    from chainchief.store.db import open_database
    from chainchief.store.models import Chain, ChainSnapshot, Segment

    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "city.db"
        shutil.copy(city, database)
        db = open_database(database, daily_backup=False)
        with db.transaction() as session:
            # The runner's city is shared: benches before this one may have filed snapshots.
            before = session.scalar(select(func.max(ChainSnapshot.id))) or 0
        began = time.perf_counter()
        taken = take_snapshots(db, actor="bench")
        take_seconds = time.perf_counter() - began
        with db.transaction() as session:
            size = sum(
                len(text.encode())
                for text in session.scalars(
                    # One round: the manual ones. The same write may also file the previous
                    # quarter's closing snapshots (when the city was loaded before that quarter
                    # ended); counting those too would measure two rounds as one.
                    select(ChainSnapshot.document).where(
                        ChainSnapshot.id > before, ChainSnapshot.reason == SnapshotReason.MANUAL
                    )
                )
            )
            biggest = session.execute(
                select(Chain.name)
                .join(Segment, Segment.chain_id == Chain.id)
                .group_by(Chain.name)
                .order_by(func.count().desc())
                .limit(1)
            ).scalar_one()
        began = time.perf_counter()
        chain_changes(db, biggest, since="2027-01-04")
        changes_seconds = time.perf_counter() - began
        db.dispose()
    return HistoryFigures(taken, take_seconds, size, biggest, changes_seconds)


def figures(run: Run) -> list[Figure]:
    """The runner's rows: a quarter's snapshots of the city against the 5 MB goal, and the
    time to take them and to compare the biggest chain."""
    found = measure(run.city())
    return [
        Figure(
            NAME,
            "a quarter of city snapshots",
            "MB",
            found.quarter_bytes / 1024 / 1024,
            GOAL_BYTES / 1024 / 1024,
        ),
        Figure(NAME, f"snapshot all {found.chains} chains", "s", found.take_seconds),
        Figure(NAME, "changes of the biggest chain", "s", found.changes_seconds),
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--city", type=Path, help="a city database loaded before (copied)")
    args = parser.parse_args()
    from tests.benchmarks.bench_meeting_pack import load_city

    with tempfile.TemporaryDirectory() as folder:
        city = args.city
        if city is None:
            city = Path(folder) / "city.db"
            load_city(city, args.seed, 20000, 60000)
        found = measure(city)
    quarter = found.quarter_bytes
    print(f"snapshots taken: {found.chains} chains in {found.take_seconds:.2f} s")
    verdict = "met" if quarter <= GOAL_BYTES else "MISSED"
    print(f"one round of the city: {found.round_bytes / 1024:.0f} KiB of UTF-8 JSON")
    print(
        f"a quarter ({SNAPSHOTS_PER_QUARTER} per chain): {quarter / 1024 / 1024:.2f} MiB "
        f"(goal ≤ {GOAL_BYTES / 1024 / 1024:.0f} MiB: {verdict})"
    )
    print(f"changes --chain {found.biggest}: {found.changes_seconds:.2f} s")


if __name__ == "__main__":
    main()
