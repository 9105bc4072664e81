"""A secured office server (``server setup``): the server itself enforces the app's roles.

Each test gets a copy of the demo city secured by ``server setup`` with three users — boss
(admin), vera (viewer) and mike (member of 新能源汽车) — and talks to the server as their login
roles, the way psql would, as well as through the app. Without a server these tests skip, and
fail in CI, like every PostgreSQL test.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from exchange_support import write_book
from pg_support import PgServer, SecuredDatabase, secured_database
from sqlalchemy import Connection, create_engine, text
from sqlalchemy.exc import ProgrammingError

from chainchief import cli
from chainchief.domain.enums import UserRole
from chainchief.domain.errors import RuleViolation, UserError
from chainchief.services.admin.backups import restore_database
from chainchief.services.admin.permissions import PermissionDenied
from chainchief.services.admin.server_rules import TABLE_RULES
from chainchief.services.admin.server_setup import setup_server
from chainchief.services.admin.users import add_user, change_password, delete_user, set_role
from chainchief.services.workbooks.importing import import_workbook
from chainchief.store import migrate
from chainchief.store.backup import backup_folder
from chainchief.store.db import open_database
from chainchief.store.models import Base
from chainchief.store.server import ServerUnavailable

PASSWORDS = {"boss": "boss-secret-1", "vera": "vera-secret-1", "mike": "mike-secret-1"}
CHAIN_A = "新能源汽车"
FIRMS_OF_CHAIN = (
    "SELECT m.firm_id FROM memberships m JOIN segments s ON s.id = m.segment_id "
    "JOIN chains c ON c.id = s.chain_id WHERE c.name = :chain"
)


@dataclass(frozen=True)
class Office:
    secured: SecuredDatabase

    def url(self, user: str) -> str:
        return self.secured.as_user(user, PASSWORDS[user])

    def login_roles(self) -> set[str]:
        """The users that have a login role on the server."""
        engine = create_engine(self.secured.super_url)
        start = f"{self.secured.prefix}_u_"
        try:
            with engine.connect() as connection:
                names = connection.execute(
                    text("SELECT rolname FROM pg_roles WHERE starts_with(rolname, :p)"),
                    {"p": start},
                ).scalars()
                return {name.removeprefix(start) for name in names}
        finally:
            engine.dispose()

    def run_sql(self, user: str, statement: str, **values: object) -> int:
        """One statement as ``user``'s login role (like psql): the number of rows it changed."""
        engine = create_engine(self.url(user))
        try:
            with engine.begin() as connection:
                return connection.execute(text(statement), values).rowcount
        finally:
            engine.dispose()


@pytest.fixture
def office(pg_server: PgServer) -> Iterator[Office]:
    with secured_database(pg_server, pg_server.demo_template()) as secured:
        first = open_database(secured.super_url)
        try:
            add_user(first, "boss", UserRole.ADMIN, PASSWORDS["boss"], actor="setup")
        finally:
            first.dispose()
        office = Office(secured)
        boss = open_database(office.url("boss"))
        try:
            add_user(boss, "vera", UserRole.VIEWER, PASSWORDS["vera"], actor="boss")
            add_user(
                boss, "mike", UserRole.MEMBER, PASSWORDS["mike"], actor="boss", chains=[CHAIN_A]
            )
        finally:
            boss.dispose()
        yield office


def test_every_table_of_the_models_has_exactly_one_server_rule() -> None:
    assert set(TABLE_RULES) == set(Base.metadata.tables)


def test_a_viewer_cannot_make_themselves_admin_nor_change_a_firm(office: Office) -> None:
    with pytest.raises(ProgrammingError, match="permission denied for table users"):
        office.run_sql("vera", "UPDATE users SET role = 'admin' WHERE name = 'vera'")
    with pytest.raises(ProgrammingError, match="permission denied for table firms"):
        office.run_sql("vera", "UPDATE firms SET park = 'x'")
    with pytest.raises(ProgrammingError, match="permission denied for table firms"):
        office.run_sql("vera", "DELETE FROM firms")
    assert office.run_sql("vera", "SELECT 1 FROM firms") > 0


