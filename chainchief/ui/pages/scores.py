"""考评: the quarter's ranking of departments and chains, and the last four quarters' trend.

Rows and scores are the service's (``services.scores``); the page shows them in two tables and
draws each department's score over four quarters with QtCharts.
"""

from __future__ import annotations

from PySide6.QtCharts import QBarCategoryAxis as CategoryAxis
from PySide6.QtCharts import QChart, QChartView, QLineSeries, QValueAxis
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from chainchief.domain.clock import today
from chainchief.domain.lights import Light
from chainchief.domain.quarters import Quarter
from chainchief.domain.scores import ScoreRow
from chainchief.i18n import _
from chainchief.services.actions.scores import Scores, quarter_scores, trend
from chainchief.services.workspace import Workspace
from chainchief.ui.colours import LIGHT_TEXT

QUARTERS_OFFERED = 8
TREND_QUARTERS = 4


def _headers(unit: str) -> list[str]:
    return [
        _("Rank"),
        unit,
        _("Items due"),
        _("On time"),
        _("Rate"),
        _("Open"),
        _("Overdue"),
        _("Red"),
        _("Extensions"),
        _("Score"),
    ]


def _cells(row: ScoreRow) -> list[str]:
    return [
        str(row.rank) if row.rank is not None else "—",
        row.name,
        str(row.items_due),
        str(row.done_on_time),
        f"{row.on_time_rate:.1f}%" if row.on_time_rate is not None else "—",
        str(row.open_now),
        str(row.overdue_now),
        str(row.red_now),
        str(row.extensions),
        f"{row.score:.1f}",
    ]


class ScoresTable(QTableWidget):
    def __init__(self, unit: str, parent: QWidget | None = None) -> None:
        super().__init__(0, 10, parent)
        self.setHorizontalHeaderLabels(_headers(unit))
        self.verticalHeader().setVisible(False)
        self.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)

    def show_rows(self, rows: list[ScoreRow]) -> None:
        self.setRowCount(len(rows))
        for number, row in enumerate(rows):
            # Counts take their light's colour, as in the status bar and the navigator.
            lights = {6: Light.YELLOW if row.overdue_now else None,
                      7: Light.RED if row.red_now else None}  # fmt: skip
            for column, text in enumerate(_cells(row)):
                item = QTableWidgetItem(text)
                if column != 1:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                light = lights.get(column)
                if light is not None:
                    item.setForeground(LIGHT_TEXT[light])
                self.setItem(number, column, item)


class ScoresPage(QWidget):
    def __init__(self, db: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.quarter_box = QComboBox()
        quarter = Quarter.of(today())
        for _step in range(QUARTERS_OFFERED):
            self.quarter_box.addItem(str(quarter), str(quarter))
            quarter = quarter.previous
        self.quarter_box.currentIndexChanged.connect(lambda _index: self.reload())
        self.weights = QLabel()
        self.departments = ScoresTable(_("Department"))
        self.chains = ScoresTable(_("Chain"))
        self.chart = QChart()
        self.chart.setTitle(_("Department scores, last four quarters"))
        self.chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self.chart_view = QChartView(self.chart)
        self.chart_view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.chart_view.setMinimumHeight(260)
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Quarter")))
        top.addWidget(self.quarter_box)
        top.addStretch(1)
        top.addWidget(self.weights)
        tables = QSplitter(Qt.Orientation.Horizontal)
        tables.addWidget(self.departments)
        tables.addWidget(self.chains)
        body = QSplitter(Qt.Orientation.Vertical)
        body.addWidget(tables)
        body.addWidget(self.chart_view)
        body.setStretchFactor(0, 3)
        body.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top)
        layout.addWidget(body, 1)
        self.reload()

    def quarter(self) -> Quarter:
        return Quarter.parse(self.quarter_box.currentData())

    def reload(self) -> None:
        scores = quarter_scores(self.db, self.quarter())
        weights = scores.weights
        self.weights.setText(
            _("Weights: on time {a}, not overdue {b}, no extension {c}").format(
                a=weights.on_time, b=weights.not_overdue, c=weights.no_extension
            )
        )
        self.departments.show_rows(scores.departments)
        self.chains.show_rows(scores.chains)
        self.draw_trend(trend(self.db, self.quarter(), TREND_QUARTERS))

    def draw_trend(self, history: list[Scores]) -> None:
        """One line per department ranked in some quarter, x the quarters, y the score."""
        self.chart.removeAllSeries()
        for axis in self.chart.axes():
            self.chart.removeAxis(axis)
        labels = [str(scores.quarter) for scores in history]
        x_axis = CategoryAxis()
        x_axis.append(labels)
        y_axis = QValueAxis()
        y_axis.setRange(0, 100)
        y_axis.setLabelFormat("%d")
        self.chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
        self.chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
        names = sorted({row.name for s in history for row in s.departments if row.rank})
        for number, name in enumerate(names):
            series = QLineSeries()
            series.setName(name)
            for position, scores in enumerate(history):
                row = next((r for r in scores.departments if r.name == name and r.rank), None)
                if row is not None:
                    series.append(position, row.score)
            series.setPointsVisible(True)
            series.setColor(QColor.fromHsv(int(360 * number / max(len(names), 1)), 180, 200))
            self.chart.addSeries(series)
            series.attachAxis(x_axis)
            series.attachAxis(y_axis)

    def series_names(self) -> list[str]:
        return [series.name() for series in self.chart.series()]
