"""A buyer's personal data, as the privacy notice promises under Nigeria's Data Protection
Act 2023: what they may take with them, erasure on request, and retention limits.

Erasing or anonymising keeps what reports count (products, quantities, terms, states,
dates, statuses) and removes what identifies a person or a company: names, numbers,
addresses, network addresses and every free text a person may have written about them
(notes, specifications, contact times, staff notes).
"""

from __future__ import annotations

import json
from datetime import timedelta

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation

from jobs.mail import forget_mail_about
from matching import emails
from matching.matcher import line_code
from matching.models import Buyer, Interest, InterestLine, Introduction, Match, StatusChange
from matching.models.interests import BUYER_FIELDS, new_access_key
from matching.revisions import LINE_FIELDS
from matching.services import withdraw_open

ERASED_NAME = "Erased buyer"
ERASED_PRODUCT = "a product in the buyer's words, erased"

# What a line keeps of the buyer's own words once anonymised: nothing of these; the
# product in their words becomes the product its suggested code names.
_LINE_TEXTS = ("notes", "specifications", "timeframe", "pack_size", "port_other")


def data_of(buyer: Buyer, interests: list[Interest]) -> dict:
    """Everything we hold about a buyer in these requests, as plain data for a JSON file."""
    return {
        "exported_at": timezone.now(),
        "buyer": {
            **{name: getattr(buyer, name) for name in BUYER_FIELDS},
            "email": buyer.email,
            "first_request_at": buyer.created_at,
        },
        "requests": [_request_data(interest) for interest in interests],
    }


def _request_data(interest: Interest) -> dict:
    # What is said in words (why an exporter matched) is in the request's language.
    with translation.override(interest.language):
        return {
            "reference": interest.reference,
            "status": interest.status,
            "sent_at": interest.created_at,
            "confirmed_at": interest.confirmed_at,
            "withdrawn_at": interest.withdrawn_at,
            "sent_from_ip": interest.source_ip,
            "company_details_sent": interest.submitted_buyer,
            "preferred_contact_channel": interest.contact_channel,
            "best_times_to_contact": interest.contact_times,
            "privacy_notice_agreed_at": interest.consent_at,
            "privacy_notice_version": interest.consent_version,
            "products": [
                {
                    "product": str(line),
                    "hs_code": line_code(line) or None,
                    **{name: getattr(line, name) for name in LINE_FIELDS},
                    "rules_seen": str(line.shown_rules_seen()),
                    "matched_exporters": [
                        {
                            "exporter": m.offer.exporter.name,
                            "products": m.products,
                            "why": m.shown_reasons(),
                        }
                        for m in line.matches.all()
                        if m.status != Match.Status.REJECTED
                    ],
                }
                for line in interest.lines.all()
            ],
            "status_changes": [
                {"from": change.from_status, "to": change.to_status, "at": change.changed_at}
                for change in interest.history.all()
            ],
            "introductions": [
                {
                    "exporter": intro.exporter.name,
                    "agreed_at": intro.agreed_at,
                    "introduced_at": intro.introduced_at,
                }
                for intro in interest.introductions.all()
            ],
        }


def requests_for_data(interests):
    """The queryset `data_of` reads without a query per line."""
    return interests.select_related("buyer").prefetch_related(
        "lines__category__codes",
        "lines__suggested_hs",
        "lines__matches__offer__exporter",
        "history",
        "introductions__exporter",
    )


@transaction.atomic
def erase_buyer(buyer: Buyer) -> Buyer:
    """The buyer asked for their data to be erased: unconfirmed requests go, open ones are
    withdrawn, every request is anonymised and the buyer's record keeps only its state."""
    buyer = Buyer.objects.select_for_update().get(pk=buyer.pk)
    if buyer.is_erased:
        return buyer
    email, language = buyer.email, buyer.language()
    buyer.interests.filter(status=Interest.Status.NEW).delete()
    for interest in buyer.interests.filter(anonymised_at__isnull=True).select_for_update():
        if interest.is_open:
            withdraw_open(interest, note="")
        _anonymise(interest)
    _anonymise_buyer(buyer)
    forget_mail_about(email)
    transaction.on_commit(lambda: emails.send_erased(email, language=language))
    return buyer


def _anonymise(interest: Interest) -> None:
    """Remove from one request what identifies its buyer; every link to it stops working."""
    state = interest.buyer_as_sent["state"]
    interest.submitted_buyer = {**dict.fromkeys(BUYER_FIELDS, ""), "state": state}
    interest.source_ip = None
    interest.contact_times = ""
    interest.staff_notes = ""
    interest.access_key = new_access_key()
    interest.anonymised_at = timezone.now()
    interest.save()
    lines = InterestLine.objects.filter(interest=interest)
    lines.update(**dict.fromkeys(_LINE_TEXTS, ""))
    # The product in the buyer's own words: gone beside a catalogue product, else the
    # product its code names.
    lines.filter(category__isnull=False).update(free_text="")
    for line in lines.filter(category__isnull=True).select_related("suggested_hs"):
        line.free_text = _product_of(line)
        line.save(update_fields=["free_text"])
    StatusChange.objects.filter(interest=interest).update(note="", note_data=None)
    Match.objects.filter(line__interest=interest).update(staff_notes="")
    # An agreement not yet acted on is void; an introduction made stays a fact.
    Introduction.objects.filter(interest=interest, introduced_at__isnull=True).delete()
    _scrub_history(interest)


