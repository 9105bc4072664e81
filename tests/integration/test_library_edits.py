"""The cultivation library edited in the app (issue 22): add, change, take out, put back —
each checked, audited and undoable like any other record."""

from __future__ import annotations

import pytest
from editing_support import elsewhere
from sqlalchemy import select

from chainchief.domain.enums import CultivationTier
from chainchief.domain.errors import ConflictError, RuleViolation
from chainchief.services.admin import audit
from chainchief.services.kernel.removals import restore
from chainchief.services.registers import (
    add_to_library,
    delete_visit,
    list_library,
    list_visits,
    remove_from_library,
    update_library_entry,
    update_visit,
)
from chainchief.store.db import Database
from chainchief.store.models import CultivatedFirm, Firm, Person

ACTOR = "admin"


def outside_library(db: Database) -> tuple[int, str]:
    with db.transaction() as session:
        placed = select(CultivatedFirm.firm_id)
        found = session.execute(
            select(Firm.id, Firm.name).where(Firm.id.not_in(placed)).order_by(Firm.id)
        ).first()
    assert found is not None
    return found.id, found.name


def entry(db: Database, firm_id: int):
    return next(row for row in list_library(db) if row.firm_id == firm_id)


def test_a_firm_is_added_changed_taken_out_and_put_back(demo_db: Database) -> None:
    firm_id, name = outside_library(demo_db)
    with demo_db.transaction() as session:
        officer = session.scalar(select(Person.name).order_by(Person.id))
    added = add_to_library(demo_db, firm_id, {"officer": officer}, actor=ACTOR)
    row = entry(demo_db, firm_id)
    assert (row.id, row.tier, row.officer) == (added.id, CultivationTier.RESERVE, officer)
    with pytest.raises(RuleViolation, match=name):
        add_to_library(demo_db, firm_id, {}, actor=ACTOR)

    change = update_library_entry(
        demo_db, added.id, {"tier": "重点培育", "note": "年内上市辅导"}, actor=ACTOR,
        expected_version=row.version,
    )  # fmt: skip
    row = entry(demo_db, firm_id)
    assert (row.tier, row.note) == (CultivationTier.KEY, "年内上市辅导")
    logged = audit.audit_entries(demo_db)[-1]
    assert (logged.action, logged.entity, logged.key) == ("edit", "cultivated_firm", name)
    assert logged.changes["tier"] == ["reserve_firm", "key_firm"]

    update_library_entry(  # undo: the fields before, from the version the change left
        demo_db, added.id, change.before, actor=ACTOR, expected_version=change.version
    )
    assert entry(demo_db, firm_id).tier is CultivationTier.RESERVE

    removal = remove_from_library(
        demo_db, added.id, actor=ACTOR, expected_version=entry(demo_db, firm_id).version
    )
    assert all(row.firm_id != firm_id for row in list_library(demo_db))
    restore(demo_db, removal, actor=ACTOR)
    assert entry(demo_db, firm_id).officer == officer


def test_a_change_made_elsewhere_meanwhile_is_a_conflict(demo_db: Database) -> None:
    row = list_library(demo_db)[0]
    with elsewhere(demo_db) as other:
        update_library_entry(other, row.id, {"note": "甲"}, actor="甲", expected_version=None)
    with pytest.raises(ConflictError, match="甲"):
        update_library_entry(
            demo_db, row.id, {"note": "乙"}, actor="乙", expected_version=row.version
        )
    assert entry(demo_db, row.firm_id).note == "甲"


def test_a_visit_is_changed_deleted_and_put_back(demo_db: Database) -> None:
    visit = list_visits(demo_db)[0]
    change = update_visit(
        demo_db, visit.id, {"demand": "协调用地指标"}, actor=ACTOR, expected_version=visit.version
    )
    logged = audit.audit_entries(demo_db)[-1]
    assert (logged.entity, logged.key) == (
        "visit",
        f"{visit.firm}/{visit.day.isoformat()}/{'、'.join(visit.visitors)}",
    )
    assert logged.changes == {"demand": [visit.demand, "协调用地指标"]}
    removal = delete_visit(demo_db, visit.id, actor=ACTOR, expected_version=change.version)
    assert all(row.id != visit.id for row in list_visits(demo_db))
    restore(demo_db, removal, actor=ACTOR)
    back = next(row for row in list_visits(demo_db) if row.id == visit.id)
    assert (back.visitors, back.demand) == (visit.visitors, "协调用地指标")


def test_a_visit_moved_onto_the_same_day_as_its_twin_is_refused(demo_db: Database) -> None:
    """Firm + day + first visitor is a visit's key (宁容动力 has two visits by 王昇)."""
    visits = list_visits(demo_db)
    first, twin = next(
        (a, b)
        for a in visits
        for b in visits
        if a.id != b.id and a.firm == b.firm and a.visitors[0] == b.visitors[0]
    )
    with pytest.raises(RuleViolation, match=first.firm):
        update_visit(
            demo_db, twin.id, {"day": first.day}, actor=ACTOR, expected_version=twin.version
        )
    assert next(v for v in list_visits(demo_db) if v.id == twin.id).day == twin.day
