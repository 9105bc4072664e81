"""A name in a workbook that differs from a stored one only in case, width or spaces is that
stored name (issue 18, item 3): the row updates or refers to the stored record."""

from __future__ import annotations

from exchange_support import write_book
from sqlalchemy import func, select

from chainchief.services.firms.ledger import create_firm
from chainchief.services.workbooks.importing import import_workbook
from chainchief.store.db import Database
from chainchief.store.models import Chain, Firm, Membership, Person, Segment

STORED = "AI视觉科技有限公司"
CHAIN = "新能源汽车"


def firms_named_like(db: Database, name: str) -> list[tuple[str, int | None]]:
    with db.transaction() as session:
        rows = session.execute(select(Firm.name, Firm.employees).where(Firm.name.ilike(name)))
        return sorted((found, employees) for found, employees in rows)


def count(db: Database, model: type) -> int:
    with db.transaction() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def test_a_firm_in_other_case_or_width_updates_the_stored_firm(demo_db: Database, tmp_path) -> None:
    create_firm(demo_db, {"name": STORED, "employees": 5}, actor="admin")
    firms = count(demo_db, Firm)
    rows = [["企业名称", "从业人数"], ["ai视觉科技有限公司", 10]]
    import_workbook(demo_db, write_book(tmp_path / "lower.xlsx", {"企业": rows}), actor="admin")
    assert firms_named_like(demo_db, "%视觉科技有限公司") == [(STORED, 10)]
    rows = [["企业名称", "从业人数"], ["ＡＩ 视觉科技有限公司", 11]]
    import_workbook(demo_db, write_book(tmp_path / "wide.xlsx", {"企业": rows}), actor="admin")
    assert firms_named_like(demo_db, "%视觉科技有限公司") == [(STORED, 11)]
    assert count(demo_db, Firm) == firms


def test_references_take_the_stored_spelling(demo_db: Database, tmp_path) -> None:
    create_firm(demo_db, {"name": STORED}, actor="admin")
    with demo_db.transaction() as session:
        segment = session.scalar(
            select(Segment.name).join(Chain).where(Chain.name == CHAIN).order_by(Segment.id)
        )
        person = session.scalar(select(Person.name).order_by(Person.id))
    assert segment and person
    people = count(demo_db, Person)
    sheets = {
        "企业环节": [
            ["企业名称", "产业链名称", "环节名称", "角色"],
            ["Ai视觉科技 有限公司", f" {CHAIN[:2]} {CHAIN[2:]}", segment, "配套"],
        ],
        "人员": [["姓名", "职务"], [f"{person[0]} {person[1:]}", "科长"]],
    }
    import_workbook(demo_db, write_book(tmp_path / "refs.xlsx", sheets), actor="admin")
    with demo_db.transaction() as session:
        attached = session.scalar(
            select(func.count()).select_from(Membership).join(Firm).where(Firm.name == STORED)
        )
        title = session.scalar(select(Person.title).where(Person.name == person))
    assert attached == 1
    assert title == "科长"
    assert count(demo_db, Person) == people


def test_a_name_spelled_as_stored_in_a_dry_run_changes_nothing(demo_db: Database, tmp_path) -> None:
    create_firm(demo_db, {"name": STORED, "employees": 5}, actor="admin")
    rows = [["企业名称", "从业人数"], ["ai视觉科技有限公司", 5]]
    result = import_workbook(
        demo_db, write_book(tmp_path / "same.xlsx", {"企业": rows}), actor="admin", dry_run=True
    )
    (sheet,) = result.sheets
    assert (sheet.added, sheet.updated, sheet.unchanged) == (0, 0, 1)
    assert result.changes == ()
