"""Time to plan a year for a busy city: 20 chains, chiefs chairing up to 4 chains each, every
person unavailable on 40 % of working days (seeded, so runs compare).

Run: /work/venv/bin/python tests/benchmarks/bench_scheduler.py [--seed N] [--runs N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import time

from chainchief.domain.scheduler import plan_year
from chainchief.domain.scheduler_model import (
    ChainMeetingPeople,
    ScheduleRequest,
    SchedulerSettings,
)
from chainchief.domain.workdays import WorkdayCalendar

YEAR = 2026
CHAINS = 20
CHIEF_LOADS = (4, 4, 3, 3, 2, 2, 1, 1)
BUSY_SHARE = 0.4


def synthetic_request(seed: int) -> ScheduleRequest:
    rng = random.Random(seed)
    chiefs = [name for index, load in enumerate(CHIEF_LOADS) for name in [f"链长{index}"] * load]
    rng.shuffle(chiefs)
    chains = tuple(
        ChainMeetingPeople(f"产业链{number:02d}", chiefs[number], f"专班负责人{number:02d}")
        for number in range(CHAINS)
    )
    calendar = WorkdayCalendar()
    working = calendar.working_days(dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31))
    people = {c.chief for c in chains if c.chief} | {c.team_lead for c in chains if c.team_lead}
    people.add("协调人")
    unavailable = {
        person: frozenset(rng.sample(working, int(len(working) * BUSY_SHARE)))
        for person in sorted(people)
    }
    return ScheduleRequest(
        year=YEAR,
        today=dt.date(YEAR, 1, 1),
        chains=chains,
        calendar=calendar,
        settings=SchedulerSettings(coordinator="协调人"),
        unavailable=unavailable,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--runs", type=int, default=5)
    arguments = parser.parse_args()
    for run in range(arguments.runs):
        request = synthetic_request(arguments.seed + run)
        started = time.perf_counter()
        plan = plan_year(request)
        elapsed = time.perf_counter() - started
        outside = len(plan.warnings)
        print(
            f"seed {arguments.seed + run}: {elapsed:.3f} s, {len(plan.meetings)} meetings, "
            f"{len(plan.unplaced)} unplaced, {outside} warnings"
        )


if __name__ == "__main__":
    main()
