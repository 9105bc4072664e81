"""The main window on the demo city: navigator, map, inspector, search, hover, pins, minimap."""

from __future__ import annotations

from collections import Counter
from xml.etree import ElementTree

import networkx as nx
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from sqlalchemy import select

from chainchief.domain.enums import Location, SegmentStatus
from chainchief.i18n import files_for_people
from chainchief.services.actions.items import list_actions
from chainchief.services.chains.gaps import analyse_chains
from chainchief.services.chains.lists import list_chains
from chainchief.store.db import open_database
from chainchief.store.models import AuditEntry, Chain, Firm, Link, Membership, Segment
from chainchief.ui.map import palette
from chainchief.ui.map.scene import MapMode
from chainchief.ui.shell.window_state import ui_settings

CHAIN = "集成电路"


def show_chain(qtbot, window, name: str) -> None:
    chain_id = next(row.id for row in list_chains(window.db) if row.name == name)
    if window.chain_id == chain_id and window.scene.chain is not None:
        return
    with qtbot.waitSignal(window.map_loaded, timeout=20_000):
        assert window.navigator.select_chain(chain_id)


def scene_image(window) -> QImage:
    """The whole scene rendered at scale 1, so scene coordinates are pixel coordinates."""
    rect = window.scene.map_rect()
    image = QImage(int(rect.width()), int(rect.height()), QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    window.scene.render(painter, image.rect().toRectF(), rect)
    painter.end()
    return image


def pixel(window, image: QImage, x: float, y: float) -> QColor:
    origin = window.scene.map_rect().topLeft()
    return image.pixelColor(int(x - origin.x()), int(y - origin.y()))


def view_point(window, segment_id: int) -> QPoint:
    return window.view.mapFromScene(window.scene.card_rect(segment_id).center())


def test_the_window_lists_the_eight_demo_chains(open_window, demo_db) -> None:
    window = open_window(demo_db)
    names = window.navigator.chain_names()
    assert len(names) == 8
    assert sorted(names) == sorted(row.name for row in list_chains(demo_db))


def test_selecting_a_chain_draws_one_card_per_segment_in_its_status(
    qtbot, open_window, demo_db
) -> None:
    window = open_window(demo_db)
    show_chain(qtbot, window, CHAIN)
    analysis = analyse_chains(demo_db, CHAIN)[0]
    cards = {segment_id: window.scene.card(segment_id) for segment_id in window.scene.card_ids()}
    assert sorted(cards) == sorted(s.segment_id for s in analysis.segments)
    image = scene_image(window)
    for segment in analysis.segments:
        card = cards[segment.segment_id]
        assert card.status is segment.status
        corner = pixel(window, image, card.x + card.width - 5, card.y + card.height - 5)
        assert corner == palette.STATUS_FILL[segment.status], segment.name
    assert {s.status for s in analysis.segments} == set(SegmentStatus)


def test_missing_cards_show_their_fill_candidates(qtbot, open_window, demo_db, tmp_path) -> None:
    window = open_window(demo_db)
    show_chain(qtbot, window, CHAIN)
    svg = tmp_path / "map.svg"
    with qtbot.waitSignal(window.exported, timeout=20_000):
        window.export_to(str(svg))
    texts = svg_texts(svg.read_text(encoding="utf-8"))
    analysis = analyse_chains(demo_db, CHAIN)[0]
    missing = [s for s in analysis.segments if s.status is SegmentStatus.MISSING]
    assert any(s.fill_candidates for s in missing)
    # The window speaks English here, the exported file Chinese (a file for people).
    for segment in missing:
        for target in segment.fill_candidates[:2]:
            with files_for_people():
                stage = target.stage.label
            shown = [
                t.removeprefix("目标: ").split(" · ")[0].rstrip("…")
                for t in texts
                if t.startswith("目标: ") and t.endswith(" · " + stage)
            ]
            assert any(part and target.firm.startswith(part) for part in shown), target
        if not segment.fill_candidates:
            assert "暂无目标企业" in texts


def svg_texts(svg: str) -> list[str]:
    """Text lines of an SVG written by Qt: consecutive runs at the same height joined."""
    lines: list[tuple[str, str]] = []
    for element in ElementTree.fromstring(svg).iter("{http://www.w3.org/2000/svg}text"):
        y, text = element.get("y") or "", element.text or ""
        if lines and lines[-1][0] == y:
            lines[-1] = (y, lines[-1][1] + text)
        else:
            lines.append((y, text))
    return [text.strip() for _y, text in lines]


def test_search_finds_a_firm_and_selects_its_segment(qtbot, open_window, demo_db) -> None:
    window = open_window(demo_db)
    show_chain(qtbot, window, "人工智能")
    with demo_db.transaction() as session:
        firm, segment_id, chain_id = session.execute(
            select(Firm.name, Segment.id, Chain.id)
            .join(Membership, Membership.firm_id == Firm.id)
            .join(Segment, Segment.id == Membership.segment_id)
            .join(Chain, Chain.id == Segment.chain_id)
            .where(Chain.name == CHAIN, Firm.location == Location.IN_ZONE.value)
            .order_by(Firm.name)
        ).first()
    window.focus_search()
    window.search_box.setText(firm)
    with qtbot.waitSignal(window.map_loaded, timeout=20_000):
        qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.scene.selected == segment_id)
    assert window.navigator.current_chain() == chain_id
    assert firm in window.inspector.text()
    assert window.view.visible_scene_rect().contains(window.scene.card_rect(segment_id))


