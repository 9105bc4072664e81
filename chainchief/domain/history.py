"""A chain as it stood on a day (快照): what a snapshot records, and its compact JSON form.

A chief's first question at a dispatch meeting is what has changed since the last one. The
answer compares two of these states, so a state holds exactly what that comparison and the
compare view need: each segment's status, local firms and chokepoint flag, the breakpoints,
targets and projects with their stages, the indicators, and the action items with status and
light. Codes are those of ``gaps --json`` and DESIGN.md §3; the pack and the app put them in
words. One state is stored as one JSON document (names, not ids, so it still reads after rows
are renamed or deleted), written without ASCII escapes or spaces to keep a city's quarter small.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from chainchief.domain.analysis import ChainAnalysis
from chainchief.domain.enums import ActionStatus, ProjectStage, SegmentStatus, Stage
from chainchief.domain.lights import Light
from chainchief.domain.quarters import Quarter
from chainchief.i18n import N_, _

DOCUMENT_VERSION = 1


class SnapshotReason(StrEnum):
    """Why a snapshot was taken."""

    MANUAL = "manual"
    MEETING = "meeting"
    QUARTER_CLOSE = "quarter_close"

    @property
    def label(self) -> str:
        return _(_REASON_LABELS[self])


_REASON_LABELS = {
    SnapshotReason.MANUAL: N_("taken on demand"),
    SnapshotReason.MEETING: N_("dispatch meeting held"),
    SnapshotReason.QUARTER_CLOSE: N_("quarter closed"),
}


@dataclass(frozen=True)
class SegmentState:
    name: str
    status: SegmentStatus
    local_firms: tuple[str, ...]
    """Names of the distinct in-zone firms of the segment, sorted (code point)."""
    chokepoint: bool


@dataclass(frozen=True)
class TargetState:
    segment: str
    firm: str
    stage: Stage


@dataclass(frozen=True)
class ProjectState:
    project: str
    stage: ProjectStage


@dataclass(frozen=True)
class IndicatorState:
    name: str
    quarter: str
    target: float | None
    actual: float | None


@dataclass(frozen=True)
class ActionState:
    item: str
    status: ActionStatus
    light: Light | None


@dataclass(frozen=True)
class ChainState:
    """One chain's state; every collection sorted, so equal states have equal documents."""

    chain: str
    completeness: float
    segments: tuple[SegmentState, ...]
    breakpoints: tuple[tuple[str, str], ...]
    targets: tuple[TargetState, ...]
    projects: tuple[ProjectState, ...]
    indicators: tuple[IndicatorState, ...]
    actions: tuple[ActionState, ...]


@dataclass(frozen=True)
class SnapshotInfo:
    """A stored snapshot without its document: enough to list it and to resolve a REF."""

    id: int
    chain: str
    taken_on: dt.date
    taken_at: dt.datetime
    reason: SnapshotReason
    quarter: Quarter
    """The quarter it closes (``quarter_close``), its meeting's (``meeting``), else the one it
    was taken in."""
    meeting_id: int | None

    @property
    def order(self) -> tuple[dt.date, dt.datetime, int]:
        """Later snapshots sort after earlier ones; of one day, the one taken last wins."""
        return (self.taken_on, self.taken_at, self.id)


def chain_state(
    analysis: ChainAnalysis,
    local_firms: Mapping[int, Iterable[str]],
    targets: Iterable[TargetState],
    projects: Iterable[ProjectState],
    indicators: Iterable[IndicatorState],
    actions: Iterable[ActionState],
) -> ChainState:
    """The state of an analysed chain; ``local_firms`` by segment id."""
    return ChainState(
        chain=analysis.chain,
        completeness=analysis.completeness,
        segments=tuple(
            SegmentState(
                name=segment.name,
                status=segment.status,
                local_firms=tuple(sorted(set(local_firms.get(segment.segment_id, ())))),
                chokepoint=segment.chokepoint,
            )
            for segment in sorted(analysis.segments, key=lambda segment: segment.name)
        ),
        breakpoints=tuple(
            sorted((point.upstream, point.downstream) for point in analysis.breakpoints)
        ),
        targets=tuple(sorted(targets, key=lambda target: (target.segment, target.firm))),
        projects=tuple(sorted(projects, key=lambda project: project.project)),
        indicators=tuple(sorted(indicators, key=lambda row: (row.quarter, row.name))),
        actions=tuple(sorted(actions, key=lambda action: action.item)),
    )


def encode(state: ChainState) -> str:
    """The compact JSON document of a state (lists of values, keyed by position)."""
    document = {
        "v": DOCUMENT_VERSION,
        "chain": state.chain,
        "completeness": state.completeness,
        "segments": [
            [segment.name, segment.status.value, list(segment.local_firms), segment.chokepoint]
            for segment in state.segments
        ],
        "breakpoints": [list(pair) for pair in state.breakpoints],
        "targets": [[row.segment, row.firm, row.stage.value] for row in state.targets],
        "projects": [[row.project, row.stage.value] for row in state.projects],
        "indicators": [[row.name, row.quarter, row.target, row.actual] for row in state.indicators],
        "actions": [
            [row.item, row.status.value, row.light.value if row.light else None]
            for row in state.actions
        ],
    }
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"))


def decode(text: str) -> ChainState:
    """The state a document written by ``encode`` holds."""
    document: dict[str, Any] = json.loads(text)
    if document.get("v") != DOCUMENT_VERSION:
        raise ValueError(f"unknown snapshot document version {document.get('v')!r}")
    return ChainState(
        chain=document["chain"],
        completeness=float(document["completeness"]),
        segments=tuple(
            SegmentState(name, SegmentStatus(status), tuple(firms), bool(chokepoint))
            for name, status, firms, chokepoint in document["segments"]
        ),
        breakpoints=tuple((up, down) for up, down in document["breakpoints"]),
        targets=tuple(
            TargetState(segment, firm, Stage(stage)) for segment, firm, stage in document["targets"]
        ),
        projects=tuple(
            ProjectState(project, ProjectStage(stage)) for project, stage in document["projects"]
        ),
        indicators=tuple(
            IndicatorState(name, quarter, target, actual)
            for name, quarter, target, actual in document["indicators"]
        ),
        actions=tuple(
            ActionState(item, ActionStatus(status), Light(light) if light else None)
            for item, status, light in document["actions"]
        ),
    )
