"""Names in a file spelled as stored: ``ai`` is the stored ``AI``, a full-width ``ＡＩ`` too.

§3's name key (NFKC, case folded, no spaces) makes two spellings one name within a file; this
carries it across to the database, before anything is planned. Each name cell whose key is the
key of exactly one stored name of the same kind (in the same chain, or chain and segment, where
names are scoped) takes the stored spelling, so the row updates the stored record or refers to
it instead of adding a look-alike. A name spelled exactly as stored is left alone, and so is
one whose key several stored names share: the planner then treats it as written.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from functools import partial
from typing import Any

from chainchief.domain.text import name_key
from chainchief.exchange.rows import ParsedSheet, Row

PERSON = {"chains": ("chief", "team_lead", "team_members"), "targets": ("owner",)}
PERSON |= {"projects": ("owner",), "actions": ("owner",), "people": ("name",)}
PERSON |= {"cultivated_firms": ("officer",), "visits": ("visitors",)}
DEPARTMENT = {
    "chains": ("lead_department", "supporting_departments"),
    "people": ("department",),
    "actions": ("department",),
}
SEGMENT = {"segments": ("segment",), "links": ("upstream", "downstream")}
SEGMENT |= {"firm_segments": ("segment",), "targets": ("segment",), "projects": ("segment",)}
FIRM_SHEETS = ("firms", "firm_segments", "firm_figures", "cultivated_firms", "visits")


class Spellings:
    """The stored spellings of one kind of name, by key."""

    def __init__(self, names: Iterable[str]) -> None:
        self.exact: set[str] = set()
        self.by_key: dict[str, set[str]] = defaultdict(set)
        for name in names:
            self.exact.add(name)
            self.by_key[name_key(name)].add(name)

    def __call__(self, name: Any) -> Any:
        if not isinstance(name, str) or name in self.exact:
            return name
        found = self.by_key.get(name_key(name), set())
        return next(iter(found)) if len(found) == 1 else name


class Scoped:
    """Spellings of names that are unique only within a scope (a chain's segments…)."""

    def __init__(self, keyed: Iterable[tuple[tuple[Any, ...], str]]) -> None:
        names: dict[tuple[Any, ...], list[str]] = defaultdict(list)
        for scope, name in keyed:
            names[scope].append(name)
        self.scopes = {scope: Spellings(found) for scope, found in names.items()}

    def __call__(self, scope: tuple[Any, ...], name: Any) -> Any:
        spellings = self.scopes.get(scope)
        return spellings(name) if spellings is not None else name


def spell_as_stored(
    parsed: dict[str, ParsedSheet], stored: dict[str, list[Row]], departments: Iterable[str]
) -> None:
    """Rewrite, in place, each name cell of ``parsed`` to the stored spelling of its name."""
    chains = Spellings(row["chain"] for row in stored.get("chains", []))
    people = Spellings(row["name"] for row in stored.get("people", []))
    units = Spellings(departments)
    firms = Spellings(row["firm"] for row in stored.get("firms", []))
    segments = Scoped(((row["chain"],), row["segment"]) for row in stored.get("segments", []))
    targets = Scoped(
        ((row["chain"], row["segment"]), row["firm"]) for row in stored.get("targets", [])
    )
    projects = Scoped(((row["chain"],), row["project"]) for row in stored.get("projects", []))
    indicators = Scoped(((row["chain"],), row["indicator"]) for row in stored.get("indicators", []))
    for alias, sheet in parsed.items():
        for _number, row in sheet.rows:
            _respell(row, ("chain",), chains)
            chain = (row.get("chain"),)
            _respell(row, SEGMENT.get(alias, ()), partial(segments, chain))
            _respell(row, PERSON.get(alias, ()), people)
            _respell(row, DEPARTMENT.get(alias, ()), units)
            if alias in FIRM_SHEETS:
                _respell(row, ("firm",), firms)
            elif alias == "targets":
                place = (row.get("chain"), row.get("segment"))
                _respell(row, ("firm",), partial(targets, place))
            elif alias == "projects":
                _respell(row, ("project",), partial(projects, chain))
            elif alias == "indicators":
                _respell(row, ("indicator",), partial(indicators, chain))


def _respell(row: Row, columns: Iterable[str], spell: Callable[[Any], Any]) -> None:
    for column in columns:
        value = row.get(column)
        if isinstance(value, list):
            row[column] = [spell(item) for item in value]
        elif value is not None:
            row[column] = spell(value)
