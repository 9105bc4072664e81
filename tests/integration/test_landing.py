"""落地 → 区内企业: a landed target becomes a local firm of its segment, as one undoable step."""

from __future__ import annotations

from editing_support import content
from sqlalchemy import select

from chainchief.domain.enums import Location, Role, SegmentStatus, Stage
from chainchief.services.chains.chain_map import chain_map_by_name
from chainchief.services.firms.landing import land_target_as_firm, undo_landing
from chainchief.services.firms.ledger import create_firm
from chainchief.services.firms.targets import list_targets
from chainchief.store.db import Database
from chainchief.store.models import AuditEntry, Firm, Membership

CHAIN = "集成电路"


def missing_segment_target(db: Database, *, known_firm: bool):
    """A target of a segment without local firms, whose firm is (or is not) in the ledger."""
    chain = chain_map_by_name(db, CHAIN)
    missing = {c.segment_id for c in chain.cards if c.status is SegmentStatus.MISSING}
    with db.transaction() as session:
        known = set(session.scalars(select(Firm.name)))
    return next(
        t
        for t in list_targets(db)
        if t.segment_id in missing
        and t.stage is not Stage.LANDED
        and (t.firm in known) == known_firm
    )


def card(db: Database, segment_id: int):
    return chain_map_by_name(db, CHAIN).card(segment_id)


def test_landing_makes_a_local_firm_serve_the_segment_and_undo_takes_it_back(
    demo_db: Database,
) -> None:
    target = missing_segment_target(demo_db, known_firm=False)
    before_count = card(demo_db, target.segment_id).local_firms
    before = content(demo_db)

    landing = land_target_as_firm(demo_db, target.id, actor="lead", expected_version=target.version)

    assert landing.created_firm is not None and landing.membership is not None
    assert card(demo_db, target.segment_id).local_firms == before_count + 1
    with demo_db.transaction() as session:
        firm = session.get(Firm, landing.firm_id)
        assert (firm.name, firm.location) == (target.firm, Location.IN_ZONE.value)
        role = session.scalar(
            select(Membership.role).where(
                Membership.firm_id == firm.id, Membership.segment_id == target.segment_id
            )
        )
        assert role == Role.SUPPORTING.value
        entities = {
            e.entity for e in session.scalars(select(AuditEntry).where(AuditEntry.user == "lead"))
        }
    assert {"target", "firm", "membership"} <= entities
    assert next(t for t in list_targets(demo_db) if t.id == target.id).stage is Stage.LANDED

    undo_landing(demo_db, landing, actor="lead")
    assert content(demo_db) == before
    assert card(demo_db, target.segment_id).local_firms == before_count


def test_landing_reuses_the_firm_of_the_same_name_and_brings_it_into_the_zone(
    demo_db: Database,
) -> None:
    target = missing_segment_target(demo_db, known_firm=False)
    outside = create_firm(
        demo_db, {"name": target.firm, "location": Location.OUTSIDE.value}, actor="lead"
    )
    before_count = card(demo_db, target.segment_id).local_firms
    before = content(demo_db)
    with demo_db.transaction() as session:
        firms = session.scalar(select(Firm.id).order_by(Firm.id.desc()).limit(1))

    landing = land_target_as_firm(demo_db, target.id, actor="lead", expected_version=target.version)

    assert landing.firm_id == outside.id and landing.created_firm is None
    assert landing.firm_change is not None
    with demo_db.transaction() as session:
        assert session.scalar(select(Firm.id).order_by(Firm.id.desc()).limit(1)) == firms
        assert session.get(Firm, outside.id).location == Location.IN_ZONE.value
    assert card(demo_db, target.segment_id).local_firms == before_count + 1
    undo_landing(demo_db, landing, actor="lead")
    assert content(demo_db) == before
