"""The registers' pages: 培育库 (library, visits, firm figures) and 招商地图.

The library's entries and visits are edited in place (``tables.library``, ``tables.visits``,
undoable like every edit); the figures are a read view, and the visits tab turns a visit's
demand into an action item in one step (转督办). ``shell.registers_tabs.install_registers`` adds
the two tabs, built on first show like the other workspace pages.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from chainchief.domain.enums import Stage
from chainchief.domain.errors import UserError
from chainchief.i18n import _
from chainchief.services.chains.lists import list_chains
from chainchief.services.registers import (
    escalate_visit,
    firm_figure_table,
    investment_map,
    latest_figure_quarter,
)
from chainchief.services.workspace import Workspace
from chainchief.ui.forms import read_only_table, show_warning
from chainchief.ui.map.china_map import ChinaMap
from chainchief.ui.pages.indicators import _item, number, percent
from chainchief.ui.pages.tables.library import LibraryTable
from chainchief.ui.pages.tables.visits import VisitTable
from chainchief.ui.undo import Editor

ALL = ""


def _date(value: object) -> str:
    return value.isoformat() if value is not None else ""  # type: ignore[attr-defined]


def _fill(table: QTableWidget, rows: list[list[tuple[str, bool]]]) -> None:
    table.setSortingEnabled(False)
    table.setRowCount(len(rows))
    for index, cells in enumerate(rows):
        for column, (text, right) in enumerate(cells):
            table.setItem(index, column, _item(text, right=right))


class LibraryPage(QWidget):
    """培育库: the cultivated firms, their visits and the firms' quarterly figures."""

    action_created = Signal(int)

    def __init__(self, editor: Editor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor = editor.db, editor.actor
        self.tabs = QTabWidget(self)
        self.library = LibraryTable(editor)
        self.visits = VisitTable(editor)
        self.escalate_button = QPushButton(_("Pass the demand on as an action item"))
        self.escalate_button.clicked.connect(self.escalate_chosen)
        visits = QWidget()
        layout = QVBoxLayout(visits)
        layout.addWidget(self.visits)
        layout.addWidget(self.escalate_button, alignment=Qt.AlignmentFlag.AlignLeft)
        self.figures = read_only_table([_("Firm")], fit_contents=True, stretch_last=False)
        self.figures_label = QLabel()
        figures = QWidget()
        layout = QVBoxLayout(figures)
        layout.addWidget(self.figures_label)
        layout.addWidget(self.figures)
        self.tabs.addTab(self.library, _("Cultivated firms"))
        self.tabs.addTab(visits, _("Visits"))
        self.tabs.addTab(figures, _("Firm figures"))
        outer = QVBoxLayout(self)
        outer.addWidget(self.tabs)
        editor.changed.connect(self.reload)
        self.reload()

    def reload(self) -> None:
        self._figures()

    def _figures(self) -> None:
        latest = latest_figure_quarter(self.db)
        if latest is None:
            self.figures_label.setText(_("No firm has figures yet (sheet 企业指标)."))
            self.figures.setRowCount(0)
            return
        quarters, rows = firm_figure_table(self.db, latest)
        headers = [_("Firm")] + [_("Revenue {quarter}").format(quarter=q) for q in quarters]
        headers += [_("Revenue YoY"), _("Tax {quarter}").format(quarter=latest), _("Tax YoY")]
        self.figures.setColumnCount(len(headers))
        self.figures.setHorizontalHeaderLabels(headers)
        self.figures_label.setText(
            _(
                "The last four quarters up to {quarter}, in 10k yuan; "
                "YoY against the same quarter a year before."
            ).format(quarter=latest)
        )
        _fill(
            self.figures,
            [
                [(row.firm, False)]
                + [(number(value), True) for value in row.revenue]
                + [
                    (percent(row.revenue_yoy), True),
                    (number(row.tax[-1]), True),
                    (percent(row.tax_yoy), True),
                ]
                for row in rows
            ],
        )

    def escalate_chosen(self) -> None:
        chosen = self.visits.selected_rows()
        if len(chosen) != 1:
            return
        try:
            action_id = escalate_visit(self.db, chosen[0].id, actor=self.actor)
        except UserError as error:
            show_warning(self, _("Pass the demand on"), str(error))
            return
        self.visits.mark_dirty()
        self.library.mark_dirty()
        self.action_created.emit(action_id)


STAGE_FILTERS: tuple[tuple[str, frozenset[Stage] | None], ...] = (
    ("", None),
    ("live", frozenset(Stage) - {Stage.LANDED, Stage.DROPPED}),
    *((stage.value, frozenset({stage})) for stage in Stage),
)


class InvestmentMapPage(QWidget):
    """招商地图: provinces shaded by targets, filtered by chain and stage; a click lists them."""

    def __init__(self, db: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.chain_box = QComboBox()
        self.stage_box = QComboBox()
        for code, _stages in STAGE_FILTERS:
            label = {"": _("All stages"), "live": _("In progress (not landed or dropped)")}
            self.stage_box.addItem(label.get(code) or Stage(code).label, code)
        self.export_button = QPushButton(_("Export…"))
        self.export_button.clicked.connect(self.export_dialog)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(_("Chain")))
        bar.addWidget(self.chain_box)
        bar.addWidget(QLabel(_("Stage")))
        bar.addWidget(self.stage_box)
        bar.addStretch(1)
        bar.addWidget(self.export_button)
        self.map = ChinaMap()
        self.province_label = QLabel()
        self.targets = read_only_table(
            [_("City"), _("Chain"), _("Segment"), _("Firm"), _("Stage")],
            fit_contents=True,
            stretch_last=False,
        )
        self.unplaced_label = QLabel()
        self.unplaced_label.setWordWrap(True)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.addWidget(self.province_label)
        side_layout.addWidget(self.targets)
        side_layout.addWidget(self.unplaced_label)
        splitter = QSplitter()
        splitter.addWidget(self.map)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(splitter, 1)
        self.chain_box.addItem(_("All chains"), ALL)
        for chain in list_chains(self.db):
            self.chain_box.addItem(chain.name, chain.name)
        self.chain_box.currentIndexChanged.connect(self.reload)
        self.stage_box.currentIndexChanged.connect(self.reload)
        self.map.province_clicked.connect(self.show_province)
        self.reload()

    def reload(self) -> None:
        chain = self.chain_box.currentData() or None
        stages = STAGE_FILTERS[max(self.stage_box.currentIndex(), 0)][1]
        self.data = investment_map(self.db, chain, stages)
        stage_text = self.stage_box.currentText() if stages is not None else "全部阶段"
        title = f"招商地图 · 目标企业来源分布（{chain or '全部产业链'}，{stage_text}）"
        self.map.show_counts(self.data.by_province, title)
        unplaced = self.data.unplaced
        self.unplaced_label.setText(
            _("Not placed on the map ({count}): {firms}").format(
                count=len(unplaced),
                firms="、".join(f"{t.firm}（{t.region or '—'}）" for t in unplaced),
            )
            if unplaced
            else ""
        )
        self.show_province(self.map.chosen or "")

    def show_province(self, province: str) -> None:
        found = self.data.of_province(province) if province else []
        self.province_label.setText(
            _("{province}: {count} targets").format(province=province, count=len(found))
            if province
            else _("Click a province to list its targets.")
        )
        _fill(
            self.targets,
            [
                [
                    (t.city or "", False),
                    (t.chain, False),
                    (t.segment, False),
                    (t.firm, False),
                    (t.stage.label, False),
                ]
                for t in found
            ],
        )

    def export_dialog(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self,
            _("Export the investment map"),
            str(Path.home() / "招商地图.png"),
            _("PNG image (*.png);;PDF document (*.pdf)"),
        )
        if path:
            try:
                self.map.export(Path(path))
            except UserError as error:
                show_warning(self, _("Export the investment map"), str(error))
