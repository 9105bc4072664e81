"""The compare view (issue 21): the map at each snapshot, ▲/▼ badges, the changes beside it."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QGraphicsSimpleTextItem
from sqlalchemy import delete, select

from chainchief.domain.enums import SegmentStatus
from chainchief.services.history import take_snapshots
from chainchief.store.models import Membership, Segment
from chainchief.ui.foresight.compare import CompareWindow

CHAIN = "新能源汽车"
SEGMENT = "电池包(PACK)"


def arrows(window: CompareWindow) -> list[str]:
    return [
        item.text()
        for item in window.scene.items()
        if isinstance(item, QGraphicsSimpleTextItem) and item.text() in ("▲", "▼")
    ]


def test_the_view_shows_each_snapshot_and_what_changed_since(qtbot, open_window, demo_db) -> None:
    take_snapshots(demo_db, actor="秘书", chain=CHAIN)
    with demo_db.transaction() as session:
        segment_id = session.scalar(select(Segment.id).where(Segment.name == SEGMENT))
        session.execute(delete(Membership).where(Membership.segment_id == segment_id))
    window = open_window(demo_db)
    qtbot.waitUntil(lambda: window.scene.chain is not None, timeout=20_000)
    window.load_chain(segment_chain(demo_db, segment_id))
    qtbot.waitUntil(lambda: window.chain_id is not None, timeout=20_000)
    action = next(
        a for a in window.menus.map.actions() if a.objectName() == "compare_history_action"
    )
    action.trigger()
    compare = next(w for w in QApplication.topLevelWidgets() if isinstance(w, CompareWindow))
    qtbot.addWidget(compare)
    assert compare.slider.maximum() == 1 and compare.slider.value() == 1  # now, last
    card = next(card for card in compare.scene.chain.cards if card.name == SEGMENT)
    assert card.status is SegmentStatus.MISSING
    assert arrows(compare) == ["▼"]
    listed = [compare.changes.item(row).text() for row in range(compare.changes.count())]
    assert any(SEGMENT in line for line in listed)
    compare.slider.setValue(0)
    card = next(card for card in compare.scene.chain.cards if card.name == SEGMENT)
    assert card.status is not SegmentStatus.MISSING  # as it stood at the snapshot
    assert arrows(compare) == []
    assert compare.changes.count() == 1


def segment_chain(db, segment_id: int) -> int:
    with db.transaction() as session:
        return session.scalar(select(Segment.chain_id).where(Segment.id == segment_id))
