"""Workflows of buyers' interests: register, confirm, withdraw, move through the staff workflow."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from catalogue.models import HSCode, ProductCategory
from catalogue.normalise import name_key
from catalogue.suggest.service import best_suggestion
from matching import emails
from matching.matcher import rematch
from matching.models import Buyer, Interest, InterestLine, StatusChange
from matching.models.buyers import new_access_key

DUPLICATE_WINDOW = timedelta(hours=24)
CLOSED_STATUSES = (Interest.Status.CLOSED, Interest.Status.WITHDRAWN)
LINE_FIELDS = (
    "quantity", "unit", "frequency", "incoterm", "port", "port_other", "timeframe",
    "required_certification", "notes",
)  # fmt: skip


@dataclass(frozen=True)
class BuyerDetails:
    company_name: str
    state: str
    city: str
    contact_name: str
    email: str
    phone: str
    cac_number: str = ""


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

    @property
    def key(self) -> tuple:
        return _line_key(self.category.pk if self.category else None, self.free_text)


def _line_key(category_id: int | None, free_text: str) -> tuple:
    """What makes two lines the same request: the category, else the buyer's words."""
    return ("category", category_id) if category_id else ("text", name_key(free_text))


def _locked_buyer(details: BuyerDetails) -> Buyer:
    """The buyer with this e-mail, created or updated, locked until the transaction ends.

    The lock makes two submissions from one address wait for each other, so the
    second sees the first and updates it instead of adding a copy.
    """
    email = details.email.strip().lower()
    values = {
        "company_name": details.company_name,
        "cac_number": details.cac_number,
        "state": details.state,
        "city": details.city,
        "contact_name": details.contact_name,
        "phone": details.phone,
    }
    try:
        with transaction.atomic():
            Buyer.objects.get_or_create(email=email, defaults=values)
    except IntegrityError:
        pass  # created at the same moment by a concurrent submission
    buyer = Buyer.objects.select_for_update().get(email=email)
    for name, value in values.items():
        setattr(buyer, name, value)
    buyer.save()
    return buyer


@transaction.atomic
def register_interest(
    *, buyer: BuyerDetails, lines: list[LineDetails], ip: str | None, base_url: str
) -> None:
    """Record what a buyer asks for and send the confirmation e-mail.

    A line that repeats one the same address sent within 24 hours (same category,
    or same words) updates that earlier line instead of adding a copy.
    """
    if not lines:
        raise ValueError("an interest needs at least one line")
    buyer_row = _locked_buyer(buyer)
    recent = {
        _line_key(line.category_id, line.free_text): line
        for line in InterestLine.objects.select_related("interest").filter(
            interest__buyer=buyer_row,
            interest__created_at__gte=timezone.now() - DUPLICATE_WINDOW,
            interest__status__in=[s for s in Interest.Status if s not in CLOSED_STATUSES],
        )
    }
    fresh: list[LineDetails] = []
    updated: list[InterestLine] = []
    for details in lines:
        earlier = recent.get(details.key)
        if earlier is None:
            fresh.append(details)
            continue
        for name in LINE_FIELDS:
            setattr(earlier, name, getattr(details, name))
        earlier.save()
        updated.append(earlier)
    touched = {line.interest for line in updated}
    if fresh:
        interest = Interest.objects.create(buyer=buyer_row, source_ip=ip)
        for details in fresh:
            _create_line(interest, details)
        touched.add(interest)
    for interest in touched:
        _after_registration(interest, base_url)


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


def _after_registration(interest: Interest, base_url: str) -> None:
    if interest.status == Interest.Status.NEW:
        transaction.on_commit(lambda: emails.send_confirmation(interest, base_url))
    else:
        rematch([interest])
        transaction.on_commit(lambda: emails.send_status_link(interest, base_url, updated=True))


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


def reference_for(interest: Interest) -> str:
    return f"KZNG-{interest.confirmed_at:%Y}-{interest.pk:06d}"


@transaction.atomic
def confirm_interest(*, interest: Interest, base_url: str, user=None, note: str = "") -> Interest:
    """The buyer confirms from the e-mail, staff on their behalf, or staff reopen a closed
    interest: matches follow today's catalogue; the first confirmation also gives the
    reference and sends the e-mails."""
    interest = Interest.objects.select_for_update().get(pk=interest.pk)
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
def change_status(*, interest: Interest, to: str, user, note: str = "") -> Interest:
    """Staff move an interest along the workflow; every move is kept with who and when."""
    if to == Interest.Status.CONFIRMED:
        return confirm_interest(interest=interest, base_url=settings.SITE_URL, user=user, note=note)
    interest = Interest.objects.select_for_update().get(pk=interest.pk)
    _move(interest, to, user=user, note=note)
    interest.save()
    return interest


def send_links(*, email: str, base_url: str) -> int:
    """Send again the links of every open interest of this address; returns how many."""
    interests = Interest.objects.filter(buyer__email=email.strip().lower()).exclude(
        status__in=CLOSED_STATUSES
    )
    for interest in interests:
        if interest.status == Interest.Status.NEW:
            emails.send_confirmation(interest, base_url)
        else:
            emails.send_status_link(interest, base_url)
    return len(interests)
