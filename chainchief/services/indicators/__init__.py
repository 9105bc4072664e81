"""Indicators (指标): each chain's quarterly series and the ranking of chains.

The names below are the package's use cases; callers outside ``services`` import them from
here. Modules inside ``services`` import each other's modules directly.
"""

from chainchief.services.indicators.series import (
    IndicatorSeries,
    RankingRow,
    chain_indicators,
    indicator_names,
    rank_chains,
)

__all__ = [
    "IndicatorSeries",
    "RankingRow",
    "chain_indicators",
    "indicator_names",
    "rank_chains",
]
