"""What changed between two states of a chain: one comparison behind ``chainchief changes``,
the pack's section 三、与上次会议相比 and the app's compare view, so the three always agree.

Segments are matched by name, targets by (segment, firm), projects, indicators and action
items by their names: a snapshot records names, so a row deleted and entered again is the same
row. Only differences are listed; an unchanged chain gives empty lists.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TypeVar

from chainchief.domain.enums import ActionStatus, ProjectStage, SegmentStatus, Stage
from chainchief.domain.history import ChainState, IndicatorState
from chainchief.domain.lights import Light
from chainchief.domain.quarters import Quarter

K = TypeVar("K", str, tuple[str, str])
"""What a change is keyed by: a segment's or project's name, a target's segment and firm."""
V = TypeVar("V")


@dataclass(frozen=True)
class StatusChange:
    segment: str
    before: SegmentStatus | None
    after: SegmentStatus | None


@dataclass(frozen=True)
class FirmChange:
    segment: str
    firm: str


@dataclass(frozen=True)
class TargetChange:
    segment: str
    firm: str
    before: Stage | None
    after: Stage | None

    @property
    def forward(self) -> bool:
        """Moved along the pipeline (a new target counts as forward; 终止 is backward)."""
        return stage_rank(self.after) > stage_rank(self.before)


@dataclass(frozen=True)
class ProjectChange:
    project: str
    before: ProjectStage | None
    after: ProjectStage | None


@dataclass(frozen=True)
class IndicatorChange:
    name: str
    quarter: str
    target: float | None
    actual: float | None
    yoy: float | None
    """Actual against the same quarter a year earlier, in percent (one decimal), if known."""


@dataclass(frozen=True)
class ChainChanges:
    chain: str
    completeness: tuple[float, float]
    segments: tuple[StatusChange, ...]
    breakpoints_added: tuple[tuple[str, str], ...]
    breakpoints_removed: tuple[tuple[str, str], ...]
    firms_added: tuple[FirmChange, ...]
    firms_removed: tuple[FirmChange, ...]
    targets: tuple[TargetChange, ...]
    projects: tuple[ProjectChange, ...]
    actions_closed: tuple[str, ...]
    actions_new: tuple[str, ...]
    actions_turned_red: tuple[str, ...]
    indicators: tuple[IndicatorChange, ...]

    @property
    def empty(self) -> bool:
        """Nothing but (perhaps) an equal completeness."""
        return self.completeness[0] == self.completeness[1] and not any(
            (
                self.segments,
                self.breakpoints_added,
                self.breakpoints_removed,
                self.firms_added,
                self.firms_removed,
                self.targets,
                self.projects,
                self.actions_closed,
                self.actions_new,
                self.actions_turned_red,
                self.indicators,
            )
        )


def stage_rank(stage: Stage | None) -> int:
    """Pipeline position: none below 终止 below 储备 … 落地."""
    if stage is None:
        return -2
    if stage is Stage.DROPPED:
        return -1
    return list(Stage).index(stage)


def compare(before: ChainState, after: ChainState) -> ChainChanges:
    """The changes from ``before`` to ``after`` (two states of one chain)."""
    return ChainChanges(
        chain=after.chain,
        completeness=(before.completeness, after.completeness),
        segments=_segment_changes(before, after),
        breakpoints_added=tuple(sorted(set(after.breakpoints) - set(before.breakpoints))),
        breakpoints_removed=tuple(sorted(set(before.breakpoints) - set(after.breakpoints))),
        firms_added=_firm_changes(after, before),
        firms_removed=_firm_changes(before, after),
        targets=_target_changes(before, after),
        projects=_project_changes(before, after),
        actions_closed=_closed(before, after),
        actions_new=tuple(
            sorted({row.item for row in after.actions} - {row.item for row in before.actions})
        ),
        actions_turned_red=_turned_red(before, after),
        indicators=_indicator_changes(before, after),
    )


def _changed(old: Mapping[K, V], new: Mapping[K, V]) -> list[tuple[K, V | None, V | None]]:
    """Each key whose value differs between ``old`` and ``new`` (absent counts as None), in
    key order, with both values."""
    return [
        (key, old.get(key), new.get(key))
        for key in sorted(old.keys() | new.keys())
        if old.get(key) != new.get(key)
    ]


def _segment_changes(before: ChainState, after: ChainState) -> tuple[StatusChange, ...]:
    old = {segment.name: segment.status for segment in before.segments}
    new = {segment.name: segment.status for segment in after.segments}
    return tuple(StatusChange(name, was, now) for name, was, now in _changed(old, new))


