"""Signals that speak: counts in their light's colour, the navigator keeping the chief's name,
a status-bar line with links when a background task has written a file, the agenda wrapping."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontMetrics

from chainchief.domain.lights import Light
from chainchief.services.chains.chain_map import NavigatorRow
from chainchief.ui.colours import LIGHT_TEXT
from chainchief.ui.map.navigator import second_line
from chainchief.ui.models.action_counts import ActionCounts
from chainchief.ui.shell import status_notice
from chainchief.ui.shell.quarter import counts_html
from chainchief.ui.task_notices import announce

ROW = NavigatorRow(1, "轨道交通", "吴晓明", 12, 91.7, 1, 2, 9)
COUNTS = ActionCounts(open=12, overdue=3, due_soon=4, red=1)


def test_each_count_takes_its_lights_colour() -> None:
    html = counts_html(COUNTS)
    assert html.startswith("Action items: 12 open · ")
    shown = ((Light.YELLOW, "3 overdue"), (Light.RED, "1 red"), (Light.BLUE, "4 due soon"))
    for light, text in shown:
        assert f'<b style="color:{LIGHT_TEXT[light].name()}">{text}</b>' in html
    assert counts_html(ActionCounts()) == "Action items: none open"


def test_the_navigator_drops_counts_before_it_cuts_the_chiefs_name(qapp) -> None:
    metrics = QFontMetrics(QFont())
    wide = second_line(ROW, COUNTS, metrics, 2000, 8)
    assert wide == ("Chief: 吴晓明", [("12 open", None), ("3 overdue", Light.YELLOW),
                                     ("4 due soon", Light.BLUE)])  # fmt: skip
    name = metrics.horizontalAdvance("Chief: 吴晓明")
    overdue = metrics.horizontalAdvance("3 overdue") + 8
    due = metrics.horizontalAdvance("4 due soon") + 8
    assert second_line(ROW, COUNTS, metrics, name + overdue + due, 8) == (
        "Chief: 吴晓明", [("3 overdue", Light.YELLOW), ("4 due soon", Light.BLUE)])  # fmt: skip
    assert second_line(ROW, COUNTS, metrics, name + overdue, 8) == (
        "Chief: 吴晓明", [("3 overdue", Light.YELLOW)])  # fmt: skip
    bare = metrics.horizontalAdvance("吴晓明")
    assert second_line(ROW, COUNTS, metrics, bare + overdue, 8) == (
        "吴晓明", [("3 overdue", Light.YELLOW)])  # fmt: skip
    text, pieces = second_line(ROW, COUNTS, metrics, bare, 8)
    assert (text, pieces) == ("吴晓明", [])


def test_a_finished_export_leaves_a_line_with_links(
    qtbot, open_window, demo_db, tmp_path, monkeypatch
) -> None:
    window = open_window(demo_db)
    opened: list[str] = []
    monkeypatch.setattr(
        status_notice.QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile())
    )
    png = tmp_path / "map.png"
    with qtbot.waitSignal(window.exported, timeout=20_000):
        window.export_to(str(png))
    notice = window.task_notice
    assert str(png) in notice.text() and 'href="open"' in notice.text()
    assert 'href="folder"' in notice.text()
    notice.linkActivated.emit("folder")
    notice.linkActivated.emit("open")
    assert opened == [str(tmp_path), str(png)]
    announce("3 documents written", tmp_path)
    assert 'href="open"' in notice.text() and 'href="folder"' not in notice.text()
    announce("Imported: 3 rows added, 0 updated.")
    assert notice.text() == "Imported: 3 rows added, 0 updated." and notice.output is None


def test_long_agenda_lines_wrap_instead_of_being_cut(qtbot) -> None:
    from chainchief.ui.pages.meetings.agenda_editor import AgendaEditor

    editor = AgendaEditor()
    qtbot.addWidget(editor)
    editor.resize(360, 400)
    editor.show()
    long_line = "研究解决新能源汽车产业链电池回收环节本地配套不足、用地审批周期长等问题" * 2
    point = editor._point("一、会议议程", "agenda")
    editor._line(point, long_line)
    editor.tree.expandAll()
    qtbot.waitExposed(editor)
    line = editor.tree.model().index(0, 0, editor.tree.model().index(0, 0))
    rect = editor.tree.visualRect(line)
    one_line = QFontMetrics(editor.tree.font()).height()
    assert rect.right() <= editor.tree.viewport().width()
    assert rect.height() >= 2 * one_line, "the long line takes several rows of text"
    assert editor.tree.horizontalScrollBar().maximum() == 0


def test_the_scores_page_colours_its_overdue_and_red_counts(qtbot) -> None:
    from chainchief.domain.scores import ScoreRow
    from chainchief.ui.pages.scores import ScoresTable

    table = ScoresTable("Department")
    qtbot.addWidget(table)
    table.show_rows(
        [
            ScoreRow("财政局", 4, 2, 50.0, 2, 2, 1, 0, 70.0, 1),
            ScoreRow("科技创新局", 3, 3, 100.0, 1, 0, 0, 0, 100.0, 2),
        ]
    )
    assert table.item(0, 6).foreground().color() == LIGHT_TEXT[Light.YELLOW]
    assert table.item(0, 7).foreground().color() == LIGHT_TEXT[Light.RED]
    assert table.item(1, 6).foreground().color() != LIGHT_TEXT[Light.YELLOW]
    assert table.item(1, 7).foreground().color() != LIGHT_TEXT[Light.RED]


def test_an_ampersand_in_a_name_is_shown_not_taken_as_a_shortcut(qtbot) -> None:
    from PySide6.QtWidgets import QTabWidget, QWidget

    from chainchief.ui.labels import literal

    tabs = QTabWidget()
    qtbot.addWidget(tabs)
    tabs.addTab(QWidget(), literal("People & departments"))
    tabs.addTab(QWidget(), literal("A&B 科技"))
    assert [tabs.tabText(n) for n in range(2)] == ["People && departments", "A&&B 科技"]
    assert literal("no ampersand") == "no ampersand"


def test_a_long_notice_does_not_widen_the_window(qtbot, open_window, demo_db) -> None:
    from chainchief.ui.workers import settle_workers

    window = open_window(demo_db)
    window.resize(1280, 720)
    settle_workers()  # the status bar's counts arrive from a worker after the first map
    before = window.statusBar().minimumSizeHint().width()
    announce("Saved " + "/很长的文件夹名" * 60 + "/会议材料.xlsx")
    qtbot.wait(20)
    assert window.statusBar().minimumSizeHint().width() == before
    assert window.width() == 1280
