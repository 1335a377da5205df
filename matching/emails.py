"""E-mails to buyers and staff, in plain text.

Each is written in its reader's language, whoever's action sends it: a buyer's in the
language of the page their request was sent from (Interest.language), subject, dates and
numbers included; staff's in the site's language.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from jobs.mail import queue_mail
from matching.links import CONFIRM_MAX_AGE, confirmation_token, requests_token, status_token
from matching.models import Interest, Introduction, Match
from matching.revisions import what_confirming_does

logger = logging.getLogger(__name__)

# The catalogue keeps no exporter's own language. Kazakh companies all read Russian, an
# official language of Kazakhstan and the one of the catalogue's own spreadsheets, so an
# exporter is written to in Russian.
EXPORTER_LANGUAGE = "ru"


def _url(base_url: str, name: str, **kwargs) -> str:
    """An absolute link for an e-mail, on the request's site or SITE_URL, in the paths of
    the language the e-mail is written in: the page opens in it."""
    return (base_url or settings.SITE_URL).rstrip("/") + reverse(name, kwargs=kwargs)


def _send(template: str, subject: str, to: list[str], context: dict) -> None:
    """Write one e-mail, in the language active, and queue it: a worker sends it, and tries
    again while the mail server refuses it (jobs.mail)."""
    body = render_to_string(f"matching/email/{template}.txt", context)
    queue_mail(str(subject), body, to)


def send_confirmation(interest: Interest, base_url: str) -> None:
    with translation.override(interest.language):
        link = _url(base_url, "matching:confirm", token=confirmation_token(interest))
        _send(
            "confirm",
            gettext("Confirm your request for Kazakh products"),
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
    with translation.override(interest.language):
        link = _url(base_url, "matching:status", token=status_token(interest))
        if updated:
            subject = gettext("Your request %(reference)s was updated")
        else:
            subject = gettext("Your request %(reference)s is confirmed")
        _send(
            "status",
            subject % {"reference": interest.reference},
            [interest.buyer.email],
            {"interest": interest, "link": link, "updated": updated},
        )


# The moves a buyer hears of, and what the e-mail says of each.
TOLD_TO_BUYER = {
    Interest.Status.MATCHED: _("Trade officials have found Kazakh exporters for your request"),
    Interest.Status.CONTACTED: _("A Kazakh exporter or a trade official is contacting you"),
    Interest.Status.CLOSED: _("Your request is closed"),
}


def send_status_change(interest: Interest, note: str = "", base_url: str = "") -> None:
    with translation.override(interest.language):
        link = _url(base_url, "matching:status", token=status_token(interest))
        what = str(TOLD_TO_BUYER[interest.status])
        _send(
            "status_change",
            f"{what} ({interest.reference})",
            [interest.buyer.email],
            {"interest": interest, "link": link, "note": note, "what": what},
        )


def send_links(email: str, interests: list[Interest], base_url: str, *, language: str) -> None:
    """A link to all of an address's requests, and those of its open ones, in one e-mail,
    in `language`: that of the latest request sent from the address."""
    with translation.override(language):
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
            gettext("Your requests for Kazakh products"),
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
    with translation.override(EXPORTER_LANGUAGE):
        _send(
            "introduction_exporter",
            gettext("A Nigerian importer asks for your products (%(reference)s)")
            % {"reference": interest.reference},
            [exporter.email],
            context,
        )
    with translation.override(interest.language):
        _send(
            "introduction_buyer",
            gettext("Meet %(exporter)s, a Kazakh exporter (%(reference)s)")
            % {"exporter": exporter.name, "reference": interest.reference},
            [interest.buyer.email],
            context,
        )


def send_no_requests(email: str, *, language: str) -> None:
    """The answer to a lost-link request from an address that sent no request, in the
    language of the page it was asked from."""
    with translation.override(language):
        _send("no_requests", gettext("Your requests for Kazakh products"), [email], {})


def send_erased(email: str, *, language: str) -> None:
    """The last e-mail to an address whose data was erased, in the language of its
    latest request."""
    with translation.override(language):
        _send(
            "erased",
            gettext("Your data was erased from the Kazakhstan export catalogue"),
            [email],
            {},
        )


def notify_staff(interest: Interest, base_url: str) -> None:
    if not settings.STAFF_NOTIFY_EMAILS:
        return
    # Staff have no language of their own here: the site's, not the buyer's.
    with translation.override(settings.LANGUAGE_CODE):
        link = _url(base_url, "admin:matching_interest_change", object_id=interest.pk)
        _send(
            "staff",
            gettext("New confirmed interest %(reference)s from %(company)s")
            % {"reference": interest.reference, "company": interest.buyer.company_name},
            settings.STAFF_NOTIFY_EMAILS,
            {"interest": interest, "link": link},
        )
