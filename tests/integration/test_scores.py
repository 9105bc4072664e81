"""Scores of a hand-computed quarter (2026Q2 as of 2026-07-10, default weights 60/30/10).

甲局: due in Q2 — #1 done early, #2 extended once (still open, not late), #3 done late, #5 open
and 39 days late (red); #4 cancelled is not due. 4 due, 1 on time (25.0 %), 2 open, 1 overdue,
1 red, 1 extension: 60×0.25 + 30×(1−1/2) + 10×(1−1/4) = 37.5.
乙局: #6 on time; #7 due in Q3 and open: 60 + 30 + 10 = 100.0.
丙局: only #8 of Q1, done: nothing due, nothing open → unranked (score 100.0).
丁局: #9 reported but 10 days late, #10 on time: 60×0.5 + 0 + 10 = 40.0.
戊局: #11 done a day late, #12 done on its deadline (on time): 30 + 30 + 10 = 70.0.
己局: #13 open 56 days late (red), #14 on time: 30 + 0 + 10 = 40.0 — ties 丁局 at rank 3.
Chain 甲链 (#1–5, 9, 10): 6 due, 2 on time (33.3 %), 3 open, 2 overdue, 1 red, 1 extension:
20 + 10 + 8.33 = 38.3. Chain 乙链 (#6–8, 11–14): 5 due, 3 on time (60.0 %), 2 open, 1 overdue,
1 red: 36 + 15 + 10 = 61.0.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import insert, select

from chainchief import cli
from chainchief.domain.quarters import Quarter
from chainchief.services.actions.scores import quarter_scores, scores_to_json
from chainchief.services.admin.settings import set_setting
from chainchief.store.db import Database
from chainchief.store.models import ActionExtension, ActionItem, Chain, Department

AS_OF = "2026-07-10"
D = dt.date
ITEMS = [
    # (number, chain, department, due, original_due, status, closed_on)
    (1, "甲链", "甲局", D(2026, 4, 30), None, "done", D(2026, 4, 28)),
    (2, "甲链", "甲局", D(2026, 7, 31), D(2026, 5, 31), "in_progress", None),
    (3, "甲链", "甲局", D(2026, 6, 15), None, "done", D(2026, 6, 20)),
    (4, "甲链", "甲局", D(2026, 6, 20), None, "cancelled", D(2026, 6, 1)),
    (5, "甲链", "甲局", D(2026, 6, 1), None, "assigned", None),
    (6, "乙链", "乙局", D(2026, 5, 10), None, "done", D(2026, 5, 9)),
    (7, "乙链", "乙局", D(2026, 9, 30), None, "acknowledged", None),
    (8, "乙链", "丙局", D(2026, 3, 31), None, "done", D(2026, 3, 30)),
    (9, "甲链", "丁局", D(2026, 6, 30), None, "reported", None),
    (10, "甲链", "丁局", D(2026, 4, 15), None, "done", D(2026, 4, 10)),
    (11, "乙链", "戊局", D(2026, 6, 30), None, "done", D(2026, 7, 1)),
    (12, "乙链", "戊局", D(2026, 4, 20), None, "done", D(2026, 4, 20)),
    (13, "乙链", "己局", D(2026, 5, 15), None, "in_progress", None),
    (14, "乙链", "己局", D(2026, 5, 20), None, "done", D(2026, 5, 19)),
]


def row(name, due, on_time, rate, open_, overdue, red, ext, score, rank, key="department"):
    return {
        key: name,
        "items_due": due,
        "done_on_time": on_time,
        "on_time_rate": rate,
        "open_now": open_,
        "overdue_now": overdue,
        "red_now": red,
        "extensions": ext,
        "score": score,
        "rank": rank,
    }


EXPECTED = {
    "quarter": "2026Q2",
    "as_of": AS_OF,
    "weights": {"on_time": 60, "not_overdue": 30, "no_extension": 10},
    "departments": [
        row("乙局", 1, 1, 100.0, 1, 0, 0, 0, 100.0, 1),
        row("戊局", 2, 1, 50.0, 0, 0, 0, 0, 70.0, 2),
        row("丁局", 2, 1, 50.0, 1, 1, 0, 0, 40.0, 3),
        row("己局", 2, 1, 50.0, 1, 1, 1, 0, 40.0, 3),
        row("甲局", 4, 1, 25.0, 2, 1, 1, 1, 37.5, 5),
        row("丙局", 0, 0, None, 0, 0, 0, 0, 100.0, None),
    ],
    "chains": [
        row("乙链", 5, 3, 60.0, 2, 1, 1, 0, 61.0, 1, key="chain"),
        row("甲链", 6, 2, 33.3, 3, 2, 1, 1, 38.3, 2, key="chain"),
    ],
}


@pytest.fixture
def quarter_db(db: Database, monkeypatch) -> Database:
    monkeypatch.setenv("CHAINCHIEF_TODAY", AS_OF)
    with db.transaction() as session:
        chains = {
            name: session.execute(
                insert(Chain).values(name=name, min_local_firms=2)
            ).inserted_primary_key[0]
            for name in ("甲链", "乙链")
        }
        departments = {
            name: session.execute(insert(Department).values(name=name)).inserted_primary_key[0]
            for name in {item[2] for item in ITEMS}
        }
        for number, chain, department, due, original, status, closed in ITEMS:
            session.execute(
                insert(ActionItem).values(
                    chain_id=chains[chain],
                    department_id=departments[department],
                    item=f"事项{number}",
                    due=due,
                    original_due=original,
                    status=status,
                    closed_on=closed,
                    common_issue=False,
                )
            )
        extended = session.scalar(select(ActionItem.id).where(ActionItem.item == "事项2"))
        session.execute(
            insert(ActionExtension).values(
                action_id=extended,
                requested_on=D(2026, 5, 25),
                old_due=D(2026, 5, 31),
                new_due=D(2026, 7, 31),
                reason="等待审批",
                decision="approved",
            )
        )
    return db


def test_the_hand_computed_quarter(quarter_db: Database) -> None:
    assert scores_to_json(quarter_scores(quarter_db, Quarter.parse("2026Q2"))) == EXPECTED


def test_the_weights_come_from_the_setting(quarter_db: Database) -> None:
    set_setting(quarter_db, "supervision.weights", "100,0,0", actor="admin")
    scores = quarter_scores(quarter_db, Quarter.parse("2026Q2"))
    assert scores.weights.as_json() == {"on_time": 100, "not_overdue": 0, "no_extension": 0}
    assert {row.name: row.score for row in scores.departments}["甲局"] == 25.0


def test_cli_prints_the_json(quarter_db: Database, capsys) -> None:
    assert cli.run(["scores", "--quarter", "2026Q2", "--json", "--db", quarter_db.url]) == 0
    assert json.loads(capsys.readouterr().out) == EXPECTED


def test_cli_refuses_a_bad_quarter(quarter_db: Database, capsys) -> None:
    assert cli.run(["scores", "--quarter", "2026Q5", "--db", quarter_db.url]) == 2
    assert capsys.readouterr().err
