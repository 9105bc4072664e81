"""汇总部门反馈: files dropped on the dialog are previewed (nothing written), then merged."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent
from sqlalchemy import func, select

from chainchief.domain.quarters import Quarter
from chainchief.services.actions.feedback import collect_packs
from chainchief.store.models import AuditEntry, ProgressNote
from chainchief.ui.dialogs.feedback_merge import FeedbackMergeDialog

TODAY = "2026-05-20"


def _written(db) -> tuple[int, int]:
    """(audit entries, progress reports): what a merge adds to."""
    with db.transaction() as session:
        return tuple(  # type: ignore[return-value]
            session.scalar(select(func.count()).select_from(table))
            for table in (AuditEntry, ProgressNote)
        )


def _filled(demo_db, folder: Path) -> tuple[Path, Path]:
    """Two returned packs: one with a progress report, one whose key cell was edited."""
    packs = collect_packs(demo_db, Quarter(2026, 2), folder, actor="admin")
    good, bad = packs[0].path, packs[1].path
    book = openpyxl.load_workbook(good)
    book["督办事项"]["F2"] = "已召开推进会"
    book.save(folder / "返回_好.xlsx")
    book = openpyxl.load_workbook(bad)
    book["督办事项"]["F2"] = "已走访"
    book["督办事项"]["C2"] = "改过的事项"
    book.save(folder / "返回_坏.xlsx")
    return folder / "返回_好.xlsx", folder / "返回_坏.xlsx"


def test_dropped_files_are_previewed_then_merged(qtbot, demo_db, monkeypatch, tmp_path: Path):
    monkeypatch.setenv("CHAINCHIEF_TODAY", TODAY)
    good, bad = _filled(demo_db, tmp_path)
    dialog = FeedbackMergeDialog(demo_db, "admin")
    qtbot.addWidget(dialog)
    before = _written(demo_db)
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(good)), QUrl.fromLocalFile(str(bad))])
    drop = QDropEvent(
        QPoint(10, 10),
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    dialog.dropEvent(drop)
    qtbot.waitUntil(lambda: len(dialog.results) == 2, timeout=20_000)
    assert [r.result for r in dialog.results] == ["applied", "refused"]
    assert dialog.tree.topLevelItemCount() == 2
    assert "改过的事项" not in dialog.tree.topLevelItem(1).child(0).text(2)
    assert "督办事项!2:C" in dialog.tree.topLevelItem(1).child(0).text(2)
    assert dialog.merge_button.isEnabled()
    assert _written(demo_db) == before
    dialog.merge()
    qtbot.waitUntil(lambda: dialog.merged, timeout=20_000)
    assert [(r.result, r.applied) for r in dialog.results] == [("applied", 1), ("refused", 0)]
    assert not dialog.merge_button.isEnabled()
    assert _written(demo_db)[1] == before[1] + 1