def test_a_member_changes_firms_of_their_chain_only(office: Office) -> None:
    other = (
        f"SELECT m.firm_id FROM memberships m JOIN segments s ON s.id = m.segment_id "
        f"WHERE m.firm_id NOT IN ({FIRMS_OF_CHAIN}) LIMIT 1"
    )
    mine = f"{FIRMS_OF_CHAIN} LIMIT 1"
    update = "UPDATE firms SET park = '园区' WHERE id = ({firm})"
    assert office.run_sql("mike", update.format(firm=other), chain=CHAIN_A) == 0
    assert office.run_sql("mike", update.format(firm=mine), chain=CHAIN_A) == 1
    with pytest.raises(ProgrammingError, match="permission denied for table users"):
        office.run_sql("mike", "UPDATE users SET role = 'admin' WHERE name = 'mike'")


def test_a_direct_edit_is_in_the_audit_log_with_its_role(office: Office, capsys, monkeypatch):
    changed = office.run_sql(
        "mike",
        f"UPDATE firms SET phone = '0571-1234' WHERE id = ({FIRMS_OF_CHAIN} LIMIT 1)",
        chain=CHAIN_A,
    )
    assert changed == 1
    monkeypatch.setenv("CHAINCHIEF_PASSWORD", PASSWORDS["boss"])
    argv = ["--lang", "en", "--db", office.secured.url, "--user", "boss", "audit", "--json"]
    assert cli.run(argv) == 0
    entries = json.loads(capsys.readouterr().out)["entries"]
    (edit,) = [entry for entry in entries if "phone" in entry["changes"]]
    assert edit["role"] == f"{office.secured.prefix}_u_mike"
    assert edit["user"] == "mike"
    assert (edit["action"], edit["entity"]) == ("sql", "firms")
    assert edit["changes"]["phone"][1] == "0571-1234"


def test_an_app_change_is_logged_once_by_the_server(office: Office, capsys, monkeypatch):
    monkeypatch.setenv("CHAINCHIEF_PASSWORD", PASSWORDS["boss"])
    base = ["--lang", "en", "--db", office.secured.url, "--user", "boss"]
    assert cli.run([*base, "settings", "set", "backup.keep", "7"]) == 0
    assert cli.run([*base, "audit", "--json"]) == 0
    out = capsys.readouterr().out
    entries = json.loads(out[out.index("{") :])["entries"]
    settings = [entry for entry in entries if entry["entity"] == "settings"]
    assert len(settings) == 1
    assert settings[0]["role"] == f"{office.secured.prefix}_u_boss"
    assert settings[0]["action"] == "edit"


def test_nobody_but_the_owner_may_change_or_delete_audit_entries(office: Office) -> None:
    for user in ("boss", "mike", "vera"):
        with pytest.raises(ProgrammingError, match="permission denied for table audit_log"):
            office.run_sql(user, "DELETE FROM audit_log")
        with pytest.raises(ProgrammingError, match="permission denied for table audit_log"):
            office.run_sql(user, "UPDATE audit_log SET \"user\" = 'nobody'")
        with pytest.raises(ProgrammingError, match="permission denied for table audit_log"):
            office.run_sql(
                user,
                'INSERT INTO audit_log (at, "user", action, entity, key, changes) '
                "VALUES (now(), 'x', 'x', 'x', 'x', '{}')",
            )


