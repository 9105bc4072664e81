from .agenda import meeting_agenda, reset_agenda, save_agenda
from .meetings import (
    MeetingDetails,
    MeetingRow,
    edit_meeting,
    list_meetings,
    mark_held,
    meeting_details,
    save_minutes,
)
from .pack import quarter_pack, read_pack
from .plan import apply_plan, plan_meetings
from .rules import check_move

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
