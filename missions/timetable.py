"""A mission's meetings scheduled: its rows read into the pure scheduler's problem, and
the schedule it finds written back as meetings, in one transaction."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q

from missions import scheduling
from missions.models import Meeting, MeetingRequest, Mission, Participant


class TimetableError(Exception):
    """The schedule cannot change: the mission's day has begun."""


@dataclass(frozen=True)
class Timetabled:
    schedule: scheduling.Schedule
    requests: int  # agreed requests between attending participants
    changed: frozenset[int]  # participants whose agenda is not what it was


def problem_of(mission: Mission) -> scheduling.Problem:
    slots = mission.slot_starts()
    everyone = list(slots)
    attending = Participant.objects.filter(mission=mission).attending()
    chosen = defaultdict(set)
    for participant_id, session_id in attending.values_list("pk", "sessions"):
        if session_id is not None:
            chosen[participant_id].add(session_id)
    participants = tuple(
        scheduling.Participant(
            id=p.pk,
            sessions=frozenset(chosen[p.pk] & set(everyone) or everyone),
            per_session=mission.per_session,
            at_once=p.parallel if p.is_exporter else 1,
            booths=tuple(t for t in p.booth_tables if t <= mission.tables) if p.is_exporter else (),
        )
        for p in attending
    )
    present = {p.id for p in participants}
    requests = tuple(
        scheduling.Request(id=r.pk, exporter=r.exporter_id, buyer=r.buyer_id, score=r.score)
        for r in MeetingRequest.objects.filter(mission=mission)
        if r.agreed and r.exporter_id in present and r.buyer_id in present
    )
    # Where meetings are now, if their session still has that slot and that table.
    previous = {
        m.request_id: scheduling.Placement(m.session_id, m.slot, m.table)
        for m in Meeting.objects.filter(request__mission=mission)
        if m.slot < len(slots.get(m.session_id, ())) and m.table <= mission.tables
    }
    return scheduling.Problem(
        sessions=tuple(
            scheduling.Session(id=pk, slots=len(starts)) for pk, starts in slots.items()
        ),
        tables=mission.tables,
        participants=participants,
        requests=requests,
        previous=previous,
    )


def schedule(*, mission: Mission, seconds: float = 20.0) -> Timetabled:
    """Schedule the mission's agreed meetings; meetings already placed stay where they
    are unless moving them gains more than it costs."""
    # The day has begun: what happened (meetings held or missed, walk-ins, outcomes
    # recorded) is not the scheduler's to move or delete.
    begun = Q(walk_in=True) | Q(recorded_at__isnull=False) | ~Q(status=Meeting.Status.SCHEDULED)
    if Meeting.objects.filter(request__mission=mission).filter(begun).exists():
        raise TimetableError(mission.pk)
    problem = problem_of(mission)
    if problem.requests and any(s.slots for s in problem.sessions):
        found = scheduling.solve(problem, seconds=seconds)
    else:  # nothing to place, or nowhere to place it
        found = scheduling.Schedule(
            placements={}, objective=0.0, bound=0.0, optimal=True, method="none"
        )
    with transaction.atomic():
        changed = _write(mission, problem, found)
    return Timetabled(found, len(problem.requests), changed)


def _write(
    mission: Mission, problem: scheduling.Problem, found: scheduling.Schedule
) -> frozenset[int]:
    requests = {r.id: r for r in problem.requests}
    sides = dict(
        (pk, (exporter, buyer))
        for pk, exporter, buyer in MeetingRequest.objects.filter(mission=mission).values_list(
            "pk", "exporter_id", "buyer_id"
        )
    )
    before, after = defaultdict(set), defaultdict(set)
    for request_id, place in problem.previous.items():
        for participant in sides[request_id]:
            before[participant].add((request_id, place))
    for request_id, place in found.placements.items():
        for participant in (requests[request_id].exporter, requests[request_id].buyer):
            after[participant].add((request_id, place))
    Meeting.objects.filter(request__mission=mission).delete()
    Meeting.objects.bulk_create(
        Meeting(request_id=r, session_id=p.session, slot=p.slot, table=p.table)
        for r, p in found.placements.items()
    )
    return frozenset(p for p in before.keys() | after.keys() if before[p] != after[p])
