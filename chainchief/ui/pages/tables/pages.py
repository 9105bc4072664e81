"""The table pages beside the chain map: 企业, 目标企业, 招商项目, 人员与部门, 产业链.

Their tabs are added at start; each page is imported and built when first shown or used
(``LazyPage``), and reads its rows when first shown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from PySide6.QtWidgets import QWidget

from chainchief.i18n import _
from chainchief.ui.lazy_page import LazyPage
from chainchief.ui.page_groups import PageGroup
from chainchief.ui.undo import Editor

if TYPE_CHECKING:
    from chainchief.ui.pages.tables.chains import ChainTable
    from chainchief.ui.pages.tables.firms import FirmTable
    from chainchief.ui.pages.tables.people import PeoplePage
    from chainchief.ui.pages.tables.projects import ProjectTable
    from chainchief.ui.pages.tables.targets import TargetsPage


class PageHost(Protocol):
    """What the table pages use of the window: a place for their tabs."""

    def add_page(
        self, widget: QWidget, title: str, group: PageGroup, icon_name: str | None = None
    ) -> int: ...


def _firms(editor: Editor) -> FirmTable:
    from chainchief.ui.pages.tables.firms import FirmTable

    return FirmTable(editor)


def _targets(editor: Editor) -> TargetsPage:
    from chainchief.ui.pages.tables.targets import TargetsPage

    return TargetsPage(editor)


def _projects(editor: Editor) -> ProjectTable:
    from chainchief.ui.pages.tables.projects import ProjectTable

    return ProjectTable(editor)


def _people(editor: Editor) -> PeoplePage:
    from chainchief.ui.pages.tables.people import PeoplePage

    return PeoplePage(editor)


def _chains(editor: Editor) -> ChainTable:
    from chainchief.ui.pages.tables.chains import ChainTable

    return ChainTable(editor)


class TablePages:
    """The five pages; asking for one builds it if its tab was never opened."""

    def __init__(self, window: PageHost, editor: Editor) -> None:
        self._firms = LazyPage(lambda: _firms(editor))
        self._targets = LazyPage(lambda: _targets(editor))
        self._projects = LazyPage(lambda: _projects(editor))
        self._people = LazyPage(lambda: _people(editor))
        self._chains = LazyPage(lambda: _chains(editor))
        window.add_page(self._firms, _("Firms"), PageGroup.RECORDS, "firm")
        window.add_page(self._targets, _("Targets"), PageGroup.INVESTMENT, "target")
        window.add_page(self._projects, _("Projects"), PageGroup.INVESTMENT, "project")
        window.add_page(self._people, _("People & departments"), PageGroup.RECORDS, "people")
        window.add_page(self._chains, _("Chains"), PageGroup.RECORDS, "chains")

    @property
    def firms(self) -> FirmTable:
        return self._firms.page

    @property
    def targets(self) -> TargetsPage:
        return self._targets.page

    @property
    def projects(self) -> ProjectTable:
        return self._projects.page

    @property
    def people(self) -> PeoplePage:
        return self._people.page

    @property
    def chains(self) -> ChainTable:
        return self._chains.page


def add_table_pages(window: PageHost, editor: Editor) -> TablePages:
    """Add the five tabs to the window; their pages are built on first use."""
    return TablePages(window, editor)
