"""The year scheduler against DESIGN.md §1, checked by a rule checker and a brute force that
share no code with it."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chainchief.domain.enums import MeetingKind, MeetingStatus
from chainchief.domain.errors import RuleViolation
from chainchief.domain.quarters import Quarter
from chainchief.domain.scheduler import plan_year
from chainchief.domain.scheduler_model import (
    ChainMeetingPeople,
    ExistingMeeting,
    Plan,
    PlannedMeeting,
    ScheduleRequest,
    SchedulerSettings,
    plan_to_json,
)
from chainchief.domain.workdays import WorkdayCalendar, official_years

YEAR = 2026
CALENDAR = WorkdayCalendar()
DISPATCH = MeetingKind.DISPATCH
TEAM_LEADS = MeetingKind.TEAM_LEADS
HELD = MeetingStatus.HELD
PLANNED = MeetingStatus.PLANNED
Q4 = Quarter(YEAR, 4)
Q4_WORKING = [day for day in Q4.days() if CALENDAR.is_working(day)]


def make_request(
    chains: Sequence[tuple[str, str | None, str | None]],
    today: dt.date = dt.date(YEAR, 1, 1),
    settings: SchedulerSettings | None = None,
    unavailable: dict[str, Iterable[dt.date]] | None = None,
    existing: Sequence[ExistingMeeting] = (),
) -> ScheduleRequest:
    return ScheduleRequest(
        year=YEAR,
        today=today,
        chains=tuple(ChainMeetingPeople(*chain) for chain in chains),
        calendar=CALENDAR,
        settings=settings or SchedulerSettings(),
        unavailable={name: frozenset(days) for name, days in (unavailable or {}).items()},
        existing=tuple(existing),
    )


# --- an independent reading of the rules --------------------------------------------------


def quarter_of(day: dt.date) -> str:
    return f"{day.year}Q{(day.month - 1) // 3 + 1}"


def in_window(request: ScheduleRequest, day: dt.date) -> bool:
    return (day.month - 1) % 3 + 1 in request.settings.window_months


def is_held(request: ScheduleRequest, meeting: PlannedMeeting) -> bool:
    return any(
        existing.status is MeetingStatus.HELD
        and (existing.kind, existing.chain, str(existing.quarter))
        == (meeting.kind, meeting.chain, meeting.quarter)
        for existing in request.existing
    )


def violations(request: ScheduleRequest, meetings: Sequence[PlannedMeeting]) -> list[str]:
    """Every way ``meetings`` break §1 (held meetings are facts and only occupy)."""
    found = []
    chains = {chain.name: chain for chain in request.chains}
    leads = {chain.team_lead for chain in request.chains if chain.team_lead}
    ends = dict(request.settings.slots)
    coordinator = request.settings.coordinator
    for meeting in meetings:
        people = [p for p in (meeting.chair, *meeting.attendees) if p]
        if quarter_of(meeting.date) != meeting.quarter:
            found.append(f"{meeting} outside its quarter")
        if list(meeting.attendees) != sorted(set(meeting.attendees)) or meeting.chair in people[1:]:
            found.append(f"{meeting} attendees not sorted or include the chair")
        if meeting.kind is DISPATCH:
            chain = chains[meeting.chain]
            if meeting.chair != chain.chief or set(meeting.attendees) != (
                {chain.team_lead, request.settings.coordinator} - {chain.chief, None}
            ):
                found.append(f"{meeting} wrong people")
        elif meeting.chair != coordinator or set(meeting.attendees) != leads - {coordinator}:
            found.append(f"{meeting} wrong team-leads people")
        if meeting.kind is TEAM_LEADS:
            found += [
                f"{meeting} not after {other}"
                for other in meetings
                if other.kind is DISPATCH
                and other.quarter == meeting.quarter
                and other.date >= meeting.date
                and not (is_held(request, meeting) and is_held(request, other))
            ]
        if is_held(request, meeting):
            continue
        if meeting.start not in ends or ends[meeting.start] != meeting.end:
            found.append(f"{meeting} not in a slot")
        if meeting.date < request.today or not request.calendar.is_working(meeting.date):
            found.append(f"{meeting} in the past or on a day off")
        if meeting.kind is DISPATCH and meeting.chair is None:
            found.append(f"{meeting} has no chief")
        for person in people:
            if meeting.date in request.unavailable.get(person, ()):
                found.append(f"{meeting} on a day {person} is unavailable")
    # Held meetings are history: only a planned meeting can break a limit.
    planned = [meeting for meeting in meetings if not is_held(request, meeting)]
    per_day = Counter(meeting.date for meeting in meetings)
    found += [
        f"{m.date} has {per_day[m.date]} meetings"
        for m in planned
        if per_day[m.date] > request.settings.max_per_day
    ]
    seats = Counter(
        (meeting.date, meeting.start, person)
        for meeting in meetings
        for person in {meeting.chair, *meeting.attendees} - {None}
    )
    found += [
        f"{person} twice at {m.date} {m.start}"
        for m in planned
        for person in {m.chair, *m.attendees} - {None}
        if seats[(m.date, m.start, person)] > 1
    ]
    return found


def candidate_slots(request: ScheduleRequest, kind: MeetingKind, quarter: str):
    """Slots a meeting of ``quarter`` could take by calendar and today alone, best first."""
    days = [
        day
        for day in Quarter.parse(quarter).days()
        if day >= request.today and request.calendar.is_working(day)
    ]
    slots = [(day, start, end) for day in days for start, end in request.settings.slots]
    # 调休 working weekend days only as a last resort (within the window, for dispatch).
    if kind is DISPATCH:
        slots.sort(key=lambda s: (not in_window(request, s[0]), s[0].weekday() >= 5))
    else:
        slots.sort(key=lambda s: s[0].weekday() >= 5)
    return slots


def people_of(request: ScheduleRequest, kind: MeetingKind, chain_name: str | None):
    if kind is TEAM_LEADS:
        leads = {c.team_lead for c in request.chains if c.team_lead}
        coordinator = request.settings.coordinator
        return coordinator, tuple(sorted(leads - {coordinator}))
    chain = next(c for c in request.chains if c.name == chain_name)
    # The coordinator, when set, attends every meeting (DESIGN §6).
    present = {chain.team_lead, request.settings.coordinator}
    return chain.chief, tuple(sorted(present - {chain.chief, None}))


def assert_obeys_rules(request: ScheduleRequest, plan: Plan) -> None:
    assert violations(request, plan.meetings) == []
    assert plan.meetings == sorted(
        plan.meetings, key=lambda m: (m.date, m.start, m.kind.value, m.chain or "")
    )
    identities = Counter(
        (item.kind, item.chain, item.quarter) for item in [*plan.meetings, *plan.unplaced]
    )
    expected = Counter()
    if request.chains:
        for number in range(1, 5):
            quarter = f"{YEAR}Q{number}"
            expected[(TEAM_LEADS, None, quarter)] = 1
            for chain in request.chains:
                expected[(DISPATCH, chain.name, quarter)] = 1
    assert identities == expected
    for item in plan.unplaced:
        assert item.reason
        quarter = Quarter.parse(item.quarter)
        open_days = [d for d in quarter.days() if d >= request.today and CALENDAR.is_working(d)]
        if item.reason_code == "past":
            assert not open_days
        elif item.reason_code == "no_chief":
            assert people_of(request, DISPATCH, item.chain)[0] is None
        else:
            assert item.reason_code in ("no_slot", "no_working_day")
            assert open_days


def assert_locally_canonical(request: ScheduleRequest, plan: Plan) -> None:
    """No single meeting can move to a better slot, and no unplaced one fits anywhere."""
    for meeting in plan.meetings:
        if is_held(request, meeting):
            continue
        slots = candidate_slots(request, meeting.kind, meeting.quarter)
        better = slots[: slots.index((meeting.date, meeting.start, meeting.end))]
        others = [m for m in plan.meetings if m is not meeting and m.quarter == meeting.quarter]
        for day, start, end in better:
            moved = replace(meeting, date=day, start=start, end=end)
            assert violations(request, [*others, moved]), f"{meeting} could be {moved}"
    for item in plan.unplaced:
        if item.reason_code == "no_chief":
            continue
        chair, attendees = people_of(request, item.kind, item.chain)
        same_quarter = [m for m in plan.meetings if m.quarter == item.quarter]
        for day, start, end in candidate_slots(request, item.kind, item.quarter):
            added = PlannedMeeting(
                item.kind, item.chain, item.quarter, day, start, end, chair, attendees
            )
            assert violations(request, [*same_quarter, added]), f"{item} fits at {day} {start}"
    for meeting in plan.meetings:
        outside = meeting.kind is DISPATCH and not in_window(request, meeting.date)
        if outside and not is_held(request, meeting):
            assert any(meeting.chain in w and meeting.quarter in w for w in plan.warnings), (
                plan.warnings
            )


# --- a brute force for one quarter -----------------------------------------------------------


def brute_force(request: ScheduleRequest, quarter: Quarter) -> dict[tuple, tuple | None]:
    """Every valid assignment of the quarter's meetings; the fewest unplaced, then the earliest
    in chain-name order (window first, then date, morning first), the team-leads meeting last."""
    held = [m for m in request.existing if m.quarter == quarter and m.status is MeetingStatus.HELD]
    held_keys = {(m.kind, m.chain) for m in held}
    chains = sorted(request.chains, key=lambda c: c.name)
    variables = [
        (DISPATCH, c.name) for c in chains if c.chief and (DISPATCH, c.name) not in held_keys
    ]
    if chains and (TEAM_LEADS, None) not in held_keys:
        variables.append((TEAM_LEADS, None))
    slots = request.settings.slots
    options = []
    for kind, chain in variables:
        chair, attendees = people_of(request, kind, chain)
        people = {chair, *attendees} - {None}
        choices = [
            (day, index)
            for day, start, _end in candidate_slots(request, kind, str(quarter))
            for index in [slots.index((start, _end))]
            if not any(day in request.unavailable.get(p, ()) for p in people)
        ]
        options.append((people, choices))
    seats: Counter = Counter()
    load: Counter = Counter()
    for meeting in held:
        chair, attendees = people_of(request, meeting.kind, meeting.chain)
        load[meeting.date] += 1
        index = [s for s, _e in slots].index(meeting.start)
        for person in {chair, *attendees} - {None}:
            seats[(meeting.date, index, person)] += 1
    held_dispatch = [m.date for m in held if m.kind is DISPATCH]
    held_team_leads = [m.date for m in held if m.kind is TEAM_LEADS]
    best: list = [None]

    def walk(position: int, chosen: list, rank: list) -> None:
        if position == len(variables):
            key = (sum(r == len(o[1]) for r, o in zip(rank, options, strict=True)), rank)
            if best[0] is None or key < best[0][0]:
                best[0] = (key, list(chosen))
            return
        people, choices = options[position]
        kind = variables[position][0]
        for number, (day, index) in enumerate(choices):
            if load[day] >= request.settings.max_per_day:
                continue
            if any(seats[(day, index, p)] for p in people):
                continue
            if kind is TEAM_LEADS and any(
                d >= day for d in [*held_dispatch, *(c[0] for c in chosen if c)]
            ):
                continue
            if kind is DISPATCH and any(day >= d for d in held_team_leads):
                continue
            load[day] += 1
            for p in people:
                seats[(day, index, p)] += 1
            walk(position + 1, [*chosen, (day, index)], [*rank, number])
            load[day] -= 1
            for p in people:
                seats[(day, index, p)] -= 1
        walk(position + 1, [*chosen, None], [*rank, len(choices)])

    walk(0, [], [])
    _key, chosen = best[0]
    return {
        variable: None if choice is None else (choice[0], slots[choice[1]][0])
        for variable, choice in zip(variables, chosen, strict=True)
    }


# --- hypothesis instances --------------------------------------------------------------------

NAMES = ["A", "B", "C", "D", "甲", "乙"]
POOL = [
    dt.date(2026, 10, 12),
    dt.date(2026, 10, 13),
    dt.date(2026, 11, 10),
    dt.date(2026, 11, 11),
    dt.date(2026, 12, 1),
    dt.date(2026, 12, 2),
]


@st.composite
def small_quarters(draw) -> ScheduleRequest:
    """≤ 4 chains in 2026Q4 whose people are only free on a few days of the quarter."""
    names = draw(st.lists(st.sampled_from(NAMES), min_size=2, max_size=4, unique=True))
    chiefs = st.sampled_from(["c1", "c1", "c2", "c3", None])
    leads = st.sampled_from(["l1", "l2", "l3", "c1", None])
    chains = [(name, draw(chiefs), draw(leads)) for name in names]
    open_days = draw(st.lists(st.sampled_from(POOL), min_size=2, max_size=4, unique=True))
    people = ["c1", "c2", "c3", "l1", "l2", "l3", "k"]
    unavailable = {}
    for person in people:
        extra = draw(st.sets(st.sampled_from(sorted(open_days)), max_size=1))
        unavailable[person] = [d for d in Q4_WORKING if d not in open_days or d in extra]
    slot_sets = [(("09:00", "11:30"), ("14:30", "17:00")), (("09:00", "11:30"),)]
    settings = SchedulerSettings(
        slots=draw(st.sampled_from(slot_sets)),
        window_months=tuple(draw(st.sets(st.sampled_from([1, 2, 3]), min_size=1))),
        max_per_day=draw(st.integers(1, 2)),
        coordinator=draw(st.sampled_from([None, "k", "l1"])),
    )
    today = draw(st.sampled_from([dt.date(2026, 10, 1), *sorted(open_days)[:2]]))
    existing = []
    for chain in draw(st.lists(st.sampled_from([*names, None]), max_size=2, unique=True)):
        kind = DISPATCH if chain else TEAM_LEADS
        day = draw(st.sampled_from(POOL))
        existing.append(ExistingMeeting(kind, chain, Q4, day, "09:00", HELD, "11:30"))
    return make_request(chains, today, settings, unavailable, existing)


@st.composite
def busy_years(draw) -> ScheduleRequest:
    """Up to 8 chains over a whole year with random unavailability and settings."""
    rng = random.Random(draw(st.integers(0, 2**32)))
    count = draw(st.integers(0, 8))
    chiefs = ["c1", "c2", "c3", "c4", None]
    chains = [
        (f"链{n}", rng.choice(chiefs), rng.choice(["l1", "l2", "l3", "l4", "l5", None]))
        for n in range(count)
    ]
    people = ["c1", "c2", "c3", "c4", "l1", "l2", "l3", "l4", "l5", "k"]
    working = CALENDAR.working_days(dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31))
    share = draw(st.sampled_from([0.0, 0.3, 0.6, 0.9, 0.97]))
    unavailable = {p: rng.sample(working, int(len(working) * share)) for p in people}
    settings = SchedulerSettings(
        window_months=tuple(draw(st.sets(st.sampled_from([1, 2, 3]), min_size=1))),
        max_per_day=draw(st.integers(1, 3)),
        coordinator=draw(st.sampled_from([None, "k"])),
    )
    today = draw(st.dates(dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31)))
    return make_request(chains, today, settings, unavailable)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(busy_years())
def test_every_placed_meeting_obeys_every_rule(request: ScheduleRequest) -> None:
    plan = plan_year(request)
    assert_obeys_rules(request, plan)
    assert_locally_canonical(request, plan)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_quarters())
def test_plan_is_the_canonical_one_brute_force_finds(request: ScheduleRequest) -> None:
    plan = plan_year(request)
    assert_obeys_rules(request, plan)
    expected = brute_force(request, Q4)
    got = {
        (m.kind, m.chain): (m.date, m.start)
        for m in plan.meetings
        if m.quarter == "2026Q4" and not m.held
    }
    for item in plan.unplaced:
        if item.quarter == "2026Q4" and item.reason_code != "no_chief":
            got[(item.kind, item.chain)] = None
    assert got == expected


# --- the rules one by one --------------------------------------------------------------------

MAY_6 = dt.date(2026, 5, 6)


def q2(plan: Plan) -> list[tuple]:
    return [
        (m.kind.value, m.chain, m.date, m.start, m.chair, m.attendees)
        for m in plan.meetings
        if m.quarter == "2026Q2"
    ]


def test_dispatch_in_the_window_then_team_leads_on_a_later_day() -> None:
    request = make_request(
        [("新能源汽车", "王建国", "李四"), ("集成电路", "王建国", "张三")],
        settings=SchedulerSettings(coordinator="周七"),
    )
    plan = plan_year(request)
    assert q2(plan) == [
        ("dispatch", "新能源汽车", MAY_6, "09:00", "王建国", ("周七", "李四")),
        ("dispatch", "集成电路", MAY_6, "14:30", "王建国", ("周七", "张三")),
        ("team_leads", None, dt.date(2026, 5, 7), "09:00", "周七", ("张三", "李四")),
    ]
    assert plan.warnings == []
    assert plan.unplaced == []


def test_max_per_day_counts_every_meeting() -> None:
    request = make_request(
        [("A", "x", None), ("B", "y", None)], settings=SchedulerSettings(max_per_day=1)
    )
    assert [(m.chain, m.date) for m in plan_year(request).meetings if m.quarter == "2026Q2"] == [
        ("A", MAY_6),
        ("B", dt.date(2026, 5, 7)),
        (None, dt.date(2026, 5, 8)),
    ]


def test_people_without_common_people_share_a_slot() -> None:
    request = make_request([("A", "x", "p"), ("B", "y", "q")])
    dates = {(m.chain, m.date, m.start) for m in plan_year(request).meetings}
    assert ("A", MAY_6, "09:00") in dates and ("B", MAY_6, "09:00") in dates


def test_outside_the_window_only_when_it_is_full_and_then_warned() -> None:
    may = [day for day in Quarter(YEAR, 2).days() if day.month == 5]
    request = make_request([("A", "x", "p")], unavailable={"p": may})
    plan = plan_year(request)
    [meeting] = [m for m in plan.meetings if m.quarter == "2026Q2" and m.chain == "A"]
    assert meeting.date == dt.date(2026, 4, 1)
    [warning] = plan.warnings
    assert "A" in warning and "2026Q2" in warning and "2026-04-01" in warning


def test_fewest_unplaced_comes_before_earliest() -> None:
    # Greedy would give A the only day B's team lead can come; the canonical plan moves A.
    request = make_request(
        [("A", "x", "p"), ("B", "x", "q")],
        settings=SchedulerSettings(slots=(("09:00", "11:30"),), window_months=(2,)),
        unavailable={"q": [d for d in Quarter(YEAR, 2).days() if d != MAY_6]},
    )
    plan = plan_year(request)
    placed = {m.chain: m.date for m in plan.meetings if m.quarter == "2026Q2"}
    assert placed["B"] == MAY_6
    assert placed["A"] == dt.date(2026, 5, 7)


def test_never_before_today_but_today_is_allowed() -> None:
    today = dt.date(2026, 5, 20)
    plan = plan_year(make_request([("A", "x", "p")], today=today))
    assert [(u.quarter, u.reason_code) for u in plan.unplaced] == [
        ("2026Q1", "past"),
        ("2026Q1", "past"),
    ]
    assert plan.unplaced[0].reason == "2026Q1 is already past"
    assert min(m.date for m in plan.meetings) == today


def test_held_meetings_stay_put_and_block_their_people() -> None:
    existing = [
        ExistingMeeting(DISPATCH, "A", Quarter(YEAR, 1), dt.date(2026, 2, 10), "09:00", HELD),
        ExistingMeeting(DISPATCH, "A", Quarter(YEAR, 2), MAY_6, "09:00", HELD, "11:30"),
        ExistingMeeting(DISPATCH, "B", Quarter(YEAR, 2), dt.date(2026, 6, 30), "09:00", PLANNED),
    ]
    request = make_request(
        [("A", "x", "p"), ("B", "x", "q")], today=dt.date(2026, 5, 6), existing=existing
    )
    plan = plan_year(request)
    held = [(m.chain, m.quarter, m.date, m.start, m.end) for m in plan.meetings if m.held]
    assert held == [
        ("A", "2026Q1", dt.date(2026, 2, 10), "09:00", "11:30"),
        ("A", "2026Q2", MAY_6, "09:00", "11:30"),
    ]
    [b] = [m for m in plan.meetings if m.quarter == "2026Q2" and m.chain == "B"]
    assert (b.date, b.start, b.held) == (MAY_6, "14:30", False)
    assert ("A", "2026Q1") not in {(u.chain, u.quarter) for u in plan.unplaced}
    assert_obeys_rules(request, plan)


def test_a_chain_without_chief_is_not_placed() -> None:
    plan = plan_year(make_request([("A", None, "p")]))
    assert {(u.kind, u.reason_code, u.reason) for u in plan.unplaced} == {
        (DISPATCH, "no_chief", "The chain has no chief")
    }
    assert {m.kind for m in plan.meetings} == {TEAM_LEADS}


def test_reasons_name_the_person() -> None:
    q3 = Quarter(YEAR, 3).days()
    only_one_day = [d for d in q3 if d != dt.date(2026, 8, 3)]
    request = make_request(
        [("A", "x", None), ("B", "x", None), ("C", "x", None), ("D", "y", "p")],
        unavailable={"x": only_one_day, "p": q3},
    )
    reasons = {u.chain: u.reason for u in plan_year(request).unplaced if u.quarter == "2026Q3"}
    assert reasons == {
        "C": "Chain chief x has no free slot left in 2026Q3",
        "D": "Team lead p is unavailable on every remaining working day of 2026Q3",
        None: "Team lead p is unavailable on every day left for the team-leads meeting in 2026Q3",
    }


def test_team_leads_meeting_needs_a_working_day_after_the_last_dispatch() -> None:
    last = dt.date(2026, 12, 31)
    request = make_request(
        [("A", "x", None)], unavailable={"x": [d for d in Q4.days() if d != last]}
    )
    [item] = [u for u in plan_year(request).unplaced if u.quarter == "2026Q4"]
    assert (item.kind, item.reason_code) == (TEAM_LEADS, "no_working_day")
    assert item.reason == "No working day left in 2026Q4 after the last dispatch meeting"


def test_same_input_same_plan_whatever_the_chain_order() -> None:
    chains = [(f"链{n}", f"c{n % 3}", f"l{n}") for n in range(9)]
    rng = random.Random(7)
    working = CALENDAR.working_days(dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31))
    unavailable = {f"c{n}": rng.sample(working, 150) for n in range(3)}
    first = plan_year(make_request(chains, unavailable=unavailable))
    shuffled = plan_year(make_request(list(reversed(chains)), unavailable=unavailable))
    assert first == plan_year(make_request(chains, unavailable=unavailable))
    assert first == shuffled


def test_a_busy_city_gets_every_dispatch_meeting() -> None:
    rng = random.Random(2026)
    chiefs = [f"链长{n}" for n, load in enumerate((4, 4, 3, 3, 2, 2, 1, 1)) for _ in range(load)]
    chains = [(f"产业链{n:02d}", chiefs[n], f"负责人{n:02d}") for n in range(20)]
    working = CALENDAR.working_days(dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31))
    people = {c for _, c, _ in chains} | {lead for _, _, lead in chains}
    unavailable = {p: rng.sample(working, int(0.4 * len(working))) for p in sorted(people)}
    request = make_request(chains, unavailable=unavailable)
    plan = plan_year(request)
    assert [u for u in plan.unplaced if u.kind is DISPATCH] == []
    assert_obeys_rules(request, plan)


def test_uncovered_year_plans_with_a_calendar_warning() -> None:
    year = official_years()[1] + 1
    request = replace(make_request([("A", "x", None)]), year=year, today=dt.date(year, 1, 1))
    plan = plan_year(request)
    assert any("does not cover" in warning and str(year) in warning for warning in plan.warnings)
    assert len(plan.meetings) == 8


def test_progress_follows_the_quarters() -> None:
    seen = []
    plan_year(
        make_request([("A", "x", None)]), progress=lambda done, total: seen.append((done, total))
    )
    assert seen == [(1, 4), (2, 4), (3, 4), (4, 4)]


def test_no_chains_no_meetings() -> None:
    plan = plan_year(make_request([]))
    assert (plan.meetings, plan.unplaced) == ([], [])


def test_json_is_the_documented_shape() -> None:
    request = make_request([("A", "x", "p"), ("B", None, None)], today=dt.date(2026, 12, 30))
    document = plan_to_json(plan_year(request))
    assert set(document) == {"year", "warnings", "meetings", "unplaced"}
    assert document["meetings"][0] == {
        "kind": "dispatch",
        "chain": "A",
        "quarter": "2026Q4",
        "date": "2026-12-30",
        "start": "09:00",
        "end": "11:30",
        "chair": "x",
        "attendees": ["p"],
    }
    assert document["meetings"][1]["kind"] == "team_leads"
    assert document["meetings"][1]["chair"] is None
    assert document["unplaced"][0] == {
        "kind": "dispatch",
        "chain": "A",
        "quarter": "2026Q1",
        "reason_code": "past",
        "reason": "2026Q1 is already past",
    }
    assert {item["reason_code"] for item in document["unplaced"]} == {"past", "no_chief"}
    assert document["warnings"] == [
        "A: no feasible slot in the preferred months of 2026Q4, so the dispatch meeting is on "
        "2026-12-30"
    ]


def test_settings_read_from_the_settings_table() -> None:
    settings = SchedulerSettings.from_texts("14:30-17:00, 09:00-11:30", "1,3", "3", " 周七 ")
    assert settings.slots == (("09:00", "11:30"), ("14:30", "17:00"))
    assert settings.window_months == (1, 3)
    assert (settings.max_per_day, settings.coordinator) == (3, "周七")
    assert SchedulerSettings.from_texts(coordinator="").coordinator is None


@pytest.mark.parametrize(
    ("slots", "months", "per_day"),
    [
        ("09:00-08:00", "2", "2"),
        ("09:00-12:00,11:00-13:00", "2", "2"),
        ("9am", "2", "2"),
        ("", "2", "2"),
        ("09:00-11:30", "4", "2"),
        ("09:00-11:30", "", "2"),
        ("09:00-11:30", "x", "2"),
        ("09:00-11:30", "2", "0"),
        ("09:00-11:30", "2", "two"),
    ],
)
def test_bad_settings_are_refused(slots: str, months: str, per_day: str) -> None:
    with pytest.raises(RuleViolation):
        SchedulerSettings.from_texts(slots, months, per_day)


def test_nothing_is_planned_after_a_held_team_leads_meeting() -> None:
    may_8 = dt.date(2026, 5, 8)
    held = ExistingMeeting(TEAM_LEADS, None, Quarter(YEAR, 2), may_8, "09:00", HELD, "11:30")
    request = make_request(
        [("A", "x", "p"), ("B", "y", None)],
        today=MAY_6,
        existing=[held],
        unavailable={"x": [MAY_6], "y": [MAY_6, dt.date(2026, 5, 7)]},
    )
    plan = plan_year(request)
    [a] = [m for m in plan.meetings if m.quarter == "2026Q2" and m.chain == "A"]
    assert (a.date, a.start) == (dt.date(2026, 5, 7), "09:00")
    [b] = [u for u in plan.unplaced if u.quarter == "2026Q2"]
    assert (b.chain, b.reason_code) == ("B", "no_slot")
    assert b.reason == "Chain chief y is unavailable on every remaining working day of 2026Q2"
    assert_obeys_rules(request, plan)
    late = replace(request, today=may_8)
    [c] = [u for u in plan_year(late).unplaced if u.quarter == "2026Q2" and u.chain == "A"]
    assert c.reason == (
        "The team-leads meeting of 2026Q2 was already held, and a dispatch meeting cannot come "
        "after it"
    )


ADJUSTED_SATURDAY = dt.date(2026, 5, 9)  # 调休: a working Saturday after the May holidays


def test_an_adjusted_working_saturday_comes_after_every_free_weekday() -> None:
    assert CALENDAR.is_working(ADJUSTED_SATURDAY)
    plan = plan_year(make_request([("新能源汽车", "王建国", "李四")], today=ADJUSTED_SATURDAY))
    (meeting, _team_leads) = [m for m in plan.meetings if m.quarter == "2026Q2"]
    assert meeting.date == dt.date(2026, 5, 11)
    assert not any("调休" in warning for warning in plan.warnings)


def test_an_adjusted_working_saturday_is_used_last_and_said_so() -> None:
    weekdays = [
        day
        for day in Quarter(2026, 2).days()
        if day.month == 5 and day.weekday() < 5 and day > ADJUSTED_SATURDAY
    ]
    request = make_request(
        [("新能源汽车", "王建国", "李四")],
        today=ADJUSTED_SATURDAY,
        unavailable={"王建国": weekdays},
    )
    plan = plan_year(request)
    dispatch = next(m for m in plan.meetings if m.kind is DISPATCH and m.quarter == "2026Q2")
    assert dispatch.date == ADJUSTED_SATURDAY
    assert any("2026-05-09" in w and "调休上班日" in w for w in plan.warnings)


def test_a_slot_that_has_begun_is_not_offered() -> None:
    day = dt.date(2026, 5, 11)
    request = replace(
        make_request([("新能源汽车", "王建国", "李四")], today=day),
        time_of_day=dt.time(9, 5),
    )
    dispatch = next(m for m in plan_year(request).meetings if m.quarter == "2026Q2")
    assert (dispatch.date, dispatch.start) == (day, "14:30")


def test_with_a_coordinator_no_two_meetings_share_a_slot() -> None:
    request = make_request(
        [("新能源汽车", "王建国", "李四"), ("集成电路", "赵六", "张三")],
        settings=SchedulerSettings(coordinator="周七"),
    )
    slots = Counter((m.date, m.start) for m in plan_year(request).meetings)
    assert max(slots.values()) == 1
