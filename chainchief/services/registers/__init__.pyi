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
from .library import (
    LIBRARY_FIELDS,
    add_to_library,
    delete_visit,
    library_problem,
    remove_from_library,
    update_library_entry,
    update_visit,
    visit_problem,
)

__all__ = [
    "LIBRARY_FIELDS",
    "FirmFiguresRow",
    "InvestmentMap",
    "LibraryRow",
    "MapTarget",
    "VisitRow",
    "add_to_library",
    "chain_figures",
    "chain_figures_in",
    "delete_visit",
    "escalate_visit",
    "firm_figure_table",
    "investment_map",
    "latest_figure_quarter",
    "library_problem",
    "library_rows",
    "list_library",
    "list_visits",
    "remove_from_library",
    "update_library_entry",
    "update_visit",
    "visit_problem",
]