def _scrub_history(interest: Interest) -> None:
    """The admin's history names lines and matches by the buyer's words: named as they
    are now, and the request's own entries name none."""
    matches = Match.objects.filter(line__interest=interest)
    for model, objects in (
        (InterestLine, interest.lines.select_related("category")),
        (Match, matches.select_related("line__category", "offer__exporter")),
    ):
        kind = ContentType.objects.get_for_model(model)
        for obj in objects:
            LogEntry.objects.filter(content_type=kind, object_id=str(obj.pk)).update(
                object_repr=str(obj)[:200]
            )
    kind = ContentType.objects.get_for_model(Interest)
    for entry in LogEntry.objects.filter(content_type=kind, object_id=str(interest.pk)):
        entry.change_message = json.dumps(_unnamed(entry.change_message))
        entry.save(update_fields=["change_message"])


def _unnamed(message: str) -> list:
    """A change message without the names of the related objects it lists."""
    try:
        items = json.loads(message)
    except ValueError:
        return []  # free text: dropped
    if not isinstance(items, list):
        return []
    for item in items:
        for action in item.values() if isinstance(item, dict) else ():
            if isinstance(action, dict) and "object" in action:
                action["object"] = "erased"
    return items


_PRODUCT_MAX = InterestLine._meta.get_field("free_text").max_length


def _product_of(line: InterestLine) -> str:
    if line.suggested_hs_id is None:
        return ERASED_PRODUCT
    code = line.suggested_hs
    return f"HS {code.code}: {code.description}"[:_PRODUCT_MAX]


def _anonymise_buyer(buyer: Buyer) -> None:
    buyer.company_name = ERASED_NAME
    buyer.cac_number = buyer.city = buyer.contact_name = buyer.phone = ""
    buyer.email = f"erased-{buyer.pk}@erased.invalid"  # unique, and never deliverable
    buyer.erased_at = timezone.now()
    buyer.save()
    # The admin's history names objects as they were; an erased buyer is named no more.
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Buyer), object_id=str(buyer.pk)
    ).update(object_repr=ERASED_NAME)


def _lock_buyers(interests) -> None:
    buyers = Buyer.objects.filter(pk__in=interests.values("buyer_id")).order_by("pk")
    list(buyers.select_for_update().values_list("pk", flat=True))


@transaction.atomic
def apply_retention(*, unconfirmed_days: int, closed_days: int) -> dict[str, int]:
    """What the privacy notice promises of time: requests never confirmed are deleted after
    `unconfirmed_days`, closed or withdrawn ones anonymised `closed_days` after their last
    change, and a buyer whose every request is anonymised is erased. Returns how many of
    each; a second run finds nothing."""
    # The buyers are locked first, then their requests chosen again, in the order every
    # change takes (matching.services.locked): a request confirmed, reopened or sent at
    # that moment is either left alone or waits, never half-handled.
    now = timezone.now()
    old = Interest.objects.filter(
        status=Interest.Status.NEW, created_at__lt=now - timedelta(days=unconfirmed_days)
    )
    _lock_buyers(old)
    chosen = dict(old.select_for_update().values_list("pk", "buyer_id"))
    deleted = Interest.objects.filter(pk__in=chosen).delete()[1].get("matching.Interest", 0)
    lone = Buyer.objects.filter(pk__in=set(chosen.values()), interests__isnull=True)
    lone_buyers = lone.delete()[1].get("matching.Buyer", 0)

    ended = Interest.objects.filter(
        status__in=(Interest.Status.CLOSED, Interest.Status.WITHDRAWN),
        anonymised_at__isnull=True,
        updated_at__lt=now - timedelta(days=closed_days),
    )
    _lock_buyers(ended)
    anonymised = 0
    for interest in ended.select_for_update():
        _anonymise(interest)
        anonymised += 1
    done = Buyer.objects.filter(erased_at__isnull=True, interests__isnull=False).exclude(
        Q(interests__anonymised_at__isnull=True)
    )
    erased = 0
    for buyer in Buyer.objects.select_for_update().filter(pk__in=done.values("pk")):
        if buyer.interests.filter(anonymised_at__isnull=True).exists():
            continue  # a request sent while we waited for the lock
        _anonymise_buyer(buyer)
        erased += 1
    return {
        "deleted_requests": deleted,
        "deleted_buyers": lone_buyers,
        "anonymised_requests": anonymised,
        "erased_buyers": erased,
    }
