"""The shared settings (DESIGN.md §1), each declared once: key, type, default and label.

The settings service lists and changes them, the importer and the schedule read them, and
the store reads ``backup.keep`` before any service exists (the daily backup on open). All of
them take the key, the default and the reading of a stored text from here, so a key is never
spelled twice and a stored text that does not read as its type means the default everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Generic, TypeVar

from chainchief.i18n import N_, _

T = TypeVar("T", int, str)
DEFAULT_VALUE_WEIGHTS = "3,2,1,0.1"
"""The foresight's target value weights (``domain.ranking``); kept here, not there, so that
reading the settings (every database open, for the backups kept) loads no analysis."""
DEFAULT_STAGE_WEIGHTS = "0.5,0.7,0.85,1.0"


class SettingKind(StrEnum):
    """What a setting's text holds, so an editor can offer the right control for it (time
    pickers, a person or department list, a spin box with its unit) without knowing the key."""

    TEXT = "text"
    COUNT = "count"
    """A whole number from ``minimum`` up, in ``unit``."""
    TIME_RANGES = "time_ranges"
    """Comma-separated ``HH:MM-HH:MM`` ranges."""
    MONTHS = "months"
    """Comma-separated months of a quarter (1, 2, 3)."""
    PERSON = "person"
    """A person's name, or empty."""
    DEPARTMENT = "department"
    """A department's name, or another office's name typed in."""
    WEIGHTS = "weights"
    """Comma-separated numbers ≥ 0, one per entry of ``parts``, with ``decimals`` places."""


@dataclass(frozen=True)
class SharedSetting(Generic[T]):
    key: str
    type: type[T]
    default: T
    label: str
    """What it is, marked for translation (``_(setting.label)`` shows it)."""
    minimum: int = 1
    """The least a whole-number setting may be (most count something, so at least 1)."""
    kind: SettingKind = SettingKind.TEXT
    unit: str = ""
    """A count's unit, marked for translation (``days``), shown after the number."""
    parts: tuple[str, ...] = ()
    """The weights' names, in order, marked for translation."""
    decimals: int = 0
    """Decimal places a weight may have."""

    @property
    def description(self) -> str:
        """The label in the user's language, with the weights' names after it."""
        if not self.parts:
            return _(self.label)
        return f"{_(self.label)}: " + " · ".join(_(part) for part in self.parts)

    @property
    def default_text(self) -> str:
        return str(self.default)

    def read(self, stored: object) -> T:
        """A stored value as its type: the default when missing, not readable as one, or
        (a whole number) below ``minimum``."""
        if stored is None:
            return self.default
        text = str(stored)
        if isinstance(self.default, str):
            return self.type(text)
        try:
            number = int(text.strip())
        except ValueError:
            return self.default
        return self.type(number) if number >= self.minimum else self.default


MEETING_SLOTS = SharedSetting(
    "meeting.slots",
    str,
    "09:00-11:30,14:30-17:00",
    N_("meeting time slots"),
    kind=SettingKind.TIME_RANGES,
)
MEETING_WINDOW_MONTHS = SharedSetting(
    "meeting.window_months",
    str,
    "2",
    N_("preferred months of the quarter for dispatch meetings"),
    kind=SettingKind.MONTHS,
)
MEETING_MAX_PER_DAY = SharedSetting(
    "meeting.max_per_day",
    str,
    "2",
    N_("most meetings on one day"),
    kind=SettingKind.COUNT,
    unit=N_("meetings"),
)
MEETING_COORDINATOR = SharedSetting(
    "meeting.coordinator", str, "", N_("who chairs the team-leads meeting"), kind=SettingKind.PERSON
)
MEETING_DEFAULT_PLACE = SharedSetting(
    "meeting.default_place", str, "", N_("default meeting place (empty: to be decided)")
)
MIN_LOCAL_FIRMS = SharedSetting(
    "analysis.min_local_firms_default",
    int,
    2,
    N_("default minimum number of local firms for a strong segment"),
    kind=SettingKind.COUNT,
    unit=N_("firms"),
)
BACKUP_KEEP = SharedSetting(
    "backup.keep", int, 10, N_("backups kept"), kind=SettingKind.COUNT, unit=N_("backups")
)
FORESIGHT_VALUE_WEIGHTS = SharedSetting(
    "foresight.value_weights",
    str,
    DEFAULT_VALUE_WEIGHTS,
    N_("target value weights"),
    kind=SettingKind.WEIGHTS,
    parts=(
        N_("breakpoint closed"),
        N_("segment lifted from missing"),
        N_("segment lifted from weak"),
        N_("completeness gain"),
    ),
    decimals=2,
)
FORESIGHT_STAGE_WEIGHTS = SharedSetting(
    "foresight.stage_weights",
    str,
    DEFAULT_STAGE_WEIGHTS,
    N_("target value by stage"),
    kind=SettingKind.WEIGHTS,
    parts=(N_("Reserve"), N_("Contact"), N_("Negotiating"), N_("Signed")),
    decimals=2,
)
SUPERVISION_REMIND_DAYS = SharedSetting(
    "supervision.remind_days",
    int,
    7,
    N_("days before the deadline an action item turns blue"),
    minimum=0,
    kind=SettingKind.COUNT,
    unit=N_("days"),
)
SUPERVISION_RED_AFTER_DAYS = SharedSetting(
    "supervision.red_after_days",
    int,
    15,
    N_("days overdue after which an action item turns red"),
    minimum=0,
    kind=SettingKind.COUNT,
    unit=N_("days"),
)
SUPERVISION_REPLY_DAYS = SharedSetting(
    "supervision.reply_days",
    int,
    5,
    N_("working days a department has to reply to a supervision notice"),
    kind=SettingKind.COUNT,
    unit=N_("working days"),
)
SUPERVISION_WEIGHTS = SharedSetting(
    "supervision.weights",
    str,
    "60,30,10",
    N_("score weights"),
    kind=SettingKind.WEIGHTS,
    parts=(N_("on time"), N_("not overdue"), N_("no extension")),
)
CIRCULAR_ISSUER = SharedSetting(
    "circular.issuer",
    str,
    "链长制工作办公室",
    N_("issuer printed on circulars and notices (empty: the default)"),
    kind=SettingKind.DEPARTMENT,
)
CIRCULAR_NUMBER_PREFIX = SharedSetting(
    "circular.number_prefix",
    str,
    "链办",
    N_("prefix of document numbers, as in 链办〔2026〕3号 (empty: the default)"),
)

SHARED_SETTINGS: tuple[SharedSetting[int] | SharedSetting[str], ...] = (
    MEETING_SLOTS,
    MEETING_WINDOW_MONTHS,
    MEETING_MAX_PER_DAY,
    MEETING_COORDINATOR,
    MEETING_DEFAULT_PLACE,
    MIN_LOCAL_FIRMS,
    BACKUP_KEEP,
    FORESIGHT_VALUE_WEIGHTS,
    FORESIGHT_STAGE_WEIGHTS,
    SUPERVISION_REMIND_DAYS,
    SUPERVISION_RED_AFTER_DAYS,
    SUPERVISION_REPLY_DAYS,
    SUPERVISION_WEIGHTS,
    CIRCULAR_ISSUER,
    CIRCULAR_NUMBER_PREFIX,
)
"""Every shared setting, in the order they are listed."""
