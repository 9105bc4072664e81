from .changes import ChangeReport, chain_changes, changes_in
from .snapshots import (
    StoredSnapshot,
    list_snapshots,
    snapshot_states,
    snapshots_to_json,
    take_snapshots,
)

__all__ = [
    "ChangeReport",
    "StoredSnapshot",
    "chain_changes",
    "changes_in",
    "list_snapshots",
    "snapshot_states",
    "snapshots_to_json",
    "take_snapshots",
]
