"""The shared settings (DESIGN.md §1), each declared once: key, type, default and label.

The settings service lists and changes them, the importer and the schedule read them, and
the store reads ``backup.keep`` before any service exists (the daily backup on open). All of
them take the key, the default and the reading of a stored text from here, so a key is never
spelled twice and a stored text that does not read as its type means the default everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from chainchief.domain.ranking import DEFAULT_STAGE_WEIGHTS, DEFAULT_VALUE_WEIGHTS
from chainchief.i18n import N_

T = TypeVar("T", int, str)


@dataclass(frozen=True)
class SharedSetting(Generic[T]):
    key: str
    type: type[T]
    default: T
    label: str
    """What it is, marked for translation (``_(setting.label)`` shows it)."""
    minimum: int = 1
    """The least a whole-number setting may be (most count something, so at least 1)."""

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
    N_("meeting slots, e.g. 09:00-11:30,14:30-17:00"),
)
MEETING_WINDOW_MONTHS = SharedSetting(
    "meeting.window_months",
    str,
    "2",
    N_("preferred months of the quarter for dispatch meetings (1–3, comma list)"),
)
MEETING_MAX_PER_DAY = SharedSetting("meeting.max_per_day", str, "2", N_("most meetings on one day"))
MEETING_COORDINATOR = SharedSetting(
    "meeting.coordinator", str, "", N_("who chairs the team-leads meeting")
)
MEETING_DEFAULT_PLACE = SharedSetting(
    "meeting.default_place", str, "", N_("default meeting place (empty: to be decided)")
)
MIN_LOCAL_FIRMS = SharedSetting(
    "analysis.min_local_firms_default",
    int,
    2,
    N_("default minimum number of local firms for a strong segment"),
)
BACKUP_KEEP = SharedSetting("backup.keep", int, 10, N_("backups kept"))
FORESIGHT_VALUE_WEIGHTS = SharedSetting(
    "foresight.value_weights",
    str,
    DEFAULT_VALUE_WEIGHTS,
    N_(
        "target value weights: breakpoints closed, segments lifted from missing, "
        "from weak, completeness gain"
    ),
)
FORESIGHT_STAGE_WEIGHTS = SharedSetting(
    "foresight.stage_weights",
    str,
    DEFAULT_STAGE_WEIGHTS,
    N_("target value by stage: reserve, contact, negotiating, signed"),
)
SUPERVISION_REMIND_DAYS = SharedSetting(
    "supervision.remind_days",
    int,
    7,
    N_("days before the deadline an action item turns blue"),
    minimum=0,
)
SUPERVISION_RED_AFTER_DAYS = SharedSetting(
    "supervision.red_after_days",
    int,
    15,
    N_("days overdue after which an action item turns red"),
    minimum=0,
)
SUPERVISION_REPLY_DAYS = SharedSetting(
    "supervision.reply_days",
    int,
    5,
    N_("working days a department has to reply to a supervision notice"),
)
SUPERVISION_WEIGHTS = SharedSetting(
    "supervision.weights",
    str,
    "60,30,10",
    N_("score weights: on time, not overdue, no extension"),
)
CIRCULAR_ISSUER = SharedSetting(
    "circular.issuer",
    str,
    "链长制工作办公室",
    N_("issuer printed on circulars and notices (empty: the default)"),
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
