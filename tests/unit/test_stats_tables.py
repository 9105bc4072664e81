"""``stats`` counts tables by name; the names must be the models' own."""

from __future__ import annotations

from chainchief.services.admin.stats import COUNTED
from chainchief.store.models import Base


def test_every_counted_table_is_a_mapped_table() -> None:
    assert set(COUNTED.values()) <= set(Base.metadata.tables)
