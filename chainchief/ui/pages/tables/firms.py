"""企业 Firms: the zone's firm ledger, edited in place (the USCC is checked as it is typed)."""

from __future__ import annotations

import heapq
from collections.abc import Collection
from dataclasses import replace
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMenu, QWidget

from chainchief.domain.enums import Location
from chainchief.i18n import _
from chainchief.services.firms.ledger import (
    BADGED_TAGS,
    FirmRow,
    create_firm,
    delete_firm,
    firm_deletion_summary,
    firm_names,
    firm_problem,
    list_firms,
    update_firm,
)
from chainchief.ui.foresight.preview import controller_of
from chainchief.ui.models.collation import chinese_collator
from chainchief.ui.models.records import TableColumn
from chainchief.ui.pages.indicators import percent
from chainchief.ui.pages.tables.common import (
    checks,
    delete_rows,
    enum_column,
    figure_column,
    list_column,
    number_column,
    text_column,
    typed,
)
from chainchief.ui.pages.tables.list_dialogs import ChecklistDialog
from chainchief.ui.pages.tables.table import RecordTable
from chainchief.ui.undo import Editor, UpdateCommand

_check = checks(firm_problem)
QUARTERS_SHOWN = 4
READ_WHOLE = 2000
"""Up to this many firms the page reads them all at once (a first screenful saves nothing)."""


def firm_columns() -> list[TableColumn]:
    return [
        text_column("name", _("Firm"), lambda r: r.name, _check("name"), width=230),
        text_column("uscc", _("USCC"), lambda r: r.uscc, _check("uscc"), width=170),
        enum_column("location", _("Location"), Location, lambda r: r.location),
        text_column("park", _("Park"), lambda r: r.park, _check("park")),
        list_column(
            "tags",
            _("Firm types"),
            lambda r: r.tags,
            _("Double-click to tick the firm types"),
            width=180,
        ),
        number_column("revenue", _("Revenue (10k yuan)"), lambda r: r.revenue, _check("revenue")),
        number_column("employees", _("Employees"), lambda r: r.employees, _check("employees")),
        text_column("contact", _("Contact person"), lambda r: r.contact, _check("contact")),
        text_column("phone", _("Phone"), lambda r: r.phone, _check("phone")),
        TableColumn("segments", _("Segments served"), _served, tip=_served_lines),
        *(_quarter_column(index) for index in range(QUARTERS_SHOWN)),
        figure_column(
            "revenue_yoy", _("Revenue YoY"), lambda r: r.revenue_yoy, percent, tip=_yoy_tip
        ),
    ]


def _quarter_column(index: int) -> TableColumn:
    """The firm's revenue in the ``index``-th of the last four quarters with figures; its
    header names the quarter once the rows are read (``FirmTable.name_quarters``)."""

    def read(row: FirmRow) -> float | None:
        return row.quarter_revenue[index] if index < len(row.quarter_revenue) else None

    return figure_column(
        f"quarter_{index}", _("Quarter {number} revenue").format(number=index + 1), read
    )


def _yoy_tip(row: FirmRow) -> str | None:
    if not row.quarters or row.revenue_yoy is None:
        return None
    return _("{quarter} against the same quarter a year before").format(quarter=row.quarters[-1])


def quarter_header(quarter: str) -> str:
    return _("{quarter} revenue (10k yuan)").format(quarter=quarter)


def _served(row: FirmRow) -> str:
    return "；".join(f"{s.chain}/{s.segment}（{s.role.label}）" for s in row.segments)


def _served_lines(row: FirmRow) -> str | None:
    return "\n".join(f"{s.chain} · {s.segment} · {s.role.label}" for s in row.segments) or None


