"""目标企业 Targets: the pipeline with its counts per stage, stale targets marked, and the
selected target's stage history under the table."""

from __future__ import annotations

from collections.abc import Collection
from html import escape
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QMenu,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from chainchief.domain.enums import Stage
from chainchief.i18n import _
from chainchief.services.chains.editing import segment_choices
from chainchief.services.firms.targets import (
    TargetRow,
    add_target,
    count_by_stage,
    delete_target,
    list_targets,
    stage_history,
    target_problem,
    update_target,
)
from chainchief.ui.foresight.preview import controller_of
from chainchief.ui.models.records import ROW_ROLE, TableColumn
from chainchief.ui.pages.tables import landing
from chainchief.ui.pages.tables.common import (
    checks,
    delete_rows,
    enum_column,
    number_column,
    people_column,
    text_column,
    typed,
)
from chainchief.ui.pages.tables.landing import LandCommand
from chainchief.ui.pages.tables.table import RecordTable
from chainchief.ui.undo import Editor, ServiceCommand

STALE_FILL = QColor(0xFF, 0xF1, 0xCC)
_check = checks(target_problem)


def _last_change(row: TargetRow) -> str:
    shown = row.last_change.isoformat()
    return _("{date} · stale").format(date=shown) if row.stale else shown


class TargetTable(RecordTable):
    def __init__(self, editor: Editor, parent: QWidget | None = None) -> None:
        columns = [
            TableColumn("chain", _("Chain"), lambda r: r.chain, width=110),
            TableColumn("segment", _("Segment"), lambda r: r.segment, width=130),
            text_column("firm", _("Firm"), lambda r: r.firm, _check("firm"), width=220),
            text_column("region", _("Region"), lambda r: r.region, _check("region")),
            enum_column("stage", _("Stage"), Stage, lambda r: r.stage),
            people_column("owner", _("Owner"), lambda r: r.owner, editor.db, _check("owner")),
            number_column(
                "investment",
                _("Planned investment (10k yuan)"),
                lambda r: r.investment,
                _check("investment"),
            ),
            text_column("next_step", _("Next step"), lambda r: r.next_step, _check("next_step")),
            TableColumn(
                "last_change",
                _("Last change"),
                _last_change,
                sort=lambda r: r.last_change,
                tip=lambda r: (
                    _("Untouched for more than 90 days: follow it up or drop it.")
                    if r.stale
                    else None
                ),
            ),
        ]
        super().__init__(
            editor,
            columns,
            empty_text=_(
                "No target firms yet. Press “Add target” or right-click a missing or weak "
                "segment on the chain map and choose “Add a target firm”."
            ),
            filter_hint=_("Filter by chain, segment, firm, owner or stage"),
            add_text=_("Add target…"),
            highlight=lambda row: STALE_FILL if row.stale else None,
            parent=parent,
        )
        self.setObjectName("targets_table")

    entity = "target"

    def load(self) -> list[TargetRow]:
        return list_targets(self.db)

    def load_rows(self, ids: Collection[int]) -> list[TargetRow]:
        return list_targets(self.db, ids=ids)

    def update_command(self, row: TargetRow, values: dict[str, Any]) -> ServiceCommand:
        """A move to 落地 (and nothing else) offers to make the firm a local one in the same
        step."""
        lands = set(values) == {"stage"} and values["stage"] == Stage.LANDED.value
        if (
            lands
            and row.stage is not Stage.LANDED
            and landing.offer_landing(self, row.firm, row.segment)
        ):
            label = _("Land target {firm} as a local firm").format(firm=row.firm)
            return LandCommand(self.editor, label, row.id, row.version)
        label = _("Edit target {firm}").format(firm=row.firm)
        return self.update_through(update_target, label, row, values)

    def add(self) -> None:
        segments = QComboBox()
        for choice in segment_choices(self.db):
            segments.addItem(f"{choice.chain} / {choice.segment}", choice.id)
        columns = [c for c in self.model.columns if c.editable]
        self.open_record_dialog(
            _("Add target"),
            self.create_record,
            columns,
            extra=[("segment_id", _("Segment"), segments)],
            initial={"stage": Stage.RESERVE.value},
        )

    def create_record(self, values: dict[str, Any]) -> str | None:
        segment_id = values.pop("segment_id")
        if segment_id is None:
            return _("Choose a segment first.")
        label = _("Add target {firm}").format(firm=typed(values, "firm"))
        return self.attempt_create(
            label, lambda: add_target(self.db, segment_id, values, actor=self.actor), delete_target
        )

    def extra_actions(self, menu: QMenu, rows: list[TargetRow]) -> None:
        controller = controller_of(self)
        if controller is not None and len(rows) == 1:
            row = rows[0]
            menu.addAction(
                _("Simulate landing"),
                lambda: controller.simulate_landing(row.chain_id, row.id),
            ).setObjectName("simulate_landing")

    def delete(self, rows: list[TargetRow]) -> None:
        delete_rows(
            self,
            self.editor,
            rows,
            title=_("Delete target firms"),
            one=_(
                "Delete the target {name} with its stage history? To keep the history, "
                "move it to 终止 (dropped) instead."
            ),
            many=_("Delete {count} target firms with their stage histories?"),
            name=lambda row: row.firm,
            summary=lambda row: [],
            delete=self.deleting(delete_target),
            step=_("Delete target {name}"),
        )


