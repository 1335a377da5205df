from __future__ import annotations

import secrets
from decimal import Decimal

from django.conf import settings
from django.contrib import admin
from django.db import models
from django.utils.translation import get_language, gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from catalogue.choices import Incoterm, Unit
from catalogue.lib.formatting import format_date, format_money, format_quantity
from catalogue.lib.languages import translated
from catalogue.lib.shown_messages import shown_data, shown_marked
from catalogue.models import Certification
from matching.models.buyers import Buyer
from matching.nigeria import Port, State


def new_access_key() -> str:
    return secrets.token_urlsafe(24)


class InterestQuerySet(models.QuerySet):
    def open(self):
        """Confirmed and not yet closed or withdrawn: the interests staff work on, whose
        matches are kept up to date (Interest.is_open says the same of one interest)."""
        return self.filter(status__in=Interest.OPEN_STATUSES)


class ContactChannel(models.TextChoices):
    EMAIL = "email", _("e-mail")
    PHONE = "phone", _("phone call")
    WHATSAPP = "whatsapp", _("WhatsApp")


# The privacy notice buyers agree to; a new wording gets a new version.
PRIVACY_NOTICE_VERSION = "2026-12-03"


class Interest(models.Model):
    """One submission of the register-interest form: a buyer and one or more lines."""

    class Status(models.TextChoices):
        NEW = "new", _("new, awaiting e-mail confirmation")
        # Read as a request's status: Russian agrees with «заявка» (подтверждена).
        CONFIRMED = "confirmed", pgettext_lazy("interest status", "confirmed")
        CONTACTED = "contacted", _("contacted")
        MATCHED = "matched", _("matched")
        CLOSED = "closed", _("closed")
        WITHDRAWN = "withdrawn", _("withdrawn")

    # The staff workflow; a buyer moves their own interest only to confirmed or withdrawn.
    TRANSITIONS = {
        Status.NEW: {Status.CONFIRMED, Status.CLOSED},
        Status.CONFIRMED: {Status.CONTACTED, Status.MATCHED, Status.CLOSED, Status.WITHDRAWN},
        Status.CONTACTED: {Status.MATCHED, Status.CLOSED, Status.WITHDRAWN},
        Status.MATCHED: {Status.CONTACTED, Status.CLOSED, Status.WITHDRAWN},
        Status.CLOSED: {Status.CONFIRMED},
        Status.WITHDRAWN: set(),
    }
    # Open interests (InterestQuerySet.open(), is_open): the statuses a buyer may withdraw from.
    OPEN_STATUSES = (Status.CONFIRMED, Status.CONTACTED, Status.MATCHED)

    buyer = models.ForeignKey(
        Buyer, verbose_name=_("buyer"), on_delete=models.PROTECT, related_name="interests"
    )
    reference = models.CharField(_("reference"), max_length=20, null=True, blank=True, unique=True)
    # Part of every link sent to the buyer; a new key makes old links useless.
    access_key = models.CharField(
        _("access key"), max_length=40, default=new_access_key, editable=False
    )
    source_ip = models.GenericIPAddressField(
        _("sent from IP address"), null=True, blank=True, editable=False
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.NEW
    )
    # The language of the page the request was sent from: every e-mail to the buyer about
    # it is written in it, whoever makes it leave. Requests sent before it was kept were
    # all sent in English.
    language = models.CharField(
        _("language"), max_length=7, choices=settings.LANGUAGES, default="en", editable=False
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    confirmed_at = models.DateTimeField(_("confirmed on"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn on"), null=True, blank=True)
    # The company details sent with this request; they reach the buyer's record only once
    # the address confirms, so a stranger who types someone's e-mail changes nothing.
    submitted_buyer = models.JSONField(
        _("company details as sent"), default=dict, blank=True, editable=False
    )
    # A confirmed request whose every line updated lines of an earlier one points there.
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_interests",
    )
    staff_notes = models.TextField(_("staff notes"), blank=True)
    contact_channel = models.CharField(
        _("preferred contact channel"), max_length=10, choices=ContactChannel.choices, blank=True
    )
    contact_times = models.CharField(_("best times to contact"), max_length=100, blank=True)
    # The buyer's agreement to the privacy notice (templates/matching/privacy.html): when,
    # and to which version of it.
    consent_at = models.DateTimeField(
        _("privacy notice agreed on"), null=True, blank=True, editable=False
    )
    consent_version = models.CharField(
        _("privacy notice version"), max_length=20, blank=True, editable=False
    )
    # Set when what identifies the buyer in this request was removed: on erasure, or once
    # closed for CLOSED_REQUEST_RETENTION_DAYS (matching/personal_data.py).
    anonymised_at = models.DateTimeField(_("anonymised on"), null=True, blank=True, editable=False)

    objects = InterestQuerySet.as_manager()

    class Meta:
        verbose_name = _("interest")
        verbose_name_plural = _("interests")
        ordering = ["-created_at"]
        permissions = [("export_reports", "Can export reports")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(reference__isnull=True, confirmed_at__isnull=True)
                | models.Q(reference__isnull=False, confirmed_at__isnull=False),
                name="interest_reference_iff_confirmed",
            ),
        ]
        indexes = [
            # The staff triage list: newest first within a status.
            models.Index(fields=["status", "-created_at"], name="interest_status_created_idx"),
        ]

    def __str__(self) -> str:
        if self.merged_into_id:
            return gettext("Interest #%(pk)s, merged into %(into)s") % {
                "pk": self.pk,
                "into": self.merged_into,
            }
        return self.reference or gettext("Unconfirmed interest #%(pk)s") % {"pk": self.pk}

    def can_move_to(self, status: str) -> bool:
        # A request merged into another lives on there; an anonymised one is over.
        return (
            not self.merged_into_id
            and self.anonymised_at is None
            and status in self.TRANSITIONS[self.Status(self.status)]
        )

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def buyer_as_sent(self) -> dict[str, str]:
        """The company details as sent with this request (the buyer's record for requests
        made before details were kept with them)."""
        return self.submitted_buyer or self._buyer_record()

    @property
    def buyer_now(self) -> dict[str, str]:
        """The company details that hold for this request: as sent until it is confirmed;
        then the buyer's record, which every later confirmed request updates; none of them
        once the request is anonymised."""
        if self.confirmed_at is None or self.anonymised_at is not None:
            return self.buyer_as_sent
        return self._buyer_record()

    def _buyer_record(self) -> dict[str, str]:
        return {name: getattr(self.buyer, name) for name in BUYER_FIELDS}

    def contact_details(self) -> list[tuple[str, str]]:
        """Who sent the request and how they want to be reached, as (label, value) in the
        reader's language: what the buyer is shown back, beside each line's details(), and
        what an introduction gives the exporter."""
        sent = self.buyer_now
        company = sent["company_name"] + (f" ({sent['cac_number']})" if sent["cac_number"] else "")
        state = str(State(sent["state"]).label) if sent["state"] else ""
        said = [
            (_("Company"), company),
            (_("Location"), ", ".join(filter(None, [sent["city"], state]))),
            (_("Contact person"), sent["contact_name"]),
            (_("Phone"), sent["phone"]),
            (_("E-mail"), self.buyer.email),
            (_("Preferred contact"), self.get_contact_channel_display()),
            (_("Best times to contact"), self.contact_times),
        ]
        return [(str(label), value) for label, value in said if value]


# The buyer's details a request carries, in the order people read them.
BUYER_FIELDS = ("company_name", "cac_number", "state", "city", "contact_name", "phone")


# The largest quantity a line takes: a billion of any unit is more than anyone orders.
MAX_QUANTITY = Decimal(10**9)


class InterestLine(models.Model):
    """One product a buyer wants: a catalogue category or their own words, and what a
    request for quotation says of it."""

    class Frequency(models.TextChoices):
        ONE_OFF = "one-off", _("one-off")
        MONTHLY = "monthly", _("monthly")
        QUARTERLY = "quarterly", _("quarterly")
        YEARLY = "yearly", _("yearly")

    class Currency(models.TextChoices):
        NGN = "NGN", _("naira (NGN)")
        USD = "USD", _("US dollars (USD)")
        EUR = "EUR", _("euros (EUR)")

    class PriceBasis(models.TextChoices):
        PER_TONNE = "tonne", _("per tonne")
        PER_UNIT = "unit", _("per unit")
        TOTAL = "total", _("in total")

    class Packaging(models.TextChoices):
        BULK = "bulk", _("in bulk")
        BAGS = "bags", _("in bags")
        DRUMS = "drums", _("in drums")
        CONTAINERS = "containers", _("in containers (flexitanks, IBCs)")

    interest = models.ForeignKey(
        Interest, verbose_name=_("interest"), on_delete=models.CASCADE, related_name="lines"
    )
    category = models.ForeignKey(
        "catalogue.ProductCategory",
        verbose_name=_("product category"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="interest_lines",
    )
    free_text = models.CharField(_("product, in your words"), max_length=200, blank=True)
    suggested_hs = models.ForeignKey(
        "catalogue.HSCode",
        verbose_name=_("suggested HS code"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    quantity = models.DecimalField(
        _("quantity"), max_digits=14, decimal_places=3, null=True, blank=True
    )
    unit = models.CharField(_("unit"), max_length=12, choices=Unit.choices, blank=True)
    frequency = models.CharField(
        _("how often"), max_length=10, choices=Frequency.choices, blank=True
    )
    incoterm = models.CharField(_("Incoterm"), max_length=3, choices=Incoterm.choices, blank=True)
    port = models.CharField(_("destination port"), max_length=15, choices=Port.choices, blank=True)
    port_other = models.CharField(_("other port"), max_length=100, blank=True)
    timeframe = models.CharField(_("when"), max_length=100, blank=True)
    required_certification = models.CharField(
        _("certification required"), max_length=40, blank=True, help_text=_("e.g. halal")
    )
    notes = models.TextField(_("notes"), max_length=2000, blank=True)
    target_price = models.DecimalField(
        _("target price"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices, blank=True)
    price_basis = models.CharField(
        _("price basis"), max_length=5, choices=PriceBasis.choices, blank=True
    )
    specifications = models.TextField(_("specifications"), max_length=1000, blank=True)
    packaging = models.CharField(
        _("packaging"), max_length=10, choices=Packaging.choices, blank=True
    )
    pack_size = models.CharField(
        _("pack size"), max_length=50, blank=True, help_text=_("e.g. 50 kg")
    )
    delivery_from = models.DateField(_("delivery from"), null=True, blank=True)
    delivery_to = models.DateField(_("delivery by"), null=True, blank=True)
    # The import rules the buyer was shown for this product and read before sending: what
    # staff see flagged (access.models.ImportRule, as worded then).
    rules_seen = models.TextField(_("import rules shown to the buyer"), blank=True)
    # What rules_seen, in English, is made of: each rule's notice as a kept message
    # (catalogue.lib.messages), shown in the reader's language by shown_rules_seen().
    rules_seen_data = models.JSONField(
        _("import rules shown to the buyer, as data"), default=list, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("product line")
        verbose_name_plural = _("product lines")
        ordering = ["interest", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(category__isnull=False) | ~models.Q(free_text=""),
                name="interestline_category_or_text",
            ),
            models.CheckConstraint(
                condition=models.Q(quantity__isnull=True) | models.Q(quantity__gt=0),
                name="interestline_quantity_positive",
            ),
            models.CheckConstraint(
                condition=models.Q(target_price__isnull=True) | models.Q(target_price__gt=0),
                name="interestline_price_positive",
            ),
        ]

    def __str__(self) -> str:
        return str(self.category) if self.category_id else self.free_text

    @property
    def product(self) -> str:
        """The product in the reader's language: the category's name in it (or the one
        catalogue/lib/languages.py falls back to), else the buyer's own words."""
        if self.category_id:
            return translated(self.category, "name", get_language())[0]
        return self.free_text

    @property
    def certification_name(self) -> str:
        """The certification asked for by its name in the active language ("Halal",
        «Халяль»), not its code."""
        code = self.required_certification
        if not code:
            return ""
        certification = Certification.objects.filter(code=code).first()
        return str(certification.display_name) if certification else code

    @admin.display(description=_("import rules shown to the buyer"))
    def shown_rules_seen(self) -> str:
        """The import rules the buyer was shown, as they were worded then, with the words
        joining them and the dates in the reader's language; the rules' own words are
        English, and marked so on a page. Lines sent before rules were kept as data: the
        English text."""
        return shown_rules_seen(self.rules_seen_data, self.rules_seen)

    def details(self) -> list[tuple[str, str]]:
        """Everything the buyer said of the product besides its name, as (label, value)
        in the reader's language: what the confirmation, its e-mail and the status page
        show back."""
        quantity = format_quantity(self.quantity, self.unit)
        if quantity and self.frequency:
            quantity += f", {self.get_frequency_display()}"
        port = self.port_other if self.port == Port.OTHER else self.get_port_display()
        price = format_money(self.target_price, self.currency)
        if price and self.price_basis:
            price += f" {self.get_price_basis_display()}"
        packaging = ", ".join(filter(None, [self.get_packaging_display(), self.pack_size]))
        start, end = self.delivery_from, self.delivery_to
        if start and end:
            window = f"{format_date(start)} – {format_date(end)}"
        elif start or end:
            said = _("from %(date)s") if start else _("by %(date)s")
            window = str(said) % {"date": format_date(start or end)}
        else:
            window = ""
        said = [
            (_("Quantity"), quantity),
            (_("Target price"), price),
            (_("Specifications"), self.specifications),
            (_("Packaging"), packaging),
            (_("Delivery dates"), window),
            (_("Delivery terms (Incoterms)"), self.get_incoterm_display()),
            (_("Destination port"), port),
            (_("Delivery window"), self.timeframe),
            (_("Certification required"), self.certification_name),
            (_("Notes"), self.notes),
            (_("On Nigeria's import prohibition list"), self.shown_rules_seen()),
        ]
        return [(str(label), value) for label, value in said if value]


def shown_rules_seen(data: list, text: str) -> str:
    """InterestLine.shown_rules_seen() of a line's rules_seen_data and rules_seen, as a
    query's values give them."""
    return shown_marked(data, text, values_in="en")


class StatusChange(models.Model):
    """Who moved an interest from one status to another, and when."""

    interest = models.ForeignKey(
        Interest, verbose_name=_("interest"), on_delete=models.CASCADE, related_name="history"
    )
    from_status = models.CharField(
        _("from status"), max_length=10, choices=Interest.Status.choices, blank=True
    )
    to_status = models.CharField(_("to status"), max_length=10, choices=Interest.Status.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("changed on"), auto_now_add=True)
    # Staff's own words, or one of ours in English ("confirmed by the buyer"): then
    # note_data is what it is made of, to show it in the reader's language (shown_note).
    note = models.TextField(_("note"), blank=True)
    note_data = models.JSONField(_("note data"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["interest", "changed_at", "id"]

    def __str__(self) -> str:
        before = self.get_from_status_display() or "–"
        return f"{self.interest}: {before} → {self.get_to_status_display()}"

    @admin.display(description=_("note"))
    def shown_note(self) -> str:
        """The note in the active language."""
        return shown_data(self.note_data, self.note)

    def note_for_buyer(self) -> str:
        """What the buyer's own page says of the change: our note on what the buyer did, in
        the reader's language; staff's words and names stay in the admin."""
        if self.changed_by_id is None and self.note_data:
            return self.shown_note()
        return ""
