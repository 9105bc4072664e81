from .changes import ChangeReport, chain_changes
from .maps import HistoryStop, history_stops
from .snapshots import (
    list_snapshots,
    snapshots_to_json,
    take_snapshots,
)

__all__ = [
    "ChangeReport",
    "HistoryStop",
    "chain_changes",
    "history_stops",
    "list_snapshots",
    "snapshots_to_json",
    "take_snapshots",
]
