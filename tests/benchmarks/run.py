"""What every benchmark of one runner pass shares: its options, a work folder, the synthetic
city and demo databases (built once per pass, not once per benchmark), and whole-process
timing with CPU time beside the wall time (the benchmark machines are shared, so other work
stretches wall times; CPU time far less)."""

from __future__ import annotations

import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TODAY = "2027-01-04"


@dataclass(frozen=True)
class Timing:
    """Median wall and CPU seconds of a whole process run several times."""

    wall: float
    cpu: float


@dataclass
class Run:
    quick: bool = False
    seed: int = 1
    work: Path = field(default_factory=Path)
    _built: dict[str, Path] = field(default_factory=dict)

    def rounds(self, full: int) -> int:
        """``full`` rounds, or one in quick mode."""
        return 1 if self.quick else full

    def city(self) -> Path:
        """The synthetic city (12 chains, 20,000 firms…) imported into a SQLite file, once."""
        if "city" not in self._built:
            from tests.benchmarks.bench_map import build_database
            from tests.benchmarks.synthetic import synthetic_city

            self._built["city"] = build_database(synthetic_city(seed=self.seed), self.work, "city")
        return self._built["city"]

    def city_workbook(self) -> Path:
        """The workbook the city was imported from (Chinese headers, as a user types it)."""
        return self.city().with_suffix(".xlsx")

    def demo(self) -> Path:
        """The demo zone with the year's meetings planned, once."""
        if "demo" not in self._built:
            from tests.benchmarks.bench_meeting_pack import load_demo_city

            os.environ["CHAINCHIEF_TODAY"] = TODAY
            path = self.work / "demo.db"
            load_demo_city(path)
            self._built["demo"] = path
        return self._built["demo"]

    def copy(self, database: Path, name: str) -> Path:
        """A copy of ``database`` that a benchmark may change."""
        target = self.work / name
        shutil.copyfile(database, target)
        return target


def process(command: Sequence[str], rounds: int, env: dict[str, str] | None = None) -> Timing:
    """Median wall and CPU (user + system) seconds of ``command`` as a whole process.

    One discarded run first writes the compiled modules, as a user's first start does: with
    bytecode writing switched off (``PYTHONDONTWRITEBYTECODE``) every round would time the
    compiler, not the command."""
    environment = dict(os.environ, **(env or {}))
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    subprocess.run(command, check=True, capture_output=True, cwd=ROOT, env=environment)
    walls, cpus = [], []
    for _round in range(rounds):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, cwd=ROOT, env=environment)
        walls.append(time.perf_counter() - started)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return Timing(statistics.median(walls), statistics.median(cpus))


def chainchief(*arguments: str) -> list[str]:
    """The command line of ``chainchief`` run from this checkout with this interpreter."""
    return [sys.executable, "-m", "chainchief", *arguments]
