"""The 风险 page: per chain, the leading firms whose departure would hurt it.

One row per 链主/骨干 firm in the zone whose what-if departure opens a breakpoint or a chokepoint
or leaves a segment without local firms, with the revenue at risk; double-click (or 模拟迁出 in
its menu) shows that departure on the map. Rows come from ``chain_risks``, read off the GUI
thread when the page is shown.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QLabel, QMenu, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from chainchief.domain.errors import UserError
from chainchief.domain.risk import DepartureRisk
from chainchief.i18n import _
from chainchief.services.foresight import ChainRisks, chain_risks
from chainchief.services.workspace import Workspace
from chainchief.ui.workers import submit

FIRM_ROLE = Qt.ItemDataRole.UserRole


def consequences(risk: DepartureRisk) -> str:
    """What the chain would lose, in the user's language."""
    result = risk.result
    parts = []
    if risk.turned_missing:
        parts.append(_("missing: {segments}").format(segments="、".join(risk.turned_missing)))
    if result.breakpoints_added:
        parts.append(
            _("new breakpoints: {links}").format(
                links="；".join(f"{bp.upstream}→{bp.downstream}" for bp in result.breakpoints_added)
            )
        )
    if result.chokepoints_added:
        parts.append(
            _("new chokepoints: {names}").format(
                names="、".join(s.name for s in result.chokepoints_added)
            )
        )
    parts.append(
        _("completeness {before}% → {after}%").format(
            before=result.before.completeness, after=result.completeness_after
        )
    )
    return "；".join(parts)


def revenue_text(risk: DepartureRisk) -> str:
    revenue = risk.result.revenue_at_risk
    return _("not recorded") if revenue is None else f"{revenue:,.0f}"


class RiskPage(QWidget):
    """The tree of chains and their risky leading firms."""

    def __init__(
        self, db: Workspace, simulate: Callable[[int, int], None], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("risk_page")
        self.db = db
        self.simulate = simulate
        self.note = QLabel(
            _(
                "Leading and core firms whose departure would open a breakpoint or a "
                "chokepoint, or leave a segment without local firms. Double-click one to "
                "see its departure on the map."
            )
        )
        self.note.setWordWrap(True)
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("risk_tree")
        self.tree.setHeaderLabels(
            [_("Chain / firm"), _("Segments (role)"), _("Revenue (10k yuan)"), _("If it leaves")]
        )
        self.tree.setAlternatingRowColors(True)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._menu)
        self.tree.itemDoubleClicked.connect(lambda item, _column: self._simulate(item))
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.tree, 1)
        self._loaded = False

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._loaded:
            self.reload()

    def mark_stale(self) -> None:
        """The data changed: read again now if shown, else when next shown."""
        self._loaded = False
        if self.isVisible():
            self.reload()

    def reload(self) -> None:
        self._loaded = True
        submit(self, lambda _progress: chain_risks(self.db), self.show_risks, self._failed)

    def _failed(self, error: BaseException) -> None:
        if not isinstance(error, UserError):
            raise error
        self._loaded = False
        self.note.setText(error.message)

    def show_risks(self, chains: list[ChainRisks]) -> None:
        self.tree.clear()
        for chain in chains:
            top = QTreeWidgetItem(
                [
                    chain.chain,
                    "",
                    "",
                    _("{count} firms at risk").format(count=len(chain.risks))
                    if chain.risks
                    else _("no single departure opens a gap"),
                ]
            )
            font = top.font(0)
            font.setBold(True)
            top.setFont(0, font)
            self.tree.addTopLevelItem(top)
            for risk in chain.risks:
                item = QTreeWidgetItem(
                    [
                        risk.firm,
                        "、".join(f"{segment}（{role.label}）" for segment, role in risk.holds),
                        revenue_text(risk),
                        consequences(risk),
                    ]
                )
                item.setData(0, FIRM_ROLE, (chain.chain_id, risk.firm_id))
                item.setTextAlignment(
                    2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                )
                item.setToolTip(3, consequences(risk))
                top.addChild(item)
            top.setExpanded(True)
        for column in range(3):
            self.tree.resizeColumnToContents(column)

    def _simulate(self, item: QTreeWidgetItem) -> None:
        data = item.data(0, FIRM_ROLE)
        if data:
            self.simulate(*data)

    def _menu(self, point: QPoint) -> None:
        item = self.tree.itemAt(point)
        if item is None or not item.data(0, FIRM_ROLE):
            return
        menu = QMenu(self)
        menu.addAction(_("Simulate departure"), lambda: self._simulate(item)).setObjectName(
            "simulate_departure"
        )
        menu.exec(self.tree.viewport().mapToGlobal(point))
        menu.deleteLater()
