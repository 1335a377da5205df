"""Participants' agendas: their meetings in time order, with the other side, the table and
what the meeting is about; and the organisers' master schedule."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q

from missions.models import Meeting, Mission, Participant


@dataclass(frozen=True)
class Contact:
    person: str
    email: str
    phone: str

    @property
    def line(self) -> str:
        return " · ".join(part for part in (self.person, self.phone, self.email) if part)


@dataclass(frozen=True)
class Slot:
    meeting: Meeting
    start: dt.datetime  # in the venue's time zone
    end: dt.datetime
    other_start: dt.datetime  # the same moment in the other country's time
    table: int
    other: str  # the other side's name
    products: list  # ProductCategory: each named in the reader's language when shown
    contact: Contact | None  # a buyer's only once that buyer accepted the meeting


@dataclass(frozen=True)
class Agenda:
    mission: Mission
    participant: Participant
    slots: list[Slot]


def named(products) -> str:
    """Products by their names in the active language, as one line."""
    return ", ".join(str(category.display_name) for category in products)


def meeting_times(mission: Mission) -> dict[tuple[int, int], tuple[dt.datetime, dt.datetime]]:
    """Each (session, slot)'s start and end, aware, in the venue's time zone."""
    length = dt.timedelta(minutes=mission.meeting_minutes)
    dates = dict(mission.sessions.values_list("pk", "date"))
    times = {}
    for session_id, starts in mission.slot_starts().items():
        for slot, start in enumerate(starts):
            at = dt.datetime.combine(dates[session_id], start, tzinfo=mission.zone)
            times[(session_id, slot)] = (at, at + length)
    return times


def _contact(participant: Participant) -> Contact:
    company = participant.company
    # An exporter's people who came to the mission, else the catalogue's contact.
    people = ", ".join(line.strip() for line in participant.people.splitlines() if line.strip())
    return Contact(people or company.contact_name, company.email, company.phone)


def mission_meetings(mission: Mission):
    return (
        Meeting.objects.filter(request__mission=mission)
        .select_related("request__exporter__exporter", "request__buyer__buyer")
        .prefetch_related("request__categories")
    )


def agenda(participant: Participant, *, times=None, meetings=None) -> Agenda:
    mission = participant.mission
    times = times if times is not None else meeting_times(mission)
    if meetings is None:
        meetings = mission_meetings(mission).filter(
            Q(request__exporter=participant) | Q(request__buyer=participant)
        )
    slots = []
    for meeting in meetings:
        request = meeting.request
        if participant.pk not in (request.exporter_id, request.buyer_id):
            continue
        other = request.buyer if participant.pk == request.exporter_id else request.exporter
        shown = other.is_exporter or request.buyer_accepted
        if (meeting.session_id, meeting.slot) not in times:
            continue  # its session changed since: on no agenda until scheduled again
        start, end = times[(meeting.session_id, meeting.slot)]
        slots.append(
            Slot(
                meeting=meeting,
                start=start,
                end=end,
                other_start=start.astimezone(mission.other_zone),
                table=meeting.table,
                other=other.name,
                products=request.products(),
                contact=_contact(other) if shown else None,
            )
        )
    slots.sort(key=lambda s: (s.start, s.table))
    return Agenda(mission, participant, slots)


def agendas(mission: Mission) -> list[Agenda]:
    """Every attending participant's agenda, reading the meetings once."""
    times = meeting_times(mission)
    own: dict[int, list[Meeting]] = defaultdict(list)
    for meeting in mission_meetings(mission):
        own[meeting.request.exporter_id].append(meeting)
        own[meeting.request.buyer_id].append(meeting)
    attending = Participant.objects.filter(mission=mission).attending()
    return [
        agenda(p, times=times, meetings=own[p.pk])
        for p in attending.select_related("mission", "exporter", "buyer")
    ]
