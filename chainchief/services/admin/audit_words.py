"""The audit log in the reader's words: kinds of change, kinds of record and field labels.

The log stores codes (``edit``, ``firms``, ``location``, ``in_city``; ``sql`` for a change made
outside the app on a secured server) so ``audit --json`` and
filters stay stable; the office staff who read it see 修改 / 企业 / 所在地 / 市内 instead. Field
labels are the import workbook's headers (the names people already know), choices their
Chinese values; anything not known is shown as stored.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from chainchief.domain.enums import CodedEnum
from chainchief.exchange.workbook_spec import SHEETS, SheetColumn
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
}
ENTITIES = {
    "chain": N_("chain"),
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
    "holiday": N_("holiday"),
    "meeting": N_("meeting"),
    "setting": N_("setting"),
    "database": N_("database"),
    "user": N_("user"),
    "workbook": N_("workbook"),
}
_PLURALS = {spec.alias: spec.alias.rstrip("s") for spec in SHEETS}
_PLURALS |= {"firm_segments": "membership", "people": "person", "actions": "action"}
# A secured server's trigger names the table it logs (DESIGN: services use the singular).
_PLURALS |= {
    "chains": "chain",
    "segments": "segment",
    "links": "link",
    "firms": "firm",
    "memberships": "membership",
    "targets": "target",
    "projects": "project",
    "departments": "department",
    "indicators": "indicator",
    "action_items": "action",
    "holidays": "holiday",
    "meetings": "meeting",
    "settings": "setting",
    "users": "user",
}
_COLUMNS: dict[str, SheetColumn] = {}
for _spec in SHEETS:
    for _column in _spec.columns:
        _COLUMNS.setdefault(_column.alias, _column)


def action_label(action: str) -> str:
    return _(ACTIONS[action]) if action in ACTIONS else action


def entity_label(entity: str) -> str:
    singular = _PLURALS.get(entity, entity)
    return _(ENTITIES[singular]) if singular in ENTITIES else entity


def field_label(field: str) -> str:
    """The workbook header in Chinese; the field's code, spaced, in other languages."""
    column = _COLUMNS.get(field)
    if column is not None and current_language().startswith("zh"):
        return column.header
    return field.replace("_", " ")


def value_words(field: str, value: Any) -> str:
    if value is None or value == [] or value == "":
        return _("(empty)")
    column = _COLUMNS.get(field)
    enum = column.enum if column is not None else None
    if enum is not None and isinstance(value, str):
        try:
            member: CodedEnum = enum(value)
        except ValueError:
            return value
        return member.file_value if current_language().startswith("zh") else member.label
    if isinstance(value, list):
        return "、".join(value_words(field, item) for item in value)
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def describe_changes(changes: Mapping[str, Any]) -> str:
    """``所在地：市内 → 区内；…`` — each changed field with its label and values in words."""
    parts = []
    for name, value in changes.items():
        if isinstance(value, list) and len(value) == 2:
            old, new = (value_words(name, item) for item in value)
            parts.append(
                _("{field}: {old} → {new}").format(field=field_label(name), old=old, new=new)
            )
        else:
            parts.append(
                _("{field}: {value}").format(
                    field=field_label(name), value=value_words(name, value)
                )
            )
    return _("; ").join(parts)


def describe_entry(action: str, entity: str, key: str, changes: Mapping[str, Any]) -> str:
    """One sentence: 修改 企业「华东绝缘材料有限公司」的 所在地：市内 → 区内."""
    sentence = _("{action} {entity} “{key}”").format(
        action=action_label(action), entity=entity_label(entity), key=key
    )
    if not changes:
        return sentence
    return _("{entry}: {changes}").format(entry=sentence, changes=describe_changes(changes))