def _catalog(connection: Connection, prefix: str) -> dict[str, list[tuple[object, ...]]]:
    """What ``server setup`` decides: roles, memberships, owners, grants, row security,
    policies, triggers and functions (by name and text, not by oid or row version)."""
    queries = {
        "roles": "SELECT rolname, rolcanlogin, rolcreaterole, rolsuper FROM pg_roles "
        "WHERE starts_with(rolname, :p)",
        "members": "SELECT g.rolname, m.rolname, a.admin_option FROM pg_auth_members a "
        "JOIN pg_roles g ON g.oid = a.roleid JOIN pg_roles m ON m.oid = a.member "
        "WHERE starts_with(g.rolname, :p)",
        "tables": "SELECT relname, pg_get_userbyid(relowner), relrowsecurity, "
        "ARRAY(SELECT unnest(relacl)::text ORDER BY 1) FROM pg_class "
        "WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'S')",
        "policies": "SELECT tablename, policyname, cmd, roles::text, qual, with_check "
        "FROM pg_policies WHERE schemaname = 'public'",
        "triggers": "SELECT tgrelid::regclass::text, tgname, tgenabled, tgfoid::regproc::text "
        "FROM pg_trigger WHERE NOT tgisinternal",
        "functions": "SELECT proname, pg_get_userbyid(proowner), prosecdef, prosrc, "
        "ARRAY(SELECT unnest(proacl)::text ORDER BY 1) FROM pg_proc "
        "WHERE pronamespace = 'public'::regnamespace",
        "schema": "SELECT version_num FROM alembic_version",
        "namespace": "SELECT pg_get_userbyid(nspowner), nspacl::text FROM pg_namespace "
        "WHERE nspname = 'public'",
    }
    return {
        name: sorted(tuple(row) for row in connection.execute(text(query), {"p": prefix}))
        for name, query in queries.items()
    }


def test_server_setup_run_twice_changes_nothing_the_second_time(office: Office) -> None:
    engine = create_engine(office.secured.super_url)
    try:
        with engine.connect() as connection:
            before = _catalog(connection, office.secured.prefix)
        setup_server(office.secured.super_url)
        with engine.connect() as connection:
            after = _catalog(connection, office.secured.prefix)
    finally:
        engine.dispose()
    assert after == before
    audited = {table for table, rule in TABLE_RULES.items() if rule.audited}
    assert {row[0] for row in before["triggers"]} == audited
    chain_scoped = {table for table, rule in TABLE_RULES.items() if rule.chain is not None}
    assert {row[0] for row in before["tables"] if row[2]} == chain_scoped
    owners = {row[1] for row in before["tables"]}
    assert owners == {f"{office.secured.prefix}_owner"}
    assert before["schema"] == [(migrate.head_revision(),)]
    assert before["namespace"][0][0] == f"{office.secured.prefix}_owner"


def test_user_changes_alter_the_login_role(office: Office) -> None:
    assert office.login_roles() == {"boss", "vera", "mike"}
    boss = open_database(office.url("boss"))
    try:
        change_password(boss, "mike", "mike-secret-2", actor="boss")
        with pytest.raises(ServerUnavailable, match="Wrong user name or password"):
            open_database(office.url("mike"))  # the old password no longer signs in
        PASSWORDS["mike"] = "mike-secret-2"
        set_role(boss, "mike", UserRole.VIEWER, actor="boss")
        with pytest.raises(ProgrammingError, match="permission denied for table firms"):
            office.run_sql("mike", "UPDATE firms SET park = 'x'")
        delete_user(boss, "mike", actor="boss")
        assert office.login_roles() == {"boss", "vera"}
        with pytest.raises(RuleViolation, match="last administrator"):
            set_role(boss, "boss", UserRole.VIEWER, actor="boss")
    finally:
        PASSWORDS["mike"] = "mike-secret-1"
        boss.dispose()


def test_a_member_cannot_change_logins_through_the_servers_functions(office: Office) -> None:
    with pytest.raises(ProgrammingError, match="only an administrator"):
        office.run_sql(
            "mike",
            "SELECT chainchief_set_login('mike', NULL, :group)",
            group=f"{office.secured.prefix}_admin",
        )


