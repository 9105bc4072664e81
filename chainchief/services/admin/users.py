"""User accounts: adding, listing, passwords and signing in (DESIGN.md §3 user roles).

Passwords are kept only as salted scrypt hashes (hashlib, the standard library's memory-hard
KDF), with the cost parameters stored beside each hash so they can be raised later without
locking anyone out. The first account must be an admin and needs no sign-in (the database is
single-user until then); every later account change needs an admin, except that users may
change their own password. The last administrator can be neither removed nor demoted.

On a PostgreSQL server secured by ``server setup`` every account is also a login role of the
server, in the group of its role: the server keeps the password (a SCRAM-SHA-256 verifier,
computed here so the password itself never reaches the server's logs) and enforces the role.
The users table then only mirrors the accounts for display; it holds no password hash.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete, func, insert, select, text
from sqlalchemy.orm import Session

from chainchief.domain.enums import UserRole
from chainchief.domain.errors import NotFoundError, RuleViolation, UserError
from chainchief.i18n import _
from chainchief.services.admin import audit
from chainchief.services.admin.permissions import (
    USER_ENTITY,
    Permission,
    check,
    require,
    single_user,
)
from chainchief.store.conflicts import begin_write
from chainchief.store.db import Database
from chainchief.store.models import NAME, Chain, User, UserChain
from chainchief.store.server import fits_role_name, login_role, secured_prefix

SCHEME = "scrypt"
COST = 2**17
"""OWASP's scrypt cost (N); hashes made with a lower one are redone at the next sign-in."""
BLOCK_SIZE = 8
PARALLELISM = 1
KEY_BYTES = 32
SALT_BYTES = 16
MIN_PASSWORD_LENGTH = 8
CHAIN_ROLES = frozenset({UserRole.LEAD, UserRole.MEMBER})
SERVER_PASSWORD = "server"
"""The users table's password field on a secured server: the server alone holds the password."""


class AuthenticationFailed(UserError):
    """Wrong user name or password (never saying which, so names cannot be probed)."""


@dataclass(frozen=True)
class UserRow:
    name: str
    role: UserRole
    chains: tuple[str, ...]


def hash_password(password: str) -> str:
    """``scrypt$N$r$p$salt$hash`` (base64): the hash with everything needed to check it."""
    salt = secrets.token_bytes(SALT_BYTES)
    derived = _scrypt(password, salt, COST, BLOCK_SIZE, PARALLELISM)
    return "$".join(
        (SCHEME, str(COST), str(BLOCK_SIZE), str(PARALLELISM), _b64(salt), _b64(derived))
    )


def verify_password(password: str, stored: str) -> bool:
    """Whether ``password`` matches ``stored``, compared in constant time."""
    try:
        scheme, cost, block_size, parallelism, salt, expected = stored.split("$")
        if scheme != SCHEME:
            return False
        derived = _scrypt(
            password, base64.b64decode(salt), int(cost), int(block_size), int(parallelism)
        )
        return hmac.compare_digest(derived, base64.b64decode(expected))
    except (ValueError, TypeError):
        return False


def _cost_of(stored: str) -> int:
    """The scrypt cost N a stored hash was made with (0 when unreadable)."""
    parts = stored.split("$")
    return int(parts[1]) if len(parts) == 6 and parts[1].isdigit() else 0


def _scrypt(password: str, salt: bytes, cost: int, block_size: int, parallelism: int) -> bytes:
    return hashlib.scrypt(
        password.encode("utf-8"),
        salt=salt,
        n=cost,
        r=block_size,
        p=parallelism,
        maxmem=256 * cost * block_size * parallelism,
        dklen=KEY_BYTES,
    )


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


@functools.cache
def _unknown_user_hash() -> str:
    """A hash to check against for an unknown name, so it costs the time a real one does."""
    return hash_password(secrets.token_hex(16))


def list_users(db: Database, *, actor: str) -> list[UserRow]:
    """Every account with its role and chains, by name (an admin's view)."""
    with db.transaction() as session:
        check(session, actor, Permission.ADMINISTER)
        chains: dict[int, list[str]] = {}
        for user_id, chain in session.execute(
            select(UserChain.user_id, Chain.name)
            .join(Chain, Chain.id == UserChain.chain_id)
            .order_by(Chain.name)
        ):
            chains.setdefault(user_id, []).append(chain)
        return [
            UserRow(user.name, UserRole(user.role), tuple(chains.get(user.id, ())))
            for user in session.scalars(select(User).order_by(User.name))
        ]


