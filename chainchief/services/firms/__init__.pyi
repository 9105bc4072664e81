from .landing import Landing, land_target_as_firm, undo_landing
from .ledger import (
    FirmRow,
    create_firm,
    delete_firm,
    firm_choices,
    firm_deletion_summary,
    firm_names,
    list_firms,
    update_firm,
)
from .memberships import (
    MembershipRow,
    attach_firm,
    detach_firm,
    segment_memberships,
    update_membership,
)
from .projects import ProjectRow, create_project, delete_project, list_projects, update_project
from .targets import (
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
    "Landing",
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
    "firm_names",
    "land_target_as_firm",
    "list_firms",
    "list_projects",
    "list_targets",
    "segment_memberships",
    "stage_history",
    "undo_landing",
    "update_firm",
    "update_membership",
    "update_project",
    "update_target",
]
