"""The exact search behind the year scheduler, for one quarter.

The rules say which plan is wanted: the fewest unplaced meetings, then the lexicographically
earliest choices in chain order (each meeting's candidates come best first, "unplaced" ranks
after all of them), the team-leads meeting last. A depth-first search that tries candidates in
order and allows at most ``k`` unplaced meetings finds exactly that plan for the smallest ``k``
it succeeds with.

The team-leads meeting is not searched: it falls on a day after every dispatch meeting, so it
never shares a day, a slot or a person's seat with them. Either it is placed — and the dispatch
meetings must fit before its last possible day — or it is not; both dispatch problems are
solved and the better plan kept.

What keeps the dispatch search fast on a city's worth of chains is cutting branches early: a
lower bound on the meetings that must still go unplaced (a flow of meetings through their
chief's free slots into each day's remaining capacity, and per person a slot matching) is
compared with the budget left, and failures are remembered by the part of the state that later
meetings can see, so chains that share nobody are not re-tried in every order.

People are bits of an int, so "does anyone of this meeting already sit in that slot?" is one
``&``.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass

Candidate = tuple[int, int]
"""(day ordinal, slot index)."""


@dataclass(frozen=True)
class SearchVariable:
    """A meeting to place: its chair and all its people as bits, its admissible slots best first."""

    chair: int
    persons: int
    candidates: tuple[Candidate, ...]


@dataclass(frozen=True)
class SearchProblem:
    """One quarter: dispatch meetings in chain order, the team-leads meeting, fixed occupancy.

    The team-leads meeting's candidates are already those after the held dispatch meetings.
    """

    dispatch: tuple[SearchVariable, ...]
    team_leads: SearchVariable | None
    max_per_day: int
    fixed_busy: Mapping[Candidate, int]
    fixed_load: Mapping[int, int]


@dataclass(frozen=True)
class SearchResult:
    dispatch: list[Candidate | None]
    team_leads: Candidate | None


def solve(problem: SearchProblem) -> SearchResult:
    """The canonical assignment; None marks an unplaced meeting."""
    free_run = _solve_dispatch(problem, before=None)
    team_leads = problem.team_leads
    if team_leads is None or not team_leads.candidates:
        return SearchResult(free_run, None)
    latest = max(day for day, _slot in team_leads.candidates)
    if _last_day(free_run) < latest:
        return SearchResult(free_run, _first_after(team_leads, _last_day(free_run)))
    early_run = _solve_dispatch(problem, before=latest)
    early_missing = early_run.count(None)
    free_missing = free_run.count(None) + 1
    if early_missing < free_missing or (
        early_missing == free_missing and _rank(problem, early_run) < _rank(problem, free_run)
    ):
        return SearchResult(early_run, _first_after(team_leads, _last_day(early_run)))
    return SearchResult(free_run, None)


def _last_day(choice: list[Candidate | None]) -> int:
    return max((candidate[0] for candidate in choice if candidate is not None), default=-1)


def _first_after(variable: SearchVariable, day: int) -> Candidate:
    return next(candidate for candidate in variable.candidates if candidate[0] > day)


def _rank(problem: SearchProblem, choice: list[Candidate | None]) -> list[int]:
    """Orders assignments as the rules do: each meeting by its place in preference order."""
    return [
        len(variable.candidates) if candidate is None else variable.candidates.index(candidate)
        for variable, candidate in zip(problem.dispatch, choice, strict=True)
    ]


def _solve_dispatch(problem: SearchProblem, before: int | None) -> list[Candidate | None]:
    """The canonical dispatch assignment, all meetings on days before ``before`` if given."""
    variables = [
        SearchVariable(
            variable.chair,
            variable.persons,
            tuple(c for c in variable.candidates if before is None or c[0] < before),
        )
        for variable in problem.dispatch
    ]
    kept = [index for index, variable in enumerate(variables) if variable.candidates]
    search = _Search([variables[index] for index in kept], problem)
    budget = search.lower_bound(0) if kept else 0
    while not search.search(0, budget):
        budget += 1
    choice: list[Candidate | None] = [None] * len(variables)
    for position, index in enumerate(kept):
        choice[index] = search.choice[position]
    return choice


class _Search:
    """Depth-first search over dispatch meetings in chain order, with a budget of unplaced ones."""

    def __init__(self, variables: list[SearchVariable], problem: SearchProblem) -> None:
        self.variables = variables
        self.capacity = problem.max_per_day
        self.busy: dict[Candidate, int] = dict(problem.fixed_busy)
        self.load: dict[int, int] = dict(problem.fixed_load)
        self.choice: list[Candidate | None] = [None] * len(variables)
        self.failed: dict[Hashable, int] = {}
        count = len(variables)
        self.future_persons = [0] * (count + 1)
        self.future_days: list[frozenset[int]] = [frozenset()] * (count + 1)
        for index in range(count - 1, -1, -1):
            variable = variables[index]
            self.future_persons[index] = self.future_persons[index + 1] | variable.persons
            days = {day for day, _slot in variable.candidates}
            self.future_days[index] = self.future_days[index + 1] | days

    def options(self, index: int) -> list[Candidate]:
        persons = self.variables[index].persons
        return [
            candidate
            for candidate in self.variables[index].candidates
            if self.load.get(candidate[0], 0) < self.capacity
            and not self.busy.get(candidate, 0) & persons
        ]

    def place(self, index: int, candidate: Candidate) -> None:
        self.choice[index] = candidate
        self.busy[candidate] = self.busy.get(candidate, 0) | self.variables[index].persons
        self.load[candidate[0]] = self.load.get(candidate[0], 0) + 1

    def unplace(self, index: int, candidate: Candidate) -> None:
        self.choice[index] = None
        self.busy[candidate] &= ~self.variables[index].persons
        self.load[candidate[0]] -= 1

    def signature(self, index: int) -> Hashable:
        """The state as meetings ``index…`` see it: their people's seats and their days' load."""
        persons = self.future_persons[index]
        days = self.future_days[index]
        seen = []
        for earlier in range(index):
            candidate = self.choice[earlier]
            if candidate is None or candidate[0] not in days:
                continue
            shared = self.variables[earlier].persons & persons
            seen.append((candidate[0], candidate[1] if shared else -1, shared))
        return (index, tuple(sorted(seen)))

    def lower_bound(self, index: int) -> int:
        """Meetings among ``index…`` that no completion of the current state can place."""
        rows = list(range(index, len(self.variables)))
        options = {row: self.options(row) for row in rows}
        return max(self.flow_bound(rows, options), self.person_bound(rows, options))

    def flow_bound(self, rows: list[int], options: dict[int, list[Candidate]]) -> int:
        """Meetings that cannot flow through their chair's free slots into days with room."""
        slots: dict[tuple[int, int], set[int]] = {}
        groups = []
        for row in rows:
            chair = self.variables[row].chair
            row_groups: dict[tuple[int, int], None] = {}
            for day, slot in options[row]:
                row_groups[(chair, day)] = None
                slots.setdefault((chair, day), set()).add(slot)
            groups.append(list(row_groups))
        return _flow_deficiency(
            groups,
            {group: len(free) for group, free in slots.items()},
            lambda day: self.capacity - self.load.get(day, 0),
        )

    def person_bound(self, rows: list[int], options: dict[int, list[Candidate]]) -> int:
        """Meetings left out by people's one seat per slot.

        Per person, a matching of their meetings to slots shows how many cannot fit; people
        whose meetings do not overlap add up (one chief's surplus does not excuse another's).
        """
        persons = self.future_persons[rows[0]] if rows else 0
        shortfalls: list[tuple[int, frozenset[int]]] = []
        while persons:
            person = persons & -persons
            persons ^= person
            sharing = [row for row in rows if self.variables[row].persons & person]
            if len(sharing) > 1:
                missing = _slot_deficiency([options[row] for row in sharing])
                if missing:
                    shortfalls.append((missing, frozenset(sharing)))
        shortfalls.sort(key=lambda item: (-item[0], len(item[1]), sorted(item[1])))
        covered: set[int] = set()
        total = 0
        for missing, group in shortfalls:
            if covered.isdisjoint(group):
                covered |= group
                total += missing
        return total + sum(1 for row in rows if not options[row] and row not in covered)

    def search(self, index: int, budget: int) -> bool:
        remaining = len(self.variables) - index
        if budget >= remaining:
            return self.branch(index, budget)
        key = self.signature(index)
        if self.failed.get(key, -1) >= budget:
            return False
        if self.lower_bound(index) > budget or not self.branch(index, budget):
            self.failed[key] = max(budget, self.failed.get(key, -1))
            return False
        return True

    def branch(self, index: int, budget: int) -> bool:
        if index == len(self.variables):
            return True
        for candidate in self.options(index):
            self.place(index, candidate)
            if self.search(index + 1, budget):
                return True
            self.unplace(index, candidate)
        return budget > 0 and self.search(index + 1, budget - 1)


