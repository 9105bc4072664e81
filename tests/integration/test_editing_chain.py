"""Editing a chain's graph through the services: segments, links, firms attached, targets."""

from __future__ import annotations

import pytest
from editing_support import add_user, content, elsewhere, segment_id
from sqlalchemy import select

from chainchief.domain.enums import Role, SegmentStatus, Tier, UserRole
from chainchief.domain.errors import ConflictError, RuleViolation
from chainchief.services.admin.permissions import PermissionDenied
from chainchief.services.chains.chain_map import chain_map
from chainchief.services.chains.editing import (
    add_link,
    add_segment,
    delete_link,
    delete_segment,
    segment_deletion_summary,
    segment_problem,
    update_segment,
)
from chainchief.services.chains.lists import require_chain
from chainchief.services.chains.pins import pin_segment
from chainchief.services.firms.ledger import create_firm
from chainchief.services.firms.memberships import (
    attach_firm,
    detach_firm,
    segment_memberships,
    update_membership,
)
from chainchief.services.firms.targets import add_target
from chainchief.services.kernel.removals import restore
from chainchief.store.models import AuditEntry, Link

CHAIN = "集成电路"


def card(db, chain_id: int, segment: int):
    return chain_map(db, chain_id).card(segment)


def test_a_new_segment_and_link_are_stored_audited_and_undone_through_restore(demo_db) -> None:
    chain_id = require_chain(demo_db, CHAIN)
    start = content(demo_db)
    added = add_segment(
        demo_db, chain_id, {"name": "光刻胶", "tier": "上游", "key": "是"}, actor="lead"
    )
    wafer = segment_id(demo_db, CHAIN, "晶圆制造")
    link = add_link(demo_db, added.id, wafer, actor="lead")
    shown = chain_map(demo_db, chain_id)
    new_card = shown.card(added.id)
    assert (new_card.name, new_card.tier, new_card.key) == ("光刻胶", Tier.UPSTREAM, True)
    assert (added.id, wafer) in {(ln.upstream, ln.downstream) for ln in shown.links}
    with demo_db.transaction() as session:
        entries = session.execute(
            select(AuditEntry.action, AuditEntry.entity, AuditEntry.key).order_by(AuditEntry.id)
        ).all()[-2:]
    assert [tuple(e) for e in entries] == [
        ("create", "segment", f"{CHAIN}/光刻胶"),
        ("create", "link", f"{CHAIN}/光刻胶→晶圆制造"),
    ]
    link_gone = delete_link(demo_db, added.id, wafer, actor="lead")
    segment_gone = delete_segment(demo_db, added.id, actor="lead", expected_version=added.version)
    assert content(demo_db) == start
    restore(demo_db, segment_gone, actor="lead")
    restore(demo_db, link_gone, actor="lead")
    with demo_db.transaction() as session:
        assert session.get(Link, link.id) is not None


def test_a_link_closing_a_cycle_is_refused_naming_the_cycle(demo_db) -> None:
    chain_id = require_chain(demo_db, CHAIN)
    first = add_segment(demo_db, chain_id, {"name": "甲", "tier": "midstream"}, actor="lead")
    second = add_segment(demo_db, chain_id, {"name": "乙", "tier": "midstream"}, actor="lead")
    add_link(demo_db, first.id, second.id, actor="lead")
    before = content(demo_db)
    with pytest.raises(RuleViolation, match="甲 → 乙 → 甲"):
        add_link(demo_db, second.id, first.id, actor="lead")
    assert content(demo_db) == before


def test_links_against_tier_order_and_duplicates_are_refused(demo_db) -> None:
    wafer = segment_id(demo_db, CHAIN, "晶圆制造")
    equipment = segment_id(demo_db, CHAIN, "半导体设备")
    with pytest.raises(RuleViolation, match="links run from upstream to downstream"):
        add_link(demo_db, wafer, equipment, actor="lead")
    with pytest.raises(RuleViolation, match="already supplies"):
        add_link(demo_db, equipment, wafer, actor="lead")


def test_a_tier_change_that_would_break_a_link_is_refused(demo_db) -> None:
    chain_id = require_chain(demo_db, CHAIN)
    added = add_segment(demo_db, chain_id, {"name": "靶材", "tier": "upstream"}, actor="lead")
    add_link(demo_db, added.id, segment_id(demo_db, CHAIN, "晶圆制造"), actor="lead")
    with pytest.raises(RuleViolation, match="靶材"):
        update_segment(
            demo_db, added.id, {"tier": "downstream"}, actor="lead", expected_version=added.version
        )
    change = update_segment(
        demo_db, added.id, {"tier": "midstream"}, actor="lead", expected_version=added.version
    )
    assert (change.before, change.after) == ({"tier": "upstream"}, {"tier": "midstream"})


def test_segment_names_are_unique_within_a_chain_and_required(demo_db) -> None:
    chain_id = require_chain(demo_db, CHAIN)
    with pytest.raises(RuleViolation, match="晶圆制造"):
        add_segment(demo_db, chain_id, {"name": "晶圆制造", "tier": "midstream"}, actor="lead")
    with pytest.raises(RuleViolation):
        add_segment(demo_db, chain_id, {"name": "  ", "tier": "midstream"}, actor="lead")
    assert segment_problem("tier", "中间") is not None
    assert segment_problem("tier", "中游") is None


