"""Writing a checked import plan: bulk Core statements, in dependency order, in the caller's
transaction.

Everything here runs only after the planner found no problem, so it does not validate; it turns
names into ids and issues one executemany per table (per-object ``session.add`` is ~18× slower,
DESIGN.md §5). Updated rows get their version bumped and ``updated_by`` set; a target whose stage
changed (or a new one) gets a stage-history row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from sqlalchemy import Table, bindparam, delete, insert, select, update
from sqlalchemy.orm import Session

from chainchief.domain.clock import now, today
from chainchief.domain.enums import ActionStatus
from chainchief.exchange.progress import Tracker
from chainchief.exchange.rows import Row
from chainchief.services.registers.visit_actions import VisitToEscalate, escalate_visits
from chainchief.services.workbooks.columns import COLUMNS, RETURNED, TABLES, Source
from chainchief.services.workbooks.plan import ImportPlan, SheetPlan
from chainchief.store.conflicts import writer_stamp
from chainchief.store.models import (
    Chain,
    ChainMember,
    ChainSupportingDepartment,
    Department,
    Person,
    Segment,
    StageChange,
    UnavailableDay,
    VisitVisitor,
    table_of,
)

BATCH = 5000


def _batches(rows: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for start in range(0, len(rows), BATCH):
        yield rows[start : start + BATCH]


class Applier:
    """Writes one plan; ``ids`` maps names to ids as each table is written."""

    def __init__(
        self, session: Session, plan: ImportPlan, actor: str, tracker: Tracker, min_default: int
    ) -> None:
        self.session = session
        self.plan = plan
        self.actor = actor
        self.tracker = tracker
        self.min_default = min_default
        self.ids: dict[str, dict[Any, int]] = {}
        self.firm_ids: dict[int, int] = {}
        self.new_firms: dict[tuple[str, str | None], int] = {}
        self.moment = now()

    def run(self) -> None:
        self._new_names(table_of(Department), self.plan.new_departments)
        self.ids["department"] = self._name_ids(table_of(Department))
        self._sheet("people")
        self._new_names(table_of(Person), self.plan.new_people)
        self.ids["person"] = self._name_ids(table_of(Person))
        self._days()
        self._sheet("chains")
        self.ids["chain"] = self._name_ids(table_of(Chain))
        self._chain_lists()
        self._sheet("segments")
        query = select(Chain.name, Segment.name, Segment.id).join_from(Segment, Chain)
        self.ids["segment"] = {(c, s): sid for c, s, sid in self.session.execute(query)}
        for alias in ("links", "firms", "firm_segments", "targets", "projects"):
            self._sheet(alias)
        for alias in ("indicators", "actions", "holidays", "firm_figures", "cultivated_firms"):
            self._sheet(alias)
        self._sheet("visits")
        self._visit_lists()
        escalate_visits(self.session, self._visit_rows(), self.actor)

    def _name_ids(self, table: Table) -> dict[Any, int]:
        return dict(self.session.execute(select(table.c.name, table.c.id)).all())

    def _new_names(self, table: Table, names: list[str]) -> None:
        if names:
            stamp: dict[str, object] = {"version": 1}
            stamp |= writer_stamp(self.session, self.actor)
            values = [{"name": name} | stamp for name in names]
            self.session.execute(insert(table), values)

    def _sheet(self, alias: str) -> None:
        sheet = self.plan.sheets.get(alias)
        if sheet is None:
            return
        self._insert(alias, sheet)
        self._update(alias, sheet)

    def _insert(self, alias: str, sheet: SheetPlan) -> None:
        if not sheet.inserts:
            return
        table = TABLES[alias]
        build = self._builder(COLUMNS[alias].items())
        extra = self._insert_extra(alias)
        values = [build(row) | extra(row) for row in sheet.inserts]
        returned = RETURNED.get(alias)
        for start, batch in zip(range(0, len(values), BATCH), _batches(values), strict=True):
            if returned:
                columns = (table.c[name] for name in returned)
                statement = insert(table).returning(*columns, sort_by_parameter_order=True)
                found = self.session.execute(statement, batch).all()
                self._remember(alias, found, sheet.inserts[start : start + BATCH])
            else:
                self.session.execute(insert(table), batch)
            self.tracker.advance(len(batch))
        if alias == "firms":
            self.firm_ids = {
                row["_firm_id"]: self.new_firms[(row["firm"], row.get("uscc"))]
                for row in sheet.inserts
            }

    def _builder(
        self, columns: Iterable[tuple[str, tuple[str | None, Source]]]
    ) -> Callable[[Row], dict[str, Any]]:
        """A row → column values function; plain copies run as one dict comprehension."""
        pairs = [(name, source) for name, (_alias, source) in columns]
        plain = [(name, source) for name, source in pairs if isinstance(source, str)]
        computed = [(name, source) for name, source in pairs if not isinstance(source, str)]

        def build(row: Row) -> dict[str, Any]:
            get = row.get
            values = {name: get(key) for name, key in plain}
            for name, convert in computed:
                values[name] = convert(self, row)
            return values

        return build

    def _insert_extra(self, alias: str) -> Callable[[Row], dict[str, Any]]:
        versioned: dict[str, Any] = {"version": 1} | writer_stamp(self.session, self.actor)
        if alias == "holidays":
            return lambda row: {}
        if alias == "links":
            return lambda row: {}
        if alias == "chains":
            return lambda row: (
                versioned | {"min_local_firms": row.get("min_local_firms") or self.min_default}
            )
        if alias == "actions":
            return lambda row: versioned | {"closed_on": _closed_on(None, row)}
        return lambda row: versioned

    def _remember(self, alias: str, returned: Sequence[tuple[Any, ...]], rows: list[Row]) -> None:
        """Ids of new rows: by natural key for firms, on the row itself for visits."""
        if alias == "firms":
            self.new_firms.update({(name, uscc): fid for fid, name, uscc in returned})
            return
        if alias == "visits":
            for (visit_id,), row in zip(returned, rows, strict=True):
                row["_id"] = visit_id
            return
        self._stage_changes(
            [{"target_id": tid, "from_stage": None, "to_stage": stage} for tid, stage in returned]
        )

    def _stage_changes(self, changes: list[dict[str, Any]]) -> None:
        if changes:
            stamp = {"changed_at": self.moment, "changed_by": self.actor}
            self.session.execute(insert(StageChange), [change | stamp for change in changes])

    def _update(self, alias: str, sheet: SheetPlan) -> None:
        if not sheet.updates:
            return
        table = TABLES[alias]
        fields: dict[str, tuple[str | None, Source]] = {
            name: (source, convert)
            for name, (source, convert) in COLUMNS[alias].items()
            if source is not None and source in sheet.present
        }
        if alias == "chains" and "min_local_firms" in sheet.present:
            fields["min_local_firms"] = ("min_local_firms", "min_local_firms")
        if alias == "actions" and "status" in sheet.present:
            fields["closed_on"] = ("status", lambda _a, row: _closed_on(row["_stored"], row))
        if not fields and "version" not in table.c:
            return
        key = table.c.day if alias == "holidays" else table.c.id
        assignments: dict[str, Any] = {name: bindparam(f"p_{name}") for name in fields}
        if "version" in table.c:
            assignments |= {"version": table.c.version + 1}
            assignments |= writer_stamp(self.session, self.actor)
        statement = update(table).where(key == bindparam("p_key")).values(assignments)
        build = self._builder((f"p_{name}", spec) for name, spec in fields.items())
        values = []
        for stored, row in sheet.updates:
            row["_stored"] = stored
            values.append(build(row) | {"p_key": stored["_id"]})
        for batch in _batches(values):
            self.session.execute(statement, batch)
            self.tracker.advance(len(batch))
        if alias == "targets" and "stage" in sheet.present:
            self._stage_changes(
                [
                    {"target_id": stored["_id"], "from_stage": stored["stage"], "to_stage": new}
                    for stored, row in sheet.updates
                    if (new := row["stage"]) != stored["stage"]
                ]
            )

    def _visit_rows(self) -> list[VisitToEscalate]:
        """Every visit the file wrote, with its id, its firm's real id and stored link."""
        sheet = self.plan.sheets.get("visits")
        if sheet is None:
            return []
        rows: list[tuple[dict[str, Any], dict[str, Any]]] = [(row, {}) for row in sheet.inserts]
        rows += [(row | {"_id": stored["_id"]}, stored) for stored, row in sheet.updates]
        return [
            VisitToEscalate(
                visit_id=row["_id"],
                firm_id=self.firm_ids.get(row["_firm_id"], row["_firm_id"]),
                firm=row["firm"],
                demand=row.get("demand") if "demand" in sheet.present else stored.get("demand"),
                escalate=bool(
                    row.get("escalate") if "escalate" in sheet.present else stored.get("escalate")
                ),
                linked=bool(stored.get("_action_id")),
                owner_id=self.ids["person"].get(row["visitors"][0]),
            )
            for row, stored in rows
        ]

    def _visit_lists(self) -> None:
        sheet = self.plan.sheets.get("visits")
        if sheet is None or "visitors" not in sheet.present:
            return
        written = [*sheet.inserts, *(row | {"_id": s["_id"]} for s, row in sheet.updates)]
        rows = [
            (
                row["_id"],
                [
                    {"visit_id": row["_id"], "person_id": self.ids["person"][name], "position": i}
                    for i, name in enumerate(dict.fromkeys(row["visitors"]))
                ],
            )
            for row in written
        ]
        self._replace(VisitVisitor.__table__, "visit_id", rows)  # type: ignore[arg-type]

    def _lists(self, alias: str, column: str) -> Iterator[tuple[int, Row]]:
        """(id, row) of the sheet's written rows that carry list column ``column``."""
        sheet = self.plan.sheets.get(alias)
        if sheet is None or column not in sheet.present:
            return
        key = "chain" if alias == "chains" else "name"
        kind = "chain" if alias == "chains" else "person"
        for row in [*sheet.inserts, *(row for _stored, row in sheet.updates)]:
            yield self.ids[kind][row[key]], row

    def _replace(self, table: Table, owner: str, rows: list[tuple[int, list[dict[str, Any]]]]):
        if not rows:
            return
        owners = [owner_id for owner_id, _items in rows]
        for start in range(0, len(owners), 500):
            chunk = owners[start : start + 500]
            self.session.execute(delete(table).where(table.c[owner].in_(chunk)))
        items = [item for _owner_id, entries in rows for item in entries]
        if items:
            self.session.execute(insert(table), items)

    def _days(self) -> None:
        rows = [
            (pid, [{"person_id": pid, "day": day} for day in row["unavailable"]])
            for pid, row in self._lists("people", "unavailable")
        ]
        self._replace(table_of(UnavailableDay), "person_id", rows)

    def _chain_lists(self) -> None:
        for column, table, ref, kind, target in (
            ("team_members", table_of(ChainMember), "person_id", "person", "team_members"),
            (
                "supporting_departments",
                table_of(ChainSupportingDepartment),
                "department_id",
                "department",
                "supporting_departments",
            ),
        ):
            rows = [
                (
                    cid,
                    [
                        {"chain_id": cid, ref: self.ids[kind][name], "position": position}
                        for position, name in enumerate(row[target])
                    ],
                )
                for cid, row in self._lists("chains", column)
            ]
            self._replace(table, "chain_id", rows)


def _closed_on(stored: Row | None, row: Row) -> dt.date | None:
    """Closed items remember when they closed; reopening clears the date."""
    status = ActionStatus(row.get("status") or ActionStatus.ASSIGNED)
    if not status.is_closed:
        return None
    if stored is not None and ActionStatus(stored["status"]).is_closed:
        return stored.get("_closed_on") or today()
    return today()
