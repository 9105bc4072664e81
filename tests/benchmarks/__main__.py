"""Run every benchmark and print one table: figure | goal | measured | ratio.

Each ``tests/benchmarks/bench_*.py`` offers ``figures(run) -> list[Figure]``; the runner calls
them in turn (``--only`` picks some by name), prints the table and writes it as JSON under
``.bench/`` so that a later run can be compared with ``--compare BEFORE.json AFTER.json``.
``--quick`` runs each measurement once and leaves out the slowest parts.

Run: .venv/bin/python -m tests.benchmarks [--quick] [--only NAME ...] [--seed N]
     .venv/bin/python -m tests.benchmarks --compare .bench/A.json .bench/B.json
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import os
import pkgutil
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path

from tests.benchmarks import figures as figure_rows
from tests.benchmarks.figures import Figure
from tests.benchmarks.run import ROOT, Run

PREFIX = "bench_"


def bench_names() -> list[str]:
    """Every benchmark module, without its ``bench_`` prefix, in name order."""
    folder = Path(__file__).parent
    return sorted(
        info.name.removeprefix(PREFIX)
        for info in pkgutil.iter_modules([str(folder)])
        if info.name.startswith(PREFIX)
    )


def chosen(names: Sequence[str], only: Sequence[str] | None) -> list[str]:
    """The names ``--only`` asks for (each a name or part of one); all without it."""
    if not only:
        return list(names)
    picked = [name for name in names if any(part in name for part in only)]
    if not picked:
        raise SystemExit(f"no benchmark matches {', '.join(only)}; there are {', '.join(names)}")
    return picked


def run_bench(name: str, run: Run) -> list[Figure]:
    """The figures of one benchmark; a failure becomes a row saying so, and the rest run."""
    module = importlib.import_module(f"tests.benchmarks.{PREFIX}{name}")
    measure: Callable[[Run], list[Figure]] = module.figures
    try:
        return measure(run)
    except Exception as error:  # one broken benchmark must not hide the others' figures
        traceback.print_exc()
        return [Figure(name, f"{name}: failed", "", None, note=f"{type(error).__name__}: {error}")]


def about(run: Run, started: float) -> dict[str, object]:
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT
    ).stdout.strip()
    return {
        "commit": commit,
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "quick": run.quick,
        "seed": run.seed,
        "seconds": round(time.time() - started, 1),
        "cpus": os.cpu_count(),
        "load_average": os.getloadavg()[0],
        "python": sys.version.split()[0],
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tests.benchmarks",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--only", nargs="+", metavar="NAME", help="benchmarks to run")
    parser.add_argument("--quick", action="store_true", help="one round, slow parts left out")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=ROOT / ".bench", help="folder for the JSON")
    parser.add_argument("--compare", nargs=2, type=Path, metavar=("BEFORE", "AFTER"))
    parser.add_argument("--list", action="store_true", help="list the benchmarks and stop")
    arguments = parser.parse_args(argv)
    if arguments.compare:
        before, after = (figure_rows.load(path)[1] for path in arguments.compare)
        print(figure_rows.compare(before, after))
        return 0
    names = chosen(bench_names(), arguments.only)
    if arguments.list:
        print("\n".join(names))
        return 0
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    started = time.time()
    results: list[Figure] = []
    with tempfile.TemporaryDirectory(prefix="bench.") as folder:
        run = Run(quick=arguments.quick, seed=arguments.seed, work=Path(folder))
        os.environ["XDG_DATA_HOME"] = str(run.work / "data")  # daily backups stay in here
        for name in names:
            print(f"== {name}", file=sys.stderr, flush=True)
            results += run_bench(name, run)
    print(figure_rows.table(results))
    arguments.out.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    path = arguments.out / f"{stamp}.json"
    path.write_text(figure_rows.to_json(results, about(run, started)), encoding="utf-8")
    print(f"\nwritten to {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
