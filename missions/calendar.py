"""iCalendar files (RFC 5545) of a participant's meetings. Pure: no Django.

Times are written in the venue's time zone with its VTIMEZONE, so every calendar shows the
meeting at the right hour wherever its owner is; a zone whose offset changes within the
events' span (daylight saving) is written in UTC instead, which no calendar misreads.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

FOLD_AT = 75  # octets a line, before its line break


@dataclass(frozen=True)
class Event:
    uid: str
    start: dt.datetime  # aware
    end: dt.datetime  # aware
    summary: str
    location: str = ""
    description: str = ""


def text(value: str) -> str:
    """A TEXT value escaped: backslashes, semicolons, commas and line breaks."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def fold(line: str) -> str:
    """A content line folded at 75 octets, never inside a UTF-8 character."""
    out, current, size = [], [], 0
    for char in line:
        width = len(char.encode())
        if size + width > FOLD_AT:
            out.append("".join(current))
            current, size = [" "], 1
        current.append(char)
        size += width
    out.append("".join(current))
    return "\r\n".join(out)


def _offset(delta: dt.timedelta) -> str:
    minutes = int(delta.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}{abs(minutes) % 60:02d}"


def calendar(events: Iterable[Event], *, zone: ZoneInfo, name: str, stamp: dt.datetime) -> str:
    events = list(events)
    offsets = {e.start.astimezone(zone).utcoffset() for e in events} | {
        e.end.astimezone(zone).utcoffset() for e in events
    }
    local = len(offsets) <= 1
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//KZ-NG export catalogue//Trade missions//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{text(name)}",
    ]
    if local and events:
        (offset,) = offsets
        lines += [
            "BEGIN:VTIMEZONE",
            f"TZID:{zone.key}",
            "BEGIN:STANDARD",
            "DTSTART:19700101T000000",
            f"TZOFFSETFROM:{_offset(offset)}",
            f"TZOFFSETTO:{_offset(offset)}",
            f"TZNAME:{events[0].start.astimezone(zone).tzname()}",
            "END:STANDARD",
            "END:VTIMEZONE",
        ]

    def when(field: str, moment: dt.datetime) -> str:
        if local:
            return f"{field};TZID={zone.key}:{moment.astimezone(zone):%Y%m%dT%H%M%S}"
        return f"{field}:{moment.astimezone(dt.UTC):%Y%m%dT%H%M%SZ}"

    for event in events:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event.uid}",
            f"DTSTAMP:{stamp.astimezone(dt.UTC):%Y%m%dT%H%M%SZ}",
            when("DTSTART", event.start),
            when("DTEND", event.end),
            f"SUMMARY:{text(event.summary)}",
        ]
        if event.location:
            lines.append(f"LOCATION:{text(event.location)}")
        if event.description:
            lines.append(f"DESCRIPTION:{text(event.description)}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