def test_deleting_a_segment_says_what_goes_and_restore_puts_all_of_it_back(demo_db) -> None:
    wafer = segment_id(demo_db, CHAIN, "晶圆制造")
    summary = segment_deletion_summary(demo_db, wafer)
    assert any(line.startswith("Links:") for line in summary)
    assert any(line.startswith("Target firms:") for line in summary)
    before = content(demo_db)
    removal = delete_segment(demo_db, wafer, actor="lead", expected_version=None)
    assert removal.count("links") > 0 and removal.count("targets") > 0
    assert content(demo_db) != before
    restore(demo_db, removal, actor="lead")
    assert content(demo_db) == before


def test_restoring_is_refused_when_the_name_was_taken_meanwhile(demo_db) -> None:
    chain_id = require_chain(demo_db, CHAIN)
    wafer = segment_id(demo_db, CHAIN, "晶圆制造")
    removal = delete_segment(demo_db, wafer, actor="lead", expected_version=None)
    add_segment(demo_db, chain_id, {"name": "晶圆制造", "tier": "midstream"}, actor="other")
    with pytest.raises(ConflictError, match="cannot be put back"):
        restore(demo_db, removal, actor="lead")


def test_an_edit_on_an_old_version_is_refused_naming_who_changed_it(demo_db) -> None:
    chain_id = require_chain(demo_db, CHAIN)
    added = add_segment(demo_db, chain_id, {"name": "测试", "tier": "upstream"}, actor="lead")
    with elsewhere(demo_db) as other:
        update_segment(
            other, added.id, {"description": "新说明"}, actor="张三", expected_version=added.version
        )
    with pytest.raises(ConflictError, match="张三"):
        update_segment(
            demo_db, added.id, {"name": "改名"}, actor="lead", expected_version=added.version
        )


def test_attaching_a_new_local_firm_turns_a_missing_segment_weak(demo_db) -> None:
    chain_id = require_chain(demo_db, CHAIN)
    missing = segment_id(demo_db, CHAIN, "通信与数据中心")
    assert card(demo_db, chain_id, missing).status is SegmentStatus.MISSING
    add_target(demo_db, missing, {"firm": "南京云联通信有限公司", "stage": "接洽"}, actor="lead")
    firm = create_firm(demo_db, {"name": "南京新联通信有限公司"}, actor="lead")
    attached = attach_firm(demo_db, firm.id, missing, {"role": "骨干"}, actor="lead")
    shown = card(demo_db, chain_id, missing)
    assert shown.status is SegmentStatus.WEAK
    assert "南京云联通信有限公司" in {t.firm for t in shown.fill_candidates}
    members = segment_memberships(demo_db, missing)
    assert ("南京新联通信有限公司", Role.CORE) in [(m.firm, m.role) for m in members]
    with pytest.raises(RuleViolation, match="already serves"):
        attach_firm(demo_db, firm.id, missing, {"role": "配套"}, actor="lead")
    change = update_membership(
        demo_db, attached.id, {"role": "leading"}, actor="lead", expected_version=attached.version
    )
    assert change.before == {"role": "core"}
    detach_firm(demo_db, attached.id, actor="lead", expected_version=change.version)
    assert card(demo_db, chain_id, missing).status is SegmentStatus.MISSING


def test_a_viewer_may_not_edit_and_a_lead_only_their_own_chains(demo_db) -> None:
    chain_id = require_chain(demo_db, CHAIN)
    add_user(demo_db, "观察员", UserRole.VIEWER)
    add_user(demo_db, "马骏", UserRole.LEAD, (CHAIN,))
    before = content(demo_db)
    with pytest.raises(PermissionDenied):
        add_segment(demo_db, chain_id, {"name": "新环节", "tier": "upstream"}, actor="观察员")
    other_chain = require_chain(demo_db, "新能源汽车")
    with pytest.raises(PermissionDenied):
        add_segment(demo_db, other_chain, {"name": "新环节", "tier": "upstream"}, actor="马骏")
    assert content(demo_db) == before
    add_segment(demo_db, chain_id, {"name": "新环节", "tier": "upstream"}, actor="马骏")


def test_a_later_change_conflicts_whoever_made_it(demo_db) -> None:
    """Two windows or PCs signed in as one user are two edit sessions (issue 18, defect 5):
    a version read before the other session's pin is stale for the same person too."""
    chain_id = require_chain(demo_db, CHAIN)
    mine = add_segment(demo_db, chain_id, {"name": "钉住", "tier": "upstream"}, actor="lead")
    with elsewhere(demo_db) as second_window:
        pin_segment(second_window, mine.id, 10.0, 20.0, actor="lead")
    with pytest.raises(ConflictError):
        delete_segment(demo_db, mine.id, actor="lead", expected_version=mine.version)
    theirs = add_segment(demo_db, chain_id, {"name": "他人", "tier": "upstream"}, actor="lead")
    with elsewhere(demo_db) as other:
        pin_segment(other, theirs.id, 10.0, 20.0, actor="王五")
    with pytest.raises(ConflictError, match="王五"):
        delete_segment(demo_db, theirs.id, actor="lead", expected_version=theirs.version)
