from .items import (
    ActionFilter,
    ActionRow,
    Resolution,
    add_progress_note,
    change_status,
    create_action,
    list_actions,
    progress_notes,
    query_actions,
)

__all__ = [
    "ActionFilter",
    "ActionRow",
    "Resolution",
    "add_progress_note",
    "change_status",
    "create_action",
    "list_actions",
    "progress_notes",
    "query_actions",
]
