"""The chain map's speed: scene build, repaint of the fitted view, cold start, peak memory.

1. Scene build: the 2,000-segment / 6,000-link synthetic chain (seeded), its map merged by the
   service (graph + analysis + layout, timed apart: the layout is the domain's work), then
   ``ChainScene.show_map`` timed alone. Goal ≤ 300 ms.
2. Repaint: that scene in a 1,100 × 700 view fitted to the whole chain, offscreen; a full
   synchronous repaint of the viewport, first (caches empty) and then steady. Goal ≤ 16 ms.
3. Cold start: ``python -m chainchief --db CITY --lang zh_CN`` on a synthetic-city database
   (12 chains, 720 segments, 20,000 firms; imported once), offscreen, with
   CHAINCHIEF_EXIT_AFTER_FIRST_PAINT=1: from process start to the window's first paint and to the
   first paint showing a chain map, after one discarded start (as on a user's PC, the modules'
   bytecode is cached by then). Goal ≤ 1.5 s. Peak RSS of that process: goal ≤ 400 MB.
4. Cold start of a GUI opening one big chain: a 60-segment chain alone in its database (a city's
   chain, the size on which fit used to shrink titles to half) and the 2,000-segment chain; the
   first painted map, goal ≤ 2.0 s. Peak RSS of those processes. The big chain starts twice:
   first with an empty user cache (its layout computed), then reading the layout the first
   start kept there (``services/chains/layout_cache``), as every later start on a user's PC.
5. ``chainchief render`` of a demo chain to PNG as a user runs it: a whole process, its wall
   time and CPU seconds (user + system, which a loaded machine does not inflate as much).
   Goal ≤ 1.0 s.
6. Repaint at reading zoom: the big chain in the same view zoomed to a legible scale (cards
   with their details, and below the full-card scale names alone), goal ≤ 16 ms, the gap that
   fitted-view figures hide.

Run: .venv/bin/python -m tests.benchmarks.bench_map [--rounds N] [--seed N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from chainchief.ui.map.view import ChainView

from tests.benchmarks.figures import Figure
from tests.benchmarks.run import Run

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

NAME = "map"
GOALS = {
    "scene_ms": 300,
    "repaint_ms": 16,
    "cold_start_s": 1.5,
    "rss_mb": 400,
    "big_cold_start_s": 2.0,
    "render_s": 1.0,
}
RENDER_CHAINS = ("新能源汽车", "集成电路")
READING_SCALES = (0.62, 1.0)
"""Zoom factors a user reads the big chain at: names alone (the default view's lower end is
``palette.READABLE_SCALE``, 0.51) and full cards at 100 %."""
VIEW_SIZE = (1100, 700)


def build_workbook(rows: dict[str, list[dict[str, object]]], path: Path) -> None:
    """Rows in the import layout as a workbook a user would type (Chinese headers and values)."""
    from openpyxl import Workbook

    from chainchief.exchange.workbook_spec import SHEETS

    book = Workbook(write_only=True)
    for spec in SHEETS:
        if spec.alias not in rows:
            continue
        worksheet = book.create_sheet(spec.name)
        worksheet.append([column.header for column in spec.columns])
        for row in rows[spec.alias]:
            worksheet.append([row.get(column.alias) for column in spec.columns])
    book.save(path)


def build_database(rows: dict[str, list[dict[str, object]]], folder: Path, name: str) -> Path:
    from chainchief.services.workbooks.importing import import_workbook
    from chainchief.store.db import open_database

    workbook = folder / f"{name}.xlsx"
    build_workbook(rows, workbook)
    database = folder / f"{name}.db"
    db = open_database(database)
    import_workbook(db, workbook, actor="bench")
    with db.engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.dispose()
    return database


def scene_and_repaint(seed: int, rounds: int) -> dict[str, float]:
    from PySide6.QtWidgets import QApplication

    from chainchief.services.chains.chain_map import build_map
    from chainchief.ui.fonts import ui_font
    from chainchief.ui.map.scene import ChainScene
    from chainchief.ui.map.view import ChainView
    from tests.benchmarks.synthetic import big_chain, graph_from_rows

    app = QApplication.instance() or QApplication([])
    app.setFont(ui_font())
    rows = big_chain(seed=seed)
    graph = graph_from_rows(rows, str(rows["chains"][0]["chain"]))
    started = time.perf_counter()
    chain = build_map(graph)
    merge_s = time.perf_counter() - started
    scene = ChainScene()
    builds = []
    for _round in range(rounds):
        started = time.perf_counter()
        scene.show_map(chain)
        builds.append((time.perf_counter() - started) * 1000)
    view = ChainView(scene)
    view.resize(*VIEW_SIZE)
    view.show()
    app.processEvents()
    view.fit()
    app.processEvents()
    scene.show_map(chain)
    started = time.perf_counter()
    view.viewport().repaint()
    first_ms = (time.perf_counter() - started) * 1000
    repaints = []
    for _round in range(max(rounds, 10)):
        started = time.perf_counter()
        view.viewport().repaint()
        repaints.append((time.perf_counter() - started) * 1000)
    view.zoom_by(12)
    app.processEvents()
    zoomed = []
    for _round in range(5):
        started = time.perf_counter()
        view.viewport().repaint()
        zoomed.append((time.perf_counter() - started) * 1000)
    reading = repaint_at_scales(app, view, READING_SCALES, max(rounds, 10))
    reading_ms = {f"repaint_at_{scale:.2f}_ms": wall for scale, (wall, _cpu) in reading.items()}
    reading_cpu = {f"repaint_at_{scale:.2f}_cpu_ms": cpu for scale, (_wall, cpu) in reading.items()}
    return {
        "segments": len(chain.cards),
        "links": len(chain.links),
        "merge_s": merge_s,
        "scene_ms": statistics.median(builds),
        "scene_max_ms": max(builds),
        "fit_scale": view.scale_factor() / 12,
        "first_repaint_ms": first_ms,
        "repaint_ms": statistics.median(repaints),
        "zoomed_scale": view.scale_factor(),
        "zoomed_repaint_ms": statistics.median(zoomed),
        **reading_ms,
        **reading_cpu,
    }


def repaint_at_scales(
    app: QApplication, view: ChainView, scales: tuple[float, ...], rounds: int
) -> dict[float, tuple[float, float]]:
    """Median full repaint of the view at each zoom factor, centred on the middle of the map
    (the densest part), after one discarded paint that fills any caches: wall and CPU
    milliseconds (on a loaded shared machine the wall time is mostly waiting)."""
    figures: dict[float, tuple[float, float]] = {}
    middle = view.scene().sceneRect().center()
    for scale in scales:
        view.zoom_by(scale / view.scale_factor())
        view.centerOn(middle)
        app.processEvents()
        view.viewport().repaint()
        walls, cpus = [], []
        for _round in range(rounds):
            started, cpu = time.perf_counter(), time.process_time()
            view.viewport().repaint()
            walls.append((time.perf_counter() - started) * 1000)
            cpus.append((time.process_time() - cpu) * 1000)
        figures[scale] = (statistics.median(walls), statistics.median(cpus))
    return figures


def start_gui(
    database: Path, config: Path, cache: Path | None = None
) -> tuple[float, float, float, float]:
    """Seconds to the window's first paint and to the first map paint, the CPU seconds the
    process used until then, and its peak RSS in MB (as the process itself reports it from
    VmHWM: a child's rusage on Linux also counts the memory of the parent it was forked from).

    The user cache folder (where computed map layouts are kept) is ``cache``, by default a new
    one inside ``config``: a start that finds no layout computed before."""
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        CHAINCHIEF_EXIT_AFTER_FIRST_PAINT="1",
        XDG_CONFIG_HOME=str(config),
        XDG_CACHE_HOME=str(cache or config / "cache"),
    )
    # A user's PC keeps the compiled modules (__pycache__) after the first start; measuring with
    # bytecode writing switched off would time the compiler, not the start.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    started = time.time()
    process = subprocess.Popen(
        [sys.executable, "-m", "chainchief", "--db", str(database), "--lang", "zh_CN"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
        text=True,
        cwd=ROOT,
    )
    output, _errors = process.communicate()
    marks = dict(line.split() for line in output.splitlines() if " " in line)
    if process.returncode != 0 or "first-paint" not in marks:
        raise RuntimeError(f"the GUI did not report its first paint ({process.returncode})")
    return (
        float(marks["window-paint"]) - started,
        float(marks["first-paint"]) - started,
        float(marks["cpu-seconds"]),
        float(marks["peak-rss-mb"]),
    )


def single_chain_cold_start(
    folder: Path, *, segments: int, links: int, seed: int, rounds: int
) -> dict[str, float]:
    """Medians of ``rounds`` GUI starts on a database holding one chain of that size (after one
    discarded start that compiles and caches): window and first map painted, CPU, peak RSS."""
    from tests.benchmarks.synthetic import big_chain

    database = build_database(
        big_chain(seed=seed, segments=segments, links=links), folder, f"chain{segments}"
    )
    start_gui(database, folder / f"config-{segments}-warm-up")
    runs = [start_gui(database, folder / f"config-{segments}-{n}") for n in range(rounds)]
    windows, maps, cpus, peaks = (list(column) for column in zip(*runs, strict=True))
    return {
        "window_s": statistics.median(windows),
        "map_s": statistics.median(maps),
        "cpu_s": statistics.median(cpus),
        "rss_mb": max(peaks),
    }


def render_process(folder: Path, rounds: int) -> dict[str, tuple[float, float]]:
    """Per demo chain, the median wall and CPU seconds of ``chainchief render --chain X -o
    X.png`` on the demo database, after one discarded run (bytecode cached, as on a user's PC)."""
    database = folder / "demo.db"
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    command = [sys.executable, "-m", "chainchief", "--db", str(database)]
    subprocess.run([*command, "demo"], check=True, capture_output=True, env=env, cwd=ROOT)
    figures: dict[str, tuple[float, float]] = {}
    for chain in RENDER_CHAINS:
        render = [*command, "render", "--chain", chain, "-o", str(folder / "map.png")]
        subprocess.run(render, check=True, capture_output=True, env=env, cwd=ROOT)
        walls, cpus = [], []
        for _round in range(rounds):
            before = _children_cpu()
            started = time.perf_counter()
            subprocess.run(render, check=True, capture_output=True, env=env, cwd=ROOT)
            walls.append(time.perf_counter() - started)
            cpus.append(_children_cpu() - before)
        figures[chain] = (statistics.median(walls), statistics.median(cpus))
    return figures


def _children_cpu() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def reference_loop_s() -> float:
    """Seconds for a fixed pure-Python loop: this machine's speed at the time (a shared VM
    varies by a third from one minute to the next), so figures from two runs can be compared."""
    started = time.perf_counter()
    total = 0
    for number in range(5_000_000):
        total += number
    return time.perf_counter() - started


def figures(run: Run) -> list[Figure]:
    """The runner's rows: the big chain's scene build and fitted repaint (the GUI's starts are
    bench_startup's)."""
    found = scene_and_repaint(run.seed, run.rounds(5))
    return [
        Figure(NAME, "big-chain scene build", "ms", found["scene_ms"], GOALS["scene_ms"]),
        Figure(
            NAME,
            "big-chain fitted repaint",
            "ms",
            found["repaint_ms"],
            GOALS["repaint_ms"],
            note=f"first {found['first_repaint_ms']:.0f} ms",
        ),
        *(
            Figure(
                NAME,
                f"big-chain repaint at {scale:.0%}",
                "ms",
                found[f"repaint_at_{scale:.2f}_ms"],
                GOALS["repaint_ms"],
                cpu=found[f"repaint_at_{scale:.2f}_cpu_ms"] / 1000,
            )
            for scale in READING_SCALES
        ),
        *(
            Figure(NAME, f"render {chain} to PNG", "s", wall, GOALS["render_s"], cpu=cpu)
            for chain, (wall, cpu) in render_process(_folder(run, "render"), run.rounds(3)).items()
        ),
    ]


def _folder(run: Run, name: str) -> Path:
    folder = run.work / name
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    arguments = parser.parse_args()
    from tests.benchmarks.synthetic import big_chain, synthetic_city

    print(f"reference loop {reference_loop_s():.2f} s")
    figures = scene_and_repaint(arguments.seed, arguments.rounds)
    print(f"big chain: {figures['segments']} segments, {figures['links']} links")
    print(f"  graph + analysis + layout merged by the service: {figures['merge_s']:.2f} s")
    print(f"  scene build: median {figures['scene_ms']:.0f} ms, worst {figures['scene_max_ms']:.0f}"
          f" ms (goal ≤ {GOALS['scene_ms']} ms)")  # fmt: skip
    print(f"  fitted view (scale {figures['fit_scale']:.3f}) full repaint: first "
          f"{figures['first_repaint_ms']:.1f} ms, then median {figures['repaint_ms']:.1f} ms "
          f"(goal ≤ {GOALS['repaint_ms']} ms)")  # fmt: skip
    print(f"  zoomed to scale {figures['zoomed_scale']:.2f} (cards with text): repaint median "
          f"{figures['zoomed_repaint_ms']:.0f} ms")  # fmt: skip
    for scale in READING_SCALES:
        wall, cpu = figures[f"repaint_at_{scale:.2f}_ms"], figures[f"repaint_at_{scale:.2f}_cpu_ms"]
        print(f"  centred at scale {scale:.2f}: full repaint median {wall:.1f} ms, CPU "
              f"{cpu:.1f} ms (goal ≤ {GOALS['repaint_ms']} ms)")  # fmt: skip
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        city = build_database(synthetic_city(seed=arguments.seed), work, "city")
        big = build_database(big_chain(seed=arguments.seed), work, "big")
        start_gui(city, work / "config-warm-up")  # compiles and caches, as a first start does
        runs = [start_gui(city, work / f"config{n}") for n in range(arguments.rounds)]
        windows, maps, cpus, peaks = (list(column) for column in zip(*runs, strict=True))
        print(f"cold start on the synthetic city ({arguments.rounds} runs, medians): window "
              f"painted {statistics.median(windows):.2f} s, first map painted "
              f"{statistics.median(maps):.2f} s (goal ≤ {GOALS['cold_start_s']} s), CPU "
              f"{statistics.median(cpus):.2f} s; peak RSS {max(peaks):.0f} MB "
              f"(goal ≤ {GOALS['rss_mb']} MB)")  # fmt: skip
        for layout in ("computed", "read from the layout cache"):
            window, first_map, cpu, peak = start_gui(big, work / "config-big", work / "cache-big")
            print(f"cold start on the 2,000-segment chain, layout {layout}: window painted "
                  f"{window:.2f} s, map painted {first_map:.2f} s (goal ≤ "
                  f"{GOALS['big_cold_start_s']} s), CPU {cpu:.2f} s; "
                  f"peak RSS {peak:.0f} MB")  # fmt: skip
        one = single_chain_cold_start(
            work, segments=60, links=170, seed=arguments.seed, rounds=arguments.rounds
        )
        print(f"cold start on a 60-segment chain ({arguments.rounds} runs, medians): window "
              f"painted {one['window_s']:.2f} s, map painted {one['map_s']:.2f} s (goal ≤ "
              f"{GOALS['big_cold_start_s']} s), CPU {one['cpu_s']:.2f} s; peak RSS "
              f"{one['rss_mb']:.0f} MB")  # fmt: skip
        for chain, (wall, cpu) in render_process(work, arguments.rounds).items():
            print(f"render --chain {chain} -o map.png ({arguments.rounds} runs, medians): "
                  f"{wall:.2f} s wall, {cpu:.2f} s CPU (goal ≤ {GOALS['render_s']} s)")  # fmt: skip
        print(f"load average now: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs; "
              f"reference loop {reference_loop_s():.2f} s")  # fmt: skip


if __name__ == "__main__":
    main()
