"""Start-up where people wait (issue 24): the command line and the window, as whole processes.

- ``chainchief --version`` against a bare ``python -c pass`` measured in the same run;
- ``chainchief stats --json`` on the synthetic city (20,000 firms);
- the GUI's first painted map on the city, warm (bytecode and files cached, after one
  discarded start) and cold (the OS page cache dropped with ``/proc/sys/vm/drop_caches`` where
  permitted, else every file the start reads evicted with ``posix_fadvise``; the bytecode stays
  compiled, as on a user's PC after the first start);
- the peak memory of a GUI process with the city open once every page has been shown.

Run: .venv/bin/python -m tests.benchmarks --only startup
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

from tests.benchmarks.figures import Figure, Yardstick
from tests.benchmarks.run import ROOT, Run, chainchief, process

NAME = "startup"
GOALS = {
    "version_s": 0.15,
    "version_x": 4.0,
    "stats_s": 0.5,
    "warm_s": 1.0,
    "cold_s": 2.0,
    "rss_mb": 300.0,
}


def drop_page_cache(files: list[Path]) -> str:
    """Empty the OS page cache (how a PC meets the first start of the morning); says how.

    Writing drop_caches needs root; without it, the pages of every file under ``files`` are
    evicted one by one (files another process keeps mapped may stay cached)."""
    os.sync()
    try:
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
        return "drop_caches"
    except OSError:
        pass
    for top in files:
        for path in [top] if top.is_file() else top.rglob("*"):
            if path.is_file():
                try:
                    descriptor = os.open(path, os.O_RDONLY)
                except OSError:
                    continue
                try:
                    os.posix_fadvise(descriptor, 0, 0, os.POSIX_FADV_DONTNEED)
                finally:
                    os.close(descriptor)
    return "posix_fadvise"


def gui_starts(run: Run, cold: bool) -> tuple[list[tuple[float, float, float, float]], str]:
    from tests.benchmarks.bench_map import start_gui

    city = run.city()
    how = "warm"
    runs = []
    start_gui(city, run.work / "config-warm-up")  # compiles and caches, as a first start does
    for number in range(run.rounds(3)):
        if cold:
            how = drop_page_cache([Path(sys.prefix), Path(sys.base_prefix) / "lib", ROOT, city])
        runs.append(start_gui(city, run.work / f"config-{cold}-{number}"))
    return runs, how


def figures(run: Run) -> list[Figure]:
    rounds = run.rounds(5)
    python = process([sys.executable, "-c", "pass"], rounds)
    version = process(chainchief("--version"), rounds)
    stick = Yardstick("python -c pass", python.wall, GOALS["version_x"])
    rows = [
        Figure(NAME, "python -c pass (yardstick)", "s", python.wall, cpu=python.cpu),
        Figure(
            NAME,
            "chainchief --version",
            "s",
            version.wall,
            GOALS["version_s"],
            stick,
            cpu=version.cpu,
        ),
    ]
    stats = process(chainchief("--db", str(run.city()), "stats", "--json"), run.rounds(3))
    rows.append(
        Figure(
            NAME, "chainchief stats --json, city", "s", stats.wall, GOALS["stats_s"], cpu=stats.cpu
        )
    )
    for cold, goal in ((False, GOALS["warm_s"]), (True, GOALS["cold_s"])):
        runs, how = gui_starts(run, cold)
        window = statistics.median(r[0] for r in runs)
        first_map = statistics.median(r[1] for r in runs)
        cpu = statistics.median(r[2] for r in runs)
        label = "cold (" + how + ")" if cold else "warm"
        rows.append(
            Figure(
                NAME,
                f"GUI first painted map, {label}, city",
                "s",
                first_map,
                goal,
                cpu=cpu,
                note=f"window painted {window:.2f} s",
                extra={"window_s": window},
            )
        )
    tour = subprocess.run(
        [sys.executable, "-m", "tests.benchmarks.gui_tour", str(run.copy(run.city(), "tour.db"))],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=dict(os.environ, XDG_CONFIG_HOME=str(run.work / "config-tour")),
    )
    report = json.loads(tour.stdout.strip().splitlines()[-1])
    rows.append(
        Figure(
            NAME,
            "peak RSS, city open, every page visited",
            "MB",
            report["peak_mb"],
            GOALS["rss_mb"],
            note=f"{report['pages']} pages",
        )
    )
    return rows
