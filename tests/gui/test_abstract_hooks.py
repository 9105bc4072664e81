"""The hooks a concrete table, undo command or segment-work dialog must provide are abstract:
a subclass that forgets one cannot be built (Qt's metaclass would otherwise let it through)."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QWidget

from chainchief.ui.forms import SubmitDialog
from chainchief.ui.models.records import TableColumn
from chainchief.ui.pages.tables.table import RecordTable
from chainchief.ui.qt_abc import QtABCMeta
from chainchief.ui.undo import Editor, ServiceCommand


@pytest.fixture
def editor(qapp: Any) -> Editor:
    return Editor(object(), actor="tester")  # type: ignore[arg-type] - never reads the db


def _table_kwargs() -> dict[str, Any]:
    return {"empty_text": "", "filter_hint": ""}


def test_a_table_missing_a_hook_cannot_be_built(qtbot: Any, editor: Editor) -> None:
    class OnlyLoads(RecordTable):
        def load(self) -> list[Any]:
            return []

    class Complete(OnlyLoads):
        def update_command(self, row: Any, values: dict[str, Any]) -> ServiceCommand:
            raise AssertionError("not called here")

    with pytest.raises(TypeError, match="update_command"):
        OnlyLoads(editor, [TableColumn("name", "Name", lambda row: row)], **_table_kwargs())
    with pytest.raises(TypeError, match="'load', 'update_command'"):
        RecordTable(editor, [], **_table_kwargs())
    table = Complete(editor, [TableColumn("name", "Name", lambda row: row)], **_table_kwargs())
    qtbot.addWidget(table)
    assert isinstance(table, QWidget) and table.load() == []


def test_a_command_missing_a_hook_cannot_be_built(editor: Editor) -> None:
    class Applies(ServiceCommand):
        def apply(self) -> None:
            pass

    class Complete(Applies):
        def revert(self) -> None:
            pass

    with pytest.raises(TypeError, match="revert"):
        Applies(editor, "step")
    command = Complete(editor, "step")
    editor.stack.push(command)
    assert editor.stack.count() == 1 and editor.stack.undoText() == "step"


def test_a_submit_dialog_missing_values_cannot_be_built(qtbot: Any) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)

    class Silent(SubmitDialog):
        pass

    class Speaks(SubmitDialog):
        def values(self) -> dict[str, Any]:
            return {"firm": "甲"}

    with pytest.raises(TypeError, match="values"):
        Silent(parent, "title", lambda values: None)
    submitted: list[dict[str, Any]] = []
    dialog = Speaks(parent, "title", lambda values: submitted.append(values))
    dialog.accept()
    assert submitted == [{"firm": "甲"}]


def test_signals_still_work_on_abstract_qt_bases(qtbot: Any, editor: Editor) -> None:
    assert type(RecordTable) is QtABCMeta and type(ServiceCommand) is QtABCMeta

    class Table(RecordTable):
        def load(self) -> list[Any]:
            return []

        def update_command(self, row: Any, values: dict[str, Any]) -> ServiceCommand:
            raise AssertionError("not called here")

    table = Table(editor, [], **_table_kwargs())
    qtbot.addWidget(table)
    with qtbot.waitSignal(table.loaded, timeout=1000):
        table.loaded.emit()


def test_a_submit_dialog_opens_on_its_first_field_not_on_ok(qtbot: Any) -> None:
    from PySide6.QtWidgets import QApplication

    from chainchief.ui.map.segment_dialog import SegmentDialog

    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    dialog = SegmentDialog(parent, "新建环节", {}, lambda values: None)
    dialog.show()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.name)
    assert dialog.buttons.parent() is dialog and dialog.error.parent() is dialog
    dialog.reject()
