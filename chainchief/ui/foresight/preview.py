"""模拟迁出 / 模拟落地 on the map: the chain drawn as the scenario would leave it.

The scene shows the scenario's map (from ``preview_scenario``; nothing is saved), every card
whose status changes is outlined and tagged ``from → to``, closed and new breakpoints are tagged
on their links, and a banner over the map states the completeness change with 应用/取消.
Any ordinary reload of the map (another chain, an edit, F5) ends the preview.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPointF, Qt
from PySide6.QtGui import QBrush, QColor, QPen
from PySide6.QtWidgets import (
    QFrame,
    QGraphicsRectItem,
    QGraphicsSimpleTextItem,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QWidget,
)

from chainchief.domain.errors import UserError
from chainchief.domain.scenario import RemoveFirm, ScenarioResult
from chainchief.i18n import _
from chainchief.services.chains.lists import require_chain
from chainchief.services.foresight import (
    ScenarioPreview,
    StepKind,
    StepRequest,
    preview_scenario,
)
from chainchief.ui.fonts import map_font
from chainchief.ui.foresight.brief_action import BriefExport
from chainchief.ui.foresight.compare_menu import install_compare_view
from chainchief.ui.foresight.host import ForesightHost
from chainchief.ui.foresight.risk_view import RiskPage
from chainchief.ui.forms import show_warning
from chainchief.ui.lazy_page import LazyPage
from chainchief.ui.map import palette
from chainchief.ui.map.scene import ChainScene, MapMode
from chainchief.ui.map.view import ChainView
from chainchief.ui.page_groups import PageGroup

if TYPE_CHECKING:
    from chainchief.ui.pages.tables.landing import LandCommand
    from chainchief.ui.undo import Editor, MacroCommand

OVERLAY_Z = 10.0
CHANGED = QColor(0x00, 0x78, 0xD4)
CLOSED = QColor(0x1E, 0x7B, 0x34)


class PreviewBanner(QFrame):
    """The strip over the map: what the scenario does, and 应用/取消.

    It sits in a top margin of the map view, so it never covers the map's title or legend.
    """

    def __init__(self, view: ChainView) -> None:
        super().__init__(view)
        self.view = view
        self.setObjectName("scenario_banner")
        self.setStyleSheet(
            "#scenario_banner { background: #fff8e1; border-bottom: 1px solid #e0a800; }"
        )
        self.label = QLabel(self)
        self.label.setObjectName("scenario_text")
        self.label.setWordWrap(True)
        self.apply_button = QPushButton(_("Apply"), self)
        self.apply_button.setObjectName("scenario_apply")
        self.cancel_button = QPushButton(_("Cancel"), self)
        self.cancel_button.setObjectName("scenario_cancel")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.apply_button)
        layout.addWidget(self.cancel_button)
        self.hide()
        view.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and self.isVisible():
            self.place()
        return False

    def present(self, text: str) -> None:
        self.label.setText(text)
        self.show()
        self.raise_()
        self.place()

    def place(self) -> None:
        width = self.view.width()
        layout = self.layout()
        assert layout is not None
        height = layout.heightForWidth(width) if layout.hasHeightForWidth() else 0
        height = max(height, self.sizeHint().height())
        self.setGeometry(0, 0, width, height)
        self.view.setViewportMargins(0, height, 0, 0)

    def dismiss(self) -> None:
        self.hide()
        self.view.setViewportMargins(0, 0, 0, 0)


def scenario_summary(result: ScenarioResult) -> str:
    """The banner's sentence: what is simulated and what it changes."""
    steps = "；".join(
        _("{firm} leaves").format(firm=step.firm)
        if isinstance(step, RemoveFirm)
        else _("{firm} lands").format(firm=step.firm)
        for step in result.steps
    )
    parts = [
        _("Simulation: {steps}").format(steps=steps),
        _("Completeness {before}% → {after}%").format(
            before=result.before.completeness, after=result.completeness_after
        ),
    ]
    if result.breakpoints_added:
        parts.append(_("new breakpoints: {count}").format(count=len(result.breakpoints_added)))
    if result.breakpoints_removed:
        parts.append(_("breakpoints closed: {count}").format(count=len(result.breakpoints_removed)))
    if result.chokepoints_added:
        parts.append(
            _("new chokepoints: {names}").format(
                names="、".join(s.name for s in result.chokepoints_added)
            )
        )
    if any(isinstance(step, RemoveFirm) for step in result.steps):
        parts.append(
            _("revenue at risk unknown")
            if result.revenue_at_risk is None
            else _("revenue at risk {revenue:,.0f} (10k yuan)").format(
                revenue=result.revenue_at_risk
            )
        )
    return " · ".join(parts) + _(" (nothing is saved)")


