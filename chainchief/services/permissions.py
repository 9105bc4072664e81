"""Who may change what (DESIGN.md §3 user roles), checked inside services.

Every service that writes calls ``require`` inside its transaction, so a refusal holds whether
the call came from the GUI, the CLI or a script. With no users defined the database is
single-user: the OS user may do everything.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from chainchief.domain.enums import UserRole
from chainchief.domain.errors import UserError
from chainchief.i18n import _
from chainchief.store.models import User, UserChain


class PermissionDenied(UserError):
    """The signed-in user's role does not allow this change."""


class Permission(StrEnum):
    """What a change needs; the role table below says who has it."""

    ADMINISTER = "administer"  # users, shared settings, imports, restore, demo
    EDIT_CHAIN = "edit_chain"  # segments, links, chain roles, meetings of own chains
    EDIT_WORK = "edit_work"  # firms, targets, projects, action items of own chains


_GRANTS: dict[UserRole, frozenset[Permission]] = {
    UserRole.ADMIN: frozenset(Permission),
    UserRole.LEAD: frozenset({Permission.EDIT_CHAIN, Permission.EDIT_WORK}),
    UserRole.MEMBER: frozenset({Permission.EDIT_WORK}),
    UserRole.VIEWER: frozenset(),
}


def single_user(session: Session) -> bool:
    return not session.scalar(select(exists().where(User.id.is_not(None))))


def require(
    session: Session, actor: str, permission: Permission, chain_ids: Iterable[int] = ()
) -> None:
    """Refuse unless ``actor`` may do ``permission`` on every chain of ``chain_ids``."""
    if single_user(session):
        return
    user = session.scalar(select(User).where(User.name == actor))
    if user is None:
        raise PermissionDenied(_("{user} is not a user of this database.").format(user=actor))
    role = UserRole(user.role)
    if permission not in _GRANTS[role]:
        raise PermissionDenied(
            _("{user} ({role}) may not make this change.").format(user=actor, role=role.label)
        )
    if role is UserRole.ADMIN:
        return
    own = set(session.scalars(select(UserChain.chain_id).where(UserChain.user_id == user.id)))
    if not set(chain_ids) <= own:
        raise PermissionDenied(
            _("{user} may only change the chains assigned to them.").format(user=actor)
        )
