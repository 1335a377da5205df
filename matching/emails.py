"""E-mails to buyers and staff, in plain text."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from matching.links import confirmation_token, status_token
from matching.models import Interest


def _url(base_url: str, name: str, token: str) -> str:
    with translation.override("en"):
        path = reverse(name, kwargs={"token": token})
    return (base_url or settings.SITE_URL).rstrip("/") + path


def _send(template: str, subject: str, to: list[str], context: dict) -> None:
    body = render_to_string(f"matching/email/{template}.txt", context)
    send_mail(subject, body, None, to)


def send_confirmation(interest: Interest, base_url: str) -> None:
    link = _url(base_url, "matching:confirm", confirmation_token(interest))
    _send(
        "confirm",
        "Confirm your request for Kazakh products",
        [interest.buyer.email],
        {"interest": interest, "link": link, "hours": 48},
    )


def send_status_link(interest: Interest, base_url: str, *, updated: bool = False) -> None:
    link = _url(base_url, "matching:status", status_token(interest))
    subject = f"Your request {interest.reference}" + (
        " was updated" if updated else " is confirmed"
    )
    _send(
        "status",
        subject,
        [interest.buyer.email],
        {"interest": interest, "link": link, "updated": updated},
    )


def notify_staff(interest: Interest, base_url: str) -> None:
    if not settings.STAFF_NOTIFY_EMAILS:
        return
    path = reverse("admin:matching_interest_change", args=[interest.pk])
    link = (base_url or settings.SITE_URL).rstrip("/") + path
    _send(
        "staff",
        f"New confirmed interest {interest.reference} from {interest.buyer.company_name}",
        settings.STAFF_NOTIFY_EMAILS,
        {"interest": interest, "link": link},
    )
