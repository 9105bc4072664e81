"""Snapshot documents, their comparison and REF resolution: pure domain code, no database."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from chainchief.domain.clock import SHANGHAI
from chainchief.domain.enums import ActionStatus, ProjectStage, SegmentStatus, Stage
from chainchief.domain.history import (
    ActionState,
    ChainState,
    IndicatorState,
    ProjectState,
    SegmentState,
    SnapshotInfo,
    SnapshotReason,
    TargetState,
    decode,
    encode,
)
from chainchief.domain.history_diff import changes_to_json, compare
from chainchief.domain.history_refs import NoSnapshot, resolve
from chainchief.domain.lights import Light
from chainchief.domain.quarters import Quarter


def state(**overrides: object) -> ChainState:
    base: dict[str, object] = {
        "chain": "新能源汽车",
        "completeness": 50.0,
        "segments": (
            SegmentState("电芯", SegmentStatus.WEAK, ("甲电池",), True),
            SegmentState("隔膜", SegmentStatus.MISSING, (), False),
        ),
        "breakpoints": (("隔膜", "电芯"),),
        "targets": (TargetState("隔膜", "乙隔膜", Stage.SIGNED),),
        "projects": (ProjectState("电芯二期", ProjectStage.BUILDING),),
        "indicators": (
            IndicatorState("产值", "2025Q2", 100.0, 80.0),
            IndicatorState("产值", "2026Q2", 120.0, None),
        ),
        "actions": (
            ActionState("协调用地", ActionStatus.IN_PROGRESS, Light.YELLOW),
            ActionState("走访乙隔膜", ActionStatus.ASSIGNED, None),
        ),
    }
    base.update(overrides)
    return ChainState(**base)  # type: ignore[arg-type]


def test_a_document_reads_back_as_the_state_it_was_written_from() -> None:
    original = state()
    text = encode(original)
    assert decode(text) == original
    assert "\\u" not in text and ", " not in text  # compact: no escapes, no spaces


def test_an_unchanged_chain_gives_empty_lists() -> None:
    changes = compare(state(), state())
    assert changes.empty
    document = changes_to_json(changes, since="2026-05-20", until="2026-06-10")
    assert document["segments"] == [] and document["targets"] == []
    assert document["actions"] == {"closed": [], "new": [], "turned_red": []}
    assert document["breakpoints"] == {"added": [], "removed": []}


def test_each_kind_of_change_is_listed_once() -> None:
    before = state()
    after = state(
        completeness=100.0,
        segments=(
            SegmentState("电芯", SegmentStatus.STRONG, ("丙电芯", "甲电池"), True),
            SegmentState("隔膜", SegmentStatus.WEAK, ("乙隔膜",), False),
        ),
        breakpoints=(),
        targets=(TargetState("隔膜", "乙隔膜", Stage.LANDED),),
        projects=(ProjectState("电芯二期", ProjectStage.PRODUCING),),
        actions=(
            ActionState("协调用地", ActionStatus.IN_PROGRESS, Light.RED),
            ActionState("走访乙隔膜", ActionStatus.DONE, None),
            ActionState("新增事项", ActionStatus.ASSIGNED, None),
        ),
        indicators=(
            IndicatorState("产值", "2025Q2", 100.0, 80.0),
            IndicatorState("产值", "2026Q2", 120.0, 100.0),
        ),
    )
    document = changes_to_json(compare(before, after), since="a", until="b")
    assert json.loads(json.dumps(document)) == {
        "chain": "新能源汽车",
        "from": "a",
        "to": "b",
        "completeness": {"from": 50.0, "to": 100.0},
        "segments": [
            {"segment": "电芯", "from": "weak", "to": "strong"},
            {"segment": "隔膜", "from": "missing", "to": "weak"},
        ],
        "breakpoints": {"added": [], "removed": [["隔膜", "电芯"]]},
        "firms": {
            "added": [{"segment": "电芯", "firm": "丙电芯"}, {"segment": "隔膜", "firm": "乙隔膜"}],
            "removed": [],
        },
        "targets": [{"firm": "乙隔膜", "from": "signed", "to": "landed"}],
        "projects": [{"project": "电芯二期", "from": "building", "to": "producing"}],
        "actions": {"closed": ["走访乙隔膜"], "new": ["新增事项"], "turned_red": ["协调用地"]},
        "indicators": [
            {"name": "产值", "quarter": "2026Q2", "target": 120.0, "actual": 100.0, "yoy": 25.0}
        ],
    }


def test_a_dropped_target_moved_back() -> None:
    after = state(targets=(TargetState("隔膜", "乙隔膜", Stage.DROPPED),))
    (change,) = compare(state(), after).targets
    assert not change.forward
    (again,) = compare(after, state()).targets
    assert again.forward


def info(number: int, day: str, reason: SnapshotReason, quarter: str | None = None) -> SnapshotInfo:
    taken = dt.date.fromisoformat(day)
    return SnapshotInfo(
        id=number,
        chain="新能源汽车",
        taken_on=taken,
        taken_at=dt.datetime.combine(taken, dt.time(9, number), SHANGHAI),
        reason=reason,
        quarter=Quarter.parse(quarter) if quarter else Quarter.of(taken),
        meeting_id=None,
    )


SNAPSHOTS = [
    info(1, "2026-02-10", SnapshotReason.MEETING),
    info(2, "2026-03-05", SnapshotReason.MANUAL),
    info(3, "2026-04-02", SnapshotReason.QUARTER_CLOSE, "2026Q1"),
    info(4, "2026-05-20", SnapshotReason.MEETING),
    info(5, "2026-05-20", SnapshotReason.MANUAL),
]


@pytest.mark.parametrize(
    ("ref", "expected"),
    [
        ("2026-05-20", 5),  # the one taken last that day wins
        ("2026-04-30", 3),
        ("2026Q1", 3),  # the closing snapshot, though taken in April
        ("2026Q2", 5),  # no closing yet: the latest taken in it
        ("last-meeting", 4),
    ],
)
def test_a_ref_names_the_snapshot_the_rules_give(ref: str, expected: int) -> None:
    assert resolve(ref, "新能源汽车", list(reversed(SNAPSHOTS))).id == expected


def test_no_fitting_snapshot_is_refused_listing_the_ones_there_are() -> None:
    with pytest.raises(NoSnapshot) as refused:
        resolve("2026-01-31", "新能源汽车", SNAPSHOTS)
    assert "2026-02-10" in refused.value.message and "2026-05-20" in refused.value.message
    with pytest.raises(NoSnapshot, match="no snapshots yet"):
        resolve("last-meeting", "新能源汽车", [])
    with pytest.raises(NoSnapshot, match="Not a snapshot reference"):
        resolve("yesterday", "新能源汽车", SNAPSHOTS)
