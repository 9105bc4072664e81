"""The target-firm pipeline (目标企业库): add a target to a segment, move it through the stages,
drop it; every stage change is kept in its history (who, when, from → to).

A target nobody touched for ``STALE_AFTER`` while still in play is stale: the work team should
either follow it up or drop it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from chainchief.domain.clock import now, today
from chainchief.domain.enums import Stage
from chainchief.domain.errors import RuleViolation
from chainchief.domain.regions import normalise
from chainchief.exchange.parsers import parse_enum, parse_number
from chainchief.i18n import N_, _
from chainchief.services.admin.permissions import Permission, require
from chainchief.services.kernel import row_steps
from chainchief.services.kernel.edits import (
    Field,
    FieldChange,
    RowRef,
    apply_values,
    long_text,
    name_text,
    person_field,
    plain,
    problem,
    writing,
)
from chainchief.services.kernel.removals import Removal, take_away
from chainchief.store.conflicts import as_shanghai
from chainchief.store.db import Database
from chainchief.store.models import Chain, Person, Segment, StageChange, Target, table_of

STALE_AFTER = dt.timedelta(days=90)
SETTLED = frozenset({Stage.LANDED, Stage.DROPPED})
"""Stages where the pipeline work is over, so a target there never goes stale."""

TARGET_FIELDS: dict[str, Field] = {
    "firm": plain("firm_name", N_("Firm"), name_text, required=True),
    "region": plain("region", N_("Region"), name_text),
    "stage": plain("stage", N_("Stage"), lambda value: parse_enum(Stage, value), required=True),
    "owner": person_field("owner_id", N_("Owner")),
    "investment": plain("investment", N_("Planned investment (10k yuan)"), parse_number),
    "next_step": plain("next_step", N_("Next step"), long_text),
}


def target_problem(field: str, value: Any) -> str | None:
    """Why ``value`` would be refused for a target's ``field``, or None (checked as typed)."""
    return problem(TARGET_FIELDS, field, value)


def is_stale(stage: Stage, last_change: dt.date, on: dt.date) -> bool:
    """Still in play and untouched for longer than STALE_AFTER."""
    return stage not in SETTLED and on - last_change > STALE_AFTER


@dataclass(frozen=True)
class TargetRow:
    id: int
    version: int
    chain_id: int
    chain: str
    segment_id: int
    segment: str
    firm: str
    region: str | None
    stage: Stage
    owner: str | None
    investment: float | None
    next_step: str | None
    last_change: dt.date
    stale: bool


@dataclass(frozen=True)
class StageStep:
    """One line of a target's history."""

    at: dt.datetime
    by: str | None
    from_stage: Stage | None
    to_stage: Stage


def list_targets(
    db: Database, chain_id: int | None = None, ids: Collection[int] | None = None
) -> list[TargetRow]:
    """Every target (of one chain, or those of ``ids``, when given), by chain, segment and
    firm (code point)."""
    query = (
        select(Target, Segment.chain_id, Chain.name, Segment.name, Person.name)
        .join(Segment, Segment.id == Target.segment_id)
        .join(Chain, Chain.id == Segment.chain_id)
        .outerjoin(Person, Person.id == Target.owner_id)
    )
    if chain_id is not None:
        query = query.where(Segment.chain_id == chain_id)
    if ids is not None:
        query = query.where(Target.id.in_(ids))
    on = today()
    rows = []
    with db.transaction() as session:
        for target, chain_of, chain, segment, owner in session.execute(query):
            last = as_shanghai(target.updated_at).date()
            stage = Stage(target.stage)
            rows.append(
                TargetRow(
                    id=target.id,
                    version=target.version,
                    chain_id=chain_of,
                    chain=chain,
                    segment_id=target.segment_id,
                    segment=segment,
                    firm=target.firm_name,
                    region=target.region,
                    stage=stage,
                    owner=owner,
                    investment=target.investment,
                    next_step=target.next_step,
                    last_change=last,
                    stale=is_stale(stage, last, on),
                )
            )
    return sorted(rows, key=lambda row: (row.chain, row.segment, row.firm))


