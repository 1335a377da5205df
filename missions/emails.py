"""E-mails to a mission's participants, each in the participant's language, with their
signed link: the invitation (answer: attend, sessions, meetings) and the agenda (sent
when agendas are published and whenever that participant's agenda changes)."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_noop

from jobs.mail import queue_mail
from missions.links import participant_token
from missions.models import Participant

INVITATION = gettext_noop("Invitation: %(mission)s, B2B meetings")
AGENDA = gettext_noop("Your meetings: %(mission)s")


def _url(base_url: str, name: str, participant: Participant) -> str:
    path = reverse(name, kwargs={"token": participant_token(participant)})
    return (base_url or settings.SITE_URL).rstrip("/") + path


def _send(participant: Participant, template: str, subject: str, base_url: str) -> bool:
    """Queue one e-mail to the participant; False when they have no address to write to."""
    if not participant.company.email:
        return False
    with translation.override(participant.language):
        context = {
            "participant": participant,
            "greeting": participant.company.contact_name or participant.name,
            "sessions": participant.mission.sessions.all(),
            "mission": participant.mission,
            "answer_link": _url(base_url, "missions:answer", participant),
            "agenda_link": _url(base_url, "missions:agenda", participant),
            "calendar_link": _url(base_url, "missions:calendar", participant),
        }
        body = render_to_string(f"missions/email/{template}.txt", context)
        subject = gettext(subject) % {"mission": participant.mission.name}
        queue_mail(subject, body, [participant.company.email])
    return True


def send_invitation(participant: Participant, base_url: str) -> bool:
    sent = _send(participant, "invitation", INVITATION, base_url)
    if sent:
        Participant.objects.filter(pk=participant.pk).update(invited_at=timezone.now())
    return sent


def send_agenda(participant: Participant, base_url: str) -> bool:
    return _send(participant, "agenda", AGENDA, base_url)
