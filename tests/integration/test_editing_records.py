"""Editing the ledgers through the services: firms, targets and their history, projects, people."""

from __future__ import annotations

import datetime as dt

import pytest
from editing_support import content, elsewhere, segment_id
from sqlalchemy import select

from chainchief.domain.enums import Stage
from chainchief.domain.errors import ConflictError, RuleViolation
from chainchief.services.chains.lists import require_chain
from chainchief.services.directory.departments import (
    create_department,
    list_departments,
    update_department,
)
from chainchief.services.directory.people import delete_person, list_people, update_person
from chainchief.services.firms.ledger import (
    create_firm,
    delete_firm,
    firm_problem,
    list_firms,
    update_firm,
)
from chainchief.services.firms.projects import create_project, list_projects, update_project
from chainchief.services.firms.targets import (
    add_target,
    count_by_stage,
    is_stale,
    list_targets,
    stage_history,
    update_target,
)
from chainchief.services.kernel.removals import restore
from chainchief.store.models import ActionItem, AuditEntry, Chain, Department

CHAIN = "集成电路"
GOOD_USCC = "91110108551385082Q"
BAD_CHECK_DIGIT = "91110108551385082A"


def test_a_uscc_with_a_wrong_check_digit_is_refused_with_the_importers_words(demo_db) -> None:
    assert "check digit" in (firm_problem("uscc", BAD_CHECK_DIGIT) or "")
    assert "18 characters" in (firm_problem("uscc", "9111") or "")
    assert firm_problem("uscc", GOOD_USCC.lower()) is None
    assert firm_problem("uscc", "") is None
    firm = create_firm(demo_db, {"name": "南京测试科技有限公司"}, actor="member")
    with pytest.raises(RuleViolation, match="check digit"):
        update_firm(
            demo_db,
            firm.id,
            {"uscc": BAD_CHECK_DIGIT},
            actor="member",
            expected_version=firm.version,
        )
    change = update_firm(
        demo_db, firm.id, {"uscc": GOOD_USCC.lower()}, actor="member", expected_version=firm.version
    )
    assert change.after == {"uscc": GOOD_USCC}


def test_a_uscc_another_firm_has_is_refused(demo_db) -> None:
    create_firm(demo_db, {"name": "甲公司", "uscc": GOOD_USCC}, actor="member")
    with pytest.raises(RuleViolation, match="甲公司"):
        create_firm(demo_db, {"name": "乙公司", "uscc": GOOD_USCC}, actor="member")


def test_firm_fields_are_parsed_like_workbook_cells(demo_db) -> None:
    firm = create_firm(
        demo_db,
        {
            "name": "丙公司",
            "location": "区外",
            "tags": "规上、高新技术企业，自定义",
            "revenue": "12,500",
        },
        actor="member",
    )
    row = next(r for r in list_firms(demo_db) if r.id == firm.id)
    assert row.tags == ("规上", "高新技术企业", "自定义")
    assert (row.revenue, row.location.value) == (12500.0, "outside")
    with pytest.raises(RuleViolation, match="Negative"):
        update_firm(demo_db, firm.id, {"revenue": "-1"}, actor="member", expected_version=None)


def test_deleting_a_firm_takes_its_memberships_and_restore_brings_them_back(demo_db) -> None:
    served = next(row for row in list_firms(demo_db) if len(row.segments) > 1)
    before = content(demo_db)
    removal = delete_firm(demo_db, served.id, actor="member", expected_version=served.version)
    assert removal.count("memberships") == len(served.segments)
    restore(demo_db, removal, actor="member")
    assert content(demo_db) == before


def test_every_stage_change_is_recorded_in_the_history(demo_db) -> None:
    wafer = segment_id(demo_db, CHAIN, "晶圆制造")
    target = add_target(demo_db, wafer, {"firm": "测试晶圆有限公司", "owner": "马骏"}, actor="马骏")
    first = update_target(
        demo_db, target.id, {"stage": "接洽"}, actor="马骏", expected_version=target.version
    )
    with elsewhere(demo_db) as other:
        update_target(
            other, target.id, {"stage": "negotiating", "next_step": "三月初拜访"},
            actor="徐璟", expected_version=first.version,
        )  # fmt: skip
    history = stage_history(demo_db, target.id)
    assert [(s.from_stage, s.to_stage, s.by) for s in history] == [
        (None, Stage.RESERVE, "马骏"),
        (Stage.RESERVE, Stage.CONTACT, "马骏"),
        (Stage.CONTACT, Stage.NEGOTIATING, "徐璟"),
    ]
    row = next(r for r in list_targets(demo_db) if r.id == target.id)
    assert (row.stage, row.owner, row.next_step) == (Stage.NEGOTIATING, "马骏", "三月初拜访")
    with pytest.raises(ConflictError, match="徐璟"):
        update_target(
            demo_db, target.id, {"stage": "签约"}, actor="马骏", expected_version=first.version
        )


