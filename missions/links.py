"""Signed links sent to participants: their agenda (page and calendar) and their answers
(attendance, sessions, meetings). Each carries the participant's id and access key; a new
key (ParticipantAdmin's action) makes the old links stop working."""

from __future__ import annotations

from django.core import signing

from missions.models import Participant

SALT = "missions.participant"


class LinkError(Exception):
    pass


def participant_token(participant: Participant) -> str:
    return signing.dumps({"p": participant.pk, "k": participant.access_key}, salt=SALT)


def participant_of(token: str) -> Participant:
    if len(token) > 200:
        raise LinkError("invalid")
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        raise LinkError("invalid") from None
    participant = (
        Participant.objects.select_related("mission", "exporter", "buyer")
        .filter(pk=data.get("p"))
        .first()
    )
    if participant is None or participant.access_key != data.get("k"):
        raise LinkError("invalid")
    return participant
