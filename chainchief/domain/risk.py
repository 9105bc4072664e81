"""Which leading firms the chain cannot lose: the 风险 view of the app.

A 链主 or 骨干 firm in the zone is a risk when its departure (the what-if of removing it) would
open a breakpoint or a chokepoint, or leave a segment with no local firm at all.
"""

from __future__ import annotations

from dataclasses import dataclass

from chainchief.domain.analysis import LEADING_ROLES
from chainchief.domain.enums import Role, SegmentStatus
from chainchief.domain.scenario import (
    RemoveFirm,
    ScenarioChain,
    ScenarioResult,
    run_scenario,
)


@dataclass(frozen=True)
class DepartureRisk:
    firm_id: int
    firm: str
    holds: tuple[tuple[str, Role], ...]
    """The segments it serves as 链主 or 骨干, with its role there."""
    result: ScenarioResult

    @property
    def turned_missing(self) -> tuple[str, ...]:
        return tuple(
            change.name for change in self.result.segments if change.after is SegmentStatus.MISSING
        )


def departure_risks(state: ScenarioChain) -> list[DepartureRisk]:
    """The chain's risky leading firms, the most revenue at risk first (unknown last), then name."""
    names = state.graph.names
    leading: dict[int, list[tuple[str, Role]]] = {}
    firm_names: dict[int, str] = {}
    for stake in state.stakes:
        if stake.in_zone and stake.role in LEADING_ROLES:
            leading.setdefault(stake.firm_id, []).append((names[stake.segment_id], stake.role))
            firm_names[stake.firm_id] = stake.firm
    risks = []
    for firm_id, holds in leading.items():
        result = run_scenario(state, [RemoveFirm(firm_id, firm_names[firm_id])])
        risk = DepartureRisk(firm_id, firm_names[firm_id], tuple(sorted(holds)), result)
        if result.breakpoints_added or result.chokepoints_added or risk.turned_missing:
            risks.append(risk)
    return sorted(
        risks,
        key=lambda r: (
            r.result.revenue_at_risk is None,
            -(r.result.revenue_at_risk or 0.0),
            r.firm,
            r.firm_id,
        ),
    )