def _tag(scene: ChainScene, text: str, colour: QColor, anchor: QPointF) -> None:
    """A small white label with a coloured frame, centred on ``anchor``."""
    label = QGraphicsSimpleTextItem(text)
    label.setFont(map_font(15, bold=True))
    label.setBrush(colour)
    bounds = label.boundingRect()
    box = QGraphicsRectItem(bounds.adjusted(-4, -2, 4, 2))
    box.setBrush(QBrush(QColor(255, 255, 255, 235)))
    box.setPen(QPen(colour, 1.5))
    box.setZValue(OVERLAY_Z)
    label.setParentItem(box)
    box.setPos(anchor - QPointF(bounds.width() / 2, bounds.height() / 2))
    scene.addItem(box)


def draw_overlay(scene: ChainScene, result: ScenarioResult) -> None:
    """Outline changed cards with ``from → to`` and tag closed and new breakpoints."""
    for change in result.segments:
        rect = scene.card_rect(change.segment_id)
        outline = QGraphicsRectItem(rect.adjusted(-5, -5, 5, 5))
        outline.setPen(QPen(CHANGED, 3.0, Qt.PenStyle.DashLine))
        outline.setBrush(Qt.BrushStyle.NoBrush)
        outline.setZValue(OVERLAY_Z)
        scene.addItem(outline)
        text = f"{change.before.label} → {change.after.label}"
        colour = palette.STATUS_OUTLINE[change.after]
        _tag(scene, text, colour, QPointF(rect.center().x(), rect.top() - 16))
    for points, text, colour in (
        (result.breakpoints_removed, _("breakpoint closed"), CLOSED),
        (result.breakpoints_added, _("new breakpoint"), palette.BREAKPOINT),
    ):
        for point in points:
            up = scene.card_rect(point.upstream_id)
            down = scene.card_rect(point.downstream_id)
            middle = (QPointF(up.right(), up.center().y()) + down.topLeft()) / 2
            middle.setY((up.center().y() + down.center().y()) / 2)
            _tag(scene, text, colour, middle)


