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
from django.utils.translation import get_language, gettext

from catalogue.lib.form_fields import canonical_email
from catalogue.lib.languages import page_language
from catalogue.lib.messages import Message, gettext_noop
from catalogue.lib.normalise import name_key
from catalogue.models import Exporter, HSCode, ProductCategory
from catalogue.suggest.service import best_suggestion
from matching import emails
from matching.links import CONFIRM_MAX_AGE
from matching.matcher import rematch
from matching.models import Buyer, Interest, InterestLine, Introduction, Match, StatusChange
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
    rules_seen: str = ""
    rules_seen_data: tuple[dict, ...] = ()  # rules_seen as kept messages (InterestLine)

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
    email = canonical_email(details.email)  # as stored: looked up exactly, never by folding
    for _attempt in range(2):
        try:
            with transaction.atomic():
                Buyer.objects.get_or_create(
                    email=email, defaults={**details.as_sent(), "email": email}
                )
        except IntegrityError:
            pass  # created at the same moment by a concurrent submission
        buyer = Buyer.objects.select_for_update().filter(email=email, erased_at=None).first()
        if buyer is not None:
            return buyer
        # Erased while we waited for the lock: the address is free, a new buyer takes it.
    raise RuntimeError(f"no buyer could be locked for {email}")


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
    # The language of the page it was sent from: the buyer's e-mails are written in it.
    interest.language = page_language(get_language())
    if buyer.consented:
        interest.consent_at, interest.consent_version = timezone.now(), PRIVACY_NOTICE_VERSION
    interest.save(
        update_fields=[
            "contact_channel", "contact_times", "language", "consent_at", "consent_version",
        ]
    )  # fmt: skip
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
        rules_seen_data=list(details.rules_seen_data),
    )


class WorkflowError(Exception):
    """The interest cannot move to that status from where it is; the message says why."""


def locked(interest: Interest) -> Interest:
    """The interest as stored now, locked with its buyer until the transaction ends.

    Every change locks the buyer first, then the interest, as a new request does: an
    erasure, a confirmation and staff's work on one buyer wait for each other instead of
    deadlocking. Raises WorkflowError if the request is gone (erased or deleted meanwhile).
    """
    Buyer.objects.select_for_update().filter(pk=interest.buyer_id).first()
    current = Interest.objects.select_for_update().filter(pk=interest.pk).first()
    if current is None:
        raise WorkflowError(gettext("This request no longer exists."))
    return current


def _move(interest: Interest, to: str, *, user=None, note: str | Message = "") -> None:
    """Move the interest on, keeping who did it and why: staff's words, or one of our
    Messages, kept as data to be read in any language."""
    if not interest.can_move_to(to):
        raise WorkflowError(
            gettext("An interest that is %(now)s cannot become %(to)s.")
            % {"now": interest.get_status_display(), "to": Interest.Status(to).label}
        )
    StatusChange.objects.create(
        interest=interest, from_status=interest.status, to_status=to, changed_by=user,
        note=str(note), note_data=note.as_data() if isinstance(note, Message) else None,
    )  # fmt: skip
    interest.status = to


