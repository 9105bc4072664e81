"""Every rule of an import checked before anything is written, and what to write if all pass.

The planner matches file rows to stored rows by natural key, resolves every reference against
the file and the database together (a segment may name a chain the same file adds), applies
the link rules of §1 in file order, and collects all problems. Its output is an ``ImportPlan``:
rows to insert, rows to update, how many are unchanged, and the people and departments to
create.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from chainchief.domain.enums import Tier
from chainchief.domain.errors import CellError, RuleViolation
from chainchief.domain.graph import LinkChecker
from chainchief.domain.regions import normalise
from chainchief.domain.roles import ChainRoles, role_conflicts
from chainchief.domain.text import name_key
from chainchief.exchange.rows import ParsedSheet, Row
from chainchief.exchange.workbook_spec import SHEETS_BY_ALIAS
from chainchief.i18n import _
from chainchief.services.workbooks.firm_keys import FirmIndex, duplicate_of

ORDER = (
    "people",
    "chains",
    "segments",
    "links",
    "firms",
    "firm_segments",
    "targets",
    "projects",
    "indicators",
    "actions",
    "holidays",
    "firm_figures",
    "cultivated_firms",
    "visits",
)
FIRM_KEYED: dict[str, tuple[str, ...]] = {
    "firm_figures": ("quarter",),
    "cultivated_firms": (),
    "visits": ("date", "_first"),
}
"""Sheets keyed by a firm (resolved like 企业环节) plus these columns."""
KEYS: dict[str, tuple[str, ...]] = {
    "people": ("name",),
    "chains": ("chain",),
    "segments": ("chain", "segment"),
    "links": ("chain", "upstream", "downstream"),
    "targets": ("chain", "segment", "firm"),
    "projects": ("chain", "project"),
    "indicators": ("chain", "quarter", "indicator"),
    "actions": ("chain", "item"),
    "holidays": ("date",),
}
PERSON_COLUMNS = {"chains": ("chief", "team_lead", "team_members"), "targets": ("owner",)}
PERSON_COLUMNS |= {"projects": ("owner",), "actions": ("owner",)}
PERSON_COLUMNS |= {"cultivated_firms": ("officer",), "visits": ("visitors",)}
DEPARTMENT_COLUMNS = {
    "chains": ("lead_department", "supporting_departments"),
    "people": ("department",),
    "actions": ("department",),
}


@dataclass
class SheetPlan:
    """What one sheet changes: rows to add, (stored, file) pairs to update, unchanged count."""

    alias: str
    title: str
    present: frozenset[str]
    inserts: list[Row] = field(default_factory=list)
    updates: list[tuple[Row, Row]] = field(default_factory=list)
    unchanged: int = 0

    @cached_property
    def absent_required(self) -> tuple[str, ...]:
        """Headers a new row cannot do without that the sheet lacks (tier, location…)."""
        return tuple(
            column.header
            for column in SHEETS_BY_ALIAS[self.alias].columns
            if column.must_not_be_empty and column.alias not in self.present
        )


@dataclass
class ImportPlan:
    sheets: dict[str, SheetPlan]
    new_people: list[str]
    new_departments: list[str]


class Planner:
    def __init__(
        self,
        parsed: dict[str, ParsedSheet],
        stored: dict[str, list[Row]],
        departments: Iterable[str],
        default_min_local_firms: int,
        errors: list[CellError],
    ) -> None:
        self.parsed = parsed
        self.stored = stored
        self.errors = errors
        self.default_min = default_min_local_firms
        self.people = {row["name"] for row in stored["people"]}
        self.departments = set(departments)
        self.new_people: dict[str, None] = {}
        self.new_departments: dict[str, None] = {}
        self.chains = {row["chain"] for row in stored["chains"]}
        self.stored_chains = {row["chain"]: row for row in stored["chains"]}
        self.segments: dict[tuple[str, str], Row] = {
            (row["chain"], row["segment"]): row for row in stored["segments"]
        }
        self.segment_rows: dict[tuple[str, str], tuple[int, Tier]] = {}
        self.retiered: dict[tuple[str, str], int] = {}

    def error(self, sheet: ParsedSheet, number: int, alias: str, reason: str) -> None:
        self.errors.append(CellError(sheet.title, number, sheet.letter(alias), reason))

    def plan(self) -> ImportPlan:
        plans: dict[str, SheetPlan] = {}
        for alias in ORDER:
            sheet = self.parsed.get(alias)
            if sheet is None:
                continue
            if alias == "firms":
                plans[alias] = self._firms(sheet)
            elif alias == "firm_segments":
                plans[alias] = self._memberships(sheet)
            elif alias in FIRM_KEYED:
                plans[alias] = self._firm_keyed(sheet, FIRM_KEYED[alias])
            else:
                plans[alias] = self._keyed(sheet, KEYS[alias])
            if alias == "people":
                self.people |= {row["name"] for row in plans[alias].inserts}
            if alias == "chains":
                self.chains |= {row["chain"] for row in plans[alias].inserts}
            if alias == "segments":
                self._merge_segments(sheet)
        self._check_references()
        if "links" in self.parsed or "segments" in self.parsed:
            self._check_links()
        return ImportPlan(plans, list(self.new_people), list(self.new_departments))

    def _keyed(self, sheet: ParsedSheet, key: tuple[str, ...]) -> SheetPlan:
        alias = sheet.spec.alias
        index = {tuple(row[name] for name in key): row for row in self.stored.get(alias, [])}
        present = sheet.present
        if alias == "targets" and "region" in present:
            present = present | {"province", "city"}
        plan = SheetPlan(alias, sheet.title, present)
        seen: dict[tuple[Any, ...], tuple[int, tuple[Any, ...]]] = {}
        prepare = _PREPARE.get(alias)
        compared = [name for name in present if name not in key]
        for number, row in sheet.rows:
            row_key = tuple(row[name] for name in key)
            folded = tuple(name_key(part) if isinstance(part, str) else part for part in row_key)
            if folded in seen:
                first, written = seen[folded]
                reason = (
                    duplicate_of(first)
                    if written == row_key
                    else _same_name(first, written, row_key)
                )
                self.error(sheet, number, key[0], reason)
                continue
            seen[folded] = (number, row_key)
            row["_row"] = number
            if prepare is not None:
                prepare(self, sheet, number, row)
            self._classify(plan, index.get(row_key), row, compared)
        return plan

    def _classify(
        self, plan: SheetPlan, stored: Row | None, row: Row, compared: Sequence[str]
    ) -> None:
        if stored is None:
            for header in plan.absent_required:
                sheet = self.parsed[plan.alias]
                self.error(
                    sheet,
                    row["_row"],
                    sheet.spec.identifying[0].alias,
                    _("A new row needs the column {header}").format(header=header),
                )
            plan.inserts.append(row)
        elif all(stored[name] == row[name] for name in compared if name in row):
            plan.unchanged += 1
        else:
            plan.updates.append((stored, row))

    def _prepare_chain(self, sheet: ParsedSheet, number: int, row: Row) -> None:
        self._check_roles(sheet, number, row)
        if "min_local_firms" in sheet.present and "min_local_firms" in row:
            value = row["min_local_firms"]
            if value is None:
                row["min_local_firms"] = self.default_min
            elif value < 1:
                self.error(
                    sheet,
                    number,
                    "min_local_firms",
                    _("Must be at least 1: {value}").format(value=value),
                )

    def _check_roles(self, sheet: ParsedSheet, number: int, row: Row) -> None:
        """The editor's role rules, on the chain as this row leaves it (columns the sheet lacks
        keep their stored names). As in the editor, a rule is checked only when the sheet
        carries one of its columns: an older chain that breaks it is not refused for a sheet
        that leaves its people alone."""
        merged = {**self.stored_chains.get(row["chain"], {}), **row}
        roles = ChainRoles(
            chain=row["chain"],
            chief=merged.get("chief"),
            team_lead=merged.get("team_lead"),
            members=_names(merged.get("team_members")),
            lead_department=merged.get("lead_department"),
            supporting_departments=_names(merged.get("supporting_departments")),
        )
        for conflict in role_conflicts(roles):
            group = ROLE_COLUMNS[conflict.field]
            shown = [alias for alias in group if alias in sheet.present]
            if shown:
                self.error(sheet, number, shown[-1], conflict.message)

    def _merge_segments(self, sheet: ParsedSheet) -> None:
        for number, row in sheet.rows:
            key = (row["chain"], row["segment"])
            stored = self.segments.get(key)
            tier = row.get("tier") or (stored["tier"] if stored else None)
            if stored is None:
                self.segments[key] = {"_id": None, **row, "tier": tier}
            if tier is not None:
                self.segment_rows[key] = (number, Tier(tier))
                if stored is not None and stored["tier"] != tier:
                    self.retiered[key] = number

    def _firms(self, sheet: ParsedSheet) -> SheetPlan:
        self.firms = FirmIndex(self.stored["firms"])
        plan = SheetPlan("firms", sheet.title, sheet.present)
        compared = [name for name in sheet.present if name != "firm"] + ["firm"]
        for number, firm_id, row in self.firms.resolve_rows(sheet, self.errors.append):
            row["_row"], row["_firm_id"] = number, firm_id
            self._classify(plan, self.firms.stored.get(firm_id), row, compared)
        return plan

    def _memberships(self, sheet: ParsedSheet) -> SheetPlan:
        if not hasattr(self, "firms"):
            self.firms = FirmIndex(self.stored["firms"])
        index = {
            (row["_firm_id"], row["chain"], row["segment"]): row
            for row in self.stored["firm_segments"]
        }
        plan = SheetPlan("firm_segments", sheet.title, sheet.present)
        seen: dict[tuple[int, str, str], int] = {}
        compared = [name for name in ("role", "product") if name in sheet.present]
        for number, row in sheet.rows:
            if "uscc" in sheet.present and "uscc" not in row:
                continue
            found = self.firms.lookup(row["firm"], row.get("uscc"))
            if isinstance(found, str):
                self.error(sheet, number, "uscc" if row.get("uscc") else "firm", found)
                continue
            key = (found, row["chain"], row["segment"])
            if key in seen:
                self.error(sheet, number, "firm", duplicate_of(seen[key]))
                continue
            seen[key] = number
            row["_row"], row["_firm_id"] = number, found
            self._classify(plan, index.get(key), row, compared)
        return plan

    def _firm_keyed(self, sheet: ParsedSheet, rest: tuple[str, ...]) -> SheetPlan:
        """A sheet keyed by firm (+ ``rest``); a USCC, where the sheet has one, must match."""
        if not hasattr(self, "firms"):
            self.firms = FirmIndex(self.stored["firms"])
        alias = sheet.spec.alias
        index = {
            (row["_firm_id"], *(row[name] for name in rest)): row
            for row in self.stored.get(alias, [])
        }
        plan = SheetPlan(alias, sheet.title, sheet.present)
        seen: dict[tuple[Any, ...], int] = {}
        skipped = {"firm", "uscc", *rest}
        compared = [name for name in sheet.present if name not in skipped]
        for number, row in sheet.rows:
            if "uscc" in sheet.present and "uscc" not in row:
                continue
            found = self.firms.lookup(row["firm"], row.get("uscc"))
            if isinstance(found, str):
                self.error(sheet, number, "uscc" if row.get("uscc") else "firm", found)
                continue
            if row.get("uscc") and self.firms.names[found] != row["firm"]:
                self.error(sheet, number, "uscc", uscc_mismatch(row["firm"], row["uscc"]))
                continue
            if "visitors" in row:
                row["_first"] = row["visitors"][0]
            key = (found, *(row[name] for name in rest))
            if key in seen:
                self.error(sheet, number, "firm", duplicate_of(seen[key]))
                continue
            seen[key] = number
            row["_row"], row["_firm_id"] = number, found
            if alias == "visits":
                self._check_escalation(sheet, number, row, index.get(key))
            self._classify(plan, index.get(key), row, compared)
        return plan

    def _check_escalation(self, sheet: ParsedSheet, number: int, row: Row, stored: Row | None):
        """转督办 needs a demand to pass on and a chain (through the firm's memberships)."""
        merged = {**(stored or {}), **row}
        if not merged.get("escalate") or (stored and stored.get("_action_id")):
            return
        if not merged.get("demand"):
            self.error(
                sheet,
                number,
                "escalate",
                _("Passing a visit on as an action item needs the firm's demand"),
            )
        elif not self._firm_chains().get(row["_firm_id"]):
            self.error(
                sheet,
                number,
                "escalate",
                _(
                    "{firm} belongs to no chain, so its demand has no chain to be followed up in"
                ).format(firm=row["firm"]),
            )

    def _firm_chains(self) -> dict[int, list[tuple[str | None, str]]]:
        """(role, chain) of each firm's memberships, stored and in this file."""
        if not hasattr(self, "firm_chains"):
            chains: dict[int, list[tuple[str | None, str]]] = {}
            rows = list(self.stored.get("firm_segments", []))
            membership_sheet = self.parsed.get("firm_segments")
            if membership_sheet is not None:
                rows += [row for _number, row in membership_sheet.rows if "_firm_id" in row]
            for row in rows:
                chains.setdefault(row["_firm_id"], []).append((row.get("role"), row["chain"]))
            self.firm_chains = chains
        return self.firm_chains

    def _check_references(self) -> None:
        for alias, sheet in self.parsed.items():
            people = PERSON_COLUMNS.get(alias, ())
            departments = DEPARTMENT_COLUMNS.get(alias, ())
            chained = "chain" in sheet.spec.by_alias and alias != "chains"
            segment_column = "segment" if alias in _SEGMENT_SHEETS else None
            for number, row in sheet.rows:
                if chained and row["chain"] not in self.chains:
                    self.error(sheet, number, "chain", unknown_chain(row["chain"]))
                    continue
                if segment_column and row.get(segment_column):
                    self._check_segment(sheet, number, row, segment_column)
                for column in people:
                    for name in _names(row.get(column)):
                        if name not in self.people:
                            self.new_people.setdefault(name)
                for column in departments:
                    for name in _names(row.get(column)):
                        if name not in self.departments:
                            self.new_departments.setdefault(name)

    def _check_segment(self, sheet: ParsedSheet, number: int, row: Row, column: str) -> None:
        if (row["chain"], row[column]) not in self.segments:
            self.error(sheet, number, column, unknown_segment(row["chain"], row[column]))

    def _check_links(self) -> None:
        """Tier order and acyclicity on stored links plus the file's, per chain, in file order.

        A segment whose tier is missing or bad (already reported) exists for references, but
        links touching it cannot be judged and are skipped.
        """
        ids: dict[tuple[str, str], int] = {}
        names: dict[int, str] = {}
        tiers: dict[int, Tier] = {}
        for provisional, (key, row) in enumerate(self.segments.items(), start=1):
            ids[key] = provisional
            names[provisional] = key[1]
            if key in self.segment_rows:
                tiers[provisional] = self.segment_rows[key][1]
            elif row["tier"] is not None:
                tiers[provisional] = Tier(row["tier"])
        checker = LinkChecker(names, tiers)
        for stored in self.stored.get("links", []):
            upstream = ids[(stored["chain"], stored["upstream"])]
            downstream = ids[(stored["chain"], stored["downstream"])]
            if tiers[upstream].rank > tiers[downstream].rank:
                self._report_retiered(stored, upstream, downstream, names)
            checker.add_trusted(upstream, downstream)
        sheet = self.parsed.get("links")
        if sheet is None:
            return
        stored_links = {
            (row["chain"], row["upstream"], row["downstream"])
            for row in self.stored.get("links", [])
        }
        for number, row in sheet.rows:
            chain = row["chain"]
            ends = [ids.get((chain, row[end])) for end in ("upstream", "downstream")]
            for end, found in zip(("upstream", "downstream"), ends, strict=True):
                if found is None and chain in self.chains:
                    self.error(sheet, number, end, unknown_segment(chain, row[end]))
            if None in ends or (chain, row["upstream"], row["downstream"]) in stored_links:
                continue
            if ends[0] not in tiers or ends[1] not in tiers:
                continue
            try:
                checker.add(ends[0], ends[1])  # type: ignore[arg-type]
            except RuleViolation as violation:
                self.error(sheet, number, "chain", violation.message)

    def _report_retiered(
        self, stored: Row, upstream: int, downstream: int, names: dict[int, str]
    ) -> None:
        sheet = self.parsed["segments"]
        ends = [(stored["chain"], names[end]) for end in (upstream, downstream)]
        number = max(self.retiered[end] for end in ends if end in self.retiered)
        self.error(
            sheet,
            number,
            "tier",
            _("The stored link {upstream} → {downstream} would run against tier order").format(
                upstream=stored["upstream"], downstream=stored["downstream"]
            ),
        )


_SEGMENT_SHEETS = ("firm_segments", "targets", "projects")


def _prepare_target(_planner: Planner, sheet: ParsedSheet, _number: int, row: Row) -> None:
    """An empty 省份 and 城市 are read from 所在地区 (the investment map places targets)."""
    if "region" not in sheet.present or row.get("province") or row.get("city"):
        return
    origin = normalise(row.get("region"))
    row["province"], row["city"] = origin.province, origin.city


_PREPARE: dict[str, Callable[[Planner, ParsedSheet, int, Row], None]] = {
    "chains": Planner._prepare_chain,
    "targets": _prepare_target,
}


ROLE_COLUMNS = {
    "team_lead": ("chief", "team_lead"),
    "members": ("chief", "team_lead", "team_members"),
    "supporting_departments": ("lead_department", "supporting_departments"),
}
"""The chain sheet's columns each role rule reads; an error points at the last one present."""


def _names(value: Any) -> list[str]:
    if not value:
        return []
    return value if isinstance(value, list) else [value]


def uscc_mismatch(firm: str, uscc: str) -> str:
    return _("The unified social credit code {uscc} is not that of {firm}").format(
        uscc=uscc, firm=firm
    )


def unknown_chain(chain: str) -> str:
    return _("Unknown chain: {chain}").format(chain=chain)


def unknown_segment(chain: str, segment: str) -> str:
    return _("Chain {chain} has no segment {segment}").format(chain=chain, segment=segment)


def _same_name(first: int, written: tuple[Any, ...], again: tuple[Any, ...]) -> str:
    """Two keys that differ only in case, width or spaces: one name, so a clash of two rows."""
    return _(
        "The same name as row {row} ({first} / {second}): names differing only in case, "
        "full-width letters or spaces are one name"
    ).format(
        row=first,
        first=" / ".join(str(part) for part in written),
        second=" / ".join(str(part) for part in again),
    )
