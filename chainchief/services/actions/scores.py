"""Department and chain scores for a quarter (考评, ``chainchief scores``), and their trend."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from chainchief.domain.clock import today
from chainchief.domain.enums import ActionStatus
from chainchief.domain.lights import days_overdue, light
from chainchief.domain.quarters import Quarter
from chainchief.domain.scores import ScoredItem, ScoreRow, Weights, ranked
from chainchief.domain.settings import SUPERVISION_WEIGHTS
from chainchief.services.actions.items import approved_extensions
from chainchief.services.admin.settings import light_rules, read_setting
from chainchief.store.db import Database
from chainchief.store.models import ActionItem, Chain, Department


@dataclass(frozen=True)
class Scores:
    quarter: Quarter
    as_of: dt.date
    weights: Weights
    departments: list[ScoreRow]
    chains: list[ScoreRow]


def quarter_scores(db: Database, quarter: Quarter, as_of: dt.date | None = None) -> Scores:
    """The ranking of departments and chains for ``quarter``, open items as of ``as_of``."""
    with db.transaction() as session:
        return read_scores(session, quarter, as_of or today())


def read_scores(session: Session, quarter: Quarter, as_of: dt.date) -> Scores:
    weights = Weights.parse(read_setting(session, SUPERVISION_WEIGHTS))
    by_department: dict[str, list[ScoredItem]] = defaultdict(list)
    by_chain: dict[str, list[ScoredItem]] = {
        name: [] for name in session.scalars(select(Chain.name))
    }
    for chain, department, item in _items(session, as_of):
        by_chain[chain].append(item)
        if department is not None:
            by_department[department].append(item)
    return Scores(
        quarter=quarter,
        as_of=as_of,
        weights=weights,
        departments=ranked(by_department, quarter, weights),
        chains=ranked(by_chain, quarter, weights),
    )


def trend(db: Database, last: Quarter, count: int = 4) -> list[Scores]:
    """The scores of ``count`` quarters up to ``last``, oldest first (the 考评 page's chart)."""
    quarters = [last]
    while len(quarters) < count:
        quarters.insert(0, quarters[0].previous)
    with db.transaction() as session:
        return [read_scores(session, quarter, today()) for quarter in quarters]


def _items(session: Session, as_of: dt.date) -> list[tuple[str, str | None, ScoredItem]]:
    rules = light_rules(session)
    extensions = approved_extensions(session)
    rows = session.execute(
        select(
            ActionItem.id,
            Chain.name,
            Department.name,
            ActionItem.due,
            ActionItem.original_due,
            ActionItem.status,
            ActionItem.closed_on,
        )
        .join(Chain, Chain.id == ActionItem.chain_id)
        .outerjoin(Department, Department.id == ActionItem.department_id)
    )
    found: list[tuple[str, str | None, ScoredItem]] = []
    for action_id, chain, department, due, original_due, code, closed_on in rows:
        status = ActionStatus(code)
        approved = extensions.get(action_id, 0)
        item = ScoredItem(
            first_due=original_due or due,
            status=status,
            closed_on=closed_on,
            overdue=days_overdue(due, status, as_of) > 0,
            light=light(status, due, approved, as_of, rules),
            extensions=approved,
        )
        found.append((chain, department, item))
    return found


def scores_to_json(scores: Scores) -> dict[str, object]:
    """The ``scores --json`` document."""

    def rows(key: str, found: list[ScoreRow]) -> list[dict[str, object]]:
        return [
            {
                key: row.name,
                "items_due": row.items_due,
                "done_on_time": row.done_on_time,
                "on_time_rate": row.on_time_rate,
                "open_now": row.open_now,
                "overdue_now": row.overdue_now,
                "red_now": row.red_now,
                "extensions": row.extensions,
                "score": row.score,
                "rank": row.rank,
            }
            for row in found
        ]

    return {
        "quarter": str(scores.quarter),
        "as_of": scores.as_of.isoformat(),
        "weights": scores.weights.as_json(),
        "departments": rows("department", scores.departments),
        "chains": rows("chain", scores.chains),
    }
