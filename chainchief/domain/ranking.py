"""Targets ranked by the gaps they would close if they landed (``chainchief targets --rank``).

A target's value is read off the what-if of landing it alone:
(3 × breakpoints closed + 2 × segments lifted from missing + 1 × segments lifted from weak +
completeness gain / 10) × stage weight, rounded half-up to two decimals. The weights are shared
settings. Decimal arithmetic keeps the documented figures exact (5.83 × 0.5 is 2.92, not 2.91).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from chainchief.domain.analysis import Breakpoint
from chainchief.domain.enums import SegmentStatus, Stage
from chainchief.domain.scenario import (
    ChainTarget,
    ScenarioChain,
    ScenarioResult,
    SimulatedStatusChange,
    run_scenario,
)
from chainchief.domain.settings import DEFAULT_STAGE_WEIGHTS, DEFAULT_VALUE_WEIGHTS

OPEN_STAGES = (Stage.RESERVE, Stage.CONTACT, Stage.NEGOTIATING, Stage.SIGNED)
"""The stages still being worked, in pipeline order (the order of the stage weights)."""
ADVANCED_FIRST = {stage: index for index, stage in enumerate(reversed(OPEN_STAGES))}
STATUS_RANK = {SegmentStatus.MISSING: 0, SegmentStatus.WEAK: 1, SegmentStatus.STRONG: 2}
CENT = Decimal("0.01")


def _weights(text: str, count: int) -> tuple[Decimal, ...]:
    """``count`` non-negative numbers separated by commas; ValueError otherwise."""
    parts = [part.strip() for part in text.replace("，", ",").split(",")]
    try:
        numbers = tuple(Decimal(part) for part in parts)
    except InvalidOperation:
        raise ValueError(text) from None
    if len(numbers) != count or any(not n.is_finite() or n < 0 for n in numbers):
        raise ValueError(text)
    return numbers


@dataclass(frozen=True)
class ValueWeights:
    """Weights of breakpoints closed, lifts from missing and weak, completeness gain; stages."""

    breakpoint: Decimal
    from_missing: Decimal
    from_weak: Decimal
    completeness: Decimal
    stages: tuple[Decimal, Decimal, Decimal, Decimal]

    @classmethod
    def from_texts(
        cls, value_weights: str = DEFAULT_VALUE_WEIGHTS, stage_weights: str = DEFAULT_STAGE_WEIGHTS
    ) -> ValueWeights:
        """Parse the two settings; ValueError names the text that is not four numbers ≥ 0."""
        breakpoint, from_missing, from_weak, completeness = _weights(value_weights, 4)
        reserve, contact, negotiating, signed = _weights(stage_weights, 4)
        return cls(
            breakpoint,
            from_missing,
            from_weak,
            completeness,
            (reserve, contact, negotiating, signed),
        )

    def stage(self, stage: Stage) -> Decimal:
        return self.stages[OPEN_STAGES.index(stage)]


def normalise_weights(text: str, count: int = 4) -> str:
    """The setting as stored: the numbers as typed, comma-separated; ValueError when invalid."""
    return ",".join(str(number) for number in _weights(text, count))


@dataclass(frozen=True)
class RankedTarget:
    target: ChainTarget
    value: Decimal
    closes_breakpoints: tuple[Breakpoint, ...]
    lifts: tuple[SimulatedStatusChange, ...]

    def reason(self) -> str:
        """Why it is worth landing, in Chinese (printed in the meeting pack and the brief)."""
        parts = [f"消除断点{bp.upstream}→{bp.downstream}" for bp in self.closes_breakpoints]
        parts += [
            f"{change.name}{change.before.file_value}→{change.after.file_value}"
            for change in self.lifts
        ]
        return "；".join(parts) or "不改变缺链断点"


def target_value(
    closes: int, from_missing: int, from_weak: int, gain: Decimal, stage: Stage, w: ValueWeights
) -> Decimal:
    """The documented formula, rounded half-up to two decimals."""
    raw = (
        w.breakpoint * closes
        + w.from_missing * from_missing
        + w.from_weak * from_weak
        + w.completeness * gain
    ) * w.stage(stage)
    return raw.quantize(CENT, rounding=ROUND_HALF_UP)


def value_target(
    state: ScenarioChain,
    target: ChainTarget,
    weights: ValueWeights,
    landed: dict[tuple[int | None, int], ScenarioResult] | None = None,
) -> RankedTarget:
    """The target's value from the what-if of landing it alone.

    ``landed`` keeps the what-ifs already run: a firm not on record lands the same way in a
    segment whatever its name, so a segment's new targets share one (a city's pack ranks some
    1,300 targets in 700 segments)."""
    key = (target.firm_id, target.segment_id)
    if landed is None:
        landed = {}
    if key not in landed:
        landed[key] = run_scenario(state, [target.landing()])
    result = landed[key]
    lifts = tuple(
        change
        for change in result.segments
        if STATUS_RANK[change.after] > STATUS_RANK[change.before]
    )
    gain = Decimal(str(result.completeness_after)) - Decimal(str(result.before.completeness))
    value = target_value(
        len(result.breakpoints_removed),
        sum(1 for change in lifts if change.before is SegmentStatus.MISSING),
        sum(1 for change in lifts if change.before is SegmentStatus.WEAK),
        gain,
        target.stage,
        weights,
    )
    return RankedTarget(target, value, result.breakpoints_removed, lifts)


def by_stage(ranked: RankedTarget) -> tuple[int, int, str, str]:
    """Most advanced stage first, then the segment (tier, name), then the firm (code point)."""
    target = ranked.target
    return (ADVANCED_FIRST[target.stage], target.tier.rank, target.segment, target.firm)


def by_value(ranked: RankedTarget) -> tuple[Decimal, int, str, int, str]:
    """Most valuable first; ties to the most advanced stage, then the firm name (code point)."""
    target = ranked.target
    return (
        -ranked.value,
        ADVANCED_FIRST[target.stage],
        target.firm,
        target.tier.rank,
        target.segment,
    )


def rank_targets(
    state: ScenarioChain, targets: Sequence[ChainTarget], weights: ValueWeights, *, rank: bool
) -> list[RankedTarget]:
    """The open targets valued, by value when ``rank``, else by stage."""
    landed: dict[tuple[int | None, int], ScenarioResult] = {}
    valued = [
        value_target(state, target, weights, landed)
        for target in targets
        if target.stage in OPEN_STAGES
    ]
    return sorted(valued, key=by_value if rank else by_stage)


def targets_to_json(chain: str, ranked: Sequence[RankedTarget]) -> dict[str, object]:
    """The ``targets --json`` document, in the order given."""
    return {
        "chain": chain,
        "targets": [
            {
                "firm": item.target.firm,
                "segment": item.target.segment,
                "stage": str(item.target.stage),
                "value": float(item.value),
                "closes": {
                    "breakpoints": [[bp.upstream, bp.downstream] for bp in item.closes_breakpoints],
                    "segments": [
                        {"segment": c.name, "from": str(c.before), "to": str(c.after)}
                        for c in item.lifts
                    ],
                },
            }
            for item in ranked
        ],
    }
