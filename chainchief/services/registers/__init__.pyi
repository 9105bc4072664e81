from .cultivation import (
    LibraryRow,
    VisitRow,
    escalate_visit,
    library_rows,
    list_library,
    list_visits,
)
from .figures import (
    FirmFiguresRow,
    chain_figures,
    chain_figures_in,
    firm_figure_table,
    latest_figure_quarter,
)
from .investment_map import InvestmentMap, MapTarget, investment_map

__all__ = [
    "FirmFiguresRow",
    "InvestmentMap",
    "LibraryRow",
    "MapTarget",
    "VisitRow",
    "chain_figures",
    "chain_figures_in",
    "escalate_visit",
    "firm_figure_table",
    "investment_map",
    "latest_figure_quarter",
    "library_rows",
    "list_library",
    "list_visits",
]
