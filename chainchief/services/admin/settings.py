"""Shared settings (DESIGN.md §1): one table, so the CLI and every user see the same values."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from chainchief.domain.errors import RuleViolation
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


def default_min_local_firms(session: Session) -> int:
    return int(read_settings(session)["analysis.min_local_firms_default"])