def test_hovering_a_card_dims_every_card_off_its_paths(qtbot, open_window, demo_db) -> None:
    window = open_window(demo_db)
    show_chain(qtbot, window, CHAIN)
    chain_id = window.chain_id
    with demo_db.transaction() as session:
        edges = session.execute(
            select(Link.upstream_id, Link.downstream_id).where(Link.chain_id == chain_id)
        ).all()
    graph = nx.DiGraph(edges)
    graph.add_nodes_from(window.scene.card_ids())
    hovered = max(graph.nodes, key=lambda n: (graph.in_degree(n) > 0) + (graph.out_degree(n) > 0))
    related = nx.ancestors(graph, hovered) | nx.descendants(graph, hovered) | {hovered}
    assert related != set(graph.nodes)
    qtbot.mouseMove(window.view.viewport(), view_point(window, hovered))
    qtbot.waitUntil(lambda: window.scene.hovered is not None)
    for segment_id in graph.nodes:
        assert window.scene.is_dimmed(segment_id) == (segment_id not in related)
    qtbot.mouseMove(window.view.viewport(), QPoint(2, 2))
    qtbot.waitUntil(lambda: window.scene.hovered is None)
    assert not any(window.scene.is_dimmed(segment_id) for segment_id in graph.nodes)


def test_dragging_a_card_pins_it_and_the_pin_survives_a_reload(
    qtbot, open_window, demo_db, demo_db_path
) -> None:
    window = open_window(demo_db)
    show_chain(qtbot, window, CHAIN)
    window.view.fit()
    segment_id = window.scene.card_ids()[0]
    before = window.scene.card_rect(segment_id).topLeft()
    start = view_point(window, segment_id)
    end = start + QPoint(60, 40)
    scale = window.view.scale_factor()
    viewport = window.view.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    for step in range(1, 6):
        qtbot.mouseMove(viewport, start + (end - start) * step / 5)
    with qtbot.waitSignal(window.map_loaded, timeout=20_000):
        qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=end)
    card = window.scene.card(segment_id)
    assert card.pinned
    moved = QPointF(card.x, card.y) - before
    assert abs(moved.x() - 60 / scale) < 2 / scale and abs(moved.y() - 40 / scale) < 2 / scale
    with demo_db.transaction() as session:
        assert session.scalar(select(AuditEntry.action).where(AuditEntry.action == "pin"))

    reopened = open_window(open_database(demo_db_path))
    show_chain(qtbot, reopened, CHAIN)
    again = reopened.scene.card(segment_id)
    assert (again.x, again.y) == (card.x, card.y) and again.pinned

    with qtbot.waitSignal(reopened.map_loaded, timeout=20_000):
        reopened.relayout()
    assert not reopened.scene.card(segment_id).pinned


