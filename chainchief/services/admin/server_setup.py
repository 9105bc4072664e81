"""``chainchief server setup``: make a PostgreSQL database enforce the application's roles.

Run once by an administrator with a superuser's URL, and again after every upgrade; each run
brings the server to the same state, so a second run changes nothing. It:

- creates the group roles ``<prefix>_admin/_lead/_member/_viewer`` and the owner
  ``<prefix>_owner`` (no login; no application user is a member of it), and hands every table
  to the owner;
- runs the migrations as the owner (on a server nothing else does: the PCs' users may not
  change the schema);
- grants each group, table by table, what ``server_rules.TABLE_RULES`` says (the services'
  permissions), and turns on row-level security on the chain-scoped tables: leads and members
  write only rows of their chains, viewers read, admins do everything;
- installs the audit trigger on every audited table and the functions through which
  administrators make and change login roles (``users`` service);
- makes a login role for every application user that has none yet (no password: an
  administrator sets one with ``user passwd``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url

from chainchief.domain.enums import UserRole
from chainchief.domain.errors import UserError
from chainchief.i18n import _
from chainchief.services.admin.permissions import GRANTS
from chainchief.services.admin.server_rules import (
    APPEND_ONLY_TABLES,
    IGNORED_COLUMNS,
    READ_ONLY_TABLES,
    TABLE_RULES,
    TableRule,
)
from chainchief.store import migrate
from chainchief.store.models import Base
from chainchief.store.server import (
    APPLICATION_NAME,
    LOGIN_INFIX,
    PREFIX_FUNCTION,
    PREFIX_PARAMETER,
    SESSION_OPTIONS,
    server_engine,
    url_prefix,
)

AUDIT_TRIGGER = "chainchief_audit"
PREFIX_PATTERN = re.compile(r"[a-z][a-z0-9_]{0,39}")
POLICIES = ("cc_read", "cc_admin", "cc_chain", "cc_new_firm")


@dataclass(frozen=True)
class ServerRoles:
    """The role names of one secured database."""

    prefix: str

    @property
    def owner(self) -> str:
        return f"{self.prefix}_owner"

    def group(self, role: UserRole) -> str:
        return f"{self.prefix}_{role.value}"

    @property
    def groups(self) -> list[str]:
        return [self.group(role) for role in UserRole]

    def login(self, user: str) -> str:
        return f"{self.prefix}{LOGIN_INFIX}{user}"


@dataclass(frozen=True)
class SetupResult:
    database: str
    roles: ServerRoles
    from_revision: str | None
    to_revision: str


def setup_server(superuser_url: str, *, prefix: str | None = None) -> SetupResult:
    """Secure the database of ``superuser_url`` (see the module doc); idempotent."""
    parsed = make_url(superuser_url)
    if parsed.get_backend_name() != "postgresql":
        raise UserError(
            _("server setup is for PostgreSQL databases; a SQLite file needs no set-up.")
        )
    roles = ServerRoles(_checked_prefix(prefix or url_prefix(parsed)))
    engine = server_engine(superuser_url)
    try:
        with engine.begin() as connection:
            _check_superuser(connection)
            _make_roles(connection, roles)
            _hand_to_owner(connection, roles)
            before = migrate.current_revision(connection)
        owner_engine = _engine_as(superuser_url, roles.owner)
        try:
            migrate.upgrade(owner_engine)
            with owner_engine.begin() as connection:
                _install(connection, roles)
        finally:
            owner_engine.dispose()
    finally:
        engine.dispose()
    shown = parsed.render_as_string(hide_password=True)
    return SetupResult(shown, roles, before, migrate.head_revision())


def _checked_prefix(prefix: str) -> str:
    """A prefix that needs no quoting and leaves room for user names in 63-byte role names."""
    if not PREFIX_PATTERN.fullmatch(prefix):
        raise UserError(
            _(
                "The role prefix {prefix} cannot be used: give --role-prefix with 1 to 40 "
                "lower-case letters, digits and underscores, starting with a letter."
            ).format(prefix=prefix)
        )
    return prefix


def _engine_as(url: str, role: str) -> Engine:
    """An engine whose every connection acts as ``role`` (so what it creates, ``role`` owns)."""
    engine = create_engine(
        make_url(url).difference_update_query([PREFIX_PARAMETER]),
        connect_args={"options": SESSION_OPTIONS, "application_name": APPLICATION_NAME},
    )

    def set_role(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute(f'SET ROLE "{role}"')
        cursor.close()
        dbapi_connection.commit()

    event.listen(engine, "connect", set_role)
    return engine


def _check_superuser(connection: Connection) -> None:
    if not connection.execute(
        text("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
    ).scalar():
        raise UserError(
            _(
                "server setup needs a superuser's connection (--superuser-url): it creates the "
                "roles and hands the tables to their owner."
            )
        )


def _role_exists(connection: Connection, name: str) -> bool:
    found = connection.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": name})
    return found.first() is not None


def _is_member(connection: Connection, member: str, group: str, *, admin: bool = False) -> bool:
    query = (
        "SELECT 1 FROM pg_auth_members a JOIN pg_roles g ON g.oid = a.roleid "
        "JOIN pg_roles m ON m.oid = a.member WHERE g.rolname = :g AND m.rolname = :m"
        + (" AND a.admin_option" if admin else "")
    )
    return connection.execute(text(query), {"g": group, "m": member}).first() is not None


def _make_roles(connection: Connection, roles: ServerRoles) -> None:
    if not _role_exists(connection, roles.owner):
        connection.execute(text(f'CREATE ROLE "{roles.owner}" NOLOGIN CREATEROLE'))
    for group in roles.groups:
        if not _role_exists(connection, group):
            connection.execute(text(f'CREATE ROLE "{group}" NOLOGIN'))
        # The owner's functions add and remove members: it needs the admin option to.
        if not _is_member(connection, roles.owner, group, admin=True):
            connection.execute(text(f'GRANT "{group}" TO "{roles.owner}" WITH ADMIN OPTION'))
    # The schema is the owner's: nobody else, not even the database's owner, creates in it.
    connection.execute(text(f'ALTER SCHEMA public OWNER TO "{roles.owner}"'))
    connection.execute(text("REVOKE CREATE ON SCHEMA public FROM PUBLIC"))
    connection.execute(text(f"GRANT USAGE ON SCHEMA public TO {', '.join(_quoted(roles.groups))}"))


def _hand_to_owner(connection: Connection, roles: ServerRoles) -> None:
    """Tables (their sequences and indexes follow) and functions made by anyone else."""
    tables = connection.execute(
        text(
            "SELECT c.relname FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace "
            "AND c.relkind IN ('r', 'p', 'v') AND pg_get_userbyid(c.relowner) <> :owner"
        ),
        {"owner": roles.owner},
    ).scalars()
    for table in list(tables):
        connection.execute(text(f'ALTER TABLE public."{table}" OWNER TO "{roles.owner}"'))


def _install(connection: Connection, roles: ServerRoles) -> None:
    """Everything made as the owner, after the migrations: functions, grants, policies."""
    missing = sorted(set(Base.metadata.tables) ^ set(TABLE_RULES))
    if missing:
        raise UserError(
            _("server setup has no permission rule for the tables: {tables}").format(
                tables=", ".join(missing)
            )
        )
    for statement in _functions(roles):
        connection.execute(text(statement))
    _grant(connection, migrate.VERSION_TABLE, roles, readers=roles.groups, writers=[])
    for name in Base.metadata.tables:
        rule = TABLE_RULES[name]
        _grant(
            connection,
            name,
            roles,
            readers=_readers(rule, roles),
            writers=_writers(name, rule, roles),
            append_only=name in APPEND_ONLY_TABLES,
        )
        if rule.chain is not None:
            _secure_rows(connection, name, rule.chain, roles)
        if rule.audited:
            _audit(connection, name)
    _logins_for_users(connection, roles)


def _writers(name: str, rule: TableRule, roles: ServerRoles) -> list[str]:
    if name in READ_ONLY_TABLES:
        return []
    return [roles.group(role) for role in UserRole if rule.write in GRANTS[role]]


def _readers(rule: TableRule, roles: ServerRoles) -> list[str]:
    if rule.readers is None:
        return roles.groups
    return [roles.group(role) for role in UserRole if rule.readers in GRANTS[role]]


def _quoted(names: list[str]) -> list[str]:
    return [f'"{name}"' for name in names]


def _grant(
    connection: Connection,
    table: str,
    roles: ServerRoles,
    *,
    readers: list[str],
    writers: list[str],
    append_only: bool = False,
) -> None:
    """Exactly ``readers`` may read and ``writers`` write: revoked first, then granted."""
    groups = ", ".join(_quoted(roles.groups))
    connection.execute(text(f'REVOKE ALL ON TABLE public."{table}" FROM PUBLIC, {groups}'))
    if readers:
        connection.execute(
            text(f'GRANT SELECT ON TABLE public."{table}" TO {", ".join(_quoted(readers))}')
        )
    if writers:
        privileges = "INSERT" if append_only else "INSERT, UPDATE, DELETE"
        connection.execute(
            text(f'GRANT {privileges} ON TABLE public."{table}" TO {", ".join(_quoted(writers))}')
        )
    if writers and append_only:
        connection.execute(
            text(f'GRANT DELETE ON TABLE public."{table}" TO "{roles.group(UserRole.ADMIN)}"')
        )
    sequence = (
        connection.execute(
            text("SELECT pg_get_serial_sequence(:t, 'id')"), {"t": f'public."{table}"'}
        ).scalar()
        if "id" in _columns(table)
        else None
    )
    if sequence is None:
        return
    connection.execute(text(f"REVOKE ALL ON SEQUENCE {sequence} FROM PUBLIC, {groups}"))
    if writers:
        connection.execute(
            text(f"GRANT USAGE, SELECT ON SEQUENCE {sequence} TO {', '.join(_quoted(writers))}")
        )
        # A restore moves each sequence past the restored ids (setval): administrators only.
        connection.execute(
            text(f'GRANT UPDATE ON SEQUENCE {sequence} TO "{roles.group(UserRole.ADMIN)}"')
        )


def _columns(table: str) -> set[str]:
    found = Base.metadata.tables.get(table)
    return set(found.columns.keys()) if found is not None else set()


def _secure_rows(connection: Connection, table: str, chain: str, roles: ServerRoles) -> None:
    """Row-level security: everyone reads every row, admins write all, leads and members the
    rows of their chains (and new firms, which belong to no chain until attached)."""
    connection.execute(text(f'ALTER TABLE public."{table}" ENABLE ROW LEVEL SECURITY'))
    condition = chain.replace("{lead}", roles.group(UserRole.LEAD))
    workers = ", ".join(_quoted([roles.group(UserRole.LEAD), roles.group(UserRole.MEMBER)]))
    admin = f'"{roles.group(UserRole.ADMIN)}"'
    policies: list[tuple[str, str, str, str | None, str | None]] = [
        ("cc_read", "SELECT", "PUBLIC", "true", None),
        ("cc_admin", "ALL", admin, "true", "true"),
        ("cc_chain", "ALL", workers, condition, condition),
    ]
    if table == "firms":
        policies.append(("cc_new_firm", "INSERT", workers, None, "true"))
    existing = set(
        connection.execute(
            text(
                "SELECT policyname FROM pg_policies WHERE schemaname = 'public' AND tablename = :t"
            ),
            {"t": table},
        ).scalars()
    )
    for name, command, to, using, check in policies:
        clauses = (f" USING ({using})" if using else "") + (
            f" WITH CHECK ({check})" if check else ""
        )
        if name in existing:
            connection.execute(text(f'ALTER POLICY {name} ON public."{table}" TO {to}{clauses}'))
        else:
            connection.execute(
                text(f'CREATE POLICY {name} ON public."{table}" FOR {command} TO {to}{clauses}')
            )


def _audit(connection: Connection, table: str) -> None:
    keys = ", ".join(f"'{column.name}'" for column in Base.metadata.tables[table].primary_key)
    connection.execute(
        text(
            f"CREATE OR REPLACE TRIGGER {AUDIT_TRIGGER} AFTER INSERT OR UPDATE OR DELETE ON "
            f'public."{table}" FOR EACH ROW EXECUTE FUNCTION public.{AUDIT_TRIGGER}({keys})'
        )
    )


def _logins_for_users(connection: Connection, roles: ServerRoles) -> None:
    """A login role (without a password yet) for every user made before the set-up."""
    for name, role in connection.execute(text("SELECT name, role FROM public.users")).all():
        connection.execute(
            text("SELECT public.chainchief_set_login(:name, NULL, :group)"),
            {"name": name, "group": roles.group(UserRole(role))},
        )


def _functions(roles: ServerRoles) -> Iterator[str]:
    prefix = roles.prefix
    login_prefix = f"{prefix}{LOGIN_INFIX}"
    admin = roles.group(UserRole.ADMIN)
    groups = ", ".join(f"'{group}'" for group in roles.groups)
    ignored = ", ".join(f"'{column}'" for column in IGNORED_COLUMNS)
    yield (
        f"CREATE OR REPLACE FUNCTION public.{PREFIX_FUNCTION}() RETURNS text "
        f"LANGUAGE sql IMMUTABLE AS $$ SELECT '{prefix}'::text $$"
    )
    yield (
        "CREATE OR REPLACE FUNCTION public.chainchief_my_chains() RETURNS SETOF integer "
        "LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$ "
        "SELECT uc.chain_id FROM public.user_chains uc JOIN public.users u ON u.id = uc.user_id "
        f"WHERE '{login_prefix}' || u.name = session_user $$"
    )
    yield f"""CREATE OR REPLACE FUNCTION public.{AUDIT_TRIGGER}() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  old_row jsonb := CASE WHEN TG_OP <> 'INSERT' THEN to_jsonb(OLD) END;
  new_row jsonb := CASE WHEN TG_OP <> 'DELETE' THEN to_jsonb(NEW) END;
  changed jsonb := '{{}}';
  field text;
  row_key text;
  who text;
