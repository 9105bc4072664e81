"""Who carries a chain (链长制): the rules between its chief, team and departments.

A chain has one chief (链长) and one team lead (专班负责人), two different people; the team
members are the others on the team; the lead department (牵头部门) is not also a supporting one.
One person may chief several chains. Editing and importing apply the same rules through
``role_conflicts``, so a workbook cannot bring in a chain the editor would refuse.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from chainchief.i18n import _


@dataclass(frozen=True)
class ChainRoles:
    """The names on a chain; None or empty where the chain (or the workbook) has none."""

    chain: str
    chief: str | None = None
    team_lead: str | None = None
    members: Sequence[str] = ()
    lead_department: str | None = None
    supporting_departments: Sequence[str] = ()


@dataclass(frozen=True)
class RoleConflict:
    """A broken rule and the field that breaks it (the one a user would change)."""

    field: str
    message: str


def role_conflicts(roles: ChainRoles) -> list[RoleConflict]:
    conflicts = []
    chief, lead = roles.chief, roles.team_lead
    if chief is not None and chief == lead:
        conflicts.append(
            RoleConflict(
                "team_lead",
                _(
                    "{person} cannot be both the chain chief and the team lead of {chain}: "
                    "a chain has one chief and one team lead, two different people."
                ).format(person=chief, chain=roles.chain),
            )
        )
    for person in roles.members:
        if person is not None and person in (chief, lead):
            conflicts.append(
                RoleConflict(
                    "members",
                    _(
                        "{person} already leads {chain} as its chief or team lead; the team "
                        "members are the others on the team."
                    ).format(person=person, chain=roles.chain),
                )
            )
    department = roles.lead_department
    if department is not None and department in roles.supporting_departments:
        conflicts.append(
            RoleConflict(
                "supporting_departments",
                _("{department} leads {chain}; it cannot also be a supporting department.").format(
                    department=department, chain=roles.chain
                ),
            )
        )
    return conflicts