def _state(url: str) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table but the (append-only) audit log."""
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return {
                table.name: sorted(
                    (tuple(map(str, row)) for row in connection.execute(table.select())),
                )
                for table in Base.metadata.sorted_tables
                if table.name != "audit_log"
            }
    finally:
        engine.dispose()


def test_an_import_leaves_a_portable_backup_that_restores_the_state_before(
    office: Office, tmp_path: Path
) -> None:
    before = _state(office.secured.super_url)
    book = write_book(
        tmp_path / "new.xlsx", {"企业": [["企业名称", "所在地"], ["新来企业", "区内"]]}
    )
    boss = open_database(office.url("boss"))
    try:
        import_workbook(boss, book, actor="boss")
    finally:
        boss.dispose()
    assert _state(office.secured.super_url) != before
    (backup,) = backup_folder().glob("*-import.zip")
    with pytest.raises(PermissionDenied):
        restore_database(office.url("mike"), backup, actor="mike")
    restore_database(office.url("boss"), backup, actor="boss")
    assert _state(office.secured.super_url) == before


def test_a_pc_refuses_an_older_server_schema_naming_server_setup(
    pg_server: PgServer, capsys
) -> None:
    with pg_server.fresh_database(pg_server.empty_template()) as url:
        engine = create_engine(url)
        try:
            with engine.begin() as connection:
                for table in reversed(Base.metadata.sorted_tables):
                    connection.execute(text(f'DROP TABLE "{table.name}" CASCADE'))
                connection.execute(text("DROP TABLE alembic_version"))
            migrate.upgrade(engine, "0009")
        finally:
            engine.dispose()
        assert cli.run(["--lang", "en", "--db", url, "stats"]) == 2
        assert "chainchief server setup" in capsys.readouterr().err


def test_demo_force_on_the_server_is_backed_up_first_and_admins_only(office: Office) -> None:
    from chainchief.services.workbooks.demo import load_demo

    mike = open_database(office.url("mike"))
    try:
        with pytest.raises(PermissionDenied):
            load_demo(mike, force=True, actor="mike")
    finally:
        mike.dispose()
    assert not list(backup_folder().glob("*.zip")), "a refused command writes nothing"
    boss = open_database(office.url("boss"))
    try:
        load_demo(boss, force=True, actor="boss")
    finally:
        boss.dispose()
    (backup,) = backup_folder().glob("*-demo.zip")
    assert backup.stat().st_size > 0


@pytest.mark.parametrize(
    ("url", "prefix", "says"),
    [
        ("sqlite:///office.db", None, "for PostgreSQL databases"),
        ("postgresql+psycopg://admin@127.0.0.1:1/office", "cc'; DROP ROLE x; --", "role prefix"),
        ("postgresql+psycopg://admin@127.0.0.1:1/" + "d" * 60, None, "role prefix"),
    ],
)
def test_setup_refuses_what_it_cannot_secure_before_connecting(url, prefix, says) -> None:
    with pytest.raises(UserError, match=says):
        setup_server(url, prefix=prefix)


def test_a_member_s_first_write_of_a_quarter_files_every_chain_and_nobody_edits_one(
    office: Office, monkeypatch
) -> None:
    from chainchief.services.firms.ledger import update_firm

    monkeypatch.setenv("CHAINCHIEF_TODAY", "2031-01-06")
    engine = create_engine(office.url("mike"))
    try:
        with engine.connect() as connection:
            firm_id, version = connection.execute(
                text(f"SELECT id, version FROM firms WHERE id IN ({FIRMS_OF_CHAIN}) LIMIT 1"),
                {"chain": CHAIN_A},
            ).one()
            chains = connection.execute(text("SELECT count(*) FROM chains")).scalar_one()
    finally:
        engine.dispose()
    mike = open_database(office.url("mike"))
    try:
        update_firm(mike, firm_id, {"park": "新园区"}, actor="mike", expected_version=version)
    finally:
        mike.dispose()
    closing = "SELECT 1 FROM chain_snapshots WHERE reason = 'quarter_close' AND quarter = '2030Q4'"
    assert office.run_sql("boss", closing) == chains
    for user in ("mike", "boss"):
        with pytest.raises(ProgrammingError, match="permission denied for table chain_snapshots"):
            office.run_sql(user, "UPDATE chain_snapshots SET reason = 'manual'")
    with pytest.raises(ProgrammingError, match="permission denied for table chain_snapshots"):
        office.run_sql("mike", "DELETE FROM chain_snapshots")
