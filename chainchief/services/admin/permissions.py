"""Who may change what (DESIGN.md §3 user roles), checked inside services.

Every service that writes calls ``require`` first thing inside its transaction, so a refusal
holds whether the call came from the GUI, the CLI or a script. ``require`` also marks the
transaction as a writer (``store.conflicts.begin_write``): from that moment the transaction
holds the write lock, so what it reads next is what it will write on. With no users ever defined
the database is single-user: the OS user may do everything. Once it had accounts it never goes
back to that silently: with all accounts gone, only a new administrator may be added.

Roles: admin (管理员) everything; lead (链长/专班负责人) the segments, links, meetings and work
of their own chains, and the supervision of their items (复核, 退回, 取消, 延期审批);
member (专班成员) firms, targets, projects and action items of their own chains (签收, 进展,
申请办结, 申请延期); viewer (只读) nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from chainchief.domain.enums import UserRole
from chainchief.domain.errors import UserError
from chainchief.i18n import _
from chainchief.services.history import closing
from chainchief.store.conflicts import begin_write
from chainchief.store.models import AuditEntry, User, UserChain


class PermissionDenied(UserError):
    """The signed-in user's role does not allow this change."""


class Permission(StrEnum):
    """What a change needs; the role table below says who has it."""

    ADMINISTER = "administer"  # users, shared settings, imports, schedules, backups, restore, demo
    EDIT_CHAIN = "edit_chain"  # segments, links, pins, meetings and agendas of own chains
    EDIT_WORK = "edit_work"  # firms, targets, projects, action items of own chains
    SUPERVISE = "supervise"  # verify, return, cancel items; decide extensions (own chains)


GRANTS: dict[UserRole, frozenset[Permission]] = {
    UserRole.ADMIN: frozenset(Permission),
    UserRole.LEAD: frozenset({Permission.EDIT_CHAIN, Permission.EDIT_WORK, Permission.SUPERVISE}),
    UserRole.MEMBER: frozenset({Permission.EDIT_WORK}),
    UserRole.VIEWER: frozenset(),
}


def single_user(session: Session) -> bool:
    return not session.scalar(select(exists().where(User.id.is_not(None))))


def had_users(session: Session) -> bool:
    """Whether accounts were ever made here (the audit log keeps every account change)."""
    return bool(session.scalar(select(exists().where(AuditEntry.entity.in_(USER_ENTITIES)))))


USER_ENTITY = "user"
"""The audit log's entity for account changes."""
USER_ENTITIES = (USER_ENTITY, "users")
"""Account changes as the app logs them, and as a secured server's trigger does (its table)."""

closing.install()  # every write begins here, so the quarter's closing snapshot is taken here


def require(
    session: Session, actor: str, permission: Permission, chain_ids: Iterable[int | None] = ()
) -> None:
    """Take the write lock, then refuse unless ``actor`` may do ``permission`` on every chain.

    A ``None`` among ``chain_ids`` stands for something of no single chain (the team-leads
    meeting, say): only an admin may change that.
    """
    begin_write(session)
    check(session, actor, permission, chain_ids)


def check(
    session: Session, actor: str, permission: Permission, chain_ids: Iterable[int | None] = ()
) -> None:
    """``require`` without the write lock, for reads only some may see (the user list)."""
    if single_user(session):
        if had_users(session):
            raise PermissionDenied(
                _(
                    "This database had user accounts and has none left, so it does not fall "
                    "back to single-user mode: add an administrator first (chainchief user add "
                    "NAME --role admin) or restore a backup."
                )
            )
        return
    user = session.scalar(select(User).where(User.name == actor))
    if user is None:
        raise PermissionDenied(_("{user} is not a user of this database.").format(user=actor))
    role = UserRole(user.role)
    if permission not in GRANTS[role]:
        raise PermissionDenied(
            _("{user} ({role}) may not make this change.").format(user=actor, role=role.label)
        )
    if role is UserRole.ADMIN:
        return
    wanted = set(chain_ids)
    if None in wanted:
        raise PermissionDenied(
            _("{user} ({role}) may not change what concerns all chains.").format(
                user=actor, role=role.label
            )
        )
    own = set(session.scalars(select(UserChain.chain_id).where(UserChain.user_id == user.id)))
    if not wanted <= own:
        raise PermissionDenied(
            _("{user} may only change the chains assigned to them.").format(user=actor)
        )
