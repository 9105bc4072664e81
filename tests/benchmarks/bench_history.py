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
from pathlib import Path

GOAL_BYTES = 5 * 1024 * 1024
SNAPSHOTS_PER_QUARTER = 2


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--city", type=Path, help="a city database loaded before (copied)")
    args = parser.parse_args()
    os.environ["CHAINCHIEF_TODAY"] = "2027-01-04"
    from sqlalchemy import func, select

    from chainchief.services.history import chain_changes, take_snapshots
    from chainchief.store.db import open_database
    from chainchief.store.models import Chain, ChainSnapshot, Segment
    from tests.benchmarks.bench_meeting_pack import load_city

    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "city.db"
        if args.city:
            shutil.copy(args.city, database)
        else:
            load_city(database, args.seed, 20000, 60000)
        db = open_database(database, daily_backup=False)
        began = time.perf_counter()
        taken = take_snapshots(db, actor="bench")
        take_seconds = time.perf_counter() - began
        with db.transaction() as session:
            size = sum(
                len(text.encode()) for text in session.scalars(select(ChainSnapshot.document))
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
    quarter = size * SNAPSHOTS_PER_QUARTER
    print(f"snapshots taken: {taken} chains in {take_seconds:.2f} s")
    verdict = "met" if quarter <= GOAL_BYTES else "MISSED"
    print(f"one round of the city: {size / 1024:.0f} KiB of UTF-8 JSON")
    print(
        f"a quarter ({SNAPSHOTS_PER_QUARTER} per chain): {quarter / 1024 / 1024:.2f} MiB "
        f"(goal ≤ {GOAL_BYTES / 1024 / 1024:.0f} MiB: {verdict})"
    )
    print(f"changes --chain {biggest}: {changes_seconds:.2f} s")


if __name__ == "__main__":
    main()
