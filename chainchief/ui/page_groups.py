"""The groups the main window's pages are shown in (shell/page_book.py), named here so the
pages that add themselves can say where they belong without importing the shell."""

from __future__ import annotations

from enum import StrEnum

from chainchief.i18n import N_


class PageGroup(StrEnum):
    MAP = "map"
    QUARTER = "quarter"
    INVESTMENT = "investment"
    RECORDS = "records"


GROUP_TITLES = {
    PageGroup.MAP: (N_("Chain map"), "chain"),
    PageGroup.QUARTER: (N_("Quarterly work"), "status-map"),
    PageGroup.INVESTMENT: (N_("Investment"), "target"),
    PageGroup.RECORDS: (N_("Records"), "firm"),
}
