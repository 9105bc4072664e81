"""Moving a target to 落地 in the table offers 挂接为区内企业: the card gains a local firm at
once, and one undo takes the whole step back."""

from __future__ import annotations

from editing_support import content, settle

from chainchief.domain.enums import SegmentStatus, Stage
from chainchief.services.chains.chain_map import chain_map_by_name
from chainchief.ui.pages.tables import landing
from tests.gui.test_map_window import show_chain
from tests.gui.test_tables_editing import commit, open_editor, open_table

CHAIN = "集成电路"


def test_landing_a_target_attaches_a_local_firm_as_one_undo_step(
    qtbot, demo_db, open_window, monkeypatch
) -> None:
    window = open_window(demo_db)
    show_chain(qtbot, window, CHAIN)
    missing = {
        c.segment_id
        for c in chain_map_by_name(demo_db, CHAIN).cards
        if c.status is SegmentStatus.MISSING
    }
    offered: list[tuple[str, str]] = []
    monkeypatch.setattr(
        landing, "offer_landing", lambda _p, firm, seg: offered.append((firm, seg)) or True
    )
    page = window.editing.pages.targets
    table = open_table(qtbot, window, page, page.table)
    row = next(
        r for r in table.model.rows if r.segment_id in missing and r.stage is not Stage.LANDED
    )
    before = content(demo_db)
    editor = open_editor(table, row.id, "stage")
    editor.setCurrentIndex(editor.findData(Stage.LANDED.value))
    commit(table, editor)
    assert offered == [(row.firm, row.segment)]
    qtbot.waitUntil(lambda: window.scene.card(row.segment_id).local_firms == 1, timeout=10_000)
    assert window.scene.card(row.segment_id).status is not SegmentStatus.MISSING
    assert window.editing.editor.stack.count() == 1
    window.editing.undo.trigger()
    qtbot.waitUntil(lambda: window.scene.card(row.segment_id).local_firms == 0, timeout=10_000)
    assert content(demo_db) == before
    settle(qtbot)