def count_by_stage(rows: Iterable[TargetRow]) -> dict[Stage, int]:
    """How many of ``rows`` are at each stage, every stage listed in pipeline order."""
    counts = Counter(row.stage for row in rows)
    return {stage: counts.get(stage, 0) for stage in Stage}


def stage_history(db: Database, target_id: int) -> list[StageStep]:
    """The target's stage changes, oldest first."""
    with db.transaction() as session:
        rows = session.execute(
            select(
                StageChange.changed_at,
                StageChange.changed_by,
                StageChange.from_stage,
                StageChange.to_stage,
            )
            .where(StageChange.target_id == target_id)
            .order_by(StageChange.changed_at, StageChange.id)
        ).all()
    return [
        StageStep(as_shanghai(at), by, Stage(before) if before else None, Stage(after))
        for at, by, before, after in rows
    ]


def _key(session: Session, segment: Segment, firm: str) -> str:
    chain = session.get(Chain, segment.chain_id)
    return f"{chain.name if chain else ''}/{segment.name}/{firm}"


def _refuse_duplicate(session: Session, segment: Segment, firm: str, own_id: int | None) -> None:
    where = (Target.segment_id == segment.id, Target.firm_name == firm)
    if row_steps.taken(session, Target, own_id, *where):
        raise RuleViolation(
            _("{firm} is already a target of {segment}.").format(firm=firm, segment=segment.name)
        )


def _record_stage(
    session: Session, target_id: int, before: str | None, after: str, actor: str
) -> None:
    session.add(
        StageChange(
            target_id=target_id,
            from_stage=before,
            to_stage=after,
            changed_at=now(),
            changed_by=actor,
        )
    )


def add_target(db: Database, segment_id: int, values: Mapping[str, Any], *, actor: str) -> RowRef:
    """A firm we try to attract to the segment; its first stage opens its history."""
    with writing(db, actor) as session:
        segment = row_steps.existing(
            session, Segment, segment_id, _("The segment no longer exists.")
        )
        require(session, actor, Permission.EDIT_WORK, [segment.chain_id])
        given = {"stage": Stage.RESERVE.value} | dict(values)
        target = Target(segment_id=segment_id, updated_by=actor)
        after = row_steps.fill_new(session, target, TARGET_FIELDS, given)
        _place(target)
        _refuse_duplicate(session, segment, target.firm_name, None)
        key = _key(session, segment, target.firm_name)
        created = row_steps.store_created(session, target, after, "target", key)
        _record_stage(session, target.id, None, target.stage, actor)
        return created


def _target(
    session: Session, target_id: int, expected_version: int | None
) -> tuple[Target, Segment]:
    missing = _("The target firm no longer exists.")
    return row_steps.in_segment(session, Target, target_id, expected_version, missing)


def update_target(
    db: Database,
    target_id: int,
    values: Mapping[str, Any],
    *,
    actor: str,
    expected_version: int | None,
) -> FieldChange:
    """Change a target; a new stage is written to its history."""
    with writing(db, actor) as session:
        target, segment = _target(session, target_id, expected_version)
        require(session, actor, Permission.EDIT_WORK, [segment.chain_id])
        key = _key(session, segment, target.firm_name)
        before, after = apply_values(session, target, TARGET_FIELDS, values)
        if "firm" in after:
            _refuse_duplicate(session, segment, target.firm_name, target_id)
        if "stage" in after:
            _record_stage(session, target_id, before["stage"], after["stage"], actor)
        if "region" in after:
            _place(target)
        return row_steps.log_changed(session, target, before, after, "target", key)


def _place(target: Target) -> None:
    """省份 and 城市 follow the region typed in the table (the investment map places them)."""
    origin = normalise(target.region)
    target.province, target.city = origin.province, origin.city


def delete_target(
    db: Database, target_id: int, *, actor: str, expected_version: int | None
) -> Removal:
    """Forget a target with its history (to keep it, move it to 终止 instead)."""
    with writing(db, actor) as session:
        target, segment = _target(session, target_id, expected_version)
        return take_away(
            session,
            table_of(Target),
            target_id,
            entity="target",
            key=_key(session, segment, target.firm_name),
            actor=actor,
            permission=Permission.EDIT_WORK,
            chain_ids=(segment.chain_id,),
        )
