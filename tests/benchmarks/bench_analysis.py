"""Speed of the gap analysis and of the map layout, against Graphviz dot on the same chain.

Run: .venv/bin/python -m tests.benchmarks.bench_analysis
Goals: city analysis ≤ 100 ms (issue 3); big-chain layout, routing included, ≤ 0.5 × dot's
time with ≤ 1.0 × dot's crossings (issue 15), both drawings counted the same way (straight
segments between card centres, ``count_crossings``), both times as CPU in the same run.
Other benchmarks (e.g. ``gaps --json`` on a city database) extend ``main()``.
"""

from __future__ import annotations

import itertools
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction

from chainchief.domain.analysis import analyse_chain
from chainchief.domain.enums import Tier
from chainchief.domain.graph import ChainGraph
from chainchief.domain.layout import Layout, layout_chain
from chainchief.domain.layout_crossings import count_crossings
from tests.benchmarks.figures import Figure, Yardstick
from tests.benchmarks.run import Run, chainchief, process
from tests.benchmarks.synthetic import big_chain, city_graphs, graph_from_rows, synthetic_city

CARD = (160, 64)
COLUMN_GAP, ROW_GAP = 80, 24
DOT_TIMEOUT = 120.0
POINTS_PER_INCH = 72
DOT_UNIT = 10**6  # dot -Tplain coordinates in inches, read exactly as millionths
CITY_GOAL_MS = 100.0
NAME = "analysis"
TIME_RATIO_GOAL, CROSSING_RATIO_GOAL = 0.5, 1.0


@dataclass(frozen=True)
class DotRun:
    """Wall and CPU seconds (None after the timeout), crossings, and how dot treated the tiers."""

    seconds: float | None
    cpu_seconds: float | None = None
    crossings: int | None = None
    backward_links: int | None = None
    tiers_overlap: bool | None = None


def timed(action: Callable[[], object], repeat: int = 1) -> tuple[float, float]:
    """(best, median) wall seconds over ``repeat`` runs."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def dot_source(graph: ChainGraph) -> str:
    """The chain for dot: left to right, one cluster per tier, cards of our size."""
    inches = [size / POINTS_PER_INCH for size in CARD]
    lines = [
        "digraph chain {",
        "rankdir=LR;",
        f"nodesep={ROW_GAP / POINTS_PER_INCH:.6f}; ranksep={COLUMN_GAP / POINTS_PER_INCH:.6f};",
        'node [shape=box, fixedsize=true, label="", '
        f"width={inches[0]:.6f}, height={inches[1]:.6f}];",
    ]
    for tier in Tier:
        lines.append(f"subgraph cluster_{tier.value} {{")
        lines.extend(f"n{s.id};" for s in graph.segments if s.tier is tier)
        lines.append("}")
    lines.extend(f"n{link.upstream} -> n{link.downstream};" for link in graph.links)
    lines.append("}")
    return "\n".join(lines)


def run_dot(graph: ChainGraph) -> DotRun:
    """dot's wall time and its crossings counted on its node centres (None after the timeout)."""
    start, start_cpu = time.perf_counter(), children_cpu()
    try:
        result = subprocess.run(
            ["dot", "-Tplain"],
            input=dot_source(graph),
            capture_output=True,
            text=True,
            timeout=DOT_TIMEOUT,
            check=True,
        )
    except subprocess.TimeoutExpired:
        return DotRun(None)
    seconds, cpu_seconds = time.perf_counter() - start, children_cpu() - start_cpu
    centres: dict[int, tuple[int, int]] = {}
    size = (0, 0)
    for line in result.stdout.splitlines():
        fields = line.split()
        if fields and fields[0] == "node":
            x, y, width, height = (int(Fraction(value) * DOT_UNIT) for value in fields[2:6])
            centres[int(fields[1][1:])] = (x, y)
            size = (width, height)
    # count_crossings takes top-left corners; any consistent corner gives the same centres.
    corners = {node: (x - size[0] / 2, y - size[1] / 2) for node, (x, y) in centres.items()}
    links = [(link.upstream, link.downstream) for link in graph.links]
    backward = sum(1 for u, v in links if centres[u][0] >= centres[v][0])
    bands = [[centres[s.id][0] for s in graph.segments if s.tier is tier] for tier in Tier]
    bands = [band for band in bands if band]
    overlap = any(max(a) >= min(b) for a, b in itertools.pairwise(bands))
    crossings = count_crossings(corners, size, links)
    return DotRun(seconds, cpu_seconds, crossings, backward, overlap)


def bench_city_analysis(seed: int = 1) -> tuple[float, float]:
    """(best, median) seconds of analysing every chain of the city (7 runs)."""
    graphs = city_graphs(synthetic_city(seed=seed))
    best, median = timed(lambda: [analyse_chain(graph) for graph in graphs], repeat=7)
    segments = sum(len(g.segments) for g in graphs)
    links = sum(len(g.links) for g in graphs)
    print(
        f"city analysis ({len(graphs)} chains, {segments} segments, {links} links): "
        f"best {best * 1000:.1f} ms, median {median * 1000:.1f} ms "
        f"(goal ≤ {CITY_GOAL_MS:.0f} ms: {'met' if median * 1000 <= CITY_GOAL_MS else 'MISSED'})"
    )
    return best, median


