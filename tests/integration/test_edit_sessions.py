"""Conflicts by edit session, not by person (issue 18, item 5).

An edit session is one opened database: a window, a PC, a command. A version read before
another session's write is stale for the same login too (two windows or PCs signed in as one
user conflict like two users); a session's own later writes never make its edit stale.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from exchange_support import write_book
from sqlalchemy import select, update

from chainchief.domain.errors import ConflictError
from chainchief.services.firms.ledger import update_firm
from chainchief.services.workbooks.importing import import_workbook
from chainchief.store.db import Database, open_database
from chainchief.store.models import Firm

USER = "张三"


@pytest.fixture
def second_window(demo_db: Database) -> Iterator[Database]:
    """The same database opened again, as a second window or PC signed in as the same user."""
    other = open_database(demo_db.url, daily_backup=False)
    yield other
    other.dispose()


def a_firm(db: Database) -> Firm:
    with db.transaction() as session:
        firm = session.scalars(select(Firm).where(Firm.uscc.is_not(None)).order_by(Firm.id)).first()
    assert firm is not None
    return firm


def employees(db: Database, firm_id: int) -> int | None:
    with db.transaction() as session:
        return session.scalar(select(Firm.employees).where(Firm.id == firm_id))


def test_a_sessions_own_earlier_edit_never_conflicts(demo_db: Database) -> None:
    firm = a_firm(demo_db)
    update_firm(demo_db, firm.id, {"employees": 11}, actor=USER, expected_version=firm.version)
    update_firm(demo_db, firm.id, {"employees": 12}, actor=USER, expected_version=firm.version)
    assert employees(demo_db, firm.id) == 12


def test_the_same_user_in_another_window_conflicts_like_another_user(
    demo_db: Database, second_window: Database
) -> None:
    firm = a_firm(demo_db)
    update_firm(second_window, firm.id, {"employees": 21}, actor=USER, expected_version=None)
    with pytest.raises(ConflictError, match=USER) as refused:
        update_firm(demo_db, firm.id, {"employees": 22}, actor=USER, expected_version=firm.version)
    assert refused.value.stale
    assert employees(demo_db, firm.id) == 21


def test_an_edit_of_mine_after_anothers_does_not_hide_theirs(
    demo_db: Database, second_window: Database
) -> None:
    """Only the last writer counts when it is me because I saw (or knowingly overwrote) the
    row to write it; a write of mine before theirs does not excuse a stale version."""
    firm = a_firm(demo_db)
    mine = update_firm(demo_db, firm.id, {"employees": 31}, actor=USER, expected_version=None)
    update_firm(second_window, firm.id, {"employees": 32}, actor=USER, expected_version=None)
    with pytest.raises(ConflictError):
        update_firm(demo_db, firm.id, {"employees": 33}, actor=USER, expected_version=mine.version)
    assert employees(demo_db, firm.id) == 32


def test_an_import_in_another_session_makes_an_open_edit_stale(
    demo_db: Database, second_window: Database, tmp_path
) -> None:
    firm = a_firm(demo_db)
    rows = [["企业名称", "统一社会信用代码", "从业人数"], [firm.name, firm.uscc, 41]]
    book = write_book(tmp_path / "firms.xlsx", {"企业": rows})
    import_workbook(second_window, book, actor=USER)
    with pytest.raises(ConflictError):
        update_firm(demo_db, firm.id, {"employees": 42}, actor=USER, expected_version=firm.version)
    import_workbook(demo_db, book, actor=USER)  # unchanged: nothing written, nothing stamped
    rows[1][2] = 43
    import_workbook(demo_db, write_book(tmp_path / "mine.xlsx", {"企业": rows}), actor=USER)
    update_firm(demo_db, firm.id, {"employees": 44}, actor=USER, expected_version=firm.version)
    assert employees(demo_db, firm.id) == 44


def test_a_row_written_before_sessions_were_kept_conflicts_when_stale(demo_db: Database) -> None:
    firm = a_firm(demo_db)
    with demo_db.transaction() as session:
        session.execute(
            update(Firm)
            .where(Firm.id == firm.id)
            .values(version=Firm.version + 1, updated_session=None, updated_by=USER)
        )
    with pytest.raises(ConflictError):
        update_firm(demo_db, firm.id, {"employees": 51}, actor=USER, expected_version=firm.version)
