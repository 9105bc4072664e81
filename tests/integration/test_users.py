"""User accounts: password hashing, the first admin, signing in on the CLI, ``user`` commands."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chainchief import cli
from chainchief.domain.enums import UserRole
from chainchief.domain.errors import NotFoundError, RuleViolation
from chainchief.services.admin import users
from chainchief.services.admin.users import (
    AuthenticationFailed,
    add_user,
    authenticate,
    change_password,
    delete_user,
    hash_password,
    list_users,
    set_chains,
    set_role,
    verify_password,
)
from chainchief.store.db import Database
from chainchief.store.models import User

SECRET = "correct horse battery"
PRODUCTION_COST = users.COST


@pytest.mark.production_hash_cost
def test_a_hash_is_salted_and_carries_its_parameters() -> None:
    first, second = hash_password(SECRET), hash_password(SECRET)
    assert first != second
    scheme, cost, block_size, parallelism, _salt, _digest = first.split("$")
    assert (scheme, int(cost), int(block_size), int(parallelism)) == ("scrypt", 2**17, 8, 1)
    assert users.COST == PRODUCTION_COST == 2**17
    assert SECRET not in first
    assert verify_password(SECRET, first) and verify_password(SECRET, second)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(password=st.text(min_size=1, max_size=40), other=st.text(min_size=1, max_size=40))
def test_only_the_same_password_verifies(password: str, other: str) -> None:
    """Matching, not cost (the test above checks the production cost): a cheap N keeps 45
    derivations from taking 20 s; verification reads N from the stored hash either way."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(users, "COST", 2**12)
        stored = hash_password(password)
    assert stored.split("$")[1] == str(2**12)
    assert verify_password(password, stored)
    assert verify_password(other, stored) == (other == password)


@pytest.mark.parametrize(
    "stored", ["", "plain", "md5$1$2$3$YQ==$YQ==", "scrypt$x$8$1$YQ==$YQ==", "scrypt$16384$8$1$!$!"]
)
def test_a_malformed_stored_hash_never_verifies(stored: str) -> None:
    assert not verify_password(SECRET, stored)


def test_the_first_user_must_be_an_admin_and_needs_no_sign_in(db: Database) -> None:
    with pytest.raises(RuleViolation, match="first user must be an admin"):
        add_user(db, "lee", UserRole.LEAD, SECRET, actor="os-user")
    add_user(db, "boss", UserRole.ADMIN, SECRET, actor="os-user")
    assert [(row.name, row.role) for row in list_users(db, actor="boss")] == [
        ("boss", UserRole.ADMIN)
    ]


def test_accounts_are_checked_before_they_are_stored(demo_db: Database) -> None:
    add_user(demo_db, "boss", UserRole.ADMIN, SECRET, actor="os-user")
    with pytest.raises(RuleViolation, match="already a user"):
        add_user(demo_db, "boss", UserRole.ADMIN, SECRET, actor="boss")
    with pytest.raises(RuleViolation, match="at least 8"):
        add_user(demo_db, "vic", UserRole.VIEWER, "short", actor="boss")
    with pytest.raises(RuleViolation, match="leads and members"):
        add_user(demo_db, "vic", UserRole.VIEWER, SECRET, actor="boss", chains=["新能源汽车"])
    with pytest.raises(NotFoundError, match=r"Known chains: .*新能源汽车"):
        add_user(demo_db, "lee", UserRole.LEAD, SECRET, actor="boss", chains=["无此链"])
    with pytest.raises(RuleViolation, match="1 to 200"):
        add_user(demo_db, "  ", UserRole.VIEWER, SECRET, actor="boss")
    add_user(demo_db, "lee", UserRole.LEAD, SECRET, actor="boss", chains=["新能源汽车"])
    set_chains(demo_db, "lee", ["人工智能", "新能源汽车"], actor="boss")
    rows = {row.name: row for row in list_users(demo_db, actor="boss")}
    assert rows["lee"].chains == ("人工智能", "新能源汽车")
    with demo_db.transaction() as session:
        stored = session.query(User).filter_by(name="lee").one().password_hash
    assert stored.startswith("scrypt$") and SECRET not in stored


def test_signing_in_says_the_same_for_a_wrong_name_and_a_wrong_password(db: Database) -> None:
    add_user(db, "boss", UserRole.ADMIN, SECRET, actor="os-user")
    assert authenticate(db, "boss", SECRET).role is UserRole.ADMIN
    with pytest.raises(AuthenticationFailed) as wrong_password:
        authenticate(db, "boss", SECRET + "!")
    with pytest.raises(AuthenticationFailed) as wrong_name:
        authenticate(db, "nobody", SECRET)
    assert wrong_password.value.message == wrong_name.value.message


