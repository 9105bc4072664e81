"""Meeting invitations as an iCalendar file (``chainchief ics``).

Each meeting's UID comes from its identity (kind, chain, quarter), never from a database id or
the export time, so importing a later export updates the calendar entry instead of adding a
second one; SEQUENCE is the meeting's move counter, which tells calendars the newer copy wins.
METHOD:PUBLISH says the file is a calendar to add, not a request to answer. Every event has an
ORGANIZER (clients drop or misfile events without one), every person with an e-mail address is
an ATTENDEE, and those without one are named in the description so nobody is left out unseen.
Two reminders (a day and half an hour before). The time zone is Asia/Shanghai as it has been
since 1991: one STANDARD rule at +0800, without the 1986–91 summer time that calendar clients
have applied to meetings in May–September.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
import uuid
from collections.abc import Iterable
from pathlib import Path
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Event, Timezone, TimezoneStandard, vCalAddress, vText

from chainchief.domain.enums import MeetingKind
from chainchief.exchange.meeting_workbook_model import TO_BE_DECIDED, Invitee, MeetingInfo
from chainchief.fileio import atomic_path

ZONE_NAME = "Asia/Shanghai"
ZONE = ZoneInfo(ZONE_NAME)
PRODUCT_ID = "-//ChainChief//链长制工作台//ZH"
UID_NAMESPACE = uuid.UUID("6f1c2b1e-3a5d-5b8e-9c47-2d0e8f4a7b13")
UID_DOMAIN = "chainchief"
CHINESE_NUMERALS = "一二三四五六七八九十"
OFFICE = "链长制工作办公室"
NO_REPLY = "noreply@chainchief.invalid"
REMINDERS = (dt.timedelta(days=1), dt.timedelta(minutes=30))


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
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", "链长制会议")
    calendar.add("x-wr-timezone", ZONE_NAME)
    calendar.add_component(shanghai_zone())
    for meeting in meetings:
        if meeting.date is not None:
            calendar.add_component(meeting_event(meeting, stamp))
    return calendar


def shanghai_zone() -> Timezone:
    """Asia/Shanghai with its one rule of today: +0800 all year."""
    zone = Timezone()
    zone.add("tzid", ZONE_NAME)
    standard = TimezoneStandard()
    standard.add("dtstart", dt.datetime(1970, 1, 1))
    standard.add("tzoffsetfrom", dt.timedelta(hours=8))
    standard.add("tzoffsetto", dt.timedelta(hours=8))
    standard.add("tzname", "CST")
    zone.add_component(standard)
    return zone


def people_without_email(meetings: Iterable[MeetingInfo]) -> list[str]:
    """Everyone invited to a dated meeting who has no e-mail address, each name once."""
    names: dict[str, None] = {}
    for meeting in meetings:
        if meeting.date is None:
            continue
        for person in _invited(meeting):
            if not person.email:
                names[person.name] = None
    return list(names)


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
    event.add("organizer", _address(meeting.organizer or Invitee(OFFICE), role=None))
    chair = meeting.chair
    if chair is not None and chair.email:
        event.add("attendee", _address(chair, role="CHAIR", answer="ACCEPTED"))
    for person in meeting.attendees:
        if person.email:
            event.add("attendee", _address(person, role="REQ-PARTICIPANT"))
    for before in REMINDERS:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("trigger", -before)
        alarm.add("description", _text(meeting.title))
        event.add_component(alarm)
    return event


def _invited(meeting: MeetingInfo) -> list[Invitee]:
    return ([meeting.chair] if meeting.chair else []) + list(meeting.attendees)


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
    unreached = [
        f"{role}：{_named(person)}"
        for role, person in [("主持", meeting.chair)] + [("参会", a) for a in meeting.attendees]
        if person is not None and not person.email
    ]
    if unreached:
        lines.append("")
        lines.append("以下人员无电子邮箱，本邀请不能送达，请另行通知：")
        lines.extend(unreached)
    return "\n".join(lines)


def _named(person: Invitee) -> str:
    return f"{person.name}（{person.title}）" if person.title else person.name


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


def _address(person: Invitee, *, role: str | None, answer: str = "NEEDS-ACTION") -> vCalAddress:
    """A person's calendar address; with a role it is an attendee asked to answer."""
    address = vCalAddress(f"mailto:{person.email or NO_REPLY}")
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