def bench_big_chain(seed: int = 1) -> dict[str, object]:
    """Print and return our layout's time (wall and CPU), its crossings and dot's run."""
    rows = big_chain(seed=seed)
    graph = graph_from_rows(rows, str(rows["chains"][0]["chain"]))
    size = f"{len(graph.segments)} segments, {len(graph.links)} links"
    best, median = timed(lambda: analyse_chain(graph), repeat=3)
    print(f"big chain analysis ({size}): best {best * 1000:.0f} ms, median {median * 1000:.0f} ms")

    start_layout = layout_chain(graph, optimise=False, card_size=CARD)
    layouts: list[Layout] = []

    def lay_out() -> None:
        layouts.append(layout_chain(graph, card_size=CARD, column_gap=COLUMN_GAP, row_gap=ROW_GAP))

    cpu_start = time.process_time()
    ours, ours_median = timed(lay_out, repeat=2)
    ours_cpu = (time.process_time() - cpu_start) / 2
    ours_crossings = layouts[-1].crossings
    print(
        f"our layout: best {ours:.2f} s, median {ours_median:.2f} s, CPU {ours_cpu:.2f} s, "
        f"{ours_crossings} crossings (name-order start: {start_layout.crossings})"
    )
    dot = run_dot(graph) if shutil.which("dot") else DotRun(None)
    result: dict[str, object] = {
        "ours": ours,
        "ours_cpu": ours_cpu,
        "crossings": ours_crossings,
        "dot": dot,
    }
    if dot.seconds is None or dot.cpu_seconds is None or dot.crossings is None:
        print(f"dot -Tplain: > {DOT_TIMEOUT:.0f} s (stopped), or dot not installed")
        print(f"time ratio ours/dot: < {ours / DOT_TIMEOUT:.3f}; crossing ratio: n/a")
        return result
    print(
        f"dot -Tplain: {dot.seconds:.2f} s, CPU {dot.cpu_seconds:.2f} s, {dot.crossings} "
        f"crossings ({dot.backward_links} links not drawn left to right, tier bands "
        f"{'overlap' if dot.tiers_overlap else 'kept apart'})"
    )
    time_ratio, crossing_ratio = ours / dot.seconds, ours_crossings / max(dot.crossings, 1)
    print(
        f"ratios ours/dot: time {time_ratio:.3f} (CPU {ours_cpu / dot.cpu_seconds:.3f}; goal ≤ "
        f"{TIME_RATIO_GOAL}: {'met' if time_ratio <= TIME_RATIO_GOAL else 'MISSED'}), crossings "
        f"{crossing_ratio:.3f} (goal ≤ {CROSSING_RATIO_GOAL}: "
        f"{'met' if crossing_ratio <= CROSSING_RATIO_GOAL else 'MISSED'})"
    )
    return result


def bench_gaps_command(seed: int = 1, rounds: int = 3) -> None:
    """``chainchief gaps --json`` as a user runs it: a whole process on a city database."""
    import os
    import tempfile
    from pathlib import Path

    from tests.benchmarks.bench_exchange import build_workbook

    with tempfile.TemporaryDirectory() as folder:
        workbook, database = Path(folder) / "city.xlsx", Path(folder) / "city.db"
        build_workbook(workbook, seed)
        command = [sys.executable, "-m", "chainchief", "--db", str(database)]
        environment = dict(os.environ, CHAINCHIEF_TODAY="2026-11-27")
        subprocess.run(
            [*command, "import", str(workbook)], check=True, capture_output=True, env=environment
        )
        walls = []
        for _ in range(rounds):
            start = time.perf_counter()
            subprocess.run(
                [*command, "gaps", "--json"], check=True, capture_output=True, env=environment
            )
            walls.append(time.perf_counter() - start)
    print(
        f"gaps --json on the synthetic city database (whole process, {rounds} runs): "
        f"best {min(walls):.2f} s, median {statistics.median(walls):.2f} s"
    )


def figures(run: Run) -> list[Figure]:
    """The runner's rows: city analysis, ``gaps --json`` on the city, and (not in quick mode)
    the big chain's layout against dot's, time and crossings."""
    best, median = bench_city_analysis(run.seed)
    note = f"best of 7: {best * 1000:.0f} ms (the least disturbed run)"
    rows = [Figure(NAME, "city gap analysis", "ms", median * 1000, CITY_GOAL_MS, note=note)]
    gaps = process(
        chainchief("--db", str(run.city()), "gaps", "--json"),
        run.rounds(3),
        env={"CHAINCHIEF_TODAY": "2026-11-27"},
    )
    rows.append(Figure(NAME, "chainchief gaps --json, city", "s", gaps.wall, cpu=gaps.cpu))
    if run.quick:
        return rows
    big = bench_big_chain(run.seed)
    dot = big["dot"]
    assert isinstance(dot, DotRun)
    ours, ours_cpu, crossings = (float(big[key]) for key in ("ours", "ours_cpu", "crossings"))  # type: ignore[arg-type]
    time_stick = crossing_stick = None
    if dot.seconds is not None and dot.crossings is not None:
        time_stick = Yardstick("dot -Tplain", dot.seconds, TIME_RATIO_GOAL)
        crossing_stick = Yardstick("dot's crossings", float(dot.crossings), CROSSING_RATIO_GOAL)
    return [
        *rows,
        Figure(
            NAME,
            "big-chain layout (2,000 segments)",
            "s",
            ours,
            yardstick=time_stick,
            cpu=ours_cpu,
            note="" if time_stick else "dot stopped or missing",
        ),
        Figure(NAME, "big-chain layout crossings", "", crossings, yardstick=crossing_stick),
    ]


def main(argv: list[str] | None = None) -> int:
    seed = int((argv or sys.argv[1:] or ["1"])[0])
    print(f"seed {seed}")
    bench_city_analysis(seed)
    bench_gaps_command(seed)
    bench_big_chain(seed)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