def add_user(
    db: Database,
    name: str,
    role: UserRole,
    password: str,
    *,
    actor: str,
    chains: Sequence[str] = (),
) -> UserRow:
    """Create an account; the first one must be an admin, later ones need an admin."""
    name = _checked_name(name)
    _check_password(password)
    if chains and role not in CHAIN_ROLES:
        raise RuleViolation(
            _("Only leads and members are given chains; a {role} sees every chain.").format(
                role=role.label
            )
        )
    with db.transaction() as session:
        first = single_user(session)
        if first:
            begin_write(session)
        else:
            require(session, actor, Permission.ADMINISTER)
        if first and role is not UserRole.ADMIN:
            raise RuleViolation(
                _("The first user must be an admin (--role admin), who then adds the others.")
            )
        if session.scalar(select(User.id).where(User.name == name)) is not None:
            raise RuleViolation(_("There is already a user called {user}.").format(user=name))
        chain_ids = _chain_ids(session, chains)
        on_server = _server_login(session, name, password=password, role=role)
        stored = SERVER_PASSWORD if on_server else hash_password(password)
        user = User(name=name, role=role.value, password_hash=stored)
        user.updated_by = actor
        session.add(user)
        session.flush()
        _give_chains(session, user.id, chain_ids)
        _log(session, actor, name, {"role": [None, role.value], "chains": [None, sorted(chains)]})
    return UserRow(name, role, tuple(sorted(set(chains))))


def set_chains(db: Database, name: str, chains: Sequence[str], *, actor: str) -> None:
    """Give a lead or member exactly ``chains`` (an admin's change)."""
    with db.transaction() as session:
        require(session, actor, Permission.ADMINISTER)
        user = _user(session, name)
        if chains and UserRole(user.role) not in CHAIN_ROLES:
            raise RuleViolation(_("Only leads and members are given chains."))
        old = sorted(
            session.scalars(
                select(Chain.name)
                .join(UserChain, UserChain.chain_id == Chain.id)
                .where(UserChain.user_id == user.id)
            )
        )
        chain_ids = _chain_ids(session, chains)
        session.execute(delete(UserChain).where(UserChain.user_id == user.id))
        _give_chains(session, user.id, chain_ids)
        _log(session, actor, name, {"chains": [old, sorted(set(chains))]})


def change_password(db: Database, name: str, password: str, *, actor: str) -> None:
    """Set a new password: an admin for anyone, every user for themselves."""
    _check_password(password)
    with db.transaction() as session:
        if actor == name:
            begin_write(session)
        else:
            require(session, actor, Permission.ADMINISTER)
        user = _user(session, name)
        on_server = _server_login(session, name, password=password, role=None)
        user.password_hash = SERVER_PASSWORD if on_server else hash_password(password)
        user.updated_by = actor
        _log(session, actor, name, {"password": [None, "changed"]})


def set_role(db: Database, name: str, role: UserRole, *, actor: str) -> None:
    """Give ``name`` another role (an admin's change); chains go with the lead/member roles."""
    with db.transaction() as session:
        require(session, actor, Permission.ADMINISTER)
        user = _user(session, name)
        old = UserRole(user.role)
        if old is role:
            return
        if old is UserRole.ADMIN:
            _keep_an_admin(session, name)
        if role not in CHAIN_ROLES:
            session.execute(delete(UserChain).where(UserChain.user_id == user.id))
        _server_login(session, name, password=None, role=role)
        user.role = role.value
        user.updated_by = actor
        _log(session, actor, name, {"role": [old.value, role.value]})


def delete_user(db: Database, name: str, *, actor: str) -> None:
    """Remove an account (and its server login); the last administrator stays."""
    with db.transaction() as session:
        require(session, actor, Permission.ADMINISTER)
        user = _user(session, name)
        if UserRole(user.role) is UserRole.ADMIN:
            _keep_an_admin(session, name)
        session.delete(user)
        session.flush()
        prefix = secured_prefix(db.engine, session.connection())
        if prefix is not None:
            session.execute(text("SELECT public.chainchief_drop_login(:name)"), {"name": name})
        _log(session, actor, name, {"role": [user.role, None]})


def _keep_an_admin(session: Session, name: str) -> None:
    others = session.scalar(
        select(func.count(User.id)).where(User.role == UserRole.ADMIN.value, User.name != name)
    )
    if not others:
        raise RuleViolation(
            _("{user} is the last administrator; make another user an administrator first.").format(
                user=name
            )
        )


