"""The PostgreSQL side of the test fixtures: reach the server, clone template databases.

Creating a database from a template copies files instead of running the migrations again, so a
PostgreSQL test costs a tenth of a second more than its SQLite twin. Database names carry the
process id, so two test runs on one server never touch each other's databases.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DBAPIError, OperationalError

from chainchief.store.db import open_database

PG_URL_VARIABLE = "CHAINCHIEF_TEST_PG_URL"
DEFAULT_PG_URL = "postgresql+psycopg://chainchief:chainchief@127.0.0.1/chainchief_test"


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

    def url_of(self, name: str) -> str:
        return self.base.set(database=name).render_as_string(hide_password=False)

    def _name(self, suffix: str) -> str:
        return f"{self.base.database}_{os.getpid()}_{suffix}"

    def _execute(self, statement: str) -> None:
        with self.admin.connect() as connection:
            connection.execute(text(statement))

    def _create(self, name: str, template: str | None = None) -> None:
        self._execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        clause = f' TEMPLATE "{template}" STRATEGY WAL_LOG' if template else ""
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
        """A database migrated to the newest schema, holding no rows."""
        if "empty" not in self._templates:
            name = self._name("empty")
            self._create(name)
            open_database(self.url_of(name)).dispose()
            self._templates["empty"] = name
        return self._templates["empty"]

    def demo_template(self) -> str:
        """A database holding the demo city, loaded once per run."""
        if "demo" not in self._templates:
            from chainchief.services.demo import load_demo

            name = self._name("demo")
            self._create(name, self.empty_template())
            database = open_database(self.url_of(name))
            try:
                load_demo(database, force=False, actor="test")
            finally:
                database.dispose()
            self._templates["demo"] = name
        return self._templates["demo"]

    @contextlib.contextmanager
    def fresh_database(self, template: str, number: int) -> Iterator[str]:
        """A new database cloned from ``template``, dropped after use; yields its URL."""
        name = self._name(f"t{number}")
        self._create(name, template)
        try:
            yield self.url_of(name)
        finally:
            self.drop(name)

    def close(self) -> None:
        for name in [*self._leftover, *self._templates.values()]:
            self.drop(name)
        self.admin.dispose()


def connect_server() -> PgServer:
    """The server of ``CHAINCHIEF_TEST_PG_URL``; skips (fails in CI) when it cannot be reached."""
    url = make_url(pg_test_url())
    admin = create_engine(
        url, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 5}, pool_size=1
    )
    try:
        with admin.connect() as connection:
            connection.execute(text("SELECT 1"))
    except OperationalError as error:
        admin.dispose()
        shown = url.render_as_string(hide_password=True)
        reason = f"PostgreSQL not reachable at {shown} ({PG_URL_VARIABLE}): {error.orig}"
        if in_ci():
            pytest.fail(f"{reason}; CI must run the PostgreSQL tests", pytrace=False)
        pytest.skip(reason)
    return PgServer(base=url, admin=admin)