def test_a_changed_password_replaces_the_old_one(db: Database) -> None:
    add_user(db, "boss", UserRole.ADMIN, SECRET, actor="os-user")
    change_password(db, "boss", "another secret", actor="boss")
    authenticate(db, "boss", "another secret")
    with pytest.raises(AuthenticationFailed):
        authenticate(db, "boss", SECRET)


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = cli.run(["--lang", "en", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def shared(db: Database, monkeypatch, capsys) -> str:
    """A database with an admin ``boss`` made on the CLI; returns its URL."""
    monkeypatch.setenv("CHAINCHIEF_PASSWORD", SECRET)
    assert run(capsys, "--db", db.url, "user", "add", "boss", "--role", "admin")[0] == 0
    return db.url


def test_once_users_exist_changes_need_a_signed_in_user(shared: str, capsys, monkeypatch) -> None:
    code, _out, err = run(capsys, "--db", shared, "settings", "set", "backup.keep", "3")
    assert code == 2 and "--user" in err
    monkeypatch.setenv("CHAINCHIEF_PASSWORD", "wrong password")
    code, _out, err = run(
        capsys, "--db", shared, "--user", "boss", "settings", "set", "backup.keep", "3"
    )
    assert code == 2 and "Wrong user name or password" in err
    monkeypatch.setenv("CHAINCHIEF_PASSWORD", SECRET)
    code, out, _err = run(
        capsys, "--db", shared, "settings", "set", "backup.keep", "3", "--user", "boss"
    )
    assert code == 0 and "backup.keep = 3" in out
    code, out, _err = run(capsys, "--db", shared, "stats", "--json")
    assert code == 0, "reading needs no sign-in"


def test_the_password_is_asked_for_at_a_terminal(shared: str, capsys, monkeypatch) -> None:
    monkeypatch.delenv("CHAINCHIEF_PASSWORD")
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    code, _out, err = run(
        capsys, "--db", shared, "--user", "boss", "settings", "set", "backup.keep", "3"
    )
    assert code == 2 and "CHAINCHIEF_PASSWORD" in err
    prompts: list[str] = []
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("getpass.getpass", lambda prompt: prompts.append(prompt) or SECRET)
    code, _out, _err = run(
        capsys, "--db", shared, "--user", "boss", "settings", "set", "backup.keep", "3"
    )
    assert code == 0 and prompts == ["Password for boss: "]


def test_user_commands_add_list_and_change_passwords(shared: str, capsys, monkeypatch) -> None:
    monkeypatch.setenv("CHAINCHIEF_NEW_PASSWORD", "lead password")
    code, out, _err = run(
        capsys, "--db", shared, "--user", "boss", "user", "add", "lee", "--role", "lead",
        "--chain", "新能源汽车",
    )  # fmt: skip
    assert code == 2, "the chain does not exist in an empty database"
    code, out, _err = run(
        capsys, "--db", shared, "--user", "boss", "user", "add", "vic", "--role", "只读"
    )
    assert code == 0 and "vic" in out
    code, out, _err = run(capsys, "--db", shared, "--user", "boss", "user", "list", "--json")
    assert json.loads(out) == {
        "users": [
            {"name": "boss", "role": "admin", "chains": []},
            {"name": "vic", "role": "viewer", "chains": []},
        ]
    }
    monkeypatch.setenv("CHAINCHIEF_PASSWORD", "lead password")
    code, _out, err = run(capsys, "--db", shared, "--user", "vic", "user", "list")
    assert code == 2 and "may not" in err
    monkeypatch.setenv("CHAINCHIEF_NEW_PASSWORD", "a fresh password")
    assert run(capsys, "--db", shared, "--user", "vic", "user", "passwd", "vic")[0] == 0
    monkeypatch.setenv("CHAINCHIEF_PASSWORD", "a fresh password")
    code, _out, err = run(capsys, "--db", shared, "--user", "vic", "user", "passwd", "boss")
    assert code == 2 and "may not" in err


def test_a_new_password_typed_twice_must_match(shared: str, capsys, monkeypatch) -> None:
    answers = iter(["first try 1", "first try 2"])
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("getpass.getpass", lambda _prompt: next(answers))
    code, _out, err = run(
        capsys, "--db", shared, "--user", "boss", "user", "add", "vic", "--role", "viewer"
    )
    assert code == 2 and "differ" in err


def test_an_unknown_role_is_a_usage_error(db: Database, capsys) -> None:
    with pytest.raises(SystemExit) as raised:
        cli.run(["--db", db.url, "user", "add", "x", "--role", "boss"])
    assert raised.value.code == 2
    assert "unknown role boss" in capsys.readouterr().err


def test_an_admin_reassigns_a_leads_chains(demo_db: Database, capsys, monkeypatch) -> None:
    monkeypatch.setenv("CHAINCHIEF_PASSWORD", SECRET)
    url = demo_db.url
    assert run(capsys, "--db", url, "user", "add", "boss", "--role", "admin")[0] == 0
    monkeypatch.setenv("CHAINCHIEF_NEW_PASSWORD", "lead password")
    code, out, _err = run(
        capsys, "--db", url, "--user", "boss", "user", "add", "lee", "--role", "lead",
        "--chain", "新能源汽车",
    )  # fmt: skip
    assert code == 0 and "新能源汽车" in out
    code, out, _err = run(
        capsys, "--db", url, "--user", "boss", "user", "chains", "lee", "--chain", "人工智能"
    )
    assert code == 0 and "人工智能" in out
    rows = {row.name: row for row in list_users(demo_db, actor="boss")}
    assert rows["lee"].chains == ("人工智能",)


@pytest.mark.production_hash_cost
def test_an_older_cheaper_hash_is_redone_at_the_next_sign_in(db: Database) -> None:
    """Hashes made with N = 2^14 (before issue 18) still sign in, and come out at 2^17."""
    import base64
    import secrets

    from chainchief.services.admin import users

    add_user(db, "admin", UserRole.ADMIN, SECRET, actor="os user")
    salt = secrets.token_bytes(16)
    old = "$".join(
        (
            "scrypt",
            str(2**14),
            "8",
            "1",
            base64.b64encode(salt).decode(),
            base64.b64encode(users._scrypt(SECRET, salt, 2**14, 8, 1)).decode(),
        )
    )
    with db.transaction() as session:
        session.query(User).filter_by(name="admin").one().password_hash = old

    assert authenticate(db, "admin", SECRET).name == "admin"

    with db.transaction() as session:
        stored = session.query(User).filter_by(name="admin").one().password_hash
    assert stored.split("$")[1] == str(2**17)
    assert verify_password(SECRET, stored)
    assert authenticate(db, "admin", SECRET).name == "admin"


def test_the_last_admin_can_be_neither_removed_nor_demoted(
    shared: str, capsys, monkeypatch
) -> None:
    monkeypatch.setenv("CHAINCHIEF_NEW_PASSWORD", SECRET)
    signed = ("--db", shared, "--user", "boss")
    code, _out, err = run(capsys, *signed, "user", "role", "boss", "viewer")
    assert code == 2 and "last administrator" in err
    code, _out, err = run(capsys, *signed, "user", "delete", "boss")
    assert code == 2 and "last administrator" in err
    assert run(capsys, *signed, "user", "add", "anna", "--role", "admin")[0] == 0
    code, out, _err = run(capsys, *signed, "user", "role", "boss", "viewer")
    assert code == 0 and "boss is now Viewer" in out
    code, _out, err = run(capsys, "--db", shared, "--user", "anna", "user", "delete", "anna")
    assert code == 2 and "last administrator" in err
    code, out, _err = run(capsys, "--db", shared, "--user", "anna", "user", "delete", "boss")
    assert code == 0 and "User boss removed" in out
    code, out, _err = run(capsys, "--db", shared, "--user", "anna", "user", "list", "--json")
    assert json.loads(out)["users"] == [{"name": "anna", "role": "admin", "chains": []}]


def test_a_role_without_chains_drops_the_users_chains(demo_db: Database) -> None:
    add_user(demo_db, "boss", UserRole.ADMIN, SECRET, actor="os")
    add_user(demo_db, "lena", UserRole.LEAD, SECRET, actor="boss", chains=["新能源汽车"])
    set_role(demo_db, "lena", UserRole.VIEWER, actor="boss")
    rows = {row.name: row for row in list_users(demo_db, actor="boss")}
    assert (rows["lena"].role, rows["lena"].chains) == (UserRole.VIEWER, ())
    with pytest.raises(NotFoundError):
        delete_user(demo_db, "nobody", actor="boss")
