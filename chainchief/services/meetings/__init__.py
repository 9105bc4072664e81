"""Quarterly meetings (调度会): planning the year, the rules for moving one, each meeting, its
agenda and its pack.

The names below are the package's use cases; callers outside ``services`` import them from
here. Modules inside ``services`` import each other's modules directly.
"""

from chainchief.services.meetings.agenda import meeting_agenda, reset_agenda, save_agenda
from chainchief.services.meetings.meetings import (
    MeetingDetails,
    MeetingRow,
    edit_meeting,
    list_meetings,
    mark_held,
    meeting_details,
    save_minutes,
)
from chainchief.services.meetings.pack import quarter_pack, read_pack
from chainchief.services.meetings.plan import apply_plan, plan_meetings
from chainchief.services.meetings.rules import check_move

__all__ = [
    "MeetingDetails",
    "MeetingRow",
    "apply_plan",
    "check_move",
    "edit_meeting",
    "list_meetings",
    "mark_held",
    "meeting_agenda",
    "meeting_details",
    "plan_meetings",
    "quarter_pack",
    "read_pack",
    "reset_agenda",
    "save_agenda",
    "save_minutes",
]
