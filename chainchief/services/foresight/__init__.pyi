from .brief import ChainBrief, RedItem, chain_briefs
from .ranking import ChainTargets, rank_chain_targets, rank_chains_targets, ranked_targets
from .scenarios import (
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
    "RedItem",
    "ScenarioPreview",
    "StepKind",
    "StepRequest",
    "chain_briefs",
    "chain_risks",
    "preview_scenario",
    "rank_chain_targets",
    "rank_chains_targets",
    "ranked_targets",
    "whatif",
]
