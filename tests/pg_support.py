"""The PostgreSQL side of the test fixtures: reach the server, clone template databases.

Creating a database from a template copies files instead of running the migrations again. The
next clone of each template is made in the background while a test runs, and a finished test's
database is dropped in the background too, so a PostgreSQL test costs little more than its
SQLite twin. Database names carry the process id, so two test runs on one server never touch
each other's databases.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import time
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DBAPIError, OperationalError

from chainchief.store.db import open_database

PG_URL_VARIABLE = "CHAINCHIEF_TEST_PG_URL"
DEFAULT_PG_URL = "postgresql+psycopg://chainchief:chainchief@127.0.0.1/chainchief_test"
PG_SUPER_URL_VARIABLE = "CHAINCHIEF_TEST_PG_SUPER_URL"
DEFAULT_PG_SUPER_URL = (
    "postgresql+psycopg://chainchief_super:chainchief_super@127.0.0.1/chainchief_test"
)
"""A superuser of the same server (``.ci/run`` makes it): ``server setup`` needs one."""
CHINESE_COLLATION = (
    " TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C.UTF-8' LOCALE_PROVIDER icu"
    " ICU_LOCALE 'zh-Hans-CN'"
)


def pg_test_url() -> str:
    return os.environ.get(PG_URL_VARIABLE) or DEFAULT_PG_URL


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


@dataclass
class PgServer:
    """A reachable server and the databases this test run made on it."""

    base: URL
    admin: Engine
    _templates: dict[str, str] = field(default_factory=dict)
    _leftover: set[str] = field(default_factory=set)
    _next: dict[str, Future[str]] = field(default_factory=dict)
    _numbers: Iterator[int] = field(default_factory=itertools.count)
    _background: ThreadPoolExecutor = field(
        default_factory=lambda: ThreadPoolExecutor(max_workers=1, thread_name_prefix="pg-clones")
    )

    def url_of(self, name: str) -> str:
        return self.base.set(database=name).render_as_string(hide_password=False)

    def _name(self, suffix: str) -> str:
        return f"{self.base.database}_{os.getpid()}_{suffix}"

    def _execute(self, statement: str) -> None:
        with self.admin.connect() as connection:
            connection.execute(text(statement))

    def _create(self, name: str, template: str | None = None, options: str = "") -> None:
        clause = f' TEMPLATE "{template}" STRATEGY WAL_LOG' if template else options
        self._execute(f'CREATE DATABASE "{name}"{clause}')

    def drop(self, name: str) -> None:
        """Drop ``name``; one the server keeps busy (autovacuum may be at work in it, and only
        a superuser may stop that) is retried a few times, then left for ``close``."""
        for delay in (0.05, 0.2, 0.5, 1.0, None):
            try:
                self._execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                self._leftover.discard(name)
                return
            except DBAPIError:
                if delay is None:
                    self._leftover.add(name)
                    return
                time.sleep(delay)

    def empty_template(self) -> str:
        """A database migrated to the newest schema, holding no rows.

        It sorts text as a Chinese office server would (ICU zh, pinyin order), not by code
        point as SQLite does, so code that leans on the database's order for what DESIGN.md
        orders by code point fails here rather than at the office.
        """
        if "empty" not in self._templates:
            name = self._name("empty")
            self.drop(name)
            try:
                self._create(name, options=CHINESE_COLLATION)
            except DBAPIError:
                self._create(name)
            open_database(self.url_of(name)).dispose()
            self._templates["empty"] = name
        return self._templates["empty"]

    def demo_template(self) -> str:
        """A database holding the demo city, loaded once per run."""
        if "demo" not in self._templates:
            from chainchief.services.workbooks.demo import load_demo

            name = self._name("demo")
            self.drop(name)
            self._create(name, self.empty_template())
            database = open_database(self.url_of(name))
            try:
                with demo_day():
                    load_demo(database, force=False, actor="test")
            finally:
                database.dispose()
            self._templates["demo"] = name
        return self._templates["demo"]

    def clone(self, template: str) -> str:
        """A new database cloned from ``template``; the caller drops it."""
        return self._clone(template)

    def _clone(self, template: str) -> str:
        name = self._name(f"t{next(self._numbers)}")
        self._create(name, template)
        return name

    @contextlib.contextmanager
    def fresh_database(self, template: str) -> Iterator[str]:
        """A new database cloned from ``template``, dropped after use; yields its URL."""
        ready = self._next.pop(template, None)
        name = ready.result() if ready is not None else self._clone(template)
        self._next[template] = self._background.submit(self._clone, template)
        try:
            yield self.url_of(name)
        finally:
            self._background.submit(self.drop, name)

    def close(self) -> None:
        self._background.shutdown(wait=True)
        unused = [future.result() for future in self._next.values() if future.exception() is None]
        for name in [*unused, *self._leftover, *self._templates.values()]:
            self.drop(name)
        self.admin.dispose()


@dataclass(frozen=True)
class SecuredDatabase:
    """A database secured by ``server setup``: the PCs' URL (no user) and the superuser's."""

    url: str
    super_url: str
    prefix: str

    def as_user(self, name: str, password: str) -> str:
        """The URL the app connects with when ``name`` signs in."""
        from chainchief.store.server import signed_in_url

        return signed_in_url(self.url, name, password)


def _reach(url: URL, variable: str, pool_size: int = 1) -> Engine:
    """An autocommit engine on ``url``; skips (fails in CI) when the server cannot be reached."""
    engine = create_engine(
        url, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 5}, pool_size=pool_size
    )
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except OperationalError as error:
        engine.dispose()
        shown = url.render_as_string(hide_password=True)
        reason = f"PostgreSQL not reachable at {shown} ({variable}): {error.orig}"
        if in_ci():
            pytest.fail(f"{reason}; CI must run the PostgreSQL tests", pytrace=False)
        pytest.skip(reason)
    return engine


@contextlib.contextmanager
def secured_database(server: PgServer, template: str) -> Iterator[SecuredDatabase]:
    """A clone of ``template`` secured by ``server setup`` as the superuser; afterwards the
    database and every role of its prefix (roles are cluster-wide) are dropped."""
    from chainchief.services.admin.server_setup import setup_server
    from chainchief.store.server import default_prefix, without_login

    base = make_url(os.environ.get(PG_SUPER_URL_VARIABLE) or DEFAULT_PG_SUPER_URL)
    superuser = _reach(base, PG_SUPER_URL_VARIABLE)
    name = server.clone(template)
    prefix = default_prefix(name)
    super_url = base.set(database=name).render_as_string(hide_password=False)
    try:
        setup_server(super_url)
        pc_url = without_login(server.base.set(database=name))
        yield SecuredDatabase(
            url=pc_url.render_as_string(hide_password=False), super_url=super_url, prefix=prefix
        )
    finally:
        with superuser.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            roles = connection.execute(
                text(
                    "SELECT rolname FROM pg_roles WHERE starts_with(rolname, :p) "
                    "ORDER BY rolname LIKE '%\\_u\\_%' DESC, rolname LIKE '%\\_owner'"
                ),
                {"p": f"{prefix}_"},
            ).scalars()
            for role in list(roles):
                connection.execute(text(f'DROP ROLE IF EXISTS "{role}"'))
        superuser.dispose()


def connect_server() -> PgServer:
    """The server of ``CHAINCHIEF_TEST_PG_URL``; skips (fails in CI) when it cannot be reached."""
    url = make_url(pg_test_url())
    return PgServer(base=url, admin=_reach(url, PG_URL_VARIABLE, pool_size=2))


@contextlib.contextmanager
def demo_day() -> Iterator[None]:
    """Load the demo as its files are written (dated for ``REFERENCE``), whatever the date the
    tests run on: the demo is dated around today, and tests must not depend on the clock."""
    from chainchief.domain.clock import TODAY_VARIABLE
    from chainchief.services.workbooks.demo_dates import REFERENCE

    before = os.environ.get(TODAY_VARIABLE)
    os.environ[TODAY_VARIABLE] = REFERENCE.isoformat()
    try:
        yield
    finally:
        if before is None:
            del os.environ[TODAY_VARIABLE]
        else:
            os.environ[TODAY_VARIABLE] = before
