"""E-mails to buyers and staff, in plain text."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from matching.links import CONFIRM_MAX_AGE, confirmation_token, requests_token, status_token
from matching.models import Interest, Introduction, Match
from matching.revisions import what_confirming_does

logger = logging.getLogger(__name__)


def _url(base_url: str, name: str, **kwargs) -> str:
    """An absolute link for an e-mail, on the request's site or SITE_URL, in English paths."""
    with translation.override("en"):
        path = reverse(name, kwargs=kwargs)
    return (base_url or settings.SITE_URL).rstrip("/") + path


def _send(template: str, subject: str, to: list[str], context: dict) -> None:
    """Send one e-mail. Called once the request's work is committed, so a mail server that
    fails is logged for staff to see rather than turned into an error page."""
    body = render_to_string(f"matching/email/{template}.txt", context)
    try:
        send_mail(subject, body, None, to)
    except Exception:
        logger.exception("could not send %r to %s", subject, ", ".join(to))


def send_confirmation(interest: Interest, base_url: str) -> None:
    link = _url(base_url, "matching:confirm", token=confirmation_token(interest))
    _send(
        "confirm",
        "Confirm your request for Kazakh products",
        [interest.buyer.email],
        {
            "interest": interest,
            "link": link,
            "hours": CONFIRM_MAX_AGE // 3600,
            "days": settings.UNCONFIRMED_REQUEST_DAYS,
            "confirmation": what_confirming_does(interest),
        },
    )


def send_status_link(interest: Interest, base_url: str, *, updated: bool = False) -> None:
    link = _url(base_url, "matching:status", token=status_token(interest))
    subject = f"Your request {interest.reference}" + (
        " was updated" if updated else " is confirmed"
    )
    _send(
        "status",
        subject,
        [interest.buyer.email],
        {"interest": interest, "link": link, "updated": updated},
    )


# The moves a buyer hears of, and what the e-mail says of each.
TOLD_TO_BUYER = {
    Interest.Status.MATCHED: "Trade officials have found Kazakh exporters for your request",
    Interest.Status.CONTACTED: "A Kazakh exporter or a trade official is contacting you",
    Interest.Status.CLOSED: "Your request is closed",
}


def send_status_change(interest: Interest, note: str = "", base_url: str = "") -> None:
    link = _url(base_url, "matching:status", token=status_token(interest))
    _send(
        "status_change",
        f"{TOLD_TO_BUYER[interest.status]} ({interest.reference})",
        [interest.buyer.email],
        {"interest": interest, "link": link, "note": note, "what": TOLD_TO_BUYER[interest.status]},
    )


def send_links(email: str, interests: list[Interest], base_url: str) -> None:
    """A link to all of an address's requests, and those of its open ones, in one e-mail."""
    links = [
        (
            interest,
            _url(base_url, "matching:confirm", token=confirmation_token(interest))
            if interest.status == Interest.Status.NEW
            else _url(base_url, "matching:status", token=status_token(interest)),
        )
        for interest in interests
    ]
    mine = _url(base_url, "matching:mine", token=requests_token(email))
    _send(
        "links",
        "Your requests for Kazakh products",
        [email],
        {"links": links, "hours": CONFIRM_MAX_AGE // 3600, "mine": mine},
    )


def send_introduction(introduction: Introduction) -> None:
    """The buyer's contact details and request to the exporter they agreed to, and the
    exporter's contacts to the buyer."""
    interest, exporter = introduction.interest, introduction.exporter
    matched = Match.objects.filter(line__interest=interest, offer__exporter=exporter).exclude(
        status=Match.Status.REJECTED
    )
    lines = interest.lines.filter(pk__in=matched.values("line")).select_related("category")
    context = {"interest": interest, "exporter": exporter, "lines": lines}
    _send(
        "introduction_exporter",
        f"A Nigerian importer asks for your products ({interest.reference})",
        [exporter.email],
        context,
    )
    _send(
        "introduction_buyer",
        f"Meet {exporter.name}, a Kazakh exporter ({interest.reference})",
        [interest.buyer.email],
        context,
    )


def send_no_requests(email: str) -> None:
    """The answer to a lost-link request from an address that sent no request."""
    _send("no_requests", "Your requests for Kazakh products", [email], {})


def send_erased(email: str) -> None:
    """The last e-mail to an address whose data was erased."""
    _send("erased", "Your data was erased from the Kazakhstan export catalogue", [email], {})


def notify_staff(interest: Interest, base_url: str) -> None:
    if not settings.STAFF_NOTIFY_EMAILS:
        return
    link = _url(base_url, "admin:matching_interest_change", object_id=interest.pk)
    _send(
        "staff",
        f"New confirmed interest {interest.reference} from {interest.buyer.company_name}",
        settings.STAFF_NOTIFY_EMAILS,
        {"interest": interest, "link": link},
    )
