"""Action items (督办事项): created from resolutions, followed with progress notes, closed.

The names below are the package's use cases; callers outside ``services`` import them from
here. Modules inside ``services`` import each other's modules directly.
"""

from chainchief.services.actions.items import (
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
