from .series import IndicatorSeries, RankingRow, chain_indicators, indicator_names, rank_chains

__all__ = [
    "IndicatorSeries",
    "RankingRow",
    "chain_indicators",
    "indicator_names",
    "rank_chains",
]
