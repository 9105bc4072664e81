"""The benchmark runner's figures: one row of the table, its JSON form, and two runs compared.

A goal is an upper bound. Where a yardstick exists (a bare ``python -c pass``, openpyxl's own
read-only floor, Graphviz dot) it is measured in the same run and the bound is a multiple of
it, so a run on a slow or busy machine is judged against that machine at that time. The ratio
is always measured ÷ bound: at most 1 meets the goal.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

UNITS = {"s": "{:.2f} s", "ms": "{:.0f} ms", "MB": "{:.0f} MB", "x": "{:.2f}×", "": "{:.3g}"}


@dataclass(frozen=True)
class Yardstick:
    """The bound is ``factor`` × what ``name`` measured in the same run (same unit)."""

    name: str
    value: float
    factor: float


@dataclass(frozen=True)
class Figure:
    """One measured figure; ``goal`` an absolute upper bound, ``yardstick`` a relative one."""

    bench: str
    name: str
    unit: str
    measured: float | None
    goal: float | None = None
    yardstick: Yardstick | None = None
    cpu: float | None = None
    """CPU seconds of the same work, where a loaded machine makes the wall time unfair."""
    note: str = ""
    extra: dict[str, float] = field(default_factory=dict)

    @property
    def bound(self) -> float | None:
        """The tighter of the absolute goal and the yardstick's multiple."""
        bounds = [self.goal] if self.goal is not None else []
        if self.yardstick is not None:
            bounds.append(self.yardstick.value * self.yardstick.factor)
        return min(bounds) if bounds else None

    @property
    def ratio(self) -> float | None:
        bound = self.bound
        if bound is None or self.measured is None or bound <= 0:
            return None
        return self.measured / bound

    @property
    def met(self) -> bool | None:
        ratio = self.ratio
        return None if ratio is None else ratio <= 1.0

    def goal_text(self) -> str:
        parts = []
        if self.goal is not None:
            parts.append("≤ " + amount(self.goal, self.unit))
        if self.yardstick is not None:
            stick = self.yardstick
            parts.append(
                f"≤ {stick.factor:g} × {stick.name} "
                f"({amount(stick.value * stick.factor, self.unit)})"
            )
        return ", ".join(parts) or "—"


def amount(value: float | None, unit: str) -> str:
    if value is None:
        return "n/a"
    return UNITS.get(unit, "{:.3g} " + unit).format(value)


def table(figures: Sequence[Figure]) -> str:
    """The run as a Markdown table: figure | goal | measured | ratio (| CPU, note)."""
    lines = [
        "| figure | goal | measured | ratio | CPU | note |",
        "|---|---|---|---|---|---|",
    ]
    for figure in figures:
        ratio = figure.ratio
        verdict = "" if ratio is None else (" ✓" if ratio <= 1 else " ✗")
        lines.append(
            f"| {figure.name} | {figure.goal_text()} | {amount(figure.measured, figure.unit)} | "
            f"{'—' if ratio is None else f'{ratio:.2f}'}{verdict} | "
            f"{'' if figure.cpu is None else f'{figure.cpu:.2f} s'} | {figure.note} |"
        )
    return "\n".join(lines)


def to_json(figures: Iterable[Figure], about: dict[str, Any]) -> str:
    return json.dumps(
        {"about": about, "figures": [asdict(figure) for figure in figures]},
        ensure_ascii=False,
        indent=1,
    )


def from_json(text: str) -> tuple[dict[str, Any], list[Figure]]:
    data = json.loads(text)
    figures = []
    for row in data["figures"]:
        stick = row.pop("yardstick")
        figures.append(Figure(**row, yardstick=Yardstick(**stick) if stick else None))
    return data["about"], figures


def load(path: Path) -> tuple[dict[str, Any], list[Figure]]:
    return from_json(path.read_text(encoding="utf-8"))


def compare(before: Sequence[Figure], after: Sequence[Figure]) -> str:
    """Two runs side by side, matched by bench and figure name, with CPU seconds where
    measured (wall times of two runs on a shared machine differ by the neighbours' load);
    figures only one run has are listed too, so a renamed or dropped figure shows."""
    first = {(figure.bench, figure.name): figure for figure in before}
    second = {(figure.bench, figure.name): figure for figure in after}
    keys = list(first) + [key for key in second if key not in first]
    lines = [
        "| figure | before | after | after ÷ before | ratio after | CPU before | CPU after |",
        "|---|---|---|---|---|---|---|",
    ]
    for key in keys:
        old, new = first.get(key), second.get(key)
        unit = (new or old).unit  # type: ignore[union-attr]
        change = "—"
        if old and new and old.measured and new.measured is not None:
            change = f"{new.measured / old.measured:.2f}"
        ratio = new.ratio if new else None
        lines.append(
            f"| {key[1]} | {amount(old.measured if old else None, unit)} | "
            f"{amount(new.measured if new else None, unit)} | {change} | "
            f"{'—' if ratio is None else f'{ratio:.2f}'} | {cpu(old)} | {cpu(new)} |"
        )
    return "\n".join(lines)


def cpu(figure: Figure | None) -> str:
    return "" if figure is None or figure.cpu is None else f"{figure.cpu:.2f} s"
