"""Foresight (issue 27): what-if scenarios on a chain, targets ranked by the gaps they would
close, the leading firms a chain cannot lose, and the chief's one-page brief.

The names below are the package's use cases; callers outside ``services`` import them from
here. Modules inside ``services`` import each other's modules directly.
"""

from chainchief.services.foresight.brief import ChainBrief, chain_briefs
from chainchief.services.foresight.ranking import ChainTargets, rank_chain_targets, ranked_targets
from chainchief.services.foresight.scenarios import (
    ChainRisks,
    ScenarioPreview,
    StepKind,
    StepRequest,
    chain_risks,
    preview_scenario,
    whatif,
)

__all__ = [
    "ChainBrief",
    "ChainRisks",
    "ChainTargets",
    "ScenarioPreview",
    "StepKind",
    "StepRequest",
    "chain_briefs",
    "chain_risks",
    "preview_scenario",
    "rank_chain_targets",
    "ranked_targets",
    "whatif",
]