def test_the_minimap_follows_the_view(qtbot, open_window, demo_db) -> None:
    window = open_window(demo_db)
    show_chain(qtbot, window, CHAIN)
    minimap = window.view.minimap
    window.view.zoom_by(3)
    qtbot.waitUntil(minimap.isVisible)  # rendered just after the new map painted
    window.view.fit()
    assert not minimap.isVisible()
    window.view.zoom_by(3)
    assert minimap.isVisible()
    for target in (window.scene.map_rect().topLeft(), window.scene.map_rect().bottomRight()):
        window.view.centerOn(target)
        shown = window.view.visible_scene_rect().intersected(window.scene.map_rect())
        outlined = minimap.visible_rect()
        assert abs(outlined.center().x() - shown.center().x()) < 1
        assert abs(outlined.center().y() - shown.center().y()) < 1
    middle = minimap.rect().center()
    qtbot.mouseClick(minimap, Qt.MouseButton.LeftButton, pos=middle)
    centre = window.view.visible_scene_rect().center()
    expected = minimap.to_scene(QPointF(middle))
    assert abs(centre.x() - expected.x()) < 30 and abs(centre.y() - expected.y()) < 30


def test_panorama_and_gaps_only_change_how_cards_look(qtbot, open_window, demo_db) -> None:
    window = open_window(demo_db)
    show_chain(qtbot, window, CHAIN)
    strong = next(
        i for i in window.scene.card_ids() if window.scene.card(i).status.value == "strong"
    )
    missing = next(
        i for i in window.scene.card_ids() if window.scene.card(i).status.value == "missing"
    )
    window.map_actions.gaps_only.setChecked(True)
    assert window.scene.card_opacity(window.scene.card(strong)) < 0.5
    assert window.scene.card_opacity(window.scene.card(missing)) == 1.0
    window.map_actions.gaps_only.setChecked(False)
    window.map_actions.panorama.setChecked(True)
    assert window.scene.view is MapMode.PANORAMA
    image = scene_image(window)
    for segment_id in (strong, missing):
        card = window.scene.card(segment_id)
        corner = pixel(window, image, card.x + card.width - 5, card.y + card.height - 5)
        assert corner == palette.NEUTRAL_FILL


def test_layout_and_view_are_remembered(qtbot, open_window, demo_db, demo_db_path) -> None:
    window = open_window(demo_db)
    show_chain(qtbot, window, CHAIN)
    window.map_actions.panorama.setChecked(True)
    window.resize(700, 500)
    chain_id = window.chain_id
    window.close()
    assert ui_settings().value("map/view") == "panorama"
    reopened = open_window(open_database(demo_db_path))
    assert reopened.chain_id == chain_id
    assert reopened.scene.view is MapMode.PANORAMA
    assert reopened.size().width() == 700


def test_pages_other_than_the_map_are_built_when_first_opened(qtbot, open_window, demo_db) -> None:
    window = open_window(demo_db)
    titles = [window.pages.tabText(index) for index in range(window.pages.count())]
    assert len(titles) == 13, "every page has its tab from the start"
    holder = window.editing.pages._firms
    assert not holder.built, "the firm table waits until it is first shown"
    window.pages.setCurrentWidget(holder)
    qtbot.waitUntil(lambda: holder.built and holder.page.isVisible())
    meetings = window.quarter._meetings
    assert not meetings.built
    window.quarter.show(window.quarter.meetings)
    assert meetings.built
    qtbot.waitUntil(lambda: window.quarter.meetings.isVisible())
    scores = window.quarter.supervision.scores
    assert not scores.built, "the 考评 page (and QtCharts) waits until it is first shown"
    window.quarter.supervision.show_scores()
    qtbot.waitUntil(lambda: scores.built and scores.page.isVisible())


def test_action_items_are_counted_once_the_first_map_is_shown(qtbot, open_window, demo_db) -> None:
    window = open_window(demo_db)
    qtbot.waitUntil(lambda: window.quarter.counts_label.text() != "", timeout=20_000)
    open_items = Counter(row.chain for row in list_actions(demo_db) if not row.status.is_closed)
    assert open_items, "the demo city has open action items"
    counts = window.navigator.model.counts
    for chain in window.navigator.chain_names():
        if chain in open_items:
            assert counts[chain].open == open_items[chain], chain
        else:
            assert chain not in counts or counts[chain].open == 0, chain
    total = sum(open_items.values())
    assert window.quarter.counts_label.text().startswith(f"Action items: {total} open · ")


def test_a_failed_job_is_reported_without_blocking_the_window(qtbot, open_window, demo_db) -> None:
    from PySide6.QtWidgets import QMessageBox

    from chainchief.domain.errors import UserError

    window = open_window(demo_db)
    window._failed(UserError("该产业链已被删除"))
    boxes = [box for box in window.findChildren(QMessageBox) if box.isVisible()]
    assert [box.text() for box in boxes] == ["该产业链已被删除"]
    boxes[0].accept()
