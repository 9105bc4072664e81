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
from .map_files import graph_drawing, map_title, write_map_graphml
from .pins import Pin, clear_pins, pin_segment, restore_pins
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
    "Pin",
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
    "graph_drawing",
    "list_chain_roles",
    "list_chains",
    "load_graphs",
    "map_title",
    "navigator_rows",
    "neighbourhood",
    "pin_segment",
    "require_chain",
    "restore_pins",
    "search_map",
    "segment_deletion_summary",
    "segment_details",
    "update_chain",
    "update_segment",
    "write_map_graphml",
]
