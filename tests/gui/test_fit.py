"""Everything fits at 1280×720 in Chinese and in English: every page of the main window (with
the navigator and the inspector open), every tab inside them, and the dialogs, checked with
tests/gui/fit_support.py (labels as wide and tall as their text, no tab bar scroll arrows,
literal ``&`` escaped in tabs and menus)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fit_support import fit_problems, menu_problems
from PySide6.QtWidgets import QApplication, QDialog, QTabWidget, QWidget

from chainchief.i18n import set_language
from chainchief.ui.workers import settle_workers

SIZE = (1280, 720)


@pytest.fixture(params=["zh_CN", "en"])
def language(request: pytest.FixtureRequest) -> Iterator[str]:
    set_language(request.param)
    yield request.param
    set_language("en")


def settle(qtbot) -> None:
    settle_workers()
    qtbot.wait(30)
    QApplication.processEvents()


def walk_inner_tabs(qtbot, page: QWidget, problems: list[str], where: str) -> None:
    """Show each tab of each tab widget inside a page and check it too."""
    for tabs in page.findChildren(QTabWidget):
        if not tabs.isVisibleTo(page):
            continue
        for index in range(tabs.count()):
            tabs.setCurrentIndex(index)
            settle(qtbot)
            problems.extend(
                f"{where} › {tabs.tabText(index)}: {p}" for p in fit_problems(tabs.widget(index))
            )
        tabs.setCurrentIndex(0)


def test_every_page_fits_at_1280x720(qtbot, open_window, demo_db, language) -> None:
    window = open_window(demo_db)
    window.resize(*SIZE)
    window.navigator.show()
    window.inspector.show()
    window.focus_segment(window.scene.card_ids()[0])
    settle(qtbot)
    problems = menu_problems([action.menu() for action in window.menuBar().actions()
                              if action.menu() is not None])  # fmt: skip
    for index in range(window.pages.count()):
        window.pages.setCurrentIndex(index)
        qtbot.waitUntil(lambda i=index: window.pages.widget(i).isVisible())
        settle(qtbot)
        title = window.pages.tabText(index)
        problems.extend(f"{title}: {problem}" for problem in fit_problems(window))
        walk_inner_tabs(qtbot, window.pages.widget(index), problems, title)
    assert window.size().toTuple() == SIZE
    assert not problems, f"{language}:\n" + "\n".join(dict.fromkeys(problems))


def _dialogs(window) -> Iterator[QDialog]:
    from chainchief.domain.supervision import Step
    from chainchief.ui.dialogs.action_dialogs import StepDialog
    from chainchief.ui.dialogs.export_dialog import ExportDialog
    from chainchief.ui.dialogs.feedback_merge import FeedbackMergeDialog
    from chainchief.ui.dialogs.import_dialog import ImportDialog
    from chainchief.ui.dialogs.settings_dialog import SettingsDialog
    from chainchief.ui.map.segment_dialog import SegmentDialog
    from chainchief.ui.pages.action_steps import DECISIONS
    from chainchief.ui.pages.meetings.plan_dialog import PlanYearDialog
    from chainchief.ui.shell.login_dialog import LoginDialog

    yield SettingsDialog(window.db, window.actor, window)
    yield LoginDialog(window.db, window)
    yield SegmentDialog(window, "新建环节", {}, lambda values: None)
    yield FeedbackMergeDialog(window.db, window.actor, window)
    yield ExportDialog(window.db, "demo.xlsx", template=True, parent=window)
    yield ImportDialog(window.db, window.actor, "城市产业链数据.xlsx", window)
    yield PlanYearDialog(window.db, window.actor, 2026, window)
    item = "走访诉求（南京浦宁轨道车辆有限公司）：协调本地铝型材配套企业扩产，缩短交货周期"
    for steps in ([Step.REQUEST_EXTENSION], list(DECISIONS), [Step.RETURN]):
        yield StepDialog(item, steps, lambda *_args: None, window, context=item)


def test_every_dialog_fits(qtbot, open_window, demo_db, language) -> None:
    window = open_window(demo_db)
    window.resize(*SIZE)
    problems: list[str] = []
    for dialog in _dialogs(window):
        dialog.show()
        settle(qtbot)
        title = dialog.windowTitle()
        assert dialog.width() <= SIZE[0] and dialog.height() <= SIZE[1], title
        problems.extend(f"{title}: {problem}" for problem in fit_problems(dialog))
        walk_inner_tabs(qtbot, dialog, problems, title)
        dialog.reject()
    assert not problems, f"{language}:\n" + "\n".join(dict.fromkeys(problems))
