"""Shared fixtures: isolated per-user folders, fresh databases on both engines, the demo city.

Tests that take ``db`` or ``demo_db`` run twice: on a SQLite file and on a PostgreSQL database
(DESIGN.md §2: the same migrations and services serve both). A PostgreSQL test gets a database
of its own, cloned from a migrated template (``CREATE DATABASE … TEMPLATE``) in a fraction of
the time migrations take; the demo city is loaded once into a second template. Without a
reachable server the PostgreSQL variants are skipped with the reason shown — except in CI
(``CI=true``), where they fail, so a broken server can never pass as green.

A test bound to SQLite files (it opens the file with ``sqlite3``, takes ``db_path`` itself or
checks PRAGMAs) is marked ``sqlite_only`` or simply asks for ``db_path``/``demo_db_path``. The
GUI tests run on SQLite only: the widgets call the same services the other tests cover.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from pg_support import PG_URL_VARIABLE, PgServer, connect_server, demo_day

from chainchief.i18n import set_language
from chainchief.store.db import Database, open_database

FIXTURES = Path(__file__).resolve().parents[2] / "shared" / "fixtures"
ENGINES = ("sqlite", "postgresql")
FILE_FIXTURES = frozenset({"db_path", "demo_db_path"})
GUI_TESTS = Path(__file__).resolve().parent / "gui"

_pg_outcomes: dict[str, int] = {"passed": 0, "failed": 0, "skipped": 0}
_pg_items: set[str] = set()


@pytest.fixture(autouse=True)
def cheap_hashes(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Accounts made in a test hash at a low scrypt cost: at the production cost each hash
    takes 0.4 s, and most tests are about accounts and rights, not the hash. The tests marked
    ``production_hash_cost`` keep that cost and check it (a process a test starts keeps it too)."""
    if "production_hash_cost" not in request.keywords:
        from chainchief.services.admin import users

        monkeypatch.setattr(users, "COST", 2**10)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "sqlite_only: the test checks SQLite files or PRAGMAs; no PostgreSQL variant"
    )
    config.addinivalue_line("markers", "postgresql: the test runs against a PostgreSQL server")
    config.addinivalue_line(
        "markers", "production_hash_cost: passwords hash at the production scrypt cost"
    )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Give every test that takes ``db`` or ``demo_db`` a SQLite and a PostgreSQL variant."""
    if not {"db", "demo_db"} & set(metafunc.fixturenames):
        return
    own_arguments = set(metafunc.definition._fixtureinfo.argnames)
    bound_to_files = bool(own_arguments & FILE_FIXTURES)
    in_gui = GUI_TESTS in Path(str(metafunc.definition.fspath)).parents
    if bound_to_files or in_gui or metafunc.definition.get_closest_marker("sqlite_only"):
        return
    metafunc.parametrize("db_engine", ENGINES, indirect=True)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark what runs on PostgreSQL (``-m postgresql`` / ``-m "not postgresql"``)."""
    for item in items:
        callspec = getattr(item, "callspec", None)
        on_server = callspec is not None and callspec.params.get("db_engine") == "postgresql"
        if on_server or "pg_server" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.postgresql)
            _pg_items.add(item.nodeid)


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Count what ran on PostgreSQL, for the summary line below."""
    if report.nodeid not in _pg_items:
        return
    if report.when == "call" or (report.when == "setup" and not report.passed):
        _pg_outcomes[report.outcome] += 1


def pytest_terminal_summary(terminalreporter) -> None:  # type: ignore[no-untyped-def]
    counted = sum(_pg_outcomes.values())
    if counted:
        terminalreporter.write_line(
            "PostgreSQL variants: {passed} passed, {failed} failed, {skipped} skipped".format(
                **_pg_outcomes
            )
            + ("" if _pg_outcomes["passed"] else f" (set {PG_URL_VARIABLE} to a reachable server)")
        )


@pytest.fixture(autouse=True)
def isolated_user_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch) -> Iterator[Path]:
    """Keep preferences, logs and the default database of every test out of the real home."""
    home = tmp_path_factory.mktemp("home")
    for variable in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(variable, str(home / variable.lower()))
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    monkeypatch.delenv("LANGUAGE", raising=False)
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.delenv("CHAINCHIEF_PASSWORD", raising=False)
    monkeypatch.delenv("CHAINCHIEF_NEW_PASSWORD", raising=False)
    set_language("en")
    yield home
    set_language("en")


@pytest.fixture
def db_engine(request: pytest.FixtureRequest) -> str:
    """``sqlite`` or ``postgresql``: the engine behind this test's ``db`` / ``demo_db``."""
    return getattr(request, "param", "sqlite")


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """The PostgreSQL server of ``CHAINCHIEF_TEST_PG_URL`` with its two template databases."""
    server = connect_server()
    yield server
    server.close()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "chainchief.db"


@pytest.fixture(scope="session")
def empty_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new SQLite file migrated to the newest schema, made once per test process: copying
    it costs a fraction of running the migrations for every test that wants an empty file."""
    path = tmp_path_factory.mktemp("empty") / "empty.db"
    database = open_database(path)
    with database.engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    database.dispose()
    return path


@pytest.fixture
def db(db_engine: str, request: pytest.FixtureRequest) -> Iterator[Database]:
    """A new, empty, migrated database on this test's engine."""
    if db_engine == "sqlite":
        path = request.getfixturevalue("db_path")
        shutil.copyfile(request.getfixturevalue("empty_template"), path)
        # No daily copy: a new file has none when it is created either.
        database = open_database(path, daily_backup=False)
        yield database
        database.dispose()
        return
    server: PgServer = request.getfixturevalue("pg_server")
    with server.fresh_database(server.empty_template()) as url:
        database = open_database(url)
        yield database
        database.dispose()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo city loaded once per test session; tests get copies of the file."""
    from chainchief.services.workbooks.demo import load_demo

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    database = open_database(path)
    with demo_day():
        load_demo(database, force=False, actor="test")
    with database.engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    database.dispose()
    return path


@pytest.fixture
def demo_db_path(demo_template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "demo.db"
    shutil.copyfile(demo_template, path)
    return path


@pytest.fixture
def demo_db(db_engine: str, request: pytest.FixtureRequest) -> Iterator[Database]:
    """A copy of the demo city on this test's engine."""
    if db_engine == "sqlite":
        database = open_database(request.getfixturevalue("demo_db_path"))
        yield database
        database.dispose()
        return
    server: PgServer = request.getfixturevalue("pg_server")
    with server.fresh_database(server.demo_template()) as url:
        database = open_database(url)
        yield database
        database.dispose()
