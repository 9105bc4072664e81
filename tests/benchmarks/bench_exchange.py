"""Import and export of a synthetic city against openpyxl's own floor, as whole processes.

The workbook: 12 chains, 720 segments, 2,000 links, 20,000 firms, 60,000 memberships,
2,000 targets, 3,000 action items (seeded). Each round runs, each in a fresh process, the
"floor" (openpyxl read-only, touching every cell), our import into an empty SQLite file, our
export of that data, and the "dump" (openpyxl write-only writing the very cells of our export).
Rounds alternate the order to spread machine noise; wall and CPU seconds are both reported, as
median and best of the rounds (on a shared machine the best round is the least disturbed one).
Goals: import ≤ 1.5 × floor, export ≤ 1.5 × dump, every process under 500 MB peak memory.

Run: .venv/bin/python -m tests.benchmarks.bench_exchange [--rounds N] [--seed N]
"""

from __future__ import annotations

import argparse
import json
import pickle
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tests.benchmarks.figures import Figure
    from tests.benchmarks.run import Run

ROOT = Path(__file__).resolve().parents[2]
GOAL_RATIO = 1.5
GOAL_MB = 500


def _peak_mb() -> float:
    """This process's own peak (VmHWM on Linux: ru_maxrss would report the parent's, which
    may hold a whole city when the benchmark runner forked this child)."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child_floor(workbook: str) -> None:
    from openpyxl import load_workbook

    book = load_workbook(workbook, read_only=True, data_only=True)
    cells = 0
    for worksheet in book.worksheets:
        for row in worksheet.iter_rows(values_only=True):
            for _value in row:
                cells += 1
    book.close()


def child_import(workbook: str, database: str) -> None:
    from chainchief.services.workbooks.importing import import_workbook
    from chainchief.store.db import open_database

    db = open_database(database, daily_backup=False)
    import_workbook(db, workbook, actor="bench")
    db.dispose()


def child_export(database: str, out: str) -> None:
    from chainchief.services.workbooks.exporting import export_workbook
    from chainchief.store.db import open_database

    db = open_database(database, daily_backup=False)
    export_workbook(db, out)
    db.dispose()


def child_dump(cells: str, out: str) -> None:
    from openpyxl import Workbook

    with open(cells, "rb") as handle:
        sheets = pickle.load(handle)
    book = Workbook(write_only=True)
    for title, rows in sheets.items():
        worksheet = book.create_sheet(title)
        for row in rows:
            worksheet.append(row)
    book.save(out)


CHILDREN = {
    "floor": child_floor,
    "import": child_import,
    "export": child_export,
    "dump": child_dump,
}


def build_workbook(path: Path, seed: int) -> None:
    """The synthetic city as a user would type it: Chinese headers and values."""
    sys.path.insert(0, str(ROOT))
    from openpyxl import Workbook

    from chainchief.exchange.workbook_spec import SHEETS
    from tests.benchmarks.synthetic import synthetic_city

    rows = synthetic_city(seed=seed)
    book = Workbook(write_only=True)
    for spec in SHEETS:
        if spec.alias not in rows:
            continue
        worksheet = book.create_sheet(spec.name)
        worksheet.append([column.header for column in spec.columns])
        for row in rows[spec.alias]:
            worksheet.append([row.get(column.alias) for column in spec.columns])
    book.save(path)


def export_cells(workbook: Path, out: Path) -> int:
    """The cell values of our export, per sheet, for the dump to write again."""
    from openpyxl import load_workbook

    book = load_workbook(workbook, read_only=True)
    sheets = {ws.title: [list(row) for row in ws.iter_rows(values_only=True)] for ws in book}
    book.close()
    with out.open("wb") as handle:
        pickle.dump(sheets, handle, protocol=pickle.HIGHEST_PROTOCOL)
    return sum(len(row) for rows in sheets.values() for row in rows)


def run_child(*args: str) -> tuple[float, float, float]:
    """Wall and CPU (user + system) seconds of the whole process, and its peak memory in MB.

    CPU time is reported beside wall time because the benchmark machines are shared: other
    work stretches wall time of whichever process it overlaps, CPU time far less.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, __file__, "--child", *args],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return seconds, cpu, json.loads(done.stdout.strip().splitlines()[-1])["peak_mb"]


Figures = tuple[dict[str, list[float]], dict[str, list[float]], dict[str, float]]


