"""The quarterly meeting pack of a synthetic city: time and peak memory.

The city: 12 chains, 720 segments, 2,000 links, 20,000 firms, 60,000 memberships, 2,000
targets and 3,000 action items (seeded, tests/benchmarks/synthetic.py), loaded once through the
importer from CSV files, with the year's meetings planned and saved by the scheduler. Each round
then gathers the pack of 2027Q1 from the database and writes the workbook and the invitations,
as ``chainchief sheet`` and ``chainchief ics`` do. Goal: the pack (gather + workbook + ICS)
≤ 3 s. Peak memory is the Python heap's peak during a round (tracemalloc) and the process's
resident peak.

Run: /work/venv/bin/python tests/benchmarks/bench_meeting_pack.py [--rounds N] [--seed N]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GOAL_SECONDS = 3.0
TODAY = "2027-01-04"
QUARTER = "2027Q1"


def write_csv_city(folder: Path, seed: int) -> None:
    """The synthetic city as the CSV folder the importer reads (Chinese headers)."""
    from chainchief.exchange.layout import SHEETS
    from tests.benchmarks.synthetic import synthetic_city

    rows = synthetic_city(seed=seed)
    for spec in SHEETS:
        if spec.alias not in rows:
            continue
        with (folder / f"{spec.alias}.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow([column.header for column in spec.columns])
            for row in rows[spec.alias]:
                writer.writerow([_text(row.get(column.alias)) for column in spec.columns])


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def load_city(database: Path, seed: int) -> dict[str, int]:
    from chainchief.exchange.reader import CsvDirectorySource
    from chainchief.services.importing import import_source
    from chainchief.services.schedule import apply_plan, plan_meetings
    from chainchief.services.stats import row_counts
    from chainchief.store.db import open_database

    folder = database.parent / "csv"
    folder.mkdir()
    write_csv_city(folder, seed)
    db = open_database(database)
    with CsvDirectorySource(folder) as source:
        import_source(db, source, actor="bench")
    apply_plan(db, plan_meetings(db, int(QUARTER[:4])), actor="bench")
    counts = row_counts(db)
    db.dispose()
    return counts


def one_round(database: Path, out: Path) -> tuple[dict[str, float], float]:
    """Seconds of each step and the Python heap's peak in MB."""
    from chainchief.domain.clock import now
    from chainchief.domain.quarters import Quarter
    from chainchief.exchange.ics import write_ics
    from chainchief.exchange.meeting_workbook import write_meeting_workbook
    from chainchief.services.meeting_pack import quarter_pack
    from chainchief.store.db import open_database

    db = open_database(database)
    tracemalloc.start()
    start = time.perf_counter()
    pack = quarter_pack(db, Quarter.parse(QUARTER))
    gathered = time.perf_counter()
    write_meeting_workbook(pack, out / "pack.xlsx")
    written = time.perf_counter()
    write_ics(pack.meetings, out / "pack.ics", stamp=now())
    done = time.perf_counter()
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    db.dispose()
    steps = {
        "gather": gathered - start,
        "workbook": written - gathered,
        "ics": done - written,
        "total": done - start,
    }
    rows = sum(len(c.actions) + len(c.key_firms) + len(c.targets) for c in pack.chains)
    print(
        "  "
        + ", ".join(f"{name} {seconds:.2f} s" for name, seconds in steps.items())
        + f"; {len(pack.chains)} chains, {rows:,} listed rows, {len(pack.meetings)} meetings"
    )
    return steps, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    arguments = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ["CHAINCHIEF_TODAY"] = TODAY
    with tempfile.TemporaryDirectory(prefix="bench_pack.") as folder:
        work = Path(folder)
        database = work / "city.db"
        began = time.perf_counter()
        counts = load_city(database, arguments.seed)
        print(f"city loaded in {time.perf_counter() - began:.1f} s: {counts}")
        totals: list[float] = []
        peaks: list[float] = []
        for number in range(arguments.rounds):
            print(f"round {number + 1}:")
            steps, peak = one_round(database, work)
            totals.append(steps["total"])
            peaks.append(peak)
        size = (work / "pack.xlsx").stat().st_size / 1e6
        resident = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        median = statistics.median(totals)
        print(f"workbook {size:.1f} MB")
        print(
            f"pack median {median:.2f} s (goal ≤ {GOAL_SECONDS:.0f} s): "
            f"{'met' if median <= GOAL_SECONDS else 'MISSED'}"
        )
        print(
            f"peak Python heap during a round {max(peaks):.0f} MB; "
            f"process resident peak {resident:.0f} MB (includes loading the city)"
        )


if __name__ == "__main__":
    main()
