"""Which firm a file row means: the natural-key rules of §3 for firms.

A firm is known by its USCC when it has one, else by its name; a USCC no stored firm has, on
the name of exactly one stored firm without USCC, gives that firm its code. Rows that would
land on one firm twice are duplicates, reported at the later row. Firms the file creates get
negative provisional ids until the database gives them real ones.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from chainchief.domain.errors import CellError
from chainchief.exchange.rows import ParsedSheet, Row
from chainchief.i18n import _


class FirmIndex:
    """Stored firms, then the file's firm rows resolved onto them; answers name/USCC lookups."""

    def __init__(self, stored: list[Row]) -> None:
        self.stored = {row["_id"]: row for row in stored}
        self._stored_by_uscc = {row["uscc"]: row["_id"] for row in stored if row["uscc"]}
        self._stored_by_name: dict[str, list[int]] = defaultdict(list)
        for row in stored:
            self._stored_by_name[row["firm"]].append(row["_id"])
        self.names = {row["_id"]: row["firm"] for row in stored}
        self.usccs = {row["_id"]: row["uscc"] for row in stored}
        self._next_new = -1

    def resolve_rows(
        self, sheet: ParsedSheet, report: Callable[[CellError], None]
    ) -> list[tuple[int, int, Row]]:
        """(row number, firm id, row) of every usable firm row; ids < 0 are new firms."""
        claimed: dict[int, int] = {}
        file_keys: dict[object, int] = {}
        resolved: list[tuple[int, int, Row]] = []
        uscc_present = "uscc" in sheet.present
        for number, row in sheet.rows:
            name, uscc = row["firm"], row.get("uscc")
            if uscc_present and "uscc" not in row:
                continue
            key: object = uscc or ("name", name)
            earlier = file_keys.get(key)
            firm_id = None if earlier is not None else self._target(name, uscc, uscc_present)
            if isinstance(firm_id, str):
                report(CellError(sheet.title, number, sheet.letter("firm"), firm_id))
                continue
            if firm_id is not None and firm_id in claimed:
                earlier = claimed[firm_id]
            if earlier is not None:
                letter = sheet.letter("uscc" if uscc else "firm")
                report(CellError(sheet.title, number, letter, duplicate_of(earlier)))
                continue
            file_keys[key] = number
            if firm_id is None:
                firm_id = self._next_new
                self._next_new -= 1
            claimed[firm_id] = number
            resolved.append((number, firm_id, row))
            self.names[firm_id] = name
            if uscc_present:
                self.usccs[firm_id] = uscc
        self._index()
        return resolved

    def _target(self, name: str, uscc: str | None, uscc_present: bool) -> int | str | None:
        """The stored firm a row updates, None for a new firm, or a reason it is ambiguous."""
        if uscc:
            if uscc in self._stored_by_uscc:
                return self._stored_by_uscc[uscc]
            without = [fid for fid in self._stored_by_name.get(name, []) if not self.usccs[fid]]
            if len(without) > 1:
                return _("Several stored firms are named {firm} and none has this code").format(
                    firm=name
                )
            return without[0] if without else None
        same_name = self._stored_by_name.get(name, [])
        if len(same_name) > 1:
            return ambiguous(name)
        return same_name[0] if same_name else None

    def _index(self) -> None:
        self.by_name: dict[str, list[int]] = defaultdict(list)
        for firm_id, name in self.names.items():
            self.by_name[name].append(firm_id)
        self.by_uscc = {uscc: fid for fid, uscc in self.usccs.items() if uscc}

    def lookup(self, name: str, uscc: str | None) -> int | str:
        """The firm a membership row names (after the file's firms), or the reason it cannot."""
        if not hasattr(self, "by_name"):
            self._index()
        if uscc:
            found = self.by_uscc.get(uscc)
            if found is None:
                return _("No firm has the unified social credit code {uscc}").format(uscc=uscc)
            return found
        candidates = self.by_name.get(name, [])
        if not candidates:
            return _("Unknown firm: {firm}").format(firm=name)
        if len(candidates) > 1:
            return ambiguous(name)
        return candidates[0]


def ambiguous(name: str) -> str:
    return _("Several firms are named {firm}; give the unified social credit code").format(
        firm=name
    )


def duplicate_of(row: int) -> str:
    return _("Duplicate of row {row}").format(row=row)
