"""Firms (企业) and their work: the ledger, which segments they serve, the target pipeline and
investment projects.

The names below are the package's use cases; callers outside ``services`` import them from
here. Modules inside ``services`` import each other's modules directly.
"""

from chainchief.services.firms.ledger import (
    FirmRow,
    create_firm,
    delete_firm,
    firm_choices,
    firm_deletion_summary,
    list_firms,
    update_firm,
)
from chainchief.services.firms.memberships import (
    MembershipRow,
    attach_firm,
    detach_firm,
    segment_memberships,
    update_membership,
)
from chainchief.services.firms.projects import (
    ProjectRow,
    create_project,
    delete_project,
    list_projects,
    update_project,
)
from chainchief.services.firms.targets import (
    TargetRow,
    add_target,
    count_by_stage,
    delete_target,
    list_targets,
    stage_history,
    update_target,
)

__all__ = [
    "FirmRow",
    "MembershipRow",
    "ProjectRow",
    "TargetRow",
    "add_target",
    "attach_firm",
    "count_by_stage",
    "create_firm",
    "create_project",
    "delete_firm",
    "delete_project",
    "delete_target",
    "detach_firm",
    "firm_choices",
    "firm_deletion_summary",
    "list_firms",
    "list_projects",
    "list_targets",
    "segment_memberships",
    "stage_history",
    "update_firm",
    "update_membership",
    "update_project",
    "update_target",
]
