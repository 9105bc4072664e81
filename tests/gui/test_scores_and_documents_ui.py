"""考评 page and the 督办 menu: the service's ranking shown, the trend drawn, documents issued."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMenu
from quarter_support import record_message_boxes

from chainchief.domain.quarters import Quarter
from chainchief.services.actions.scores import quarter_scores, trend
from chainchief.ui.pages.scores import ScoresPage
from chainchief.ui.workers import wait_for_workers

TODAY = "2026-11-27"


def test_the_page_shows_the_services_ranking_and_four_quarters(qtbot, demo_db, monkeypatch):
    monkeypatch.setenv("CHAINCHIEF_TODAY", TODAY)
    page = ScoresPage(demo_db)
    qtbot.addWidget(page)
    assert page.quarter() == Quarter.parse("2026Q4")
    scores = quarter_scores(demo_db, Quarter.parse("2026Q4"))
    shown = [
        (page.departments.item(r, 0).text(), page.departments.item(r, 1).text())
        for r in range(page.departments.rowCount())
    ]
    assert shown == [(str(row.rank) if row.rank else "—", row.name) for row in scores.departments]
    assert page.chains.rowCount() == len(scores.chains)
    history = trend(demo_db, Quarter.parse("2026Q4"))
    assert [str(s.quarter) for s in history] == ["2026Q1", "2026Q2", "2026Q3", "2026Q4"]
    ranked = {row.name for s in history for row in s.departments if row.rank}
    assert sorted(page.series_names()) == sorted(ranked)
    page.quarter_box.setCurrentIndex(1)
    assert page.quarter() == Quarter.parse("2026Q3")
    assert page.departments.rowCount() == len(quarter_scores(demo_db, page.quarter()).departments)


def test_the_menu_issues_the_circular_and_the_notices(
    qtbot, open_window, demo_db, monkeypatch, tmp_path: Path
):
    monkeypatch.setenv("CHAINCHIEF_TODAY", TODAY)
    shown = record_message_boxes(monkeypatch)
    window = open_window(demo_db)
    menu = window.findChild(QMenu, "supervision_menu")
    assert menu.menuAction() in window.menuBar().actions()
    assert len(menu.actions()) == 5
    supervision = window.quarter.supervision
    supervision.write_circular(Quarter.parse("2026Q4"), str(tmp_path / "通报.docx"))
    qtbot.waitUntil(lambda: bool(supervision.last_issued), timeout=20_000)
    assert supervision.last_issued[0].number == "链办〔2026〕1号"
    assert (tmp_path / "通报.docx").exists()
    supervision.write_notices(str(tmp_path))
    qtbot.waitUntil(lambda: len(supervision.last_issued) > 1, timeout=20_000)
    wait_for_workers()
    names = sorted(p.name for p in tmp_path.glob("督办通知单_*.docx"))
    assert names == sorted(item.path.name for item in supervision.last_issued)
    assert any("链办〔2026〕2号" in text for text in shown)
    supervision.show_scores()
    assert window.pages.currentWidget() is supervision.scores
