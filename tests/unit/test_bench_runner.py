"""The benchmark runner's bookkeeping: goals against yardsticks, the table, JSON, comparing.

Timings themselves are measured by ``python -m tests.benchmarks``, never asserted here.
"""

from __future__ import annotations

import pytest

from tests.benchmarks.__main__ import bench_names, chosen, main
from tests.benchmarks.figures import Figure, Yardstick, compare, from_json, table, to_json


def test_the_bound_is_the_tighter_of_the_goal_and_the_yardstick_multiple() -> None:
    version = Figure("startup", "--version", "s", 0.12, 0.15, Yardstick("python", 0.02, 4.0))
    assert version.bound == pytest.approx(0.08)
    assert version.ratio == pytest.approx(1.5)
    assert version.met is False
    loose = Figure("startup", "--version", "s", 0.12, 0.15, Yardstick("python", 0.05, 4.0))
    assert loose.bound == pytest.approx(0.15)
    assert loose.met is True


def test_a_figure_without_a_goal_or_a_measurement_has_no_ratio() -> None:
    assert Figure("b", "watched", "s", 1.0).ratio is None
    assert Figure("b", "failed", "s", None, 2.0).ratio is None


def test_the_table_shows_goal_measured_ratio_and_verdict() -> None:
    rows = table(
        [
            Figure(
                "exchange", "city import", "s", 3.0, yardstick=Yardstick("floor", 2.5, 1.5), cpu=2.8
            ),
            Figure("tables", "cell edit", "ms", 140.0, 100.0),
            Figure("scheduler", "plan a year", "s", 0.08),
        ]
    ).splitlines()
    assert rows[0] == "| figure | goal | measured | ratio | CPU | note |"
    assert rows[2] == "| city import | ≤ 1.5 × floor (3.75 s) | 3.00 s | 0.80 ✓ | 2.80 s |  |"
    assert rows[3] == "| cell edit | ≤ 100 ms | 140 ms | 1.40 ✗ |  |  |"
    assert rows[4] == "| plan a year | — | 0.08 s | — |  |  |"


def test_figures_survive_json() -> None:
    figures = [
        Figure(
            "startup",
            "--version",
            "s",
            0.1,
            0.15,
            Yardstick("python", 0.02, 4.0),
            cpu=0.09,
            note="n",
            extra={"window_s": 0.5},
        ),
        Figure("tables", "failed", "", None),
    ]
    about, back = from_json(to_json(figures, {"commit": "abc"}))
    assert about == {"commit": "abc"}
    assert back == figures


def test_compare_matches_figures_by_name_and_keeps_those_of_one_run_only() -> None:
    before = [Figure("t", "edit", "ms", 200.0, 100.0, cpu=0.15), Figure("t", "gone", "s", 1.0)]
    after = [Figure("t", "edit", "ms", 50.0, 100.0), Figure("t", "new", "s", 2.0)]
    lines = compare(before, after).splitlines()
    assert lines[2] == "| edit | 200 ms | 50 ms | 0.25 | 0.50 | 0.15 s |  |"
    assert lines[3] == "| gone | 1.00 s | n/a | — | — |  |  |"
    assert lines[4] == "| new | n/a | 2.00 s | — | — |  |  |"


def test_only_picks_benchmarks_by_part_of_their_name() -> None:
    names = bench_names()
    assert {"startup", "tables", "exchange", "map"} <= set(names)
    assert chosen(names, ["tab", "start"]) == ["startup", "tables"]
    assert chosen(names, None) == names
    with pytest.raises(SystemExit, match="no benchmark matches nothing"):
        chosen(names, ["nothing"])


def test_every_benchmark_offers_figures_to_the_runner() -> None:
    import importlib

    for name in bench_names():
        module = importlib.import_module(f"tests.benchmarks.bench_{name}")
        assert callable(module.figures), name


def test_the_runner_compares_two_written_runs(tmp_path, capsys) -> None:
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    first.write_text(to_json([Figure("t", "edit", "ms", 200.0, 100.0)], {}), encoding="utf-8")
    second.write_text(to_json([Figure("t", "edit", "ms", 80.0, 100.0)], {}), encoding="utf-8")
    assert main(["--compare", str(first), str(second)]) == 0
    assert "| edit | 200 ms | 80 ms | 0.40 | 0.80 |  |  |" in capsys.readouterr().out
