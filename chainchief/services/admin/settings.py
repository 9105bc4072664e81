"""Shared settings (DESIGN.md §1): one table, so the CLI and every user see the same values."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from chainchief.domain.errors import RuleViolation
from chainchief.domain.lights import LightRules
from chainchief.domain.ranking import ValueWeights, normalise_weights
from chainchief.domain.scheduler_model import SchedulerSettings
from chainchief.domain.settings import (
    BACKUP_KEEP,
    CIRCULAR_ISSUER,
    CIRCULAR_NUMBER_PREFIX,
    FORESIGHT_STAGE_WEIGHTS,
    FORESIGHT_VALUE_WEIGHTS,
    MEETING_COORDINATOR,
    MEETING_DEFAULT_PLACE,
    MEETING_MAX_PER_DAY,
    MEETING_SLOTS,
    MEETING_WINDOW_MONTHS,
    MIN_LOCAL_FIRMS,
    SHARED_SETTINGS,
    SUPERVISION_RED_AFTER_DAYS,
    SUPERVISION_REMIND_DAYS,
    SUPERVISION_REPLY_DAYS,
    SUPERVISION_WEIGHTS,
    SharedSetting,
    T,
)
from chainchief.i18n import _
from chainchief.services.admin import audit
from chainchief.services.admin.permissions import Permission, require
from chainchief.store.db import Database
from chainchief.store.models import NAME, Person, Setting


@dataclass(frozen=True)
class SettingSpec:
    key: str
    default: str
    setting: SharedSetting[int] | SharedSetting[str]
    """What the setting is: its label, kind and unit."""
    check: Callable[[Session, str], str]


def _positive_int(name: str) -> Callable[[Session, str], str]:
    def check(_session: Session, value: str) -> str:
        text = value.strip()
        if not text.isdigit() or int(text) < 1:
            raise RuleViolation(
                _("{key} must be a whole number of at least 1, not “{value}”.").format(
                    key=name, value=value
                )
            )
        return str(int(text))

    return check


def _slots(_session: Session, value: str) -> str:
    settings = SchedulerSettings.from_texts(slots=value)
    return ",".join(f"{start}-{end}" for start, end in settings.slots)


def _window(_session: Session, value: str) -> str:
    settings = SchedulerSettings.from_texts(window_months=value)
    return ",".join(str(month) for month in settings.window_months)


def _max_per_day(_session: Session, value: str) -> str:
    return str(SchedulerSettings.from_texts(max_per_day=value).max_per_day)


def _coordinator(session: Session, value: str) -> str:
    name = value.strip()
    if not name:
        return ""
    people = sorted(session.scalars(select(Person.name)))
    if name not in people:
        raise RuleViolation(
            _("No person is called “{name}”. Choose one of: {people}").format(
                name=name, people="、".join(people) or _("(none)")
            )
        )
    return name


def _place(_session: Session, value: str) -> str:
    """A meeting place, as long as the meetings' place column holds on every engine."""
    text = value.strip()
    if len(text) > NAME:
        raise RuleViolation(
            _("{key} may hold at most {limit} characters.").format(
                key=MEETING_DEFAULT_PLACE.key, limit=NAME
            )
        )
    return text


def _four_weights(name: str) -> Callable[[Session, str], str]:
    def check(_session: Session, value: str) -> str:
        try:
            return normalise_weights(value)
        except ValueError:
            raise RuleViolation(
                _(
                    "{key} must be four numbers of at least 0 separated by commas, not “{value}”."
                ).format(key=name, value=value)
            ) from None

    return check


def _weights(_session: Session, value: str) -> str:
    """Three whole numbers ≥ 0 (on time, not overdue, no extension), not all zero."""
    parts = [part.strip() for part in value.replace("，", ",").split(",")]
    if len(parts) != 3 or not all(part.isdigit() for part in parts) or not any(map(int, parts)):
        raise RuleViolation(
            _(
                "supervision.weights must be three whole numbers, not all 0 "
                "(on time, not overdue, no extension), e.g. 60,30,10 — not “{value}”."
            ).format(value=value)
        )
    return ",".join(str(int(part)) for part in parts)


def _whole_number(name: str) -> Callable[[Session, str], str]:
    def check(_session: Session, value: str) -> str:
        text = value.strip()
        if not text.isdigit():
            raise RuleViolation(
                _("{key} must be a whole number of at least 0, not “{value}”.").format(
                    key=name, value=value
                )
            )
        return str(int(text))

    return check


def _short_text(name: str) -> Callable[[Session, str], str]:
    def check(_session: Session, value: str) -> str:
        text = value.strip()
        if len(text) > NAME:
            raise RuleViolation(
                _("{key} may hold at most {limit} characters.").format(key=name, limit=NAME)
            )
        return text

    return check