class TargetsPage(QWidget):
    """The pipeline: counts per stage over what is shown, the table, the selected history."""

    def __init__(self, editor: Editor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("targets_page")
        self.table = TargetTable(editor, self)
        self.counts = QLabel(self)
        self.counts.setObjectName("stage_counts")
        self.counts.setTextFormat(Qt.TextFormat.RichText)
        self.table.top.insertWidget(0, self.counts)
        self.history = QTextBrowser(self)
        self.history.setObjectName("stage_history")
        self.history.setMaximumHeight(110)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.table)
        splitter.addWidget(self.history)
        splitter.setStretchFactor(0, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self.table.loaded.connect(self._show_counts)
        self.table.proxy.layoutChanged.connect(self._show_counts)
        self.table.proxy.rowsInserted.connect(self._show_counts)
        self.table.proxy.rowsRemoved.connect(self._show_counts)
        self.table.view.selectionModel().currentRowChanged.connect(self._show_history)
        self.table.loaded.connect(lambda: self._show_history(self.table.view.currentIndex()))
        self._show_history(QModelIndex())

    def focus_chain(self, chain: str) -> None:
        self.table.focus_chain(chain)

    def shown_rows(self) -> list[TargetRow]:
        return [self.table.row_at(row) for row in range(self.table.proxy.rowCount())]

    def _show_counts(self) -> None:
        chips = []
        for stage, count in count_by_stage(self.shown_rows()).items():
            chips.append(f"{escape(stage.label)} <b>{count}</b>")
        stale = sum(1 for row in self.shown_rows() if row.stale)
        if stale:
            label = escape(_("Stale"))
            chips.append(
                f"<span style='background:{STALE_FILL.name()}'>&nbsp;"
                f"{label} <b>{stale}</b>&nbsp;</span>"
            )
        self.counts.setText(" · ".join(chips))

    def _show_history(self, current: QModelIndex, _previous: QModelIndex | None = None) -> None:
        row = current.data(ROW_ROLE) if current.isValid() else None
        if row is None:
            hint = escape(_("Select a target to see its stage history."))
            self.history.setHtml(f"<p style='color:#555f6d'>{hint}</p>")
            return
        title = _("Stage history of {firm}").format(firm=row.firm)
        lines = [f"<b>{escape(title)}</b>"]
        for step in reversed(stage_history(self.table.db, row.id)):
            before = step.from_stage.label if step.from_stage else _("(new)")
            lines.append(
                escape(
                    f"{step.at:%Y-%m-%d %H:%M}  {step.by or '?'}  {before} → {step.to_stage.label}"
                )
            )
        self.history.setHtml("<br>".join(lines))
