"""The meeting page's exports: the quarter's workbook and invitations, as ``sheet`` and ``ics``.

The same services as the CLI (chainchief/cli/pack.py), run as worker jobs; when
a file is written its folder is opened, so the team lead can attach it to the notice at once.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices

from chainchief.domain.errors import RuleViolation
from chainchief.domain.quarters import Quarter
from chainchief.i18n import _
from chainchief.services.meetings.meetings import MeetingRow
from chainchief.services.meetings.pack_files import (
    planned_meetings,
    without_email,
    write_invitations,
    write_pack_workbook,
)
from chainchief.services.workspace import Workspace


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


def export_workbook(db: Workspace, meeting: MeetingRow, path: str, *, only_chain: bool) -> Path:
    """``chainchief sheet --quarter Q [--chain C]`` for the meeting's quarter (and chain)."""
    # The map renderer (with Qt's image writers) loads only when a pack is exported.
    from chainchief.ui.map.headless import status_maps

    chain = meeting.chain if only_chain else None
    write_pack_workbook(
        db,
        Quarter.parse(meeting.quarter),
        path,
        chain=chain,
        maps=lambda chains: status_maps(db, chains),
    )
    return Path(path)


def export_invitations(
    db: Workspace, meeting: MeetingRow, path: str, *, only_chain: bool
) -> tuple[Path, list[str]]:
    """``chainchief ics --quarter Q`` — or with ``only_chain`` just this meeting's invitation.

    Also returns who has no e-mail address (the invitation cannot reach them), to warn.
    """
    meetings = [
        info
        for info in planned_meetings(db, Quarter.parse(meeting.quarter))
        if not only_chain or (info.kind is meeting.kind and info.chain == meeting.chain)
    ]
    if not meetings:
        raise RuleViolation(
            _("No meeting of {quarter} is planned yet; plan the year first.").format(
                quarter=meeting.quarter
            )
        )
    write_invitations(meetings, path)
    return Path(path), without_email(meetings)


def open_folder(path: Path) -> None:
    """Show the file's folder in the system's file manager."""
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))