def test_targets_untouched_for_ninety_days_are_stale_unless_settled(demo_db, monkeypatch) -> None:
    today = dt.date(2027, 6, 30)
    assert is_stale(Stage.CONTACT, today - dt.timedelta(days=91), today)
    assert not is_stale(Stage.CONTACT, today - dt.timedelta(days=90), today)
    assert not is_stale(Stage.LANDED, today - dt.timedelta(days=400), today)
    rows = list_targets(demo_db)
    assert not any(row.stale for row in rows)
    later = max(row.last_change for row in rows) + dt.timedelta(days=91)
    monkeypatch.setenv("CHAINCHIEF_TODAY", later.isoformat())
    aged = list_targets(demo_db)
    assert {row.id for row in aged if row.stale} == {
        row.id for row in aged if row.stage not in (Stage.LANDED, Stage.DROPPED)
    }
    counts = count_by_stage(aged)
    assert list(counts) == list(Stage) and sum(counts.values()) == len(aged)


def test_a_project_names_a_segment_of_its_own_chain(demo_db) -> None:
    chain_id = require_chain(demo_db, CHAIN)
    values = {"name": "12英寸晶圆线", "segment": "晶圆制造", "signed_on": "2027/3/31"}
    project = create_project(demo_db, chain_id, values, actor="member")
    row = next(r for r in list_projects(demo_db) if r.id == project.id)
    assert (row.segment, row.signed_on, row.stage.value) == (
        "晶圆制造",
        dt.date(2027, 3, 31),
        "signed",
    )
    with pytest.raises(RuleViolation, match="锂矿资源"):
        update_project(
            demo_db, project.id, {"segment": "锂矿资源"}, actor="member", expected_version=None
        )


def test_unavailable_dates_and_departments_of_people(demo_db) -> None:
    person = next(row for row in list_people(demo_db) if row.name == "马骏")
    change = update_person(
        demo_db, person.id, {"unavailable": [dt.date(2027, 5, 6), "2027-05-04", "2027年5月6日"]},
        actor="member", expected_version=person.version,
    )  # fmt: skip
    assert change.after == {"unavailable": [dt.date(2027, 5, 4), dt.date(2027, 5, 6)]}
    update_person(
        demo_db, person.id, {"unavailable": [dt.date(2027, 5, 4)], "department": "新部门"},
        actor="member", expected_version=change.version,
    )  # fmt: skip
    row = next(r for r in list_people(demo_db) if r.id == person.id)
    assert row.unavailable == (dt.date(2027, 5, 4),) and row.department == "新部门"
    assert row.team_lead_of == (CHAIN,)
    created = create_department(demo_db, {"name": "数据局"}, actor="member")
    update_department(
        demo_db,
        created.id,
        {"name": "数据资源局"},
        actor="member",
        expected_version=created.version,
    )
    assert "数据资源局" in {d.name for d in list_departments(demo_db)}
    with pytest.raises(RuleViolation, match="新部门"):
        update_department(demo_db, created.id, {"name": "新部门"}, actor="m", expected_version=None)


def test_deleting_a_chief_leaves_the_chain_without_one_until_restored(demo_db) -> None:
    chief = next(row for row in list_people(demo_db) if len(row.chief_of) > 1)
    before = content(demo_db)
    removal = delete_person(demo_db, chief.id, actor="admin", expected_version=chief.version)
    assert len(removal.cleared) >= len(chief.chief_of)
    restore(demo_db, removal, actor="admin")
    assert content(demo_db) == before
    with demo_db.transaction() as session:
        actions = session.scalars(select(AuditEntry.action).where(AuditEntry.key == chief.name))
        assert list(actions)[-2:] == ["delete", "restore"]


def test_departments_list_the_chains_where_they_own_action_items(demo_db) -> None:
    with demo_db.transaction() as session:
        owned = {
            (department, chain)
            for department, chain in session.execute(
                select(Department.name, Chain.name)
                .join(ActionItem, ActionItem.department_id == Department.id)
                .join(Chain, Chain.id == ActionItem.chain_id)
            )
        }
    rows = list_departments(demo_db)
    listed = {(row.name, chain) for row in rows for chain in row.action_items_in}
    assert listed == owned and len({chain for _name, chain in owned}) > 1