class FirmTable(RecordTable):
    def __init__(self, editor: Editor, parent: QWidget | None = None) -> None:
        super().__init__(
            editor,
            firm_columns(),
            empty_text=_(
                "No firms yet. Press “Add firm” to enter one, attach firms to segments from "
                "the chain map, or import the 企业 sheet of a workbook."
            ),
            filter_hint=_("Filter by name, USCC, park, type or segment"),
            add_text=_("Add firm…"),
            chains=lambda row: {served.chain for served in row.segments},
            parent=parent,
        )
        self.setObjectName("firms_table")
        self._select_after_load: int | None = None
        self.loaded.connect(self._select_new)
        self.loaded.connect(self.name_quarters)

    entity = "firm"

    def load(self) -> list[FirmRow]:
        return list_firms(self.db)

    def load_rows(self, ids: Collection[int]) -> list[FirmRow]:
        return list_firms(self.db, ids)

    def first_screen(self, count: int) -> list[FirmRow] | None:
        """The first firms by name in pinyin order, picked from the names alone (None for a
        ledger small enough to read whole at once)."""
        names = firm_names(self.db)
        if len(names) <= READ_WHOLE:
            return None
        collator = chinese_collator()
        collator.setNumericMode(True)
        first = heapq.nsmallest(count, names, key=lambda pair: (collator.sortKey(pair[1]), pair))
        return list_firms(self.db, [firm_id for firm_id, _name in first])

    def update_command(self, row: FirmRow, values: dict[str, Any]) -> UpdateCommand:
        label = _("Edit firm {firm}").format(firm=row.name)
        return self.update_through(update_firm, label, row, values)

    def add(self) -> None:
        columns = [c for c in self.model.columns if c.key not in ("tags", "segments")]
        self.open_record_dialog(
            _("Add firm"), self.create_record, columns, initial={"location": Location.IN_ZONE.value}
        )

    def create_record(self, values: dict[str, Any]) -> str | None:
        label = _("Add firm {firm}").format(firm=typed(values, "name"))
        command = self.create_through(
            label, lambda: create_firm(self.db, values, actor=self.actor), delete_firm
        )
        message = self.editor.attempt(command)
        if message is None and command.ref is not None:
            self._select_after_load = command.ref.id
        return message

    def name_quarters(self) -> None:
        """Head the quarter columns with the quarters the rows were read for (企业指标)."""
        rows = self.model.rows
        quarters = rows[0].quarters if rows else ()
        for index, quarter in enumerate(quarters):
            column = self.column_number(f"quarter_{index}")
            self.model.columns[column] = replace(
                self.model.columns[column], header=quarter_header(quarter)
            )
        if quarters:
            self.model.headerDataChanged.emit(
                Qt.Orientation.Horizontal, 0, len(self.model.columns) - 1
            )
            for index in range(len(quarters)):
                self.view.resizeColumnToContents(self.column_number(f"quarter_{index}"))

    def _select_new(self) -> None:
        if self._select_after_load is not None:
            self.select_id(self._select_after_load)
            self._select_after_load = None

    def delete(self, rows: list[FirmRow]) -> None:
        delete_rows(
            self,
            self.editor,
            rows,
            title=_("Delete firms"),
            one=_("Delete the firm {name}?"),
            many=_("Delete {count} firms?"),
            name=lambda row: row.name,
            summary=lambda row: firm_deletion_summary(self.db, row.id),
            delete=self.deleting(delete_firm),
            step=_("Delete firm {name}"),
        )

    def edit_in_dialog(self, row: FirmRow, column: TableColumn) -> None:
        self.dialog = ChecklistDialog(
            self,
            _("Firm types of {firm}").format(firm=row.name),
            BADGED_TAGS,
            row.tags,
            others_label=_("Other types (free text)"),
        )
        self.dialog.accepted.connect(lambda: self.apply(row, {"tags": self.dialog.value()}))
        self.dialog.open()

    def extra_actions(self, menu: QMenu, rows: list[FirmRow]) -> None:
        controller = controller_of(self)
        chains = sorted({served.chain for served in rows[0].segments}) if len(rows) == 1 else []
        if controller is not None and chains:
            shown = controller.host.scene.chain
            chain = shown.chain if shown is not None and shown.chain in chains else chains[0]
            menu.addAction(
                _("Simulate departure from {chain}").format(chain=chain),
                lambda: controller.simulate_departure_in(chain, rows[0].id),
            ).setObjectName("simulate_departure")
        if len(rows) == 1:
            tags = self.model.columns[self.column_number("tags")]
            menu.addAction(
                _("Edit firm types…"), lambda: self.edit_in_dialog(rows[0], tags)
            ).setObjectName("edit_tags")
