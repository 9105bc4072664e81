"""指标: each chain's quarterly targets and actuals, a chart with growth, and a ranking of chains.

Figures, completion and growth come from the indicators service (one definition, shared with
the meeting workbook); the page lays them out and draws the chart with QtCharts: actuals as
bars, the target as a line, year-on-year growth as a second line on a percentage axis.
"""

from __future__ import annotations

import functools
from pathlib import Path

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from chainchief.domain.errors import FileWriteFailed
from chainchief.fileio import atomic_path
from chainchief.i18n import _
from chainchief.services.chains.lists import list_chains
from chainchief.services.indicators.series import (
    IndicatorSeries,
    RankingRow,
    chain_indicators,
    indicator_names,
    rank_chains,
)
from chainchief.services.workspace import Workspace
from chainchief.ui.fonts import ui_font
from chainchief.ui.forms import read_only_table
from chainchief.ui.icons import icon
from chainchief.ui.models.collation import compare_names

ACTUAL_COLOUR = QColor(0x44, 0x72, 0xC4)
TARGET_COLOUR = QColor(0xC0, 0x00, 0x06)
GROWTH_COLOUR = QColor(0x1E, 0x7B, 0x34)


def number(value: float | None) -> str:
    return "" if value is None else f"{value:,.2f}".rstrip("0").rstrip(".")


def percent(value: float | None) -> str:
    return "" if value is None else f"{value * 100:.1f}%"


def _item(text: str, *, right: bool = True) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


class _RankItem(QTableWidgetItem):
    """Sorts by the number behind the text; chains without a value go last."""

    def __lt__(self, other: QTableWidgetItem) -> bool:
        mine = self.data(Qt.ItemDataRole.UserRole)
        theirs = other.data(Qt.ItemDataRole.UserRole)
        if mine is None or theirs is None:
            return theirs is None and mine is not None
        return float(mine) < float(theirs)


