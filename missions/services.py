"""What participants and organisers do to a mission, one function each: answer an
invitation, publish the agendas, record a meeting's outcome, check someone in."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from missions.emails import send_agenda, send_invitation
from missions.models import Meeting, MeetingRequest, Mission, Participant, Session


@transaction.atomic
def answer(
    *,
    participant: Participant,
    attending: bool,
    sessions: Iterable[Session],
    meetings: Mapping[int, str],
    asked: Iterable[Participant] = (),
) -> None:
    """A participant's answer: whether they attend, the sessions they can, their answer
    to each meeting request of theirs ({request id: MeetingRequest.Answer}), and the
    participants of the other side they ask to meet besides."""
    status = Participant.Status.CONFIRMED if attending else Participant.Status.DECLINED
    Participant.objects.filter(pk=participant.pk).update(status=status, responded_at=timezone.now())
    participant.status = status
    participant.sessions.set([s for s in sessions if s.mission_id == participant.mission_id])
    side = participant.side
    own = MeetingRequest.objects.filter(**{side: participant})
    for value in set(meetings.values()):
        chosen = [pk for pk, given in meetings.items() if given == value]
        own.filter(pk__in=chosen).update(**{f"{side}_answer": value})
    other = participant.other_side
    for wanted in asked:
        if (
            wanted.mission_id != participant.mission_id
            or wanted.is_exporter == participant.is_exporter
        ):
            continue
        MeetingRequest.objects.get_or_create(
            **{side: participant, other: wanted},
            defaults={
                "mission": participant.mission,
                "origin": side,
                f"{side}_answer": MeetingRequest.Answer.ACCEPTED,
            },
        )


@dataclass
class Sent:
    sent: int = 0
    unreached: list[str] = field(default_factory=list)  # participants with no address


def invite(participants: Iterable[Participant], *, base_url: str) -> Sent:
    """E-mail each participant who has not answered their invitation."""
    return _each(
        (p for p in participants if p.status == Participant.Status.INVITED),
        send_invitation,
        base_url,
    )


def _each(participants: Iterable[Participant], send, base_url: str) -> Sent:
    result = Sent()
    for participant in participants:
        if send(participant, base_url):
            result.sent += 1
        else:
            result.unreached.append(participant.name)
    return result


@transaction.atomic
def publish(*, mission: Mission, final: bool, base_url: str) -> Sent:
    """Publish the agendas (preliminary or final) and e-mail each attending participant
    theirs."""
    status = Mission.Status.FINAL if final else Mission.Status.PRELIMINARY
    Mission.objects.filter(pk=mission.pk).update(status=status)
    mission.status = status
    return send_agendas(Participant.objects.filter(mission=mission).attending(), base_url)


def send_agendas(participants: Iterable[Participant], base_url: str) -> Sent:
    return _each(participants, send_agenda, base_url)


@transaction.atomic
def check_in(*, participant: Participant, arrived: bool) -> None:
    Participant.objects.filter(pk=participant.pk).update(
        arrived_at=timezone.now() if arrived else None
    )


@transaction.atomic
def no_show(*, participant: Participant, session: Session) -> int:
    """The participant did not come to this session: their meetings in it did not take
    place, and their tables are free for walk-in meetings. Returns how many."""
    return (
        Meeting.objects.filter(session=session, status=Meeting.Status.SCHEDULED)
        .filter(Q(request__exporter=participant) | Q(request__buyer=participant))
        .update(status=Meeting.Status.MISSED)
    )


class WalkInError(Exception):
    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


@transaction.atomic
def add_walk_in(
    *, exporter: Participant, buyer: Participant, session: Session, slot: int
) -> Meeting:
    """A meeting arranged on the day: at a table free in that slot, when both are free
    then. The request is the organisers' (imposed) if the two had none."""
    # One walk-in a session at a time: two placed at once could take the same table.
    session = Session.objects.select_for_update().select_related("mission").get(pk=session.pk)
    mission = session.mission
    busy = Meeting.objects.filter(session=session, slot=slot).exclude(status=Meeting.Status.MISSED)
    if busy.filter(Q(request__exporter=exporter) | Q(request__buyer=buyer)).exists():
        raise WalkInError(_("One of the two already has a meeting then."))
    taken = set(busy.values_list("table", flat=True))
    own = [t for t in exporter.booth_tables if t not in taken and t <= mission.tables]
    with_booths = Participant.objects.filter(mission=mission).exclude(booths="")
    booths = {t for participant in with_booths for t in participant.booth_tables}
    free = own or [t for t in range(1, mission.tables + 1) if t not in taken and t not in booths]
    if not free:
        raise WalkInError(_("No table is free then."))
    request, _created = MeetingRequest.objects.get_or_create(
        exporter=exporter,
        buyer=buyer,
        defaults={"mission": mission, "origin": MeetingRequest.Origin.ORGANISERS, "imposed": True},
    )
    if hasattr(request, "meeting"):
        if request.meeting.status != Meeting.Status.MISSED:
            raise WalkInError(_("These two already have a meeting."))
        request.meeting.delete()
    return Meeting.objects.create(
        request=request, session=session, slot=slot, table=free[0], walk_in=True
    )


@transaction.atomic
def record_outcome(*, meeting: Meeting, user, **outcome) -> None:
    """A meeting's status and outcome, as staff recorded them on the day."""
    for name, value in outcome.items():
        setattr(meeting, name, value)
    meeting.recorded_by = user
    meeting.recorded_at = timezone.now()
    meeting.save()