_CHECKS: dict[str, Callable[[Session, str], str]] = {
    MEETING_SLOTS.key: _slots,
    MEETING_WINDOW_MONTHS.key: _window,
    MEETING_MAX_PER_DAY.key: _max_per_day,
    MEETING_COORDINATOR.key: _coordinator,
    MEETING_DEFAULT_PLACE.key: _place,
    MIN_LOCAL_FIRMS.key: _positive_int(MIN_LOCAL_FIRMS.key),
    BACKUP_KEEP.key: _positive_int(BACKUP_KEEP.key),
    FORESIGHT_VALUE_WEIGHTS.key: _four_weights(FORESIGHT_VALUE_WEIGHTS.key),
    FORESIGHT_STAGE_WEIGHTS.key: _four_weights(FORESIGHT_STAGE_WEIGHTS.key),
    SUPERVISION_REMIND_DAYS.key: _whole_number(SUPERVISION_REMIND_DAYS.key),
    SUPERVISION_RED_AFTER_DAYS.key: _whole_number(SUPERVISION_RED_AFTER_DAYS.key),
    SUPERVISION_REPLY_DAYS.key: _positive_int(SUPERVISION_REPLY_DAYS.key),
    SUPERVISION_WEIGHTS.key: _weights,
    CIRCULAR_ISSUER.key: _short_text(CIRCULAR_ISSUER.key),
    CIRCULAR_NUMBER_PREFIX.key: _short_text(CIRCULAR_NUMBER_PREFIX.key),
}
SPECS: dict[str, SettingSpec] = {
    setting.key: SettingSpec(setting.key, setting.default_text, setting, _CHECKS[setting.key])
    for setting in SHARED_SETTINGS
}
"""The shared settings (domain/settings.py) with the check a new value must pass."""


def read_settings(session: Session) -> dict[str, str]:
    """Every shared setting, stored value or default, in the documented order."""
    stored = {key: value for key, value in session.execute(select(Setting.key, Setting.value))}
    return {key: stored.get(key, spec.default) for key, spec in SPECS.items()}


def all_settings(db: Database) -> dict[str, str]:
    with db.transaction() as session:
        return read_settings(session)


def check_setting(db: Database, key: str, value: str) -> str:
    """The value as it would be stored, or ``RuleViolation`` saying why not (nothing is
    written): the settings dialog checks each field as it is typed."""
    with db.transaction() as session:
        return SPECS[key].check(session, value)


def set_setting(db: Database, key: str, value: str, *, actor: str) -> str:
    """Validate and store one shared setting; returns the value as stored."""
    spec = SPECS.get(key)
    if spec is None:
        raise RuleViolation(
            _("Unknown setting “{key}”. Settings: {keys}").format(key=key, keys=", ".join(SPECS))
        )
    with db.transaction() as session:
        require(session, actor, Permission.ADMINISTER)
        normalised = spec.check(session, value)
        old = read_settings(session)[key]
        row = session.get(Setting, key)
        if row is None:
            session.add(Setting(key=key, value=normalised))
        else:
            row.value = normalised
        audit.record(
            session,
            user=actor,
            action="edit",
            entity="setting",
            key=key,
            changes={"value": [old, normalised]},
        )
    return normalised


def scheduler_settings(session: Session) -> SchedulerSettings:
    values = read_settings(session)
    return SchedulerSettings.from_texts(
        slots=values[MEETING_SLOTS.key],
        window_months=values[MEETING_WINDOW_MONTHS.key],
        max_per_day=values[MEETING_MAX_PER_DAY.key],
        coordinator=values[MEETING_COORDINATOR.key],
    )


def read_setting(session: Session, setting: SharedSetting[T]) -> T:
    """One shared setting as its type (the default when unset or unreadable)."""
    row = session.get(Setting, setting.key)
    return setting.read(None if row is None else row.value)


def value_weights(session: Session) -> ValueWeights:
    values = read_settings(session)
    return ValueWeights.from_texts(
        values[FORESIGHT_VALUE_WEIGHTS.key], values[FORESIGHT_STAGE_WEIGHTS.key]
    )


def default_min_local_firms(session: Session) -> int:
    return read_setting(session, MIN_LOCAL_FIRMS)


def setting_or_default(values: dict[str, str], key: str) -> str:
    """A setting's value, or its default when it was stored empty: a blank never blocks."""
    return values[key].strip() or SPECS[key].default


def light_rules(session: Session) -> LightRules:
    values = read_settings(session)
    return LightRules(
        remind_days=SUPERVISION_REMIND_DAYS.read(values[SUPERVISION_REMIND_DAYS.key]),
        red_after_days=SUPERVISION_RED_AFTER_DAYS.read(values[SUPERVISION_RED_AFTER_DAYS.key]),
    )
