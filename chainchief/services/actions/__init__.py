"""Action items (督办事项): created from resolutions, taken through the supervision loop
(签收, 进展, 申请办结, 复核, 退回, 延期, 取消), scored per quarter and reported in official
documents (通报, 督办通知单).

The names below are the package's use cases; callers outside ``services`` import them from
here. Modules inside ``services`` import each other's modules directly.
"""

from chainchief.services.actions.documents import Issued, issue_circular, issue_notices
from chainchief.services.actions.items import (
    ActionFilter,
    ActionRow,
    Resolution,
    actions_to_json,
    create_action,
    list_actions,
    progress_notes,
    query_actions,
)
from chainchief.services.actions.scores import Scores, quarter_scores, scores_to_json, trend
from chainchief.services.actions.supervision import (
    ExtensionRow,
    HistoryEntry,
    acknowledge,
    cancel,
    decide_extension,
    extension_requests,
    history,
    report_progress,
    request_completion,
    request_extension,
    return_item,
    verify,
)

__all__ = [
    "ActionFilter",
    "ActionRow",
    "ExtensionRow",
    "HistoryEntry",
    "Issued",
    "Resolution",
    "Scores",
    "acknowledge",
    "actions_to_json",
    "cancel",
    "create_action",
    "decide_extension",
    "extension_requests",
    "history",
    "issue_circular",
    "issue_notices",
    "list_actions",
    "progress_notes",
    "quarter_scores",
    "query_actions",
    "report_progress",
    "request_completion",
    "request_extension",
    "return_item",
    "scores_to_json",
    "trend",
    "verify",
]
