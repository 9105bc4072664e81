"""The quarterly meeting pack of a synthetic city: time and peak memory.

The city: 12 chains, 720 segments, 2,000 links, 20,000 firms, 60,000 memberships, 2,000
targets and 3,000 action items (seeded, tests/benchmarks/synthetic.py), loaded once through the
importer from CSV files, with the year's meetings planned and saved by the scheduler. Each round
then gathers the pack of 2027Q1 from the database and writes the workbook and the invitations,
as ``chainchief sheet`` and ``chainchief ics`` do, each round in a fresh process, then times the
commands themselves as whole processes (``sheet`` draws every chain's status map). Goals
(issue 16): the synthetic city's pack ≤ 4 s whole process, the demo zone's (``--demo``) ≤ 2 s.
Peak memory is the pack process's resident peak. ``--firms``
and ``--memberships`` shrink the firm side (the default 60,000 memberships make about 10,000
链主/骨干 rows, most of the workbook's cells).

The timed processes run with Python's bytecode cache on (in a folder of the bench's own) after
one untimed warm-up run, as an installed app runs with its shipped .pyc files: a shell that sets
PYTHONDONTWRITEBYTECODE would otherwise time the compiling of every module of the app, each run.

``--city DB`` skips the loading and makes the packs from a city database loaded before (a copy
of it, so the rounds never change it); only the rounds are timed either way.

Run: .venv/bin/python -m tests.benchmarks.bench_meeting_pack [--rounds N] [--seed N]
[--city DB | --demo]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import resource
import shutil
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
GOAL_SECONDS = 4.0
DEMO_GOAL_SECONDS = 2.0
TODAY = "2027-01-04"
QUARTER = "2027Q1"


def write_csv_city(folder: Path, seed: int, firms: int, memberships: int) -> None:
    """The synthetic city as the CSV folder the importer reads (Chinese headers)."""
    from chainchief.exchange.workbook_spec import SHEETS
    from tests.benchmarks.synthetic import synthetic_city

    rows = synthetic_city(seed=seed, firms=firms, memberships=memberships)
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


def load_city(database: Path, seed: int, firms: int, memberships: int) -> dict[str, int]:
    from chainchief.exchange.reader import CsvDirectorySource
    from chainchief.services.admin.stats import row_counts
    from chainchief.services.meetings.plan import apply_plan, plan_meetings
    from chainchief.services.workbooks.importing import import_source
    from chainchief.store.db import open_database

    folder = database.parent / "csv"
    folder.mkdir()
    write_csv_city(folder, seed, firms, memberships)
    db = open_database(database)
    with CsvDirectorySource(folder) as source:
        import_source(db, source, actor="bench")
    apply_plan(db, plan_meetings(db, int(QUARTER[:4])), actor="bench")
    counts = row_counts(db)
    db.dispose()
    return counts


def load_demo_city(database: Path) -> dict[str, int]:
    from chainchief.services.admin.stats import row_counts
    from chainchief.services.meetings.plan import apply_plan, plan_meetings
    from chainchief.services.workbooks.demo import load_demo
    from chainchief.store.db import open_database

    db = open_database(database)
    load_demo(db, force=False, actor="bench")
    apply_plan(db, plan_meetings(db, int(QUARTER[:4])), actor="bench")
    counts = row_counts(db)
    db.dispose()
    return counts


def command_seconds(database: Path, out: Path) -> dict[str, float]:
    """``chainchief sheet`` (maps included) and ``chainchief ics``, each a whole process."""
    timings = {}
    cpu = {}
    for name, arguments in commands(out, "cli"):
        began = time.perf_counter()
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        run_command(database, arguments)
        timings[name] = time.perf_counter() - began
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu[name] = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    print(
        f"  whole processes: sheet {timings['sheet']:.2f} s wall / {cpu['sheet']:.2f} s CPU"
        f" (maps included), ics {timings['ics']:.2f} s wall / {cpu['ics']:.2f} s CPU"
    )
    return {"wall": sum(timings.values()), "cpu": sum(cpu.values())}


def commands(out: Path, stem: str) -> list[tuple[str, list[str]]]:
    """The two commands of a pack, writing ``stem``.xlsx and ``stem``.ics in ``out``."""
    return [
        ("sheet", ["sheet", "--quarter", QUARTER, "-o", str(out / f"{stem}.xlsx")]),
        ("ics", ["ics", "--quarter", QUARTER, "-o", str(out / f"{stem}.ics")]),
    ]


def run_command(database: Path, arguments: list[str]) -> None:
    subprocess.run(
        [sys.executable, "-m", "chainchief", "--db", str(database), *arguments],
        check=True,
        capture_output=True,
        cwd=ROOT,
        env=dict(os.environ, CHAINCHIEF_TODAY=TODAY, QT_QPA_PLATFORM="offscreen"),
    )


def cache_bytecode(folder: Path) -> None:
    """Let the timed processes keep compiled modules in ``folder`` (see the module text)."""
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    os.environ["PYTHONPYCACHEPREFIX"] = str(folder)


def warm_up(database: Path, out: Path) -> None:
    """Run both commands once, untimed, so the bytecode cache holds every module they load."""
    for _name, arguments in commands(out, "warm"):
        run_command(database, arguments)


def city_counts(database: Path) -> dict[str, int]:
    from chainchief.services.admin.stats import row_counts
    from chainchief.store.db import open_database

    db = open_database(database)
    counts = row_counts(db)
    db.dispose()
    return counts


def child(database: str, out: str) -> None:
    """One pack in a fresh process, as ``sheet`` plus ``ics`` would run: prints JSON figures."""
    from chainchief.domain.clock import now
    from chainchief.domain.quarters import Quarter
    from chainchief.exchange.ics import write_ics
    from chainchief.exchange.meeting_workbook import write_meeting_workbook
    from chainchief.services.meetings.pack import quarter_pack
    from chainchief.store.db import open_database

    db = open_database(database)
    cpu_start = time.process_time()
    start = time.perf_counter()
    pack = quarter_pack(db, Quarter.parse(QUARTER))
    gathered = time.perf_counter()
    write_meeting_workbook(pack, Path(out) / "pack.xlsx")
    written = time.perf_counter()
    write_ics(pack.meetings, Path(out) / "pack.ics", stamp=now())
    done = time.perf_counter()
    db.dispose()
    rows = sum(
        len(c.agenda) + len(c.actions) + len(c.key_firms) + len(c.targets) + len(c.gaps)
        for c in pack.chains
    )
    figures = {
        "gather": gathered - start,
        "workbook": written - gathered,
        "ics": done - written,
        "total": done - start,
        "cpu": time.process_time() - cpu_start,
        "peak_mb": peak_rss_mb(),
        "rows": rows,
        "meetings": len(pack.meetings),
    }
    print(json.dumps(figures))


def peak_rss_mb() -> float:
    """This process's own peak: VmHWM on Linux, where ru_maxrss survives exec and would report
    the parent's peak (it loaded the whole city); ru_maxrss elsewhere."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def one_round(database: Path, out: Path) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, __file__, "--child", str(database), str(out)],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=dict(os.environ, CHAINCHIEF_TODAY=TODAY),
    )
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    print(
        "  "
        + ", ".join(f"{name} {figures[name]:.2f} s" for name in ("gather", "workbook", "ics"))
        + f"; pack {figures['total']:.2f} s wall, {figures['cpu']:.2f} s CPU,"
        + f" peak {figures['peak_mb']:.0f} MB"
        + f" ({figures['rows']:,} listed rows, {figures['meetings']} meetings)"
    )
    return figures


