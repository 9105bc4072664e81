"""Indicator series and the ranking of chains by completion and by growth."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select, update

from chainchief.domain.quarters import Quarter
from chainchief.services.indicators.series import (
    chain_indicators,
    competition_ranks,
    indicator_names,
    rank_chains,
)
from chainchief.store.db import Database
from chainchief.store.models import Chain, Indicator

REVENUE = "主营业务收入(亿元)"


def test_a_chain_has_one_series_per_indicator_oldest_quarter_first(demo_db: Database) -> None:
    series = chain_indicators(demo_db, "新能源汽车")
    assert [s.name for s in series] == sorted(s.name for s in series)
    assert len(series) == 3
    revenue = next(s for s in series if s.name == REVENUE)
    assert [str(point.quarter) for point in revenue.points] == [
        "2025Q1", "2025Q2", "2025Q3", "2025Q4", "2026Q1", "2026Q2", "2026Q3",
    ]  # fmt: skip
    latest = revenue.points[-1]
    assert (latest.target, latest.actual, latest.last_year) == (197.2, 209.0, 174.5)
    assert latest.completion == pytest.approx(209.0 / 197.2)
    assert latest.growth == pytest.approx(209.0 / 174.5 - 1)
    assert revenue.points[0].growth is None  # no 2024 figure


def test_indicator_names_are_every_stored_name(demo_db: Database) -> None:
    assert indicator_names(demo_db) == sorted(
        ["主营业务收入(亿元)", "固定资产投资(亿元)", "新引进项目数(个)"]
    )


def test_ranking_uses_the_latest_reported_quarter(demo_db: Database) -> None:
    rows = rank_chains(demo_db, indicator=REVENUE)
    assert len(rows) == 8
    assert {row.quarter for row in rows} == {"2026Q3"}
    by_chain = {row.chain: row for row in rows}
    assert by_chain["新能源汽车"].completion == pytest.approx(209.0 / 197.2)
    assert by_chain["集成电路"].growth == pytest.approx(21.1 / 18.4 - 1)
    ranks = [row.completion_rank for row in rows]
    assert ranks == sorted(ranks) and ranks[0] == 1
    best_growth = max(rows, key=lambda row: row.growth)
    assert best_growth.growth_rank == 1


def test_a_quarter_without_actuals_is_not_yet_reported(demo_db: Database) -> None:
    with demo_db.transaction() as session:
        chain_id = session.scalar(select(Chain.id).where(Chain.name == "集成电路"))
        session.execute(
            update(Indicator)
            .where(Indicator.chain_id == chain_id, Indicator.quarter == "2026Q3")
            .values(actual=None)
        )
    rows = {row.chain: row for row in rank_chains(demo_db)}
    assert rows["集成电路"].quarter == "2026Q2"
    assert rows["新能源汽车"].quarter == "2026Q3"
    earlier = {row.chain: row for row in rank_chains(demo_db, up_to=Quarter(2026, 1))}
    assert {row.quarter for row in earlier.values()} == {"2026Q1"}


def test_no_indicators_no_ranking(db: Database) -> None:
    assert rank_chains(db) == []
    assert indicator_names(db) == []


@given(st.dictionaries(st.text(min_size=1, max_size=3), st.none() | st.floats(-5, 5), max_size=8))
def test_ranks_are_competition_ranks_highest_first(values: dict[str, float | None]) -> None:
    ranks = competition_ranks(values)
    assert set(ranks) == {chain for chain, value in values.items() if value is not None}
    for chain, rank in ranks.items():
        better = sum(1 for other in values.values() if other is not None and other > values[chain])
        assert rank == better + 1
