"""The audit log in the reader's words: one sentence per entry.

The log stores codes (``edit``, ``firms``, ``location``, ``in_city``; ``sql`` for a change made
outside the app on a secured server) so ``audit --json`` and
filters stay stable; the office staff who read it see one sentence instead —
``修改 企业「华东绝缘材料有限公司」的 所在地：市内 → 区内``. Field labels are the import
workbook's headers (the names people already know) for the record's own sheet, choices their
Chinese values; fields no sheet has (a meeting's place, a restore's previous state) have their
own labels here. An import's summary, a deletion's companion rows and a demo's cleared tables
read as counts, never as the JSON they are stored as. Anything not known is shown as stored.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from chainchief.domain.enums import CodedEnum, MeetingKind, MeetingStatus, UserRole
from chainchief.domain.settings import SHARED_SETTINGS
from chainchief.exchange.workbook_spec import SHEETS, SHEETS_BY_ALIAS, SheetColumn
from chainchief.i18n import N_, _, current_language

ACTIONS = {
    "create": N_("add"),
    "edit": N_("change"),
    "delete": N_("delete"),
    "import": N_("import"),
    "restore": N_("restore"),
    "replace": N_("replace"),
    "migrate": N_("copy"),
    "pin": N_("pin"),
    "unpin": N_("unpin"),
    "schedule": N_("schedule"),
    "user": N_("account change"),
    "sql": N_("direct database change"),
    "undo": N_("undo"),
    "redo": N_("redo"),
    "issue": N_("issue"),
    "collect": N_("write fill-in workbook"),
    "merge": N_("merge fill-in workbook"),
}
ENTITIES = {
    "chain": N_("chain"),
    "snapshot": N_("chain snapshot"),
    "segment": N_("segment"),
    "link": N_("link"),
    "firm": N_("firm"),
    "membership": N_("firm in segment"),
    "target": N_("target firm"),
    "project": N_("project"),
    "person": N_("person"),
    "department": N_("department"),
    "indicator": N_("indicator"),
    "action": N_("action item"),
    "action_extension": N_("extension request"),
    "holiday": N_("holiday"),
    "meeting": N_("meeting"),
    "meeting_minutes": N_("meeting minutes"),
    "agenda": N_("agenda"),
    "document": N_("document"),
    "feedback_pack": N_("fill-in workbook"),
    "firm_figure": N_("firm figures"),
    "cultivated_firm": N_("cultivated firm"),
    "visit": N_("visit"),
    "setting": N_("setting"),
    "action_step": N_("supervision step"),
    "progress_note": N_("progress note"),
    "stage_change": N_("stage change"),
    "chain_member": N_("work team member"),
    "supporting_department": N_("supporting department"),
    "unavailable_day": N_("unavailable day"),
    "attendee": N_("attendee"),
    "visitor": N_("visitor"),
    "feedback_key": N_("fill-in workbook key"),
    "feedback_merge": N_("merged fill-in workbook"),
    "user_chain": N_("chain of a user"),
    "database": N_("database"),
    "user": N_("user"),
    "workbook": N_("workbook"),
}
FIELDS = {
    "name": N_("name"),
    "rows": N_("rows"),
    "previous_state": N_("previous state kept in"),
    "cleared": N_("cleared"),
    "user_chains": N_("users' chains"),
    "items": N_("items"),
    "requested_due": N_("requested due date"),
    "reason": N_("reason"),
    "checksum": N_("checksum"),
    "applied": N_("changes applied"),
    "minutes": N_("minutes"),
    "start": N_("start"),
    "place": N_("place"),
    "pin": N_("pinned position"),
    "pinned": N_("pinned segments"),
    "password": N_("password"),
    "chains": N_("chains"),
    "value": N_("value"),
}
"""Fields of records that are not rows of an import sheet."""
_OWN_FIELDS = {
    "document": {"title": N_("title")},
    "feedback_pack": {"department": N_("department"), "items": N_("items")},
    "meeting": {"date": N_("date"), "status": N_("status")},
    "user": {"role": N_("role")},
}
"""Fields whose sheet namesake means something else for this record (a document's 标题 is
not a person's 职务)."""
_ENUMS: dict[tuple[str, str], type[CodedEnum]] = {
    ("user", "role"): UserRole,
    ("meeting", "status"): MeetingStatus,
}
_VALUES = {
    ("password", "changed"): N_("changed"),
    ("items", "edited"): N_("edited by hand"),
    ("items", "built"): N_("drawn up from the data"),
}
_SINGULAR = {spec.alias: spec.alias.rstrip("s") for spec in SHEETS}
_SINGULAR |= {"firm_segments": "membership", "people": "person", "actions": "action"}
_SINGULAR |= {"departments": "department", "users": "user", "settings": "setting"}
_SINGULAR |= {  # tables whose rows go and come back with a deleted (restored) record
    "memberships": "membership",
    "action_items": "action",
    "action_extensions": "action_extension",
    "action_steps": "action_step",
    "progress_notes": "progress_note",
    "stage_changes": "stage_change",
    "chain_members": "chain_member",
    "chain_supporting_departments": "supporting_department",
    "unavailable_days": "unavailable_day",
    "meeting_attendees": "attendee",
    "agenda_entries": "agenda",
    "visit_visitors": "visitor",
    "issued_documents": "document",
    "feedback_packs": "feedback_pack",
    "feedback_keys": "feedback_key",
    "feedback_merges": "feedback_merge",
    "user_chains": "user_chain",
}
# A secured server's trigger names the table it logs (DESIGN: services use the singular).
_SINGULAR |= {
    "chains": "chain",
    "segments": "segment",
    "links": "link",
    "firms": "firm",
    "targets": "target",
    "projects": "project",
    "indicators": "indicator",
    "holidays": "holiday",
    "meetings": "meeting",
}
_SHEET_OF = {singular: alias for alias, singular in _SINGULAR.items() if alias in SHEETS_BY_ALIAS}
_COLUMNS: dict[str, SheetColumn] = {}
for _spec in SHEETS:
    for _column in _spec.columns:
        _COLUMNS.setdefault(_column.alias, _column)
_SETTING_LABELS = {setting.key: setting.label for setting in SHARED_SETTINGS}
_COUNTED = ("added", "updated", "unchanged")
_COUNT_WORDS = {
    "added": N_("{count} added"),
    "updated": N_("{count} updated"),
    "unchanged": N_("{count} unchanged"),
}


def _chinese() -> bool:
    return current_language().startswith("zh")


def _singular(entity: str) -> str:
    return _SINGULAR.get(entity, entity)


def action_label(action: str) -> str:
    return _(ACTIONS[action]) if action in ACTIONS else action


def entity_label(entity: str) -> str:
    singular = _singular(entity)
    return _(ENTITIES[singular]) if singular in ENTITIES else entity


def _sheet_column(field: str, entity: str) -> SheetColumn | None:
    sheet = SHEETS_BY_ALIAS.get(_SHEET_OF.get(_singular(entity), ""))
    if sheet is not None and field in sheet.by_alias:
        return sheet.by_alias[field]
    if field in _OWN_FIELDS.get(_singular(entity), {}) or field in FIELDS:
        return None
    return _COLUMNS.get(field)


def field_label(field: str, entity: str = "") -> str:
    """The workbook header in Chinese (the code, spaced, in other languages), or the label of
    a field no sheet has."""
    column = _sheet_column(field, entity)
    if column is not None:
        return column.header if _chinese() else field.replace("_", " ")
    own = _OWN_FIELDS.get(_singular(entity), {}).get(field) or FIELDS.get(field)
    return _(own) if own else field.replace("_", " ")


def _enum_of(field: str, entity: str) -> type[CodedEnum] | None:
    if (_singular(entity), field) in _ENUMS:
        return _ENUMS[(_singular(entity), field)]
    column = _sheet_column(field, entity)
    return column.enum if column is not None else None


def value_words(field: str, value: Any, entity: str = "") -> str:
    if value is None or value == [] or value == "" or value == {}:
        return _("(empty)")
    enum = _enum_of(field, entity)
    if enum is not None and isinstance(value, str):
        try:
            member: CodedEnum = enum(value)
        except ValueError:
            return value
        return member.file_value if _chinese() else member.label
    if isinstance(value, str) and (field, value) in _VALUES:
        return _(_VALUES[(field, value)])
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list):
        return "、".join(value_words(field, item, entity) for item in value)
    if isinstance(value, Mapping):
        return counts_words(value)
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def counts_words(counts: Mapping[str, Any]) -> str:
    """``企业 180、环节 101``: rows per kind of record (or any mapping, its keys labelled)."""
    return "、".join(
        _("{what} {count}").format(what=_label_of_key(name), count=value_words(name, count))
        for name, count in counts.items()
    )


