"""The 培育库 and 招商地图 tabs of the main window. Their pages (ui/pages/registers.py, which
needs QtCharts' helpers and the map outlines) are imported when a tab is first shown, so the
window's start does not pay for them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chainchief.i18n import _
from chainchief.ui.lazy_page import LazyPage
from chainchief.ui.page_groups import PageGroup

if TYPE_CHECKING:
    from chainchief.ui.pages.registers import InvestmentMapPage, LibraryPage
    from chainchief.ui.shell.main_window import MainWindow


def _library(window: MainWindow) -> LibraryPage:
    from chainchief.ui.pages.registers import LibraryPage

    return LibraryPage(window.editing.editor)


def _atlas(window: MainWindow) -> InvestmentMapPage:
    from chainchief.ui.pages.registers import InvestmentMapPage

    return InvestmentMapPage(window.db)


def install_registers(window: MainWindow) -> None:
    """Add the two tabs to the investment group, after the targets and projects."""
    library: LazyPage[LibraryPage] = LazyPage(lambda: _library(window))
    atlas: LazyPage[InvestmentMapPage] = LazyPage(lambda: _atlas(window))
    window.add_page(library, _("Cultivation library"), PageGroup.INVESTMENT)
    window.add_page(atlas, _("Investment map"), PageGroup.INVESTMENT)