def _slot_deficiency(choices: list[list[Candidate]]) -> int:
    """Rows a maximum matching to distinct slots leaves out (Kuhn's algorithm)."""
    holder: dict[Candidate, int] = {}

    def assign(row: int, visited: set[Candidate]) -> bool:
        for column in choices[row]:
            if column in visited:
                continue
            visited.add(column)
            if column not in holder or assign(holder[column], visited):
                holder[column] = row
                return True
        return False

    return sum(1 for row in range(len(choices)) if not assign(row, set()))


def _flow_deficiency(
    groups: list[list[tuple[int, int]]],
    group_capacity: Mapping[tuple[int, int], int],
    day_capacity: Callable[[int], int],
) -> int:
    """Rows left out by a maximum flow row → (chair, day) group → day, both capacitated.

    Augmenting paths by depth-first search on the residual network: a row may take a group
    with room whose day has room, push a member of a full group elsewhere, or free room on a
    full day by moving a row of another group of that day.
    """
    members: dict[tuple[int, int], list[int]] = {group: [] for group in group_capacity}
    on_day: dict[int, list[tuple[int, int]]] = {}
    for group in group_capacity:
        on_day.setdefault(group[1], []).append(group)
    used: dict[int, int] = {}

    def route(row: int, seen: set[Hashable]) -> bool:
        for group in groups[row]:
            if group in seen:
                continue
            seen.add(group)
            if len(members[group]) < group_capacity[group] and take_day(group[1], seen):
                members[group].append(row)
                return True
            for position, other in enumerate(members[group]):
                if route(other, seen):
                    members[group][position] = row
                    return True
        return False

    def take_day(day: int, seen: set[Hashable]) -> bool:
        if used.get(day, 0) < day_capacity(day):
            used[day] = used.get(day, 0) + 1
            return True
        if ("day", day) in seen:
            return False
        seen.add(("day", day))
        for group in on_day[day]:
            if group in seen:
                continue
            seen.add(group)
            for position, other in enumerate(members[group]):
                if route(other, seen):
                    del members[group][position]
                    return True
        return False

    return sum(1 for row in range(len(groups)) if not route(row, set()))