def build_chart(series: IndicatorSeries) -> QChart:
    """Actuals as bars, the target as a line, growth against last year on a right-hand axis."""
    chart = QChart()
    chart.setTitle(f"{series.chain} · {series.name}")
    chart.setTitleFont(ui_font(11))
    chart.legend().setFont(ui_font(9))
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    quarters = [str(point.quarter) for point in series.points]
    actual = QBarSet(_("Actual"))
    actual.setColor(ACTUAL_COLOUR)
    actual.append([point.actual or 0.0 for point in series.points])
    bars = QBarSeries()
    bars.append(actual)
    target = QLineSeries()
    target.setName(_("Target"))
    target.setPen(QPen(TARGET_COLOUR, 2, Qt.PenStyle.DashLine))
    growth = QLineSeries()
    growth.setName(_("Growth on last year"))
    growth.setPen(QPen(GROWTH_COLOUR, 2))
    growth.setPointsVisible(True)
    for index, point in enumerate(series.points):
        if point.target is not None:
            target.append(QPointF(index, point.target))
        if point.growth is not None:
            growth.append(QPointF(index, point.growth * 100))
    for part in (bars, target, growth):
        chart.addSeries(part)
    categories = QBarCategoryAxis()
    categories.append(quarters)
    categories.setLabelsFont(ui_font(8))
    if len(quarters) > 6:
        categories.setLabelsAngle(-45)
    values = QValueAxis()
    values.setLabelFormat("%.0f")
    values.setLabelsFont(ui_font(8))
    highest = max([p.actual or 0 for p in series.points] + [p.target or 0 for p in series.points])
    values.setRange(0, highest * 1.15 or 1)
    rates = QValueAxis()
    rates.setLabelFormat("%.0f%%")
    rates.setLabelsFont(ui_font(8))
    known = [p.growth * 100 for p in series.points if p.growth is not None] or [0.0]
    rates.setRange(min(0.0, min(known) * 1.2), max(10.0, max(known) * 1.2))
    chart.addAxis(categories, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(values, Qt.AlignmentFlag.AlignLeft)
    chart.addAxis(rates, Qt.AlignmentFlag.AlignRight)
    for part in (bars, target):
        part.attachAxis(categories)
        part.attachAxis(values)
    growth.attachAxis(categories)
    growth.attachAxis(rates)
    return chart


class IndicatorsPage(QWidget):
    chart_exported = Signal(str)

    def __init__(self, db: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.series: list[IndicatorSeries] = []
        self.chain_box = QComboBox()
        self.chain_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.chain_box.currentIndexChanged.connect(lambda _i: self.show_chain())
        self.indicator_box = QComboBox()
        self.indicator_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.indicator_box.currentIndexChanged.connect(lambda _i: self.show_indicator())
        self.export_button = QPushButton(icon("export"), _("Export chart as PNG…"))
        self.export_button.clicked.connect(self.export_dialog)
        self.table = read_only_table(
            [_("Indicator"), _("Quarter"), _("Target"), _("Actual"), _("Completion"), _("Growth")],
            fit_contents=True,
            stretch_last=False,
        )
        self.table.itemClicked.connect(self._row_clicked)
        self.chart_view = QChartView()
        self.chart_view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.chart_view.setMinimumSize(360, 260)
        self.ranking_box = QComboBox()
        self.ranking_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.ranking_box.currentIndexChanged.connect(lambda _i: self.show_ranking())
        self.ranking = read_only_table(
            [_("Completion rank"), _("Growth rank"), _("Chain"), _("Quarter"),
             _("Completion"), _("Growth")],
            fit_contents=True, stretch_last=False,
        )  # fmt: skip
        self.ranking.setSortingEnabled(True)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._chain_tab(), _("By chain"))
        self.tabs.addTab(self._ranking_tab(), _("Ranking"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.tabs)
        self.loaded = False

    def _chain_tab(self) -> QWidget:
        tab = QWidget()
        bar = QHBoxLayout()
        bar.addWidget(QLabel(_("Chain")))
        bar.addWidget(self.chain_box)
        bar.addWidget(QLabel(_("Chart")))
        bar.addWidget(self.indicator_box)
        bar.addStretch(1)
        bar.addWidget(self.export_button)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.table)
        splitter.addWidget(self.chart_view)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([400, 700])
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(tab)
        layout.addLayout(bar)
        layout.addWidget(splitter, 1)
        return tab

    def _ranking_tab(self) -> QWidget:
        tab = QWidget()
        bar = QHBoxLayout()
        bar.addWidget(QLabel(_("Rank by")))
        bar.addWidget(self.ranking_box)
        bar.addStretch(1)
        note = QLabel(
            _("Each chain on its latest reported quarter; completion is actual ÷ target.")
        )
        note.setWordWrap(True)
        layout = QVBoxLayout(tab)
        layout.addLayout(bar)
        layout.addWidget(note)
        layout.addWidget(self.ranking, 1)
        return tab

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if not self.loaded:
            self.reload()
        super().showEvent(event)

    def reload(self) -> None:
        chosen = self.chain_box.currentText()
        names = sorted(
            (row.name for row in list_chains(self.db)),
            key=functools.cmp_to_key(compare_names(lambda name: name)),
        )
        self.chain_box.blockSignals(True)
        self.chain_box.clear()
        self.chain_box.addItems(names)
        self.chain_box.setCurrentIndex(max(self.chain_box.findText(chosen), 0))
        self.chain_box.blockSignals(False)
        ranked_by = self.ranking_box.currentData()
        self.ranking_box.blockSignals(True)
        self.ranking_box.clear()
        self.ranking_box.addItem(_("All indicators (mean)"), None)
        for name in indicator_names(self.db):
            self.ranking_box.addItem(name, name)
        self.ranking_box.setCurrentIndex(max(self.ranking_box.findData(ranked_by), 0))
        self.ranking_box.blockSignals(False)
        self.loaded = True
        self.show_chain()
        self.show_ranking()

    def show_chain(self) -> None:
        chain = self.chain_box.currentText()
        self.series = chain_indicators(self.db, chain) if chain else []
        rows = [(s, point) for s in self.series for point in s.points]
        self.table.setRowCount(len(rows))
        for row, (series, point) in enumerate(rows):
            self.table.setItem(row, 0, _item(series.name, right=False))
            self.table.setItem(row, 1, _item(str(point.quarter), right=False))
            self.table.setItem(row, 2, _item(number(point.target)))
            self.table.setItem(row, 3, _item(number(point.actual)))
            self.table.setItem(row, 4, _item(percent(point.completion)))
            self.table.setItem(row, 5, _item(percent(point.growth)))
        chosen = self.indicator_box.currentText()
        self.indicator_box.blockSignals(True)
        self.indicator_box.clear()
        self.indicator_box.addItems([s.name for s in self.series])
        self.indicator_box.setCurrentIndex(max(self.indicator_box.findText(chosen), 0))
        self.indicator_box.blockSignals(False)
        self.show_indicator()

    def show_indicator(self) -> None:
        name = self.indicator_box.currentText()
        found = next((s for s in self.series if s.name == name), None)
        self.export_button.setEnabled(found is not None)
        old = self.chart_view.chart()
        self.chart_view.setChart(build_chart(found) if found else QChart())
        old.deleteLater()

    def _row_clicked(self, item: QTableWidgetItem) -> None:
        cell = self.table.item(item.row(), 0)
        if cell is None:
            return
        name = cell.text()
        self.indicator_box.setCurrentIndex(self.indicator_box.findText(name))

    def show_ranking(self) -> None:
        rows = rank_chains(self.db, indicator=self.ranking_box.currentData())
        self.ranking.setSortingEnabled(False)
        self.ranking.setRowCount(len(rows))
        for index, row in enumerate(rows):
            self._rank_row(index, row)
        self.ranking.setSortingEnabled(True)
        self.ranking.sortByColumn(0, Qt.SortOrder.AscendingOrder)

    def _rank_row(self, index: int, row: RankingRow) -> None:
        cells = [
            (str(row.completion_rank or ""), row.completion_rank),
            (str(row.growth_rank or ""), row.growth_rank),
            (row.chain, None),
            (row.quarter or "", None),
            (percent(row.completion), row.completion),
            (percent(row.growth), row.growth),
        ]
        for column, (text, value) in enumerate(cells):
            if column in (2, 3):
                self.ranking.setItem(index, column, _item(text, right=False))
                continue
            item = _RankItem(text)
            item.setData(Qt.ItemDataRole.UserRole, value)
            item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.ranking.setItem(index, column, item)

    def export_dialog(self) -> None:
        name = f"{self.chain_box.currentText()}-{self.indicator_box.currentText()}.png"
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Export chart"), str(Path.home() / name), _("PNG image (*.png)")
        )
        if path:
            self.export_png(Path(path))

    def export_png(self, path: Path) -> Path:
        """The chart as shown, written atomically."""
        image = self.chart_view.grab()
        with atomic_path(path) as temporary:
            if not image.save(str(temporary), "PNG"):
                raise FileWriteFailed(
                    _("Could not write {path}.").format(path=path), path=str(path)
                )
        self.chart_exported.emit(str(path))
        return path

    def focus_chain(self, chain: str) -> None:
        """The navigator chose ``chain``: show its indicators (the ranking tab shows all)."""
        index = self.chain_box.findText(chain)
        if index >= 0:
            self.chain_box.setCurrentIndex(index)
            self.tabs.setCurrentIndex(0)
