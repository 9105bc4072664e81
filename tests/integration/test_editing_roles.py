"""Chain roles through the services: one chief and one team lead per chain, two people."""

from __future__ import annotations

import pytest
from editing_support import add_user, chain_version, content, elsewhere

from chainchief.domain.enums import SegmentStatus, UserRole
from chainchief.domain.errors import ConflictError, RuleViolation
from chainchief.services.admin.permissions import PermissionDenied
from chainchief.services.chains.chain_map import chain_map
from chainchief.services.chains.roles import (
    chain_problem,
    create_chain,
    delete_chain,
    list_chain_roles,
    update_chain,
)
from chainchief.services.kernel.removals import restore
from chainchief.store.models import Chain

CHAIN = "集成电路"


def roles(db, name: str):
    return next(row for row in list_chain_roles(db) if row.name == name)


def test_a_new_chief_replaces_the_old_one_and_may_chief_several_chains(demo_db) -> None:
    chain_id, version = chain_version(demo_db, CHAIN)
    other = roles(demo_db, "新能源汽车")
    change = update_chain(
        demo_db, chain_id, {"chief": other.chief}, actor="admin", expected_version=version
    )
    assert change.before == {"chief": "吴志刚"} and change.after == {"chief": other.chief}
    chiefs = [row.chief for row in list_chain_roles(demo_db)]
    assert chiefs.count(other.chief) == 2


def test_the_chief_and_the_team_lead_are_two_different_people(demo_db) -> None:
    chain_id, version = chain_version(demo_db, CHAIN)
    current = roles(demo_db, CHAIN)
    with pytest.raises(RuleViolation, match="one chief and one team lead"):
        update_chain(
            demo_db, chain_id, {"team_lead": current.chief}, actor="admin", expected_version=version
        )
    with pytest.raises(RuleViolation, match="team members are the others"):
        update_chain(
            demo_db, chain_id, {"members": [*current.members, current.team_lead]},
            actor="admin", expected_version=version,
        )  # fmt: skip
    assert roles(demo_db, CHAIN) == current


def test_a_chain_role_takes_one_name_only(demo_db) -> None:
    assert "one name" in (chain_problem("chief", "张三、李四") or "")
    assert chain_problem("chief", "张三") is None
    chain_id, version = chain_version(demo_db, CHAIN)
    with pytest.raises(RuleViolation, match="one name"):
        update_chain(
            demo_db, chain_id, {"team_lead": "张三,李四"}, actor="admin", expected_version=version
        )


def test_members_and_departments_keep_their_order_and_new_names_become_records(demo_db) -> None:
    chain_id, version = chain_version(demo_db, CHAIN)
    update_chain(
        demo_db, chain_id,
        {"members": "新成员、王昇；沈浩", "supporting_departments": ["数据局", "财政局"]},
        actor="admin", expected_version=version,
    )  # fmt: skip
    row = roles(demo_db, CHAIN)
    assert row.members == ("新成员", "王昇", "沈浩")
    assert row.supporting_departments == ("数据局", "财政局")
    with pytest.raises(RuleViolation, match="cannot also be a supporting department"):
        update_chain(
            demo_db, chain_id, {"lead_department": "数据局"}, actor="admin", expected_version=None
        )


def test_the_local_firm_threshold_changes_the_statuses(demo_db) -> None:
    chain_id, version = chain_version(demo_db, CHAIN)
    weak_before = chain_map(demo_db, chain_id).weak
    update_chain(
        demo_db, chain_id, {"min_local_firms": "1"}, actor="admin", expected_version=version
    )
    shown = chain_map(demo_db, chain_id)
    assert shown.weak == 0 < weak_before
    assert all(card.status is not SegmentStatus.WEAK for card in shown.cards)
    assert chain_problem("min_local_firms", "0") is not None
    update_chain(demo_db, chain_id, {"min_local_firms": ""}, actor="admin", expected_version=None)
    assert roles(demo_db, CHAIN).min_local_firms == 2


def test_a_stale_chain_edit_is_refused(demo_db) -> None:
    chain_id, version = chain_version(demo_db, CHAIN)
    with elsewhere(demo_db) as other:
        update_chain(other, chain_id, {"description": "甲"}, actor="李四", expected_version=version)
    with pytest.raises(ConflictError, match="李四"):
        update_chain(
            demo_db, chain_id, {"description": "乙"}, actor="admin", expected_version=version
        )


def test_only_administrators_create_or_delete_chains(demo_db) -> None:
    add_user(demo_db, "管理员甲", UserRole.ADMIN)
    add_user(demo_db, "马骏", UserRole.LEAD, (CHAIN,))
    with pytest.raises(PermissionDenied):
        create_chain(demo_db, {"name": "低空经济"}, actor="马骏")
    create_chain(
        demo_db, {"name": "低空经济", "chief": "陈立新", "team_lead": "新人"}, actor="管理员甲"
    )
    row = roles(demo_db, "低空经济")
    assert (row.chief, row.team_lead, row.min_local_firms) == ("陈立新", "新人", 2)
    chain_id, version = chain_version(demo_db, CHAIN)
    before = content(demo_db)
    removal = delete_chain(demo_db, chain_id, actor="管理员甲", expected_version=version)
    assert removal.count("segments") > 0
    restore(demo_db, removal, actor="管理员甲")
    assert content(demo_db) == before


def test_a_chain_imported_against_a_role_rule_still_takes_other_edits(demo_db) -> None:
    chain_id, _version = chain_version(demo_db, CHAIN)
    current = roles(demo_db, CHAIN)
    with demo_db.transaction() as session:
        chain = session.get(Chain, chain_id)
        chain.team_lead_id = chain.chief_id
    change = update_chain(
        demo_db, chain_id, {"min_local_firms": 3}, actor="admin", expected_version=None
    )
    assert change.after == {"min_local_firms": 3}
    with pytest.raises(RuleViolation, match="one chief and one team lead"):
        update_chain(
            demo_db,
            chain_id,
            {"members": list(current.members)[:1]},
            actor="admin",
            expected_version=None,
        )
