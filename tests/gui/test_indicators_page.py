"""指标 page: the chain's quarterly table, the chart with target and growth, ranking, PNG."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCharts import QBarSeries, QLineSeries
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from chainchief.services.indicators.series import chain_indicators, rank_chains
from chainchief.store.db import Database, open_database
from chainchief.ui.pages.indicators import IndicatorsPage

CHAIN = "新能源汽车"
REVENUE = "主营业务收入(亿元)"


@pytest.fixture
def page(qtbot, demo_db_path: Path) -> IndicatorsPage:
    database: Database = open_database(demo_db_path)
    widget = IndicatorsPage(database)
    qtbot.addWidget(widget)
    widget.resize(1140, 640)
    widget.show()
    yield widget
    database.dispose()


def test_the_table_lists_every_quarter_of_every_indicator(page) -> None:
    page.chain_box.setCurrentText(CHAIN)
    series = chain_indicators(page.db, CHAIN)
    assert page.table.rowCount() == sum(len(s.points) for s in series) == 21
    row = next(
        r
        for r in range(page.table.rowCount())
        if page.table.item(r, 0).text() == REVENUE and page.table.item(r, 1).text() == "2026Q3"
    )
    assert [page.table.item(row, c).text() for c in range(2, 6)] == [
        "197.2", "209", "106.0%", "19.8%",
    ]  # fmt: skip


def test_the_chart_shows_actuals_target_and_growth(page) -> None:
    page.chain_box.setCurrentText(CHAIN)
    page.indicator_box.setCurrentText(REVENUE)
    chart = page.chart_view.chart()
    assert CHAIN in chart.title() and REVENUE in chart.title()
    bars = next(s for s in chart.series() if isinstance(s, QBarSeries))
    revenue = next(s for s in chain_indicators(page.db, CHAIN) if s.name == REVENUE)
    actuals = bars.barSets()[0]
    assert [actuals.at(i) for i in range(actuals.count())] == [p.actual for p in revenue.points]
    target, growth = (s for s in chart.series() if isinstance(s, QLineSeries))
    assert [point.y() for point in target.points()] == [p.target for p in revenue.points]
    assert len(growth.points()) == 3  # 2026 quarters have last year's figure
    assert growth.points()[-1].y() == pytest.approx((209.0 / 174.5 - 1) * 100)


def test_the_ranking_follows_the_service(page) -> None:
    page.tabs.setCurrentIndex(1)
    page.ranking_box.setCurrentIndex(page.ranking_box.findData(REVENUE))
    expected = rank_chains(page.db, indicator=REVENUE)
    shown = [page.ranking.item(r, 2).text() for r in range(page.ranking.rowCount())]
    assert shown == [row.chain for row in expected]
    page.ranking.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    by_growth = [page.ranking.item(r, 2).text() for r in range(page.ranking.rowCount())]
    assert by_growth[0] == next(row.chain for row in expected if row.growth_rank == 1)


def test_the_chart_exports_as_png(page, tmp_path) -> None:
    page.chain_box.setCurrentText(CHAIN)
    path = page.export_png(tmp_path / "chart.png")
    image = QImage(str(path))
    assert not image.isNull()
    assert image.width() >= 300 and image.height() >= 200