def measure(workbook: Path, work: Path, rounds: int) -> Figures:
    """Wall and CPU seconds of each kind of child per round, and each kind's peak memory."""
    base = work / "base.db"
    run_child("import", str(workbook), str(base))
    first_export = work / "first.xlsx"
    run_child("export", str(base), str(first_export))
    cells = export_cells(first_export, work / "cells.pickle")
    print(
        f"workbook {workbook.stat().st_size / 1e6:.1f} MB; export holds {cells:,} cells",
        flush=True,
    )
    times: dict[str, list[float]] = {kind: [] for kind in CHILDREN}
    cpus: dict[str, list[float]] = {kind: [] for kind in CHILDREN}
    peaks: dict[str, float] = dict.fromkeys(CHILDREN, 0.0)
    for round_number in range(rounds):
        order = ["floor", "import", "dump", "export"]
        if round_number % 2:
            order.reverse()
        for kind in order:
            target = work / f"round{round_number}"
            args = {
                "floor": [str(workbook)],
                "import": [str(workbook), f"{target}.db"],
                "export": [str(base), f"{target}.export.xlsx"],
                "dump": [str(work / "cells.pickle"), f"{target}.dump.xlsx"],
            }[kind]
            seconds, cpu, peak = run_child(kind, *args)
            times[kind].append(seconds)
            cpus[kind].append(cpu)
            peaks[kind] = max(peaks[kind], peak)
        print(
            f"round {round_number + 1}: "
            + ", ".join(
                f"{kind} {times[kind][-1]:.2f} s (cpu {cpus[kind][-1]:.2f})" for kind in CHILDREN
            ),
            flush=True,
        )
    return times, cpus, peaks


def figures(run: Run) -> list[Figure]:
    """The runner's rows: import against openpyxl's read-only floor, export against its
    write-only dump of the same cells (medians), and the peak memory of every child."""
    from tests.benchmarks.figures import Figure, Yardstick

    folder = run.work / "exchange"
    folder.mkdir(exist_ok=True)
    times, cpus, peaks = measure(run.city_workbook(), folder, run.rounds(3))
    wall = {kind: statistics.median(values) for kind, values in times.items()}
    cpu = {kind: statistics.median(values) for kind, values in cpus.items()}
    rows = []
    for ours, floor, label in (
        ("import", "floor", "openpyxl read-only floor"),
        ("export", "dump", "openpyxl write-only dump"),
    ):
        rows.append(
            Figure(
                "exchange",
                f"city {ours}",
                "s",
                wall[ours],
                yardstick=Yardstick(label, wall[floor], GOAL_RATIO),
                cpu=cpu[ours],
                note=f"CPU ratio {cpu[ours] / cpu[floor]:.2f}",
            )
        )
    rows.append(
        Figure("exchange", "peak memory of import/export", "MB", max(peaks.values()), GOAL_MB)
    )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.child:
        kind, *paths = arguments.child
        CHILDREN[kind](*paths)
        print(json.dumps({"peak_mb": _peak_mb()}))
        return
    with tempfile.TemporaryDirectory(prefix="bench_exchange.") as folder:
        work = Path(folder)
        workbook = work / "city.xlsx"
        build_workbook(workbook, arguments.seed)
        times, cpus, peaks = measure(workbook, work, arguments.rounds)
        for statistic, pick in (("median", statistics.median), ("best", min)):
            wall = {kind: pick(values) for kind, values in times.items()}
            cpu = {kind: pick(values) for kind, values in cpus.items()}
            print(
                f"{statistic} of {arguments.rounds} rounds: "
                + ", ".join(f"{kind} {wall[kind]:.2f} s (cpu {cpu[kind]:.2f})" for kind in CHILDREN)
            )
            for label, ours, floor in (
                ("import / floor", "import", "floor"),
                ("export / dump ", "export", "dump"),
            ):
                print(
                    f"  {label} = {wall[ours] / wall[floor]:.2f} wall, "
                    f"{cpu[ours] / cpu[floor]:.2f} cpu (goal ≤ {GOAL_RATIO})"
                )
        print(
            "peak memory: "
            + ", ".join(f"{kind} {peaks[kind]:.0f} MB" for kind in CHILDREN)
            + f" (goal ≤ {GOAL_MB} MB)"
        )


if __name__ == "__main__":
    main()
