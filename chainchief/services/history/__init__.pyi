from .changes import ChangeReport, chain_changes, changes_in
from .maps import HistoryStop, history_stops
from .snapshots import (
    StoredSnapshot,
    list_snapshots,
    snapshot_states,
    snapshots_to_json,
    take_snapshots,
)

__all__ = [
    "ChangeReport",
    "HistoryStop",
    "StoredSnapshot",
    "chain_changes",
    "changes_in",
    "history_stops",
    "list_snapshots",
    "snapshot_states",
    "snapshots_to_json",
    "take_snapshots",
]
