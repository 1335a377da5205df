"""What participants and organisers do to a mission, one function each: answer an
invitation, publish the agendas, record a meeting's outcome, check someone in."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.db import transaction
from django.utils import timezone

from missions.emails import send_agenda, send_invitation
from missions.models import MeetingRequest, Mission, Participant, Session


@transaction.atomic
def answer(
    *,
    participant: Participant,
    attending: bool,
    sessions: Iterable[Session],
    meetings: Mapping[int, str],
) -> None:
    """A participant's answer: whether they attend, the sessions they can, and their
    answer to each meeting request of theirs ({request id: MeetingRequest.Answer})."""
    status = Participant.Status.CONFIRMED if attending else Participant.Status.DECLINED
    Participant.objects.filter(pk=participant.pk).update(status=status, responded_at=timezone.now())
    participant.status = status
    participant.sessions.set([s for s in sessions if s.mission_id == participant.mission_id])
    side = "exporter" if participant.is_exporter else "buyer"
    own = MeetingRequest.objects.filter(**{side: participant})
    for value in set(meetings.values()):
        chosen = [pk for pk, given in meetings.items() if given == value]
        own.filter(pk__in=chosen).update(**{f"{side}_answer": value})


def invite(participants: Iterable[Participant], *, base_url: str) -> int:
    """E-mail each participant not yet answered their invitation; returns how many."""
    return sum(
        send_invitation(p, base_url) for p in participants if p.status == Participant.Status.INVITED
    )


@transaction.atomic
def publish(*, mission: Mission, final: bool, base_url: str) -> int:
    """Publish the agendas (preliminary or final) and e-mail each attending participant
    theirs; returns how many were sent."""
    status = Mission.Status.FINAL if final else Mission.Status.PRELIMINARY
    Mission.objects.filter(pk=mission.pk).update(status=status)
    mission.status = status
    return send_agendas(Participant.objects.filter(mission=mission).attending(), base_url)


def send_agendas(participants: Iterable[Participant], base_url: str) -> int:
    return sum(send_agenda(p, base_url) for p in participants)