def _label_of_key(name: str) -> str:
    return entity_label(name) if _singular(name) in ENTITIES else field_label(name)


def _one_side(action: str, old: Any, new: Any) -> Any:
    """The value worth showing alone, or None: what a record came in or went out with."""
    if action == "edit":
        return None
    empty: tuple[Any, ...] = (None, "", [], {})
    if old in empty and new not in empty:
        return new
    if new in empty and old not in empty:
        return old
    return None


def describe_changes(changes: Mapping[str, Any], entity: str = "", action: str = "edit") -> str:
    """``所在地：市内 → 区内；…`` — each changed field with its label and values in words."""
    parts = []
    for name, value in changes.items():
        label = field_label(name, entity)
        if isinstance(value, list) and len(value) == 2:
            if value[0] == value[1]:
                continue
            alone = _one_side(action, *value)
            if alone is not None:
                parts.append(
                    _("{field}: {value}").format(
                        field=label, value=value_words(name, alone, entity)
                    )
                )
                continue
            old, new = (value_words(name, item, entity) for item in value)
            parts.append(_("{field}: {old} → {new}").format(field=label, old=old, new=new))
        else:
            parts.append(
                _("{field}: {value}").format(field=label, value=value_words(name, value, entity))
            )
    return _("; ").join(parts)


