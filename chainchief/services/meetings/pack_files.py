"""The quarter's pack written to files: the meeting workbook and the invitations.

The writers and their libraries load only when a file is asked for, so the window's start
does not pay for them; the ui reaches them here rather than in ``exchange``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from chainchief.domain.clock import now
from chainchief.domain.quarters import Quarter
from chainchief.exchange.meeting_workbook_model import MeetingInfo, QuarterPack
from chainchief.services.meetings.pack import quarter_invitations, quarter_pack
from chainchief.store.db import Database


def write_pack_workbook(
    db: Database,
    quarter: Quarter,
    path: str | Path,
    *,
    chain: str | None = None,
    maps: Callable[[list[str]], Mapping[str, bytes]] | None = None,
) -> QuarterPack:
    """``chainchief sheet``: the quarter's workbook (one chain's with ``chain``) at ``path``.

    ``maps`` draws the named chains' status maps as PNG bytes; the caller brings it because
    drawing is the ui's (the CLI loads the same renderer lazily).
    """
    from chainchief.exchange.meeting_workbook import write_meeting_workbook

    pack = quarter_pack(db, quarter, chain=chain)
    pictures = maps([line.chain for line in pack.chains]) if maps is not None else None
    write_meeting_workbook(pack, path, pictures)
    return pack


def planned_meetings(db: Database, quarter: Quarter) -> list[MeetingInfo]:
    """The quarter's meetings that have a date, as invitations show them."""
    return [info for info in quarter_invitations(db, quarter) if info.date is not None]


def without_email(meetings: Sequence[MeetingInfo]) -> list[str]:
    """Who is invited but has no e-mail address, so the invitation cannot reach them."""
    from chainchief.exchange.ics import people_without_email

    return people_without_email(meetings)


def write_invitations(meetings: Sequence[MeetingInfo], path: str | Path) -> int:
    """``chainchief ics``: one invitation per meeting at ``path``; how many were written."""
    from chainchief.exchange.ics import write_ics

    return write_ics(meetings, path, stamp=now())
