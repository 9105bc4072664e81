"""Every Qt model passes Qt's own model tester on real data (pytest-qt's ``qtmodeltester``).

The tester checks what views rely on and never say when it breaks: row and column counts
against indexes, parents, data for every role, and the signals around a reset.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSortFilterProxyModel
from quarter_support import SPRING, plan_2026

from chainchief.services.actions.items import list_actions
from chainchief.services.admin.audit import audit_entries
from chainchief.services.admin.settings import set_setting
from chainchief.services.chains.chain_map import navigator_rows
from chainchief.services.chains.lists import list_chains
from chainchief.services.meetings.meetings import list_meetings
from chainchief.services.workspace import Workspace, open_workspace
from chainchief.ui.map.navigator import ChainFilterModel, ChainListModel
from chainchief.ui.models.action_items import ActionSortModel, ActionTableModel
from chainchief.ui.pages.audit import AuditTableModel
from chainchief.ui.pages.meetings.year_grid import YearGridModel
from chainchief.ui.pages.tables.firms import FirmTable
from chainchief.ui.undo import Editor


@pytest.fixture
def city(demo_db_path: Path, monkeypatch) -> Workspace:
    monkeypatch.setenv("CHAINCHIEF_TODAY", SPRING)
    database = open_workspace(demo_db_path)
    yield database
    database.dispose()


def _check_with_proxy(qtmodeltester, model, proxy: QSortFilterProxyModel) -> None:
    assert model.rowCount() > 0, "the tester needs rows to look at"
    qtmodeltester.check(model)
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)


def test_the_record_table_model(qtbot, qtmodeltester, city: Workspace) -> None:
    table = FirmTable(Editor(city, "tester"))
    qtbot.addWidget(table)
    with qtbot.waitSignal(table.loaded, timeout=20_000):
        table.show()
    assert table.model.rowCount() > 0
    qtmodeltester.check(table.model)
    qtmodeltester.check(table.proxy)


def test_the_action_items_model(qtmodeltester, city: Workspace) -> None:
    model = ActionTableModel()
    model.set_rows(list_actions(city))
    _check_with_proxy(qtmodeltester, model, ActionSortModel())


def test_the_chain_navigator_model(qtmodeltester, city: Workspace) -> None:
    model = ChainListModel()
    model.set_rows(navigator_rows(city))
    _check_with_proxy(qtmodeltester, model, ChainFilterModel())


def test_the_year_grid_model(qtmodeltester, city: Workspace) -> None:
    plan_2026(city)
    model = YearGridModel()
    model.set_meetings(2026, [chain.name for chain in list_chains(city)], list_meetings(city, 2026))
    assert model.rowCount() > 0
    qtmodeltester.check(model)


def test_the_audit_model(qtmodeltester, city: Workspace) -> None:
    set_setting(city, "backup.keep", "4", actor="tester")
    model = AuditTableModel()
    model.set_rows(audit_entries(city))
    assert model.rowCount() > 0
    qtmodeltester.check(model)
