"""Pinned card positions on the chain map: the user's hand placement, kept in the database.

A pin is data every user of the chain sees alike, so it goes through a service with an audit
row and a version bump like any other edit; the layout honours pins when it places cards.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import select

from chainchief.domain.errors import NotFoundError
from chainchief.i18n import _
from chainchief.services.admin.audit import record
from chainchief.services.admin.permissions import Permission, require
from chainchief.store.conflicts import check_version
from chainchief.store.db import Database
from chainchief.store.models import Chain, Segment

Pin = tuple[float, float]
"""A card's top-left corner on the map."""


def pin_segment(
    db: Database,
    segment_id: int,
    x: float,
    y: float,
    *,
    actor: str,
    expected_version: int | None = None,
) -> Pin | None:
    """Fix the top-left corner of a segment's card at (x, y) in map coordinates; returns where
    it was pinned before (None: it was free), which ``restore_pins`` puts back."""
    with db.transaction() as session:
        chain_id = session.scalar(select(Segment.chain_id).where(Segment.id == segment_id))
        if chain_id is None:
            raise NotFoundError(_("The segment no longer exists."))
        require(session, actor, Permission.EDIT_CHAIN, [chain_id])
        segment = session.get(Segment, segment_id)
        if segment is None:
            raise NotFoundError(_("The segment no longer exists."))
        check_version(segment, expected_version)
        previous = _pin_of(segment)
        old = [segment.pin_x, segment.pin_y]
        segment.pin_x, segment.pin_y = round(float(x), 1), round(float(y), 1)
        segment.updated_by = actor
        session.flush()
        chain = session.get(Chain, segment.chain_id)
        record(
            session,
            user=actor,
            action="pin",
            entity="segment",
            key=f"{chain.name if chain else segment.chain_id}/{segment.name}",
            changes={"pin": [old, [segment.pin_x, segment.pin_y]]},
        )
        return previous


def _pin_of(segment: Segment) -> Pin | None:
    if segment.pin_x is None or segment.pin_y is None:
        return None
    return (segment.pin_x, segment.pin_y)


def clear_pins(db: Database, chain_id: int, *, actor: str) -> dict[int, Pin]:
    """Unpin every card of a chain (重新布局); returns the pins it took away, by segment, which
    ``restore_pins`` puts back."""
    with db.transaction() as session:
        require(session, actor, Permission.EDIT_CHAIN, [chain_id])
        chain = session.get(Chain, chain_id)
        if chain is None:
            raise NotFoundError(_("The chain no longer exists."))
        pinned = session.scalars(
            select(Segment).where(Segment.chain_id == chain_id, Segment.pin_x.is_not(None))
        ).all()
        taken = {segment.id: pin for segment in pinned if (pin := _pin_of(segment)) is not None}
        for segment in pinned:
            segment.pin_x = segment.pin_y = None
            segment.updated_by = actor
        session.flush()
        if pinned:
            record(
                session,
                user=actor,
                action="unpin",
                entity="chain",
                key=chain.name,
                changes={"pinned": [len(pinned), 0]},
            )
        return taken


def restore_pins(
    db: Database, chain_id: int, pins: Mapping[int, Pin | None], *, actor: str
) -> dict[int, Pin | None]:
    """Put the cards of one chain back where ``pins`` says (None: free), as an undo of a pin or
    a re-layout; returns what they were before, for the redo. Audited like a pin."""
    with db.transaction() as session:
        require(session, actor, Permission.EDIT_CHAIN, [chain_id])
        chain = session.get(Chain, chain_id)
        if chain is None:
            raise NotFoundError(_("The chain no longer exists."))
        before: dict[int, Pin | None] = {}
        for segment_id, pin in sorted(pins.items()):
            segment = session.get(Segment, segment_id)
            if segment is None or segment.chain_id != chain_id:
                raise NotFoundError(_("The segment no longer exists."))
            before[segment_id] = _pin_of(segment)
            segment.pin_x, segment.pin_y = pin if pin is not None else (None, None)
            segment.updated_by = actor
            session.flush()
            record(
                session,
                user=actor,
                action="pin",
                entity="segment",
                key=f"{chain.name}/{segment.name}",
                changes={"pin": [list(before[segment_id] or (None, None)),
                                 list(pin or (None, None))]},
            )  # fmt: skip
        return before