def _firm_changes(present: ChainState, absent: ChainState) -> tuple[FirmChange, ...]:
    """(segment, firm) pairs local in ``present`` and not in ``absent``."""
    absent_pairs = {
        (segment.name, firm) for segment in absent.segments for firm in segment.local_firms
    }
    return tuple(
        FirmChange(segment.name, firm)
        for segment in present.segments
        for firm in segment.local_firms
        if (segment.name, firm) not in absent_pairs
    )


def _target_changes(before: ChainState, after: ChainState) -> tuple[TargetChange, ...]:
    old = {(row.segment, row.firm): row.stage for row in before.targets}
    new = {(row.segment, row.firm): row.stage for row in after.targets}
    return tuple(
        TargetChange(segment, firm, was, now) for (segment, firm), was, now in _changed(old, new)
    )


def _project_changes(before: ChainState, after: ChainState) -> tuple[ProjectChange, ...]:
    old = {row.project: row.stage for row in before.projects}
    new = {row.project: row.stage for row in after.projects}
    return tuple(ProjectChange(name, was, now) for name, was, now in _changed(old, new))


def _closed(before: ChainState, after: ChainState) -> tuple[str, ...]:
    was_open = {row.item for row in before.actions if not row.status.is_closed}
    return tuple(row.item for row in after.actions if row.status.is_closed and row.item in was_open)


def _turned_red(before: ChainState, after: ChainState) -> tuple[str, ...]:
    """Items that were there before without a red light and are red now."""
    old = {row.item: row.light for row in before.actions}
    return tuple(
        row.item
        for row in after.actions
        if row.light is Light.RED and row.item in old and old[row.item] is not Light.RED
    )


def _indicator_changes(before: ChainState, after: ChainState) -> tuple[IndicatorChange, ...]:
    """Indicators entered or changed since ``before``, each with its year-on-year change."""
    old = {(row.quarter, row.name): (row.target, row.actual) for row in before.indicators}
    by_key = {(row.quarter, row.name): row for row in after.indicators}
    changed = [
        row for key, row in sorted(by_key.items()) if old.get(key) != (row.target, row.actual)
    ]
    return tuple(
        IndicatorChange(row.name, row.quarter, row.target, row.actual, _yoy(row, by_key))
        for row in changed
    )


def _yoy(row: IndicatorState, by_key: dict[tuple[str, str], IndicatorState]) -> float | None:
    try:
        quarter = Quarter.parse(row.quarter)
    except ValueError:
        return None
    earlier = by_key.get((str(Quarter(quarter.year - 1, quarter.number)), row.name))
    if row.actual is None or earlier is None or not earlier.actual:
        return None
    change = Decimal(str(row.actual)) / Decimal(str(earlier.actual)) * 100 - 100
    return float(change.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def changes_to_json(changes: ChainChanges, *, since: str, until: str) -> dict[str, object]:
    """The ``changes --json`` document (issue 21): codes as ``gaps --json`` writes them."""
    return {
        "chain": changes.chain,
        "from": since,
        "to": until,
        "completeness": {"from": changes.completeness[0], "to": changes.completeness[1]},
        "segments": [
            {"segment": row.segment, "from": _code(row.before), "to": _code(row.after)}
            for row in changes.segments
        ],
        "breakpoints": {
            "added": [list(pair) for pair in changes.breakpoints_added],
            "removed": [list(pair) for pair in changes.breakpoints_removed],
        },
        "firms": {
            "added": [{"segment": row.segment, "firm": row.firm} for row in changes.firms_added],
            "removed": [
                {"segment": row.segment, "firm": row.firm} for row in changes.firms_removed
            ],
        },
        "targets": [
            {"firm": row.firm, "from": _code(row.before), "to": _code(row.after)}
            for row in changes.targets
        ],
        "projects": [
            {"project": row.project, "from": _code(row.before), "to": _code(row.after)}
            for row in changes.projects
        ],
        "actions": {
            "closed": list(changes.actions_closed),
            "new": list(changes.actions_new),
            "turned_red": list(changes.actions_turned_red),
        },
        "indicators": [
            {
                "name": row.name,
                "quarter": row.quarter,
                "target": row.target,
                "actual": row.actual,
                "yoy": row.yoy,
            }
            for row in changes.indicators
        ],
    }


def _code(value: SegmentStatus | Stage | ProjectStage | ActionStatus | None) -> str | None:
    return None if value is None else value.value
