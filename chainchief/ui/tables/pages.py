"""The table pages beside the chain map: 企业, 目标企业, 招商项目, 人员与部门, 产业链."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from chainchief.i18n import _
from chainchief.ui.tables.chains import ChainTable
from chainchief.ui.tables.firms import FirmTable
from chainchief.ui.tables.people import PeoplePage
from chainchief.ui.tables.projects import ProjectTable
from chainchief.ui.tables.targets import TargetsPage
from chainchief.ui.undo import Editor

if TYPE_CHECKING:
    from chainchief.ui.main_window import MainWindow


@dataclass
class TablePages:
    firms: FirmTable
    targets: TargetsPage
    projects: ProjectTable
    people: PeoplePage
    chains: ChainTable


def add_table_pages(window: MainWindow, editor: Editor) -> TablePages:
    """Add the five pages to the window (each reads its rows when first shown)."""
    pages = TablePages(
        firms=FirmTable(editor),
        targets=TargetsPage(editor),
        projects=ProjectTable(editor),
        people=PeoplePage(editor),
        chains=ChainTable(editor),
    )
    window.add_page(pages.firms, _("Firms"), "firm")
    window.add_page(pages.targets, _("Targets"), "target")
    window.add_page(pages.projects, _("Projects"), "project")
    window.add_page(pages.people, _("People & departments"), "people")
    window.add_page(pages.chains, _("Chains"), "chains")
    return pages