def _merge(interest: Interest, into: Interest, *, user) -> None:
    """Every line updated `into`: the request closes, pointing there, and moves no more."""
    note = Message(gettext_noop("merged into %(request)s"), request=str(into))
    if interest.status == Interest.Status.CLOSED:  # staff reopened it to confirm it
        StatusChange.objects.create(
            interest=interest, from_status=interest.status, to_status=interest.status,
            changed_by=user, note=str(note), note_data=note.as_data(),
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
    interest = locked(interest)
    if user is None and interest.status != Interest.Status.NEW:
        return interest
    if interest.confirmed_at is None:  # by the buyer, or staff on their behalf
        apply_details(interest)
        revised = apply_revisions(interest, user=user)
        for other in revised:
            # What the buyer sent last updated it: they hear of it in that language.
            other.language = interest.language
            other.save(update_fields=["language"])
            rematch([other])
            transaction.on_commit(
                lambda other=other: emails.send_status_link(other, base_url, updated=True)
            )
        if revised and not interest.lines.exists():
            _merge(interest, revised[0], user=user)
            return interest
    by_buyer = "" if user else Message(gettext_noop("confirmed by the buyer"))
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
    interest = locked(interest)
    withdraw_open(interest, note=Message(gettext_noop("withdrawn by the buyer")))
    return interest


def withdraw_open(interest: Interest, *, note: str | Message) -> None:
    """Withdraw an open interest the caller holds locked, ending its links."""
    _move(interest, Interest.Status.WITHDRAWN, note=note)
    interest.withdrawn_at = timezone.now()
    interest.access_key = new_access_key()
    interest.save()
    # Agreements not acted on end with the request; introductions made stay on record.
    Introduction.objects.filter(interest=interest, introduced_at__isnull=True).delete()


@transaction.atomic
def change_status(
    *, interest: Interest, to: str, user, note: str = "", share_note: bool = False
) -> Interest:
    """Staff move an interest along the workflow; every move is kept with who and when.
    The buyer is e-mailed of the moves they care about, with the note if staff share it."""
    if to == Interest.Status.CONFIRMED:
        return confirm_interest(interest=interest, base_url=settings.SITE_URL, user=user, note=note)
    interest = locked(interest)
    _move(interest, to, user=user, note=note)
    interest.save()
    if to in emails.TOLD_TO_BUYER:
        shared = note if share_note else ""
        transaction.on_commit(lambda: emails.send_status_change(interest, shared))
    return interest


def send_links(*, email: str, base_url: str) -> int:
    """Send, in one e-mail, a link to all of this address's requests ("my requests") and
    the links of every open one and of every unconfirmed one that may still be confirmed;
    returns how many interests it names. An address without requests is told so: the
    page answers alike and as fast for every address."""
    unconfirmed_since = timezone.now() - timedelta(seconds=CONFIRM_MAX_AGE)
    theirs = Interest.objects.filter(buyer__email=email)
    unconfirmed = theirs.filter(status=Interest.Status.NEW, created_at__gte=unconfirmed_since)
    interests = list((theirs.open() | unconfirmed).select_related("buyer").order_by("created_at"))
    latest = theirs.order_by("-created_at", "-pk").values_list("language", flat=True).first()
    if latest is not None:
        emails.send_links(email, interests, base_url, language=latest)
    else:
        # Nothing sent from the address in any language: the page the asker is on says which.
        emails.send_no_requests(email, language=page_language(get_language()))
    return len(interests)


def decide_matches(*, matches: QuerySet[Match], status: str, user) -> int:
    """Staff accept or reject matches, from the list's actions or one match's page; the
    decision, with who and when, survives matches being computed again."""
    return matches.update(status=status, decided_by=user, decided_at=timezone.now())


def matched_exporters(interest: Interest) -> QuerySet[Exporter]:
    """The exporters matched to some line of this interest and not rejected by staff: those
    the buyer may agree to be introduced to."""
    matches = Match.objects.filter(line__interest=interest).exclude(status=Match.Status.REJECTED)
    return Exporter.objects.filter(pk__in=matches.values("offer__exporter")).order_by("name")


@transaction.atomic
def agree_to_introduction(*, interest: Interest, exporter_id: int, agreed: bool) -> bool:
    """The buyer agrees that their contact details go to one matched exporter, or takes the
    agreement back while no introduction has been made. Returns whether anything changed."""
    interest = locked(interest)
    if agreed and not interest.is_open:
        raise WorkflowError(gettext("Only an open request can be introduced to exporters."))
    if agreed:
        exporter = matched_exporters(interest).filter(pk=exporter_id).first()
        if exporter is None:
            raise WorkflowError(gettext("That exporter is not matched to this request."))
        return Introduction.objects.get_or_create(interest=interest, exporter=exporter)[1]
    pending = Introduction.objects.filter(
        interest=interest, exporter_id=exporter_id, introduced_at__isnull=True
    )
    return pending.delete()[0] > 0


@transaction.atomic
def introduce(*, introduction: Introduction, user) -> bool:
    """Staff pass the buyer's contact details to the exporter the buyer agreed to, and the
    exporter's to the buyer, by e-mail. Returns False if it was done already."""
    interest = locked(introduction.interest)
    introduction = (
        Introduction.objects.select_for_update(of=("self",))
        .select_related("exporter")
        .filter(pk=introduction.pk)
        .first()
    )
    if introduction is None:
        raise WorkflowError(gettext("The buyer took the agreement back."))
    if introduction.introduced_at is not None:
        return False
    introduction.interest = interest
    if not interest.is_open:
        raise WorkflowError(gettext("The request is no longer open."))
    if not matched_exporters(interest).filter(pk=introduction.exporter_id).exists():
        raise WorkflowError(
            gettext("%(exporter)s is no longer matched to %(interest)s.")
            % {"exporter": introduction.exporter, "interest": interest}
        )
    if not introduction.exporter.email:
        raise WorkflowError(
            gettext(
                "%(exporter)s has no e-mail address: add it to the exporter to introduce the buyer."
            )
            % {"exporter": introduction.exporter}
        )
    introduction.introduced_at, introduction.introduced_by = timezone.now(), user
    introduction.save()
    transaction.on_commit(lambda: emails.send_introduction(introduction))
    return True
