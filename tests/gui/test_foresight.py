"""模拟迁出 / 模拟落地 on the map, from the inspector and the tables, and the 风险 page."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import QGraphicsRectItem, QMenu
from sqlalchemy import select

from chainchief.domain.enums import SegmentStatus
from chainchief.services.chains.details import segment_details
from chainchief.services.chains.lists import require_chain
from chainchief.store.models import Firm, Membership, Segment, Target
from chainchief.ui.map.inspector import segment_html
from chainchief.ui.map.scene import ChainScene

CHAIN = "新能源汽车"
LEADER = "南京宁容动力电池有限公司"
TARGET = "宜春昇锂矿业有限公司"


def ids(db) -> tuple[int, int, int]:
    chain_id = require_chain(db, CHAIN)
    with db.transaction() as session:
        firm_id = session.scalar(select(Firm.id).where(Firm.name == LEADER))
        target_id = session.scalar(
            select(Target.id)
            .join(Segment, Segment.id == Target.segment_id)
            .where(Segment.chain_id == chain_id, Target.firm_name == TARGET)
        )
    return chain_id, firm_id, target_id


def card_status(scene: ChainScene, name: str) -> SegmentStatus:
    chain = scene.chain
    assert chain is not None
    return next(card.status for card in chain.cards if card.name == name)


def outlines(scene: ChainScene) -> int:
    return sum(1 for item in scene.items() if type(item) is QGraphicsRectItem)


def test_a_departure_previews_on_the_map_and_cancel_restores_it(
    qtbot, open_window, demo_db
) -> None:
    window = open_window(demo_db)
    chain_id, firm_id, _target = ids(demo_db)
    controller = window.foresight
    with qtbot.waitSignal(window.map_loaded, timeout=20_000):
        controller.simulate_departure(chain_id, firm_id)
    qtbot.waitUntil(lambda: controller.active, timeout=20_000)
    assert window.scene.chain.chain_id == chain_id
    assert card_status(window.scene, "电池包(PACK)") is SegmentStatus.WEAK
    assert outlines(window.scene) >= 2  # the changed card's outline and its from → to tag
    banner = controller.banner_text()
    assert LEADER in banner and "93.8%" in banner
    assert controller.banner.cancel_button.isVisible()
    assert not controller.banner.apply_button.isVisible()
    with qtbot.waitSignal(window.map_loaded, timeout=20_000):
        controller.banner.cancel_button.click()
    assert not controller.active
    assert controller.banner_text() == ""
    assert card_status(window.scene, "电池包(PACK)") is SegmentStatus.STRONG
    with demo_db.transaction() as session:
        assert session.scalar(select(Membership.id).where(Membership.firm_id == firm_id))


def test_apply_lands_the_previewed_target_as_a_local_firm_in_one_undo_step(
    qtbot, open_window, demo_db
) -> None:
    window = open_window(demo_db)
    chain_id, _firm, target_id = ids(demo_db)
    controller = window.foresight
    controller.simulate_landing(chain_id, target_id)
    qtbot.waitUntil(lambda: controller.active, timeout=20_000)
    assert card_status(window.scene, "锂矿资源") is SegmentStatus.WEAK
    assert "100.0%" in controller.banner_text()
    apply = controller.banner.apply_button
    assert apply.isVisible()
    assert apply.isEnabled()
    with qtbot.waitSignal(window.map_loaded, timeout=20_000):
        apply.click()
    assert not controller.active
    assert card_status(window.scene, "锂矿资源") is SegmentStatus.WEAK
    with demo_db.transaction() as session:
        assert session.scalar(select(Target.stage).where(Target.id == target_id)) == "landed"
    window.editing.editor.stack.undo()
    # The apply's own refresh may still deliver a map read before the undo; the one read after
    # it must end up on screen.
    qtbot.waitUntil(
        lambda: card_status(window.scene, "锂矿资源") is SegmentStatus.MISSING, timeout=20_000
    )
    with demo_db.transaction() as session:
        assert session.scalar(select(Target.stage).where(Target.id == target_id)) != "landed"


def test_the_inspector_names_link_to_the_simulation(qtbot, open_window, demo_db) -> None:
    window = open_window(demo_db)
    chain_id, _firm, _target = ids(demo_db)
    with qtbot.waitSignal(window.map_loaded, timeout=20_000):
        assert window.navigator.select_chain(chain_id)
    segment = next(c.segment_id for c in window.scene.chain.cards if c.name == "锂矿资源")
    window.scene.select(segment)
    html = segment_html(window.scene.card(segment), segment_details(demo_db, segment))
    assert "href='land_target:" in html
    window.inspector.simulate_requested.emit("land_target", TARGET)
    qtbot.waitUntil(lambda: window.foresight.active, timeout=20_000)
    assert card_status(window.scene, "锂矿资源") is SegmentStatus.WEAK


def select_only(table, row_id: int) -> None:
    """Select one row whatever modifier keys an earlier test left pressed (selectRow obeys them)."""
    index = table.proxy.index(table.find_row(row_id), 0)
    flags = (
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    )
    table.view.selectionModel().select(index, flags)


def test_the_tables_offer_the_simulations(qtbot, open_window, demo_db) -> None:
    window = open_window(demo_db)
    _chain, firm_id, target_id = ids(demo_db)
    firms = window.editing.pages.firms
    window.show_page(firms)
    qtbot.waitUntil(lambda: firms.find_row(firm_id) is not None, timeout=20_000)
    select_only(firms, firm_id)
    menu = firms.context_menu()
    action = next(a for a in menu.actions() if a.objectName() == "simulate_departure")
    assert CHAIN in action.text()
    action.trigger()
    qtbot.waitUntil(lambda: window.foresight.active, timeout=20_000)
    assert window.pages.currentWidget() is window.view
    targets = window.editing.pages.targets.table
    window.show_page(targets)
    qtbot.waitUntil(lambda: targets.find_row(target_id) is not None, timeout=20_000)
    select_only(targets, target_id)
    menu = targets.context_menu()
    next(a for a in menu.actions() if a.objectName() == "simulate_landing").trigger()
    qtbot.waitUntil(lambda: "100.0%" in window.foresight.banner_text(), timeout=20_000)


def test_the_risk_page_lists_leading_firms_whose_departure_opens_gaps(
    qtbot, open_window, demo_db
) -> None:
    window = open_window(demo_db)
    holder = window.foresight.risks
    assert not holder.built, "the risk page waits until it is first shown"
    window.show_page(holder)
    page = holder.page
    tree = page.tree
    qtbot.waitUntil(lambda: tree.topLevelItemCount() == 8, timeout=20_000)
    chain = next(tree.topLevelItem(i) for i in range(8) if tree.topLevelItem(i).text(0) == CHAIN)
    firms = [chain.child(i).text(0) for i in range(chain.childCount())]
    assert firms[0] == LEADER  # the most revenue at risk first
    assert chain.child(0).text(2) == "1,250,000"
    page._simulate(chain.child(0))
    qtbot.waitUntil(lambda: window.foresight.active, timeout=20_000)
    assert LEADER in window.foresight.banner_text()


def test_the_file_menu_writes_the_brief_of_the_shown_chain(
    qtbot, open_window, demo_db, tmp_path
) -> None:
    from PySide6.QtPdf import QPdfDocument

    window = open_window(demo_db)
    brief = window.foresight.brief
    assert brief is not None
    assert brief.action in window.menuBar().findChild(QMenu, "file_menu").actions()
    written = brief.write(str(tmp_path / "brief.pdf"))
    assert written is not None
    document = QPdfDocument()
    document.load(str(written))
    assert document.pageCount() == 1
    assert f"{window.scene.chain.chain}产业链链长简报" in document.getAllText(0).text().replace(
        "\n", ""
    )
    document.close()
    assert str(written) in window.task_notice.text() and window.task_notice.output == written
