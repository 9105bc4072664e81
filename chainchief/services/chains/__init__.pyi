from .chain_map import (
    ChainMap,
    MapCard,
    MapLink,
    NavigatorRow,
    chain_map,
    chain_map_by_name,
    navigator_rows,
    neighbourhood,
)
from .details import SearchHit, SegmentDetails, search_map, segment_details
from .editing import (
    add_link,
    add_segment,
    delete_link,
    delete_segment,
    segment_deletion_summary,
    update_segment,
)
from .gaps import analyse_chains
from .graphs import load_graphs
from .lists import ChainRow, list_chains, require_chain
from .pins import clear_pins, pin_segment
from .roles import (
    ChainRolesRow,
    chain_deletion_summary,
    create_chain,
    delete_chain,
    list_chain_roles,
    update_chain,
)

__all__ = [
    "ChainMap",
    "ChainRolesRow",
    "ChainRow",
    "MapCard",
    "MapLink",
    "NavigatorRow",
    "SearchHit",
    "SegmentDetails",
    "add_link",
    "add_segment",
    "analyse_chains",
    "chain_deletion_summary",
    "chain_map",
    "chain_map_by_name",
    "clear_pins",
    "create_chain",
    "delete_chain",
    "delete_link",
    "delete_segment",
    "list_chain_roles",
    "list_chains",
    "load_graphs",
    "navigator_rows",
    "neighbourhood",
    "pin_segment",
    "require_chain",
    "search_map",
    "segment_deletion_summary",
    "segment_details",
    "update_chain",
    "update_segment",
]