class ScenarioController(QObject):
    """Starts, shows and ends scenario previews on the window's map."""

    def __init__(self, host: ForesightHost) -> None:
        super().__init__(host.window())
        self.host = host
        self.preview: ScenarioPreview | None = None
        self.brief: BriefExport | None = None
        self.risks: LazyPage[RiskPage] = LazyPage(
            lambda: RiskPage(host.db, self.simulate_departure)
        )
        self._waiting: ScenarioPreview | None = None
        self.banner = PreviewBanner(host.view)
        self.banner.cancel_button.clicked.connect(self.cancel)
        self.banner.apply_button.clicked.connect(self.apply)
        host.map_loaded.connect(self._map_loaded)

    # --- starting ---------------------------------------------------------------------------

    def simulate_departure(self, chain_id: int, firm_id: int) -> None:
        self._show(lambda: preview_scenario(self.host.db, chain_id, remove_ids=[firm_id]))

    def simulate_landing(self, chain_id: int, target_id: int) -> None:
        self._show(lambda: preview_scenario(self.host.db, chain_id, land_ids=[target_id]))

    def simulate_departure_in(self, chain: str, firm_id: int) -> None:
        """A firm's departure from the named chain (the firm table knows chains by name)."""
        try:
            chain_id = require_chain(self.host.db, chain)
        except UserError as error:
            show_warning(self.host.window(), _("ChainChief"), error.message)
            return
        self.simulate_departure(chain_id, firm_id)

    def simulate_by_name(self, chain_id: int, kind: StepKind, name: str) -> None:
        request = StepRequest(kind, name)
        self._show(lambda: preview_scenario(self.host.db, chain_id, requests=[request]))

    def simulate_from_inspector(self, kind: str, name: str) -> None:
        """A firm (迁出) or a target (落地, of the inspected segment) named in the inspector."""
        chain_id, segment = self.host.chain_id, self.host.scene.selected
        if chain_id is None or segment is None:
            return
        if StepKind(kind) is StepKind.LAND_TARGET:
            name = f"{name}@{self.host.scene.card(segment).name}"
        self.simulate_by_name(chain_id, StepKind(kind), name)

    def _show(self, make: Callable[[], ScenarioPreview]) -> None:
        """Compute the scenario; show it at once, or once its chain's map is on screen."""
        try:
            preview = make()
        except UserError as error:
            show_warning(self.host.window(), _("ChainChief"), error.message)
            return
        host = self.host
        host.show_page(host.view)
        shown = host.scene.chain
        if shown is not None and shown.chain_id == preview.chain_id:
            self._present(preview)
            return
        self._waiting = preview
        if not host.navigator.select_chain(preview.chain_id):
            host.load_chain(preview.chain_id)

    def _map_loaded(self, chain_id: int) -> None:
        """A real map replaced the preview; a scenario waiting for this chain shows now."""
        self._end()
        waiting, self._waiting = self._waiting, None
        if waiting is not None and waiting.chain_id == chain_id:
            self._present(waiting)

    def _present(self, preview: ScenarioPreview) -> None:
        host = self.host
        host.set_view(MapMode.STATUS)
        host.map_actions.status_view.setChecked(True)
        host.scene.show_map(preview.map)
        draw_overlay(host.scene, preview.result)
        self.preview = preview
        self._show_banner(preview)
        host.view.fit()

    def _show_banner(self, preview: ScenarioPreview) -> None:
        banner = self.banner
        landing = bool(preview.target_ids) and not any(
            isinstance(step, RemoveFirm) for step in preview.result.steps
        )
        # 应用 is the 落地 conversion (issue 15), offered for landings only.
        banner.apply_button.setVisible(landing)
        banner.apply_button.setToolTip(
            _("Land the targets as local firms of their segments (one undo step).")
        )
        banner.present(scenario_summary(preview.result))

    def apply(self) -> None:
        """应用: the previewed targets land as local 配套 firms, as one undo step."""
        preview = self.preview
        if preview is None or not preview.target_ids:
            return
        editor = self.host.editing.editor
        text = _("Land {count} target(s) as local firms").format(count=len(preview.target_ids))
        steps = [
            partial(_landing_step, editor, text, target_id, version)
            for target_id, version in zip(preview.target_ids, preview.target_versions, strict=True)
        ]
        if editor.run_macro(text, *steps):
            self.cancel()

    def risks_changed(self) -> None:
        if self.risks.built:
            self.risks.page.mark_stale()

    # --- ending -----------------------------------------------------------------------------

    def cancel(self) -> None:
        """Back to the chain as it is."""
        self._end()
        if self.host.chain_id is not None:
            self.host.load_chain(self.host.chain_id, keep_view=True)

    def _end(self) -> None:
        self.preview = None
        self.banner.dismiss()

    @property
    def active(self) -> bool:
        return self.preview is not None

    def banner_text(self) -> str:
        return self.banner.label.text() if self.banner.isVisible() else ""


def _landing_step(
    editor: Editor, text: str, target_id: int, version: int, _macro: MacroCommand
) -> LandCommand:
    from chainchief.ui.pages.tables.landing import LandCommand  # its service, when applied

    return LandCommand(editor, text, target_id, version)


def install_foresight(window: ForesightHost) -> ScenarioController:
    """Scenario previews on the map, the inspector's simulate menu and the 风险 page (built
    when first shown, like the other pages)."""
    controller = ScenarioController(window)
    window.inspector.simulate_requested.connect(controller.simulate_from_inspector)
    window.add_page(controller.risks, _("Risks"), PageGroup.INVESTMENT, "chains")
    window.rows_loaded.connect(controller.risks_changed)
    controller.brief = BriefExport(window)
    install_compare_view(window.menus.map, window.window(), lambda: (window.db, window.chain_id))
    return controller


def controller_of(widget: QWidget) -> ScenarioController | None:
    """The scenario controller of the window holding ``widget`` (tables offer 模拟迁出/落地)."""
    controller = getattr(widget.window(), "foresight", None)
    return controller if isinstance(controller, ScenarioController) else None
