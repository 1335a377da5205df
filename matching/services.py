"""Workflows of buyers' interests: register, confirm, withdraw, move through the staff workflow.

A submission changes nothing already stored: it is kept as a new, unconfirmed request
with the details it carries, and only the address owner's confirmation applies them
(see matching/revisions.py).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from catalogue.lib.normalise import name_key
from catalogue.models import HSCode, ProductCategory
from catalogue.suggest.service import best_suggestion
from matching import emails
from matching.links import CONFIRM_MAX_AGE
from matching.matcher import rematch
from matching.models import Buyer, Interest, InterestLine, Match, StatusChange
from matching.models.interests import BUYER_FIELDS, PRIVACY_NOTICE_VERSION, new_access_key
from matching.revisions import LINE_FIELDS, REVISION_WINDOW, apply_details, apply_revisions


@dataclass(frozen=True)
class BuyerDetails:
    company_name: str
    state: str
    city: str
    contact_name: str
    email: str
    phone: str
    cac_number: str = ""
    # Of this request: how the buyer wants to be reached, and their agreement to the
    # privacy notice (PRIVACY_NOTICE_VERSION).
    contact_channel: str = ""
    contact_times: str = ""
    consented: bool = False

    def as_sent(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in BUYER_FIELDS}


@dataclass(frozen=True)
class LineDetails:
    category: ProductCategory | None = None
    free_text: str = ""
    quantity: Decimal | None = None
    unit: str = ""
    frequency: str = ""
    incoterm: str = ""
    port: str = ""
    port_other: str = ""
    timeframe: str = ""
    required_certification: str = ""
    notes: str = ""
    target_price: Decimal | None = None
    currency: str = ""
    price_basis: str = ""
    specifications: str = ""
    packaging: str = ""
    pack_size: str = ""
    delivery_from: date | None = None
    delivery_to: date | None = None

    @property
    def category_id(self) -> int | None:
        return self.category.pk if self.category else None


def _content(line: LineDetails | InterestLine) -> tuple:
    return (line.category_id, line.free_text, *(getattr(line, name) for name in LINE_FIELDS))


def _locked_buyer(details: BuyerDetails) -> Buyer:
    """The buyer with this e-mail, created if new, locked until the transaction ends.

    The lock makes two submissions from one address wait for each other, so the second
    sees the first. An existing buyer's record is left as it is.
    """
    email = details.email.strip().lower()
    # Case-insensitive, as the unique constraint: an address typed in capitals in the
    # admin is the same buyer.
    try:
        with transaction.atomic():
            Buyer.objects.get_or_create(
                email__iexact=email, defaults={**details.as_sent(), "email": email}
            )
    except IntegrityError:
        pass  # created at the same moment by a concurrent submission
    return Buyer.objects.select_for_update().get(email__iexact=email)


def _same_unconfirmed_request(
    buyer: Buyer, sent: dict[str, str], lines: list[LineDetails]
) -> Interest | None:
    """An unconfirmed request of the day with exactly this content (a double click, a lost
    e-mail): its link is sent again instead of a copy being made."""
    wanted = Counter(map(_content, lines))
    recent = Interest.objects.filter(
        buyer=buyer,
        status=Interest.Status.NEW,
        submitted_buyer=sent,
        created_at__gte=timezone.now() - REVISION_WINDOW,
    ).prefetch_related("lines")
    for interest in recent:
        if Counter(map(_content, interest.lines.all())) == wanted:
            return interest
    return None


@transaction.atomic
def register_interest(
    *, buyer: BuyerDetails, lines: list[LineDetails], ip: str | None, base_url: str
) -> None:
    """Record what a buyer asks for, unconfirmed, and send the confirmation e-mail."""
    if not lines:
        raise ValueError("an interest needs at least one line")
    lines = [_in_catalogue(details) for details in lines]
    buyer_row = _locked_buyer(buyer)
    sent = buyer.as_sent()
    interest = _same_unconfirmed_request(buyer_row, sent, lines)
    if interest is None:
        interest = Interest.objects.create(buyer=buyer_row, source_ip=ip, submitted_buyer=sent)
        for details in lines:
            _create_line(interest, details)
    interest.contact_channel, interest.contact_times = buyer.contact_channel, buyer.contact_times
    if buyer.consented:
        interest.consent_at, interest.consent_version = timezone.now(), PRIVACY_NOTICE_VERSION
    interest.save(
        update_fields=["contact_channel", "contact_times", "consent_at", "consent_version"]
    )
    transaction.on_commit(lambda: emails.send_confirmation(interest, base_url))


def _in_catalogue(details: LineDetails) -> LineDetails:
    """A product typed exactly as the catalogue names it is that product."""
    if details.category is not None:
        return details
    named = ProductCategory.objects.published().filter(name_key=name_key(details.free_text))
    return replace(details, category=named.first())


def _create_line(interest: Interest, details: LineDetails) -> InterestLine:
    suggested = None
    if details.category is None:
        suggestion = best_suggestion(details.free_text)
        if suggestion is not None:
            suggested = HSCode.objects.filter(code=suggestion.code).first()
    return InterestLine.objects.create(
        interest=interest,
        category=details.category,
        free_text=details.free_text,
        suggested_hs=suggested,
        **{name: getattr(details, name) for name in LINE_FIELDS},
    )


class WorkflowError(Exception):
    """The interest cannot move to that status from where it is; the message says why."""


def _move(interest: Interest, to: str, *, user=None, note: str = "") -> None:
    if not interest.can_move_to(to):
        raise WorkflowError(
            f"An interest that is {interest.get_status_display()} cannot become "
            f"{Interest.Status(to).label}."
        )
    StatusChange.objects.create(
        interest=interest, from_status=interest.status, to_status=to, changed_by=user, note=note
    )
    interest.status = to


def _merge(interest: Interest, into: Interest, *, user) -> None:
    """Every line updated `into`: the request closes, pointing there, and moves no more."""
    note = f"merged into {into}"
    if interest.status == Interest.Status.CLOSED:  # staff reopened it to confirm it
        StatusChange.objects.create(
            interest=interest, from_status=interest.status, to_status=interest.status,
            changed_by=user, note=note,
        )  # fmt: skip
    else:
        _move(interest, Interest.Status.CLOSED, user=user, note=note)
    interest.merged_into = into
    interest.save()


def reference_for(interest: Interest) -> str:
    return f"KZNG-{interest.confirmed_at:%Y}-{interest.pk:06d}"


@transaction.atomic
def confirm_interest(*, interest: Interest, base_url: str, user=None, note: str = "") -> Interest:
    """The buyer confirms from the e-mail, staff on their behalf, or staff reopen a closed
    interest: matches follow today's catalogue. The first confirmation applies what the
    request carries (company details, updates of earlier lines), gives the reference and
    sends the e-mails. A request whose every line updated earlier ones closes, merged.

    The buyer's link used again, or twice at once, changes nothing more.
    """
    interest = Interest.objects.select_for_update().get(pk=interest.pk)
    if user is None and interest.status != Interest.Status.NEW:
        return interest
    if interest.confirmed_at is None:  # by the buyer, or staff on their behalf
        apply_details(interest)
        revised = apply_revisions(interest, user=user)
        for other in revised:
            rematch([other])
            transaction.on_commit(
                lambda other=other: emails.send_status_link(other, base_url, updated=True)
            )
        if revised and not interest.lines.exists():
            _merge(interest, revised[0], user=user)
            return interest
    by_buyer = "" if user else "confirmed by the buyer"
    _move(interest, Interest.Status.CONFIRMED, user=user, note=note or by_buyer)
    first = interest.confirmed_at is None
    if first:
        interest.confirmed_at = timezone.now()
        interest.reference = reference_for(interest)
    interest.save()
    rematch([interest])
    if first:
        transaction.on_commit(lambda: emails.send_status_link(interest, base_url))
        transaction.on_commit(lambda: emails.notify_staff(interest, base_url))
    return interest


@transaction.atomic
def withdraw_interest(*, interest: Interest) -> Interest:
    """The buyer withdraws; the links sent so far stop working."""
    interest = Interest.objects.select_for_update().get(pk=interest.pk)
    _move(interest, Interest.Status.WITHDRAWN, note="withdrawn by the buyer")
    interest.withdrawn_at = timezone.now()
    interest.access_key = new_access_key()
    interest.save()
    return interest


@transaction.atomic
def change_status(
    *, interest: Interest, to: str, user, note: str = "", share_note: bool = False
) -> Interest:
    """Staff move an interest along the workflow; every move is kept with who and when.
    The buyer is e-mailed of the moves they care about, with the note if staff share it."""
    if to == Interest.Status.CONFIRMED:
        return confirm_interest(interest=interest, base_url=settings.SITE_URL, user=user, note=note)
    interest = Interest.objects.select_for_update().get(pk=interest.pk)
    _move(interest, to, user=user, note=note)
    interest.save()
    if to in emails.TOLD_TO_BUYER:
        shared = note if share_note else ""
        transaction.on_commit(lambda: emails.send_status_change(interest, shared))
    return interest


def send_links(*, email: str, base_url: str) -> int:
    """Send, in one e-mail, a link to all of this address's requests ("my requests") and
    the links of every open one and of every unconfirmed one that may still be confirmed;
    returns how many interests it names. An address without requests gets nothing."""
    unconfirmed_since = timezone.now() - timedelta(seconds=CONFIRM_MAX_AGE)
    theirs = Interest.objects.filter(buyer__email__iexact=email.strip())
    unconfirmed = theirs.filter(status=Interest.Status.NEW, created_at__gte=unconfirmed_since)
    interests = list((theirs.open() | unconfirmed).select_related("buyer").order_by("created_at"))
    if interests or theirs.exists():
        emails.send_links(email.strip().lower(), interests, base_url)
    return len(interests)


@transaction.atomic
def delete_unconfirmed(*, days: int) -> tuple[int, int]:
    """Delete the requests left unconfirmed for `days` days, and the buyers with no other
    request; returns how many of each."""
    old = Interest.objects.filter(
        status=Interest.Status.NEW, created_at__lt=timezone.now() - timedelta(days=days)
    )
    buyer_ids = set(old.values_list("buyer_id", flat=True))
    requests = old.count()
    old.delete()
    lone = Buyer.objects.filter(pk__in=buyer_ids, interests__isnull=True)
    buyers = lone.count()
    lone.delete()
    return requests, buyers


def decide_matches(*, matches: QuerySet[Match], status: str, user) -> int:
    """Staff accept or reject matches, from the list's actions or one match's page; the
    decision, with who and when, survives matches being computed again."""
    return matches.update(status=status, decided_by=user, decided_at=timezone.now())
