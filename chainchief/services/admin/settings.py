"""Shared settings (DESIGN.md §1): one table, so the CLI and every user see the same values."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from chainchief.domain.errors import RuleViolation
from chainchief.domain.lights import LightRules
from chainchief.domain.ranking import (
    DEFAULT_STAGE_WEIGHTS,
    DEFAULT_VALUE_WEIGHTS,
    ValueWeights,
    normalise_weights,
)
from chainchief.domain.scheduler_model import SchedulerSettings
from chainchief.i18n import N_, _
from chainchief.services.admin import audit
from chainchief.services.admin.permissions import Permission, require
from chainchief.store.db import Database
from chainchief.store.models import NAME, Person, Setting


@dataclass(frozen=True)
class SettingSpec:
    key: str
    default: str
    description: str
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
                key="meeting.default_place", limit=NAME
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


SPECS: dict[str, SettingSpec] = {
    spec.key: spec
    for spec in (
        SettingSpec(
            "meeting.slots",
            "09:00-11:30,14:30-17:00",
            N_("meeting slots, e.g. 09:00-11:30,14:30-17:00"),
            _slots,
        ),
        SettingSpec(
            "meeting.window_months",
            "2",
            N_("preferred months of the quarter for dispatch meetings (1–3, comma list)"),
            _window,
        ),
        SettingSpec("meeting.max_per_day", "2", N_("most meetings on one day"), _max_per_day),
        SettingSpec(
            "meeting.coordinator", "", N_("who chairs the team-leads meeting"), _coordinator
        ),
        SettingSpec(
            "meeting.default_place",
            "",
            N_("default meeting place (empty: to be decided)"),
            _place,
        ),
        SettingSpec(
            "analysis.min_local_firms_default",
            "2",
            N_("default minimum number of local firms for a strong segment"),
            _positive_int("analysis.min_local_firms_default"),
        ),
        SettingSpec("backup.keep", "10", N_("backups kept"), _positive_int("backup.keep")),
        SettingSpec(
            "foresight.value_weights",
            DEFAULT_VALUE_WEIGHTS,
            N_(
                "target value weights: breakpoints closed, segments lifted from missing, "
                "from weak, completeness gain"
            ),
            _four_weights("foresight.value_weights"),
        ),
        SettingSpec(
            "foresight.stage_weights",
            DEFAULT_STAGE_WEIGHTS,
            N_("target value by stage: reserve, contact, negotiating, signed"),
            _four_weights("foresight.stage_weights"),
        ),
        SettingSpec(
            "supervision.remind_days",
            "7",
            N_("days before the deadline an action item turns blue"),
            _whole_number("supervision.remind_days"),
        ),
        SettingSpec(
            "supervision.red_after_days",
            "15",
            N_("days overdue after which an action item turns red"),
            _whole_number("supervision.red_after_days"),
        ),
        SettingSpec(
            "supervision.reply_days",
            "5",
            N_("working days a department has to reply to a supervision notice"),
            _positive_int("supervision.reply_days"),
        ),
        SettingSpec(
            "supervision.weights",
            "60,30,10",
            N_("score weights: on time, not overdue, no extension"),
            _weights,
        ),
        SettingSpec(
            "circular.issuer",
            "链长制工作办公室",
            N_("issuer printed on circulars and notices (empty: the default)"),
            _short_text("circular.issuer"),
        ),
        SettingSpec(
            "circular.number_prefix",
            "链办",
            N_("prefix of document numbers, as in 链办〔2026〕3号 (empty: the default)"),
            _short_text("circular.number_prefix"),
        ),
    )
}


def read_settings(session: Session) -> dict[str, str]:
    """Every shared setting, stored value or default, in the documented order."""
    stored = {key: value for key, value in session.execute(select(Setting.key, Setting.value))}
    return {key: stored.get(key, spec.default) for key, spec in SPECS.items()}


def all_settings(db: Database) -> dict[str, str]:
    with db.transaction() as session:
        return read_settings(session)


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
        slots=values["meeting.slots"],
        window_months=values["meeting.window_months"],
        max_per_day=values["meeting.max_per_day"],
        coordinator=values["meeting.coordinator"],
    )


def value_weights(session: Session) -> ValueWeights:
    values = read_settings(session)
    return ValueWeights.from_texts(
        values["foresight.value_weights"], values["foresight.stage_weights"]
    )


def default_min_local_firms(session: Session) -> int:
    return int(read_settings(session)["analysis.min_local_firms_default"])


def setting_or_default(values: dict[str, str], key: str) -> str:
    """A setting's value, or its default when it was stored empty: a blank never blocks."""
    return values[key].strip() or SPECS[key].default


def light_rules(session: Session) -> LightRules:
    values = read_settings(session)
    return LightRules(
        remind_days=int(values["supervision.remind_days"]),
        red_after_days=int(values["supervision.red_after_days"]),
    )
