"""The plain table clauses name the models' own tables and columns, typed alike
(a boolean reads back as a bool on both engines only if it is typed Boolean here too)."""

from __future__ import annotations

import pytest
from sqlalchemy import TableClause

from chainchief.store import plain_tables
from chainchief.store.models import Base

CLAUSES = [value for value in vars(plain_tables).values() if isinstance(value, TableClause)]


def test_every_table_read_without_the_models_is_named() -> None:
    assert sorted(clause.name for clause in CLAUSES) == [
        "chains", "firms", "links", "memberships", "people", "segments", "targets", "users"
    ]  # fmt: skip


@pytest.mark.parametrize("clause", CLAUSES, ids=lambda clause: clause.name)
def test_each_column_is_the_models_column_with_its_type(clause: TableClause) -> None:
    model = Base.metadata.tables[clause.name]
    for column in clause.c:
        assert column.name in model.c, f"{clause.name}.{column.name}"
        assert isinstance(model.c[column.name].type, type(column.type)), column.name
        assert model.c[column.name].type.python_type is column.type.python_type, column.name
