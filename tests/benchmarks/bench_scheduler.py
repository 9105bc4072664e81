"""Time to plan a year for a busy city: 20 chains, chiefs chairing up to 4 chains each (seeded,
so runs compare).

Two calendars: ``busy`` — every person unavailable on 40 % of working days (the team-leads
meeting then rarely finds a day for all 20 team leads); ``tight`` — chiefs unavailable on 90 %,
team leads on 5 %, one meeting a day, so chains compete for days and the team-leads meeting
must fit after them: the exact search has to work for "fewest unplaced".

Run: .venv/bin/python -m tests.benchmarks.bench_scheduler [--seed N] [--runs N]
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
from tests.benchmarks.figures import Figure
from tests.benchmarks.run import Run

YEAR = 2026
CHAINS = 20
CHIEF_LOADS = (4, 4, 3, 3, 2, 2, 1, 1)
SCENARIOS = {
    # name: (chief unavailable share, team lead unavailable share, meetings per day)
    "busy": (0.4, 0.4, 2),
    "tight": (0.9, 0.05, 1),
}


def synthetic_request(seed: int, scenario: str) -> ScheduleRequest:
    chief_share, lead_share, per_day = SCENARIOS[scenario]
    rng = random.Random(seed)
    chiefs = [name for index, load in enumerate(CHIEF_LOADS) for name in [f"链长{index}"] * load]
    rng.shuffle(chiefs)
    chains = tuple(
        ChainMeetingPeople(f"产业链{number:02d}", chiefs[number], f"专班负责人{number:02d}")
        for number in range(CHAINS)
    )
    calendar = WorkdayCalendar()
    working = calendar.working_days(dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31))
    shares = {chief: chief_share for chief in sorted(set(chiefs))}
    shares.update({chain.team_lead: lead_share for chain in chains if chain.team_lead})
    shares["协调人"] = lead_share
    unavailable = {
        person: frozenset(rng.sample(working, int(len(working) * share)))
        for person, share in shares.items()
    }
    return ScheduleRequest(
        year=YEAR,
        today=dt.date(YEAR, 1, 1),
        chains=chains,
        calendar=calendar,
        settings=SchedulerSettings(max_per_day=per_day, coordinator="协调人"),
        unavailable=unavailable,
    )


def worst_seconds(seed: int, runs: int) -> dict[str, float]:
    """Each scenario's worst seconds to plan a year over ``runs`` seeds."""
    worst = {}
    for scenario in SCENARIOS:
        times = []
        for run in range(runs):
            request = synthetic_request(seed + run, scenario)
            started = time.perf_counter()
            plan_year(request)
            times.append(time.perf_counter() - started)
        worst[scenario] = max(times)
    return worst


def figures(run: Run) -> list[Figure]:
    """The runner's rows: the worst year planned per scenario (no goal: figures to watch)."""
    worst = worst_seconds(2026, run.rounds(5))
    return [
        Figure("scheduler", f"plan a year, {name} (worst)", "s", s) for name, s in worst.items()
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--runs", type=int, default=5)
    arguments = parser.parse_args()
    for scenario in SCENARIOS:
        times = []
        for run in range(arguments.runs):
            seed = arguments.seed + run
            request = synthetic_request(seed, scenario)
            started = time.perf_counter()
            plan = plan_year(request)
            times.append(time.perf_counter() - started)
            print(
                f"{scenario} seed {seed}: {times[-1]:.3f} s, {len(plan.meetings)} meetings, "
                f"{len(plan.unplaced)} unplaced, {len(plan.warnings)} warnings"
            )
        print(f"{scenario}: worst {max(times):.3f} s, mean {sum(times) / len(times):.3f} s a year")


if __name__ == "__main__":
    main()
