"""Meeting invitations as an iCalendar file (``chainchief ics``).

Each meeting's UID comes from its identity (kind, chain, quarter), never from a database id or
the export time, so importing a later export updates the calendar entry instead of adding a
second one; SEQUENCE is the meeting's move counter, which tells calendars the newer copy wins.
No METHOD is set: the file is a calendar to import, not an iTIP message, which keeps attendees
allowed and every calendar program willing to read it.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
import uuid
from collections.abc import Iterable
from pathlib import Path
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, vCalAddress, vText

from chainchief.domain.enums import MeetingKind
from chainchief.exchange.meeting_workbook_model import TO_BE_DECIDED, Attendee, MeetingInfo
from chainchief.fileio import atomic_path

ZONE_NAME = "Asia/Shanghai"
ZONE = ZoneInfo(ZONE_NAME)
PRODUCT_ID = "-//ChainChief//链长制工作台//ZH"
UID_NAMESPACE = uuid.UUID("6f1c2b1e-3a5d-5b8e-9c47-2d0e8f4a7b13")
UID_DOMAIN = "chainchief"
CHINESE_NUMERALS = "一二三四五六七八九十"


def meeting_uid(kind: MeetingKind, chain: str | None, quarter: str) -> str:
    """The same text for the same meeting in every export, whatever else changed."""
    identity = f"{kind.value}/{chain or ''}/{quarter}"
    return f"{uuid.uuid5(UID_NAMESPACE, identity)}@{UID_DOMAIN}"


def meeting_calendar(meetings: Iterable[MeetingInfo], *, stamp: dt.datetime) -> Calendar:
    """One VEVENT per dated meeting (undated ones cannot be put in a calendar), with VTIMEZONE."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "链长制会议")
    calendar.add("x-wr-timezone", ZONE_NAME)
    for meeting in meetings:
        if meeting.date is not None:
            calendar.add_component(meeting_event(meeting, stamp))
    calendar.add_missing_timezones()
    return calendar


def meeting_event(meeting: MeetingInfo, stamp: dt.datetime) -> Event:
    day = meeting.date
    if day is None:
        raise ValueError(f"meeting {meeting.title} has no date and cannot be an event")
    event = Event()
    event.add("uid", meeting_uid(meeting.kind, meeting.chain, str(meeting.quarter)))
    event.add("dtstamp", stamp.astimezone(dt.UTC))
    event.add("sequence", meeting.sequence)
    if meeting.start and meeting.end:
        event.add("dtstart", _at(day, meeting.start))
        event.add("dtend", _at(day, meeting.end))
    else:
        event.add("dtstart", day)
        event.add("dtend", day + dt.timedelta(days=1))
    event.add("summary", _text(meeting.title))
    event.add("location", _text(meeting.place or TO_BE_DECIDED))
    event.add("description", _text(description(meeting)))
    event.add("categories", [meeting.kind.file_value])
    chair = meeting.chair
    if chair is not None and chair.email:
        event.add("organizer", _address(chair, role=None))
        event.add("attendee", _address(chair, role="CHAIR", answer="ACCEPTED"))
    for person in meeting.attendees:
        if person.email:
            event.add("attendee", _address(person, role="REQ-PARTICIPANT"))
    return event


def description(meeting: MeetingInfo) -> str:
    """The agenda's headings, numbered, then who chairs and who attends."""
    lines = ["会议议程："]
    headings = [section.heading for section in meeting.agenda]
    for index, heading in enumerate(headings):
        lines.append(f"{_numeral(index + 1)}、{heading}")
    if not headings:
        lines.append("（议程待定）")
    lines.append("")
    lines.append(f"主持：{meeting.chair.name if meeting.chair else TO_BE_DECIDED}")
    if meeting.attendees:
        lines.append("参会：" + "、".join(person.name for person in meeting.attendees))
    return "\n".join(lines)


def write_ics(meetings: Iterable[MeetingInfo], path: str | Path, *, stamp: dt.datetime) -> int:
    """Write the invitations atomically; returns how many meetings went into the file."""
    calendar = meeting_calendar(meetings, stamp=stamp)
    data = calendar.to_ical()
    with atomic_path(path) as temporary:
        temporary.write_bytes(data)
    return sum(1 for component in calendar.walk("VEVENT"))


def _text(value: str) -> str:
    """``value`` without the control characters RFC 5545 forbids in TEXT (line breaks stay:
    icalendar escapes them), so pasted names cannot break a calendar program's parser."""
    return "".join(char for char in value if char in "\n\t" or unicodedata.category(char) != "Cc")


def _at(day: dt.date, time: str) -> dt.datetime:
    hours, minutes = (int(part) for part in time.split(":"))
    return dt.datetime(day.year, day.month, day.day, hours, minutes, tzinfo=ZONE)


def _address(person: Attendee, *, role: str | None, answer: str = "NEEDS-ACTION") -> vCalAddress:
    """A person's calendar address; with a role it is an attendee asked to answer."""
    address = vCalAddress(f"mailto:{person.email}")
    address.params["cn"] = vText(_text(person.name))
    if role is not None:
        address.params["role"] = vText(role)
        address.params["partstat"] = vText(answer)
        if answer == "NEEDS-ACTION":
            address.params["rsvp"] = vText("TRUE")
    return address


def _numeral(number: int) -> str:
    """一 … 十, then plain digits (an agenda rarely has more than ten headings)."""
    return CHINESE_NUMERALS[number - 1] if number <= len(CHINESE_NUMERALS) else str(number)
