"""iCalendar files: lines folded and escaped as RFC 5545 says, times in the venue's zone."""

import datetime as dt
from zoneinfo import ZoneInfo

from missions.calendar import Event, calendar, fold, text

LAGOS = ZoneInfo("Africa/Lagos")
STAMP = dt.datetime(2027, 3, 1, tzinfo=dt.UTC)


def meeting(hour: int, zone=LAGOS, **fields) -> Event:
    start = dt.datetime(2027, 3, 9, hour, tzinfo=zone)
    return Event(uid=f"m{hour}@test", start=start, end=start + dt.timedelta(minutes=20),
                 summary=fields.pop("summary", "Kano Foods Ltd (Table 3)"), **fields)  # fmt: skip


def test_text_is_escaped_so_no_value_can_add_a_property():
    assert text("a,b;c\\d\nDTSTART:1") == "a\\,b\\;c\\\\d\\nDTSTART:1"
    body = calendar([meeting(9, summary="X\r\nEND:VEVENT")], zone=LAGOS, name="M", stamp=STAMP)
    assert body.split("\r\n").count("END:VEVENT") == 1


def test_long_lines_fold_at_75_octets_never_inside_a_character():
    line = "SUMMARY:" + "Қазақ экспорттаушысы " * 10
    folded = fold(line)
    parts = folded.split("\r\n")
    assert all(len(p.encode()) <= 75 for p in parts)
    assert all(p.startswith(" ") for p in parts[1:])
    assert "".join(p[1:] if i else p for i, p in enumerate(parts)) == line


def test_times_are_in_the_venues_zone_with_its_definition():
    body = calendar([meeting(9), meeting(14)], zone=LAGOS, name="Mission", stamp=STAMP)
    assert "BEGIN:VTIMEZONE\r\nTZID:Africa/Lagos\r\n" in body
    assert "TZOFFSETFROM:+0100\r\nTZOFFSETTO:+0100" in body
    assert "DTSTART;TZID=Africa/Lagos:20270309T090000\r\n" in body
    assert "DTEND;TZID=Africa/Lagos:20270309T142000\r\n" in body
    # The same moment given in another zone is written at the venue's hour.
    almaty = meeting(13, zone=ZoneInfo("Asia/Almaty"))
    assert "DTSTART;TZID=Africa/Lagos:20270309T090000" in calendar(
        [almaty], zone=LAGOS, name="M", stamp=STAMP
    )


def test_a_zone_changing_its_offset_within_the_events_is_written_in_utc():
    london = ZoneInfo("Europe/London")
    winter = meeting(9, zone=london)
    summer = Event(uid="s@test", start=dt.datetime(2027, 7, 1, 9, tzinfo=london),
                   end=dt.datetime(2027, 7, 1, 10, tzinfo=london), summary="S")  # fmt: skip
    body = calendar([winter, summer], zone=london, name="M", stamp=STAMP)
    assert "VTIMEZONE" not in body
    assert "DTSTART:20270309T090000Z" in body and "DTSTART:20270701T080000Z" in body
