from __future__ import annotations

from collections.abc import Collection
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from catalogue.choices import KazakhRegion, Unit
from catalogue.lib.languages import Shown, shown
from catalogue.models.name_order import OrderedByName, name_order_field, name_order_indexes
from catalogue.models.naming import KeyedByName


class Certification(models.Model):
    """A certificate an exporter holds: halal, ISO 9001, EAC..."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name (English)"), max_length=100)
    name_ru = models.CharField(_("name (Russian)"), max_length=100, blank=True)
    name_kk = models.CharField(_("name (Kazakh)"), max_length=100, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("certification")
        verbose_name_plural = _("certifications")

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> Shown:
        """The name a page in the active language shows (catalogue.lib.languages)."""
        return shown(self, "name", get_language())


_REGION_NAMES = dict(KazakhRegion.choices)


class ExporterQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Exporter(KeyedByName, OrderedByName, models.Model):
    """A Kazakh company that offers products for export."""

    name = models.CharField(pgettext_lazy("model field", "name"), max_length=300)
    name_key = models.CharField(_("name as imports compare it"), max_length=300, editable=False)
    # The order of the name on each language's pages (catalogue.models.name_order).
    name_order = name_order_field()
    name_order_ru = name_order_field()
    name_order_kk = name_order_field()
    slug = models.SlugField(_("name in web addresses"), max_length=140, unique=True)
    bin = models.CharField(
        _("BIN"),
        max_length=12,
        blank=True,
        validators=[RegexValidator(r"^[0-9]{12}$", _("A BIN has exactly 12 digits."))],
        help_text=_("Business Identification Number, 12 digits."),
    )
    region = models.CharField(_("region"), max_length=20, choices=KazakhRegion.choices, blank=True)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    certifications = models.ManyToManyField(
        Certification, blank=True, related_name="exporters", verbose_name=_("certifications")
    )
    is_active = models.BooleanField(_("active"), default=True)
    # What a trade official verified, as opposed to what the exporter declared. Imports
    # never set these (their rows leave them to the database defaults); only the admin does.
    bin_checked = models.BooleanField(
        _("BIN checked"),
        default=False,
        db_default=False,
        help_text=_("Tick once you have checked the BIN against an official register."),
    )
    bin_checked_on = models.DateField(_("BIN checked on"), null=True, blank=True)
    bin_checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("BIN checked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    certificates_seen = models.ManyToManyField(
        Certification,
        blank=True,
        related_name="+",
        verbose_name=_("certificates seen"),
        help_text=_("The certificates of this exporter that you have seen yourself."),
    )
    is_verified = models.BooleanField(
        _("verified exporter"),
        default=False,
        db_default=False,
        help_text=_("Tick only once you have verified the exporter yourself."),
    )
    verified_on = models.DateField(_("verified on"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ExporterQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("exporter")
        verbose_name_plural = _("exporters")
        constraints = [
            models.UniqueConstraint(
                fields=["bin"], condition=~models.Q(bin=""), name="exporter_unique_bin"
            ),
            models.UniqueConstraint(
                fields=["name_key"],
                condition=models.Q(bin=""),
                name="exporter_unique_name_without_bin",
            ),
            models.CheckConstraint(
                condition=models.Q(bin="") | models.Q(bin__regex=r"^[0-9]{12}$"),
                name="exporter_bin_12_digits",
            ),
            models.CheckConstraint(
                condition=models.Q(bin_checked=False) | ~models.Q(bin=""),
                name="exporter_bin_checked_needs_bin",
                violation_error_message=_("Give the BIN before you mark it as checked."),
            ),
            # A check has its date, and only a check has one: the public page says when.
            models.CheckConstraint(
                condition=models.Q(bin_checked=False, bin_checked_on=None)
                | models.Q(bin_checked=True, bin_checked_on__isnull=False),
                name="exporter_bin_checked_dated",
            ),
            models.CheckConstraint(
                condition=models.Q(is_verified=False, verified_on=None)
                | models.Q(is_verified=True, verified_on__isnull=False),
                name="exporter_verified_dated",
            ),
        ]
        indexes = [
            # Imports look exporters up by normalised name when no BIN is given.
            models.Index(fields=["name_key"], name="exporter_name_key_idx"),
            # The API lists active exporters by name.
            *name_order_indexes("exporter", models.Q(is_active=True)),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("catalogue:exporter", kwargs={"slug": self.slug})

    def get_region_display(self) -> str:
        """The region's name in the active language. Django's own looks it up by making
        every region's lazy name hashable, translating them all, on each call."""
        return str(_REGION_NAMES.get(self.region, self.region))

    def clean(self):
        super().clean()
        if not self.bin and self.name_taken(Exporter.objects.filter(bin="")):
            raise ValidationError(
                {"name": _("Another exporter without a BIN has this name: give its BIN.")}
            )

    def record_checks(self, official, today: date, changed: Collection[str]) -> None:
        """Stamp who ticked each check and when, from a form's changed fields: on ticking,
        and on a new BIN saved under a ticked box (the official vouches for what they
        saved); a box unticked loses its stamp. Saving other changes keeps the first date."""
        if not self.bin_checked:
            self.bin_checked_on = self.bin_checked_by = None
        elif {"bin_checked", "bin"} & set(changed) or self.bin_checked_on is None:
            self.bin_checked_on, self.bin_checked_by = today, official
        if not self.is_verified:
            self.verified_on = self.verified_by = None
        elif "is_verified" in changed or self.verified_on is None:
            self.verified_on, self.verified_by = today, official

    def certificates_by_check(self) -> tuple[list[Certification], list[Certification]]:
        """Its certifications: those an official saw, and those only declared. A certificate
        seen but no longer held (an import may drop it) is neither."""
        seen = {c.pk for c in self.certificates_seen.all()}
        held = list(self.certifications.all())
        return [c for c in held if c.pk in seen], [c for c in held if c.pk not in seen]


class Offer(models.Model):
    """What one exporter offers of one category."""

    # Both foreign keys are served by the indexes in Meta; their own would be redundant.
    exporter = models.ForeignKey(
        Exporter,
        verbose_name=_("exporter"),
        on_delete=models.CASCADE,
        related_name="offers",
        db_index=False,
    )
    category = models.ForeignKey(
        "catalogue.ProductCategory",
        verbose_name=_("product category"),
        on_delete=models.CASCADE,
        related_name="offers",
        db_index=False,
    )
    capacity = models.DecimalField(
        _("capacity"),
        max_digits=16,
        decimal_places=3,
        null=True,
        blank=True,
        help_text=_("Per year."),
    )
    unit = models.CharField(_("unit"), max_length=12, choices=Unit.choices, blank=True)
    moq = models.DecimalField(
        _("minimum order quantity"), max_digits=16, decimal_places=3, null=True, blank=True
    )
    # Space-separated Incoterm codes, sorted: "CPT DAP FCA".
    incoterms = models.CharField(_("Incoterms"), max_length=60, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["exporter__name"]
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        constraints = [
            models.UniqueConstraint(fields=["exporter", "category"], name="offer_unique_pair"),
            models.CheckConstraint(
                condition=models.Q(capacity__isnull=True) | models.Q(capacity__gte=0),
                name="offer_capacity_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(moq__isnull=True) | models.Q(moq__gte=0),
                name="offer_moq_not_negative",
            ),
        ]
        indexes = [
            # Category pages and matching list the active offers of a category.
            models.Index(fields=["category", "is_active"], name="offer_category_active_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.exporter} – {self.category}"

    @property
    def incoterm_list(self) -> list[str]:
        return self.incoterms.split()