def figures(run: Run) -> list[Figure]:
    """The runner's rows: ``sheet --quarter`` of the demo zone (maps included, issue 24's
    goal) and, not in quick mode, the city's pack: sheet + ics as whole processes, and the
    pack process's peak memory."""
    from chainchief.services.meetings.plan import apply_plan, plan_meetings
    from chainchief.store.db import open_database
    from tests.benchmarks.figures import Figure
    from tests.benchmarks.run import chainchief, process

    os.environ["CHAINCHIEF_TODAY"] = TODAY
    out = run.work / "pack"
    out.mkdir(exist_ok=True)
    env = {"CHAINCHIEF_TODAY": TODAY}
    sheet = chainchief(
        "--db", str(run.demo()), "sheet", "--quarter", QUARTER, "-o", str(out / "demo.xlsx")
    )
    demo = process(sheet, run.rounds(3), env=env)
    rows = [
        Figure(
            "meeting_pack",
            "sheet --quarter, demo zone, maps included",
            "s",
            demo.wall,
            DEMO_GOAL_SECONDS,
            cpu=demo.cpu,
        )
    ]
    if run.quick:
        return rows
    city = run.copy(run.city(), "pack/city.db")
    db = open_database(city, daily_backup=False)
    apply_plan(db, plan_meetings(db, int(QUARTER[:4])), actor="bench")
    db.dispose()
    rounds = [one_round(city, out) for _round in range(run.rounds(3))]
    whole = [command_seconds(city, out) for _round in range(run.rounds(3))]
    return [
        *rows,
        Figure(
            "meeting_pack",
            "city pack: sheet + ics, whole processes",
            "s",
            statistics.median(w["wall"] for w in whole),
            GOAL_SECONDS,
            cpu=statistics.median(w["cpu"] for w in whole),
        ),
        Figure(
            "meeting_pack",
            "city pack process, peak memory",
            "MB",
            max(r["peak_mb"] for r in rounds),
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--firms", type=int, default=20000)
    parser.add_argument("--memberships", type=int, default=60000)
    parser.add_argument("--city", type=Path, help="a city database loaded before (copied)")
    parser.add_argument("--demo", action="store_true", help="the demo zone instead of the city")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ["CHAINCHIEF_TODAY"] = TODAY
    if arguments.child:
        child(*arguments.child)
        return
    with tempfile.TemporaryDirectory(prefix="bench_pack.") as folder:
        work = Path(folder)
        database = work / "city.db"
        began = time.perf_counter()
        goal = DEMO_GOAL_SECONDS if arguments.demo else GOAL_SECONDS
        if arguments.demo:
            counts = load_demo_city(database)
            print(f"demo zone loaded in {time.perf_counter() - began:.1f} s: {counts}")
        elif arguments.city:
            shutil.copyfile(arguments.city, database)
            counts = city_counts(database)
            print(f"city copied from {arguments.city}: {counts}")
        else:
            counts = load_city(database, arguments.seed, arguments.firms, arguments.memberships)
            print(f"city loaded in {time.perf_counter() - began:.1f} s: {counts}")
        cache_bytecode(work / "pycache")
        warm_up(database, work)
        rounds = []
        for number in range(arguments.rounds):
            print(f"round {number + 1}:")
            figures = one_round(database, work)
            whole = command_seconds(database, work)
            figures["whole"], figures["whole_cpu"] = whole["wall"], whole["cpu"]
            rounds.append(figures)
        size = (work / "pack.xlsx").stat().st_size / 1e6
        median = statistics.median(figures["total"] for figures in rounds)
        cpu = statistics.median(figures["cpu"] for figures in rounds)
        peak = max(figures["peak_mb"] for figures in rounds)
        print(f"workbook {size:.1f} MB")
        print(f"pack median {median:.2f} s wall in one process (gather, workbook, ICS; no maps)")
        whole = statistics.median(figures["whole"] for figures in rounds)
        whole_cpu = statistics.median(figures["whole_cpu"] for figures in rounds)
        verdict = "met" if whole <= goal else "MISSED"
        print(
            f"sheet + ics as whole processes, maps included: median {whole:.2f} s wall,"
            f" {whole_cpu:.2f} s CPU (goal ≤ {goal:.0f} s wall): {verdict}"
        )
        print(f"pack median {cpu:.2f} s CPU (wall minus waiting for a busy machine)")
        print(f"peak resident memory of a pack process {peak:.0f} MB")


if __name__ == "__main__":
    main()
