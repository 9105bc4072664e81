"""The schema: constraints in the database itself, migrations, refusal of unknown schemas."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, insert, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.schema import CreateIndex, DropIndex

from chainchief.domain.errors import SchemaError
from chainchief.store import migrate
from chainchief.store.db import Database, open_database
from chainchief.store.models import Base, Chain, Firm, Link, Meeting, Segment


def add_chain_with_segments(db: Database) -> tuple[int, int, int]:
    with db.transaction() as session:
        chain_id = session.execute(insert(Chain).values(name="集成电路")).inserted_primary_key[0]
        ids = [
            session.execute(
                insert(Segment).values(chain_id=chain_id, name=name, tier="upstream")
            ).inserted_primary_key[0]
            for name in ("设计", "制造")
        ]
    return chain_id, ids[0], ids[1]


def test_duplicate_uscc_is_refused(db: Database) -> None:
    with db.transaction() as session:
        session.execute(
            insert(Firm).values(name="甲", uscc="91320192MA1N0Y2H5X", location="in_zone")
        )
    with pytest.raises(IntegrityError), db.transaction() as session:
        session.execute(
            insert(Firm).values(name="乙", uscc="91320192MA1N0Y2H5X", location="in_zone")
        )


def test_firms_without_uscc_may_share_a_name(db: Database) -> None:
    with db.transaction() as session:
        session.execute(insert(Firm), [{"name": "甲", "location": "in_zone"}] * 2)
        assert session.execute(text("select count(*) from firms")).scalar() == 2


def test_self_loop_is_refused(db: Database) -> None:
    chain_id, first, _second = add_chain_with_segments(db)
    with pytest.raises(IntegrityError), db.transaction() as session:
        session.execute(
            insert(Link).values(chain_id=chain_id, upstream_id=first, downstream_id=first)
        )


def test_duplicate_link_is_refused(db: Database) -> None:
    chain_id, first, second = add_chain_with_segments(db)
    row = {"chain_id": chain_id, "upstream_id": first, "downstream_id": second}
    with db.transaction() as session:
        session.execute(insert(Link).values(**row))
    with pytest.raises(IntegrityError), db.transaction() as session:
        session.execute(insert(Link).values(**row))


@pytest.mark.parametrize(
    ("model", "values"),
    [
        (Firm, {"name": "甲", "location": "nowhere"}),
        (Chain, {"name": "链", "min_local_firms": 0}),
    ],
)
def test_bad_values_are_refused_by_the_database(db: Database, model, values) -> None:
    with pytest.raises(IntegrityError), db.transaction() as session:
        session.execute(insert(model).values(**values))


def test_bad_tier_is_refused(db: Database) -> None:
    chain_id, _first, _second = add_chain_with_segments(db)
    with pytest.raises(IntegrityError), db.transaction() as session:
        session.execute(insert(Segment).values(chain_id=chain_id, name="x", tier="sideways"))


def test_foreign_keys_are_enforced(db: Database) -> None:
    with pytest.raises(IntegrityError), db.transaction() as session:
        session.execute(insert(Segment).values(chain_id=999, name="x", tier="upstream"))


def test_migrations_from_empty_reach_head(db: Database) -> None:
    with db.engine.connect() as connection:
        assert migrate.current_revision(connection) == migrate.head_revision()
        stamped = MigrationContext.configure(connection).get_current_revision()
    assert stamped == migrate.HEAD_REVISION


def test_the_declared_head_is_the_scripts_head() -> None:
    """Opening trusts HEAD_REVISION without loading Alembic, so it must name the newest script."""
    assert migrate.script_directory().get_current_head() == migrate.HEAD_REVISION


def test_migrated_schema_equals_the_models(db: Database) -> None:
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


@pytest.mark.sqlite_only
def test_sqlite_runs_in_wal_with_foreign_keys(db: Database) -> None:
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000


def test_newer_schema_is_refused_untouched(db_path: Path) -> None:
    open_database(db_path).dispose()
    with sqlite3.connect(db_path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    before = db_path.read_bytes()
    with pytest.raises(SchemaError, match="newer version"):
        open_database(db_path)
    assert db_path.read_bytes() == before


def test_foreign_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE notes (id INTEGER)")
    with pytest.raises(SchemaError, match="not made by ChainChief"):
        open_database(path)


def test_versioned_rows_count_up_on_orm_update(db: Database) -> None:
    with db.transaction() as session:
        firm = Firm(name="甲", location="in_zone")
        session.add(firm)
    with db.transaction() as session:
        stored = session.get(Firm, firm.id)
        assert stored is not None and stored.version == 1
        stored.park = "新港高新园"
    with db.transaction() as session:
        assert session.get(Firm, firm.id).version == 2


def test_a_database_of_the_first_schema_is_upgraded_keeping_its_data(db_path: Path) -> None:
    """A file written by the first release opens in this one: migrated, backed up, data intact."""
    from sqlalchemy import create_engine, inspect

    from chainchief.store import backup

    engine = create_engine(f"sqlite:///{db_path}")
    migrate.upgrade(engine, "0001")
    with engine.begin() as connection:
        connection.execute(insert(Firm).values(name="华虹半导体", location="in_zone", tags=[]))
    engine.dispose()

    db = open_database(db_path, daily_backup=False)
    try:
        with db.engine.connect() as connection:
            assert migrate.current_revision(connection) == migrate.HEAD_REVISION
            indexes = {index["name"] for index in inspect(connection).get_indexes("firms")}
            names = connection.execute(text("SELECT name FROM firms")).scalars().all()
        assert "ix_firms_location" in indexes
        assert names == ["华虹半导体"]
        saved = backup.list_backups(db_path)
        assert [item.reason for item in saved] == ["migration"]
        assert db.upgrade is not None
        assert (db.upgrade.from_revision, db.upgrade.to_revision) == ("0001", migrate.HEAD_REVISION)
        assert db.upgrade.backup == saved[0].path
        assert str(saved[0].path) in db.upgrade.message()
    finally:
        db.dispose()
    again = open_database(db_path, daily_backup=False)
    assert again.upgrade is None
    again.dispose()


def test_a_new_database_is_no_upgrade_to_report(db_path: Path) -> None:
    db = open_database(db_path, daily_backup=False)
    assert db.upgrade is None
    db.dispose()


def _index_definition(connection: Connection, name: str) -> str:
    """The database's own text of index ``name`` (normalised by PostgreSQL, verbatim by SQLite)."""
    if connection.dialect.name == "sqlite":
        query = "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = :name"
    else:
        query = "SELECT indexdef FROM pg_indexes WHERE indexname = :name"
    return str(connection.execute(text(query), {"name": name}).scalar_one())


def test_the_models_make_the_partial_indexes_the_migrations_made(db: Database) -> None:
    """The models give PostgreSQL its partial indexes through a DDL hook rather than
    ``postgresql_where=`` (which costs every process the PostgreSQL dialect's import): each
    index, dropped and created again from the models, reads back as the migration made it."""
    indexes = sorted(Meeting.__table__.indexes, key=lambda index: str(index.name))
    assert [index.name for index in indexes] == ["uq_meetings_dispatch", "uq_meetings_team_leads"]
    with db.engine.begin() as connection:
        for index in indexes:
            migrated = _index_definition(connection, str(index.name))
            connection.execute(DropIndex(index))
            connection.execute(CreateIndex(index))
            assert _index_definition(connection, str(index.name)) == migrated
            assert "WHERE" in migrated