def _sheet_counts(changes: Mapping[str, Any]) -> str:
    """An import's summary: ``企业：新增 180；环节：更新 2、未变 99``."""
    parts = []
    for alias, value in changes.items():
        counts = value[1] if isinstance(value, list) and len(value) == 2 else value
        if not isinstance(counts, Mapping):
            continue
        said = [
            _(_COUNT_WORDS[name]).format(count=counts[name])
            for name in _COUNTED
            if counts.get(name)
        ]
        if said:
            parts.append(
                _("{field}: {value}").format(field=entity_label(alias), value="、".join(said))
            )
    return _("; ").join(parts) or _("nothing changed")


def _companions(changes: Mapping[str, Any], entity: str, action: str) -> str | None:
    """What went (or came back) with a deleted (restored) record: rows per table, or None
    when ``changes`` are not such counts."""
    if action not in ("delete", "restore") or not changes:
        return None
    if not all(_singular(name) in ENTITIES for name in changes):
        return None
    counts = {}
    for name, value in changes.items():
        if not (isinstance(value, list) and len(value) == 2):
            return None
        if _singular(name) != _singular(entity):  # the record itself is the sentence's subject
            counts[name] = value[0] if action == "delete" else value[1]
    return counts_words(counts) if counts else ""


def key_words(entity: str, key: str) -> str:
    """The record's key as people read it: a meeting's kind by its name, not its code, a
    setting by its label."""
    if entity == "setting" and key in _SETTING_LABELS:
        return _(_SETTING_LABELS[key])
    if _singular(entity) in ("meeting", "meeting_minutes", "agenda"):
        kind, _slash, rest = key.partition("/")
        try:
            name = MeetingKind(kind)
        except ValueError:
            return key
        return f"{name.file_value if _chinese() else name.label}/{rest}"
    return key


def describe_entry(action: str, entity: str, key: str, changes: Mapping[str, Any]) -> str:
    """One sentence: 修改 企业「华东绝缘材料有限公司」的 所在地：市内 → 区内."""
    if action == "import" and not changes and entity != "workbook":
        return _("import: add {entity} “{key}”").format(
            entity=entity_label(entity), key=key_words(entity, key)
        )
    sentence = _("{action} {entity} “{key}”").format(
        action=action_label(action), entity=entity_label(entity), key=key_words(entity, key)
    )
    if entity == "workbook":
        return _("{entry}: {changes}").format(entry=sentence, changes=_sheet_counts(changes))
    if not changes:
        return sentence
    companions = _companions(changes, entity, action)
    if companions is not None:
        if not companions:
            return sentence
        return _("{entry}, with {rows}").format(entry=sentence, rows=companions)
    return _("{entry}: {changes}").format(
        entry=sentence, changes=describe_changes(changes, entity, action)
    )
