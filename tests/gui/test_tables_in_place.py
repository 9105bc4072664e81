"""Tables update in place (issue 24 item 3, issue 17 item 5): an edit, an insert or a delete
reads back just its rows, never the whole list; undo does the same; a big ledger shows its
first screenful in the order the whole list will have, then fills in the rest."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from editing_support import settle
from sqlalchemy import event

from chainchief.domain.enums import CultivationTier, Location, ProjectStage, Stage
from chainchief.services.firms.ledger import delete_firm, list_firms
from chainchief.ui.models.records import EditorKind
from chainchief.ui.pages.tables import firms as firm_page
from chainchief.ui.pages.tables.chains import ChainTable
from chainchief.ui.pages.tables.editors import RecordDialog
from chainchief.ui.pages.tables.firms import FirmTable
from chainchief.ui.pages.tables.library import LibraryTable
from chainchief.ui.pages.tables.people import DepartmentTable, PersonTable
from chainchief.ui.pages.tables.projects import ProjectTable
from chainchief.ui.pages.tables.targets import TargetTable
from chainchief.ui.undo import DeleteCommand, Editor

LEDGER = re.compile(r"\bFROM (firms|memberships)\b", re.IGNORECASE)


@pytest.fixture
def statements(demo_db) -> Iterator[list[str]]:  # type: ignore[no-untyped-def]
    """Every SQL statement run on the demo database while the test runs."""
    seen: list[str] = []

    def record(_conn, _cursor, statement, _parameters, _context, _many) -> None:  # type: ignore[no-untyped-def]
        seen.append(statement)

    event.listen(demo_db.engine, "before_cursor_execute", record)
    yield seen
    event.remove(demo_db.engine, "before_cursor_execute", record)


@pytest.fixture
def table(qtbot, demo_db):  # type: ignore[no-untyped-def]
    shown = FirmTable(Editor(demo_db, "tester"))
    qtbot.addWidget(shown)
    shown.resize(1200, 600)
    with qtbot.waitSignal(shown.loaded, timeout=20_000):
        shown.show()
    yield shown
    settle(qtbot)


def whole_reads(statements: list[str]) -> list[str]:
    """The statements that read every firm or membership (no WHERE naming the rows)."""
    return [
        statement
        for statement in statements
        if statement.lstrip().upper().startswith("SELECT")
        and LEDGER.search(statement)
        and "WHERE" not in statement.upper()
    ]


def test_an_edit_repaints_its_row_without_reading_the_ledger(qtbot, demo_db, table, statements):  # type: ignore[no-untyped-def]
    count = table.model.rowCount()
    row = table.row_at(3)
    column = table.column_number("phone")
    index = table.proxy.index(3, column)
    statements.clear()
    table.proxy.setData(index, "025-5550123")
    qtbot.waitUntil(lambda: table.proxy.index(3, column).data() == "025-5550123", timeout=10_000)
    assert table.row_at(3).id == row.id and table.row_at(3).version == row.version + 1
    assert table.model.rowCount() == count
    assert whole_reads(statements) == []
    statements.clear()
    table.editor.stack.undo()
    old = row.phone or ""
    qtbot.waitUntil(lambda: table.proxy.index(3, column).data() == old, timeout=10_000)
    assert whole_reads(statements) == []
    assert [r.phone for r in list_firms(demo_db, [row.id])] == [row.phone]


def test_a_new_firm_is_one_more_row_and_a_deleted_one_one_less(qtbot, demo_db, table, statements):  # type: ignore[no-untyped-def]
    count = table.model.rowCount()
    statements.clear()
    assert table.create_record({"name": "南京新芯微电子有限公司", "location": "区内"}) is None
    qtbot.waitUntil(lambda: table.model.rowCount() == count + 1, timeout=10_000)
    new = table.row_at(table.find_row(table.selected_rows()[0].id) or 0)
    assert new.name == "南京新芯微电子有限公司"
    victim = table.row_at(0)
    command = DeleteCommand(table.editor, "delete", lambda: table.deleting(delete_firm)(victim))
    assert table.editor.run(command)
    qtbot.waitUntil(lambda: table.model.rowCount() == count, timeout=10_000)
    assert table.find_row(victim.id) is None
    table.editor.stack.undo()
    qtbot.waitUntil(lambda: table.find_row(victim.id) is not None, timeout=10_000)
    assert table.model.rowCount() == count + 1
    assert whole_reads(statements) == []


def test_sorting_after_an_edit_puts_the_row_in_its_new_place(qtbot, table) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    name = table.column_number("name")
    row = table.row_at(0)
    table.proxy.setData(table.proxy.index(0, name), "zz最后一家企业")
    qtbot.waitUntil(lambda: table.row_at(0).name == "zz最后一家企业", timeout=10_000)
    table.view.sortByColumn(name, Qt.SortOrder.AscendingOrder)
    assert table.row_at(0).id != row.id
    assert table.row_at(table.proxy.rowCount() - 1).id == row.id


def test_a_big_ledger_shows_its_first_screenful_then_every_row(qtbot, demo_db, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(firm_page, "READ_WHOLE", 10)
    monkeypatch.setattr("chainchief.ui.pages.tables.table.FIRST_SCREEN_ROWS", 40)
    shown = FirmTable(Editor(demo_db, "tester"))
    qtbot.addWidget(shown)
    sizes: list[list[int]] = []
    shown.model.modelReset.connect(lambda: sizes.append([r.id for r in shown.model.rows]))
    with qtbot.waitSignal(shown.loaded, timeout=20_000):
        shown.show()
    first, every = sizes
    assert len(first) == 40 and len(every) == len(list_firms(demo_db))
    assert first == every[:40]
    settle(qtbot)


def test_an_edit_while_the_rest_loads_costs_no_second_full_read(
    qtbot, demo_db, monkeypatch, statements
):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(firm_page, "READ_WHOLE", 10)
    monkeypatch.setattr("chainchief.ui.pages.tables.table.FIRST_SCREEN_ROWS", 40)
    total = len(list_firms(demo_db))
    statements.clear()
    shown = FirmTable(Editor(demo_db, "tester"))
    qtbot.addWidget(shown)
    shown.resize(1200, 600)
    shown.show()
    qtbot.waitUntil(lambda: shown.model.rowCount() == 40, timeout=20_000)
    assert shown.loading
    column = shown.column_number("phone")
    shown.proxy.setData(shown.proxy.index(0, column), "025-5550999")
    qtbot.waitUntil(lambda: not shown.loading, timeout=20_000)
    settle(qtbot)
    assert shown.model.rowCount() == total
    assert shown.proxy.index(0, column).data() == "025-5550999"
    # The names that picked the first screenful, then firms and memberships once: no second read.
    assert len(whole_reads(statements)) == 3


ADD_DIALOGS = [
    (ChainTable, "name chief team_lead lead_department min_local_firms description", {}),
    (PersonTable, "name title department phone email", {}),
    (DepartmentTable, "name", {}),
    (
        FirmTable,
        "name uscc location park revenue employees contact phone quarter_0 quarter_1 "
        "quarter_2 quarter_3 revenue_yoy",
        {"location": Location.IN_ZONE.value},
    ),
    (LibraryTable, "firm_id tier officer since note", {"tier": CultivationTier.RESERVE.value}),
    (
        ProjectTable,
        "chain_id name investor investment stage signed_on owner planned_start actual_start "
        "planned_production actual_production issue",
        {"stage": ProjectStage.SIGNED.value},
    ),
    (
        TargetTable,
        "segment_id firm region stage owner investment next_step",
        {"stage": Stage.RESERVE.value},
    ),
]


@pytest.mark.parametrize(("kind", "fields", "initial"), ADD_DIALOGS)
def test_each_add_dialog_offers_its_fields_with_their_first_values(  # type: ignore[no-untyped-def]
    qtbot, demo_db, kind, fields, initial
) -> None:
    """Every table's Add… dialog: the fields typed in place (never one edited in its own
    dialog, such as a list of names), in column order after any chooser, and its defaults."""
    shown = kind(Editor(demo_db, "tester"))
    qtbot.addWidget(shown)
    shown.add()
    dialog = shown.dialog
    assert isinstance(dialog, RecordDialog)
    assert list(dialog.editors) == fields.split()
    dialog_only = {c.key for c in shown.model.columns if c.kind is EditorKind.DIALOG}
    assert dialog_only.isdisjoint(dialog.editors)
    assert {key: dialog.values()[key] for key in initial} == initial
    dialog.reject()