BEGIN
  FOR field IN SELECT jsonb_object_keys(coalesce(new_row, old_row)) LOOP
    CONTINUE WHEN field = ANY (ARRAY[{ignored}]);
    IF coalesce(old_row -> field, 'null') IS DISTINCT FROM coalesce(new_row -> field, 'null') THEN
      changed := changed || jsonb_build_object(field,
        jsonb_build_array(old_row -> field, new_row -> field));
    END IF;
  END LOOP;
  IF TG_OP = 'UPDATE' AND changed = '{{}}' THEN
    RETURN NULL;
  END IF;
  SELECT string_agg(coalesce(new_row, old_row) ->> column_name, '/') INTO row_key
    FROM unnest(TG_ARGV) AS column_name;
  SELECT name INTO who FROM public.users WHERE '{login_prefix}' || name = session_user;
  INSERT INTO public.audit_log (at, "user", role, action, entity, key, changes)
  VALUES (now(), coalesce(who, session_user), session_user,
    CASE WHEN current_setting('application_name', true) = '{APPLICATION_NAME}'
      THEN 'edit' ELSE 'sql' END,
    TG_TABLE_NAME, coalesce(row_key, ''), changed::json);
  RETURN NULL;
END $$"""
    yield f"""CREATE OR REPLACE FUNCTION public.chainchief_set_login(
  app_name text, verifier text, group_role text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  login text := '{login_prefix}' || app_name;
  member_of text;
BEGIN
  IF NOT pg_has_role(session_user, '{admin}', 'MEMBER')
     AND NOT (group_role IS NULL AND login = session_user) THEN
    RAISE EXCEPTION 'only an administrator may change another user''s login'
      USING ERRCODE = '42501';
  END IF;
  IF verifier IS NOT NULL AND verifier NOT LIKE 'SCRAM-SHA-256$%' THEN
    RAISE EXCEPTION 'passwords are set as SCRAM-SHA-256 verifiers' USING ERRCODE = '22023';
  END IF;
  IF group_role IS NOT NULL AND NOT group_role = ANY (ARRAY[{groups}]) THEN
    RAISE EXCEPTION 'unknown group %', group_role USING ERRCODE = '22023';
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = login) THEN
    EXECUTE format('CREATE ROLE %I LOGIN', login);
  END IF;
  IF verifier IS NOT NULL THEN
    EXECUTE format('ALTER ROLE %I PASSWORD %L', login, verifier);
  END IF;
  IF group_role IS NOT NULL THEN
    FOR member_of IN SELECT g.rolname FROM pg_auth_members a
        JOIN pg_roles g ON g.oid = a.roleid JOIN pg_roles m ON m.oid = a.member
        WHERE m.rolname = login AND g.rolname = ANY (ARRAY[{groups}])
        AND g.rolname <> group_role LOOP
      EXECUTE format('REVOKE %I FROM %I', member_of, login);
    END LOOP;
    IF NOT EXISTS (SELECT FROM pg_auth_members a JOIN pg_roles g ON g.oid = a.roleid
        JOIN pg_roles m ON m.oid = a.member WHERE m.rolname = login AND g.rolname = group_role)
    THEN
      EXECUTE format('GRANT %I TO %I', group_role, login);
    END IF;
  END IF;
END $$"""
    yield f"""CREATE OR REPLACE FUNCTION public.chainchief_drop_login(app_name text)
RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  IF NOT pg_has_role(session_user, '{admin}', 'MEMBER') THEN
    RAISE EXCEPTION 'only an administrator may remove a login' USING ERRCODE = '42501';
  END IF;
  EXECUTE format('DROP ROLE IF EXISTS %I', '{login_prefix}' || app_name);
END $$"""
    for function in ("chainchief_set_login(text, text, text)", "chainchief_drop_login(text)"):
        yield f"REVOKE ALL ON FUNCTION public.{function} FROM PUBLIC"
        yield f"GRANT EXECUTE ON FUNCTION public.{function} TO {', '.join(_quoted(roles.groups))}"
