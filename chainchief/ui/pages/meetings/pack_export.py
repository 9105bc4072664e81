"""The meeting page's exports: the quarter's workbook and invitations, as ``sheet`` and ``ics``.

The same service and writer calls as the CLI (chainchief/cli/pack.py), run as worker jobs; when
a file is written its folder is opened, so the team lead can attach it to the notice at once.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices

from chainchief.domain.clock import now
from chainchief.domain.errors import RuleViolation
from chainchief.domain.quarters import Quarter
from chainchief.i18n import _
from chainchief.services.meetings.meetings import MeetingRow
from chainchief.services.meetings.pack import quarter_pack
from chainchief.store.db import Database


def workbook_name(meeting: MeetingRow, only_chain: bool) -> str:
    """The suggested file name, in Chinese like the workbook itself."""
    quarter = Quarter.parse(meeting.quarter)
    if only_chain and meeting.chain:
        return f"{meeting.chain}{quarter.chinese}链长调度会工作台账.xlsx"
    return f"{quarter.chinese}链长调度会工作台账.xlsx"


def invitations_name(meeting: MeetingRow, only_chain: bool) -> str:
    quarter = Quarter.parse(meeting.quarter)
    if only_chain and meeting.chain:
        return f"{meeting.chain}{quarter.chinese}调度会邀请.ics"
    return f"{quarter.chinese}会议邀请.ics"


def export_workbook(db: Database, meeting: MeetingRow, path: str, *, only_chain: bool) -> Path:
    """``chainchief sheet --quarter Q [--chain C]`` for the meeting's quarter (and chain)."""
    # The writers (with their libraries) load only when asked, not when the window starts.
    from chainchief.exchange.meeting_workbook import write_meeting_workbook

    chain = meeting.chain if only_chain else None
    pack = quarter_pack(db, Quarter.parse(meeting.quarter), chain=chain)
    write_meeting_workbook(pack, path)
    return Path(path)


def export_invitations(db: Database, meeting: MeetingRow, path: str, *, only_chain: bool) -> Path:
    """``chainchief ics --quarter Q`` — or with ``only_chain`` just this meeting's invitation."""
    from chainchief.exchange.ics import write_ics

    pack = quarter_pack(db, Quarter.parse(meeting.quarter))
    meetings = [
        info
        for info in pack.meetings
        if info.date is not None
        and (not only_chain or (info.kind is meeting.kind and info.chain == meeting.chain))
    ]
    if not meetings:
        raise RuleViolation(
            _("No meeting of {quarter} is planned yet; plan the year first.").format(
                quarter=meeting.quarter
            )
        )
    write_ics(meetings, path, stamp=now())
    return Path(path)


def open_folder(path: Path) -> None:
    """Show the file's folder in the system's file manager."""
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))