def _server_login(
    session: Session, name: str, *, password: str | None, role: UserRole | None
) -> bool:
    """Make or change ``name``'s login role on a secured server; False on any other database.

    The server's own function does it (``server setup``): it lets administrators manage the
    logins of this database only, and every user change their own password.
    """
    connection = session.connection()
    prefix = secured_prefix(connection.engine, connection)
    if prefix is None:
        return False
    if not fits_role_name(prefix, name):
        raise RuleViolation(
            _("The user name {user} is too long for a login on the database server.").format(
                user=name
            )
        )
    verifier = None
    if password is not None:
        raw = connection.connection.driver_connection
        encrypted = raw.pgconn.encrypt_password(  # type: ignore[union-attr]
            password.encode("utf-8"), login_role(prefix, name).encode("utf-8"), b"scram-sha-256"
        )
        verifier = encrypted.decode("ascii")
    group = f"{prefix}_{role.value}" if role is not None else None
    session.execute(
        text("SELECT public.chainchief_set_login(:name, :verifier, :group)"),
        {"name": name, "verifier": verifier, "group": group},
    )
    return True


def server_user(db: Database) -> UserRow | None:
    """On a secured server, the user whose login role this connection is: the server has
    checked the password. None elsewhere; AuthenticationFailed when connected as a role that is no
    user while users exist (a superuser's connection may only add the first one)."""
    with db.transaction() as session:
        connection = session.connection()
        prefix = secured_prefix(db.engine, connection)
        if prefix is None:
            return None
        role = session.scalar(select(func.session_user()))
        for user in session.scalars(select(User)):
            if login_role(prefix, user.name) == role:
                return UserRow(user.name, UserRole(user.role), _chains_of(session, user.id))
        if single_user(session):
            return None
    raise AuthenticationFailed(
        _(
            "The server login {role} is no user of this database: connect with a URL without "
            "a user and sign in with --user NAME."
        ).format(role=role)
    )


def authenticate(db: Database, name: str, password: str) -> UserRow:
    """The account ``name`` if ``password`` is its password; AuthenticationFailed otherwise."""
    with db.transaction() as session:
        user = session.scalar(select(User).where(User.name == name.strip()))
        stored = user.password_hash if user is not None else _unknown_user_hash()
        matches = verify_password(password, stored)
        if user is None or not matches:
            raise AuthenticationFailed(_("Wrong user name or password."))
        if _cost_of(stored) < COST:
            begin_write(session)
            user.password_hash = hash_password(password)
        return UserRow(user.name, UserRole(user.role), _chains_of(session, user.id))


def _chains_of(session: Session, user_id: int) -> tuple[str, ...]:
    return tuple(
        sorted(
            session.scalars(
                select(Chain.name)
                .join(UserChain, UserChain.chain_id == Chain.id)
                .where(UserChain.user_id == user_id)
            )
        )
    )


def _user(session: Session, name: str) -> User:
    user = session.scalar(select(User).where(User.name == name))
    if user is None:
        raise NotFoundError(_("There is no user called {user}.").format(user=name))
    return user


def _checked_name(name: str) -> str:
    text = name.strip()
    if not text or len(text) > NAME:
        raise RuleViolation(_("A user name has 1 to {limit} characters.").format(limit=NAME))
    return text


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise RuleViolation(
            _("A password needs at least {count} characters.").format(count=MIN_PASSWORD_LENGTH)
        )


def _give_chains(session: Session, user_id: int, chain_ids: Sequence[int]) -> None:
    if chain_ids:
        session.execute(
            insert(UserChain), [{"user_id": user_id, "chain_id": cid} for cid in chain_ids]
        )


def _log(session: Session, actor: str, name: str, changes: dict[str, list[object]]) -> None:
    """An account change in the audit log (the password itself is never logged)."""
    audit.record(session, user=actor, action="user", entity=USER_ENTITY, key=name, changes=changes)


def _chain_ids(session: Session, names: Sequence[str]) -> list[int]:
    known = {name: chain_id for name, chain_id in session.execute(select(Chain.name, Chain.id))}
    unknown = sorted(set(names) - set(known))
    if unknown:
        raise NotFoundError(
            _("Unknown chain: {chain}. Known chains: {known}").format(
                chain="、".join(unknown), known="、".join(sorted(known)) or _("(none)")
            )
        )
    return sorted({known[name] for name in names})
