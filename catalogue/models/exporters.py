from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from catalogue.choices import KazakhRegion, Unit
from catalogue.models.naming import KeyedByName


class Certification(models.Model):
    """A certificate an exporter holds: halal, ISO 9001, EAC..."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ExporterQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Exporter(KeyedByName, models.Model):
    """A Kazakh company that offers products for export."""

    name = models.CharField(max_length=300)
    name_key = models.CharField(max_length=300, editable=False)
    slug = models.SlugField(max_length=140, unique=True)
    bin = models.CharField(
        "BIN",
        max_length=12,
        blank=True,
        validators=[RegexValidator(r"^[0-9]{12}$", _("A BIN has exactly 12 digits."))],
        help_text=_("Business Identification Number, 12 digits."),
    )
    region = models.CharField(max_length=20, choices=KazakhRegion.choices, blank=True)
    website = models.URLField(blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    contact_name = models.CharField(max_length=200, blank=True)
    certifications = models.ManyToManyField(Certification, blank=True, related_name="exporters")
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ExporterQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
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
        ]
        indexes = [
            # Imports look exporters up by normalised name when no BIN is given.
            models.Index(fields=["name_key"], name="exporter_name_key_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("catalogue:exporter", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        if not self.bin and self.name_taken(Exporter.objects.filter(bin="")):
            raise ValidationError(
                {"name": _("Another exporter without a BIN has this name: give its BIN.")}
            )


class Offer(models.Model):
    """What one exporter offers of one category."""

    # Both foreign keys are served by the indexes in Meta; their own would be redundant.
    exporter = models.ForeignKey(
        Exporter, on_delete=models.CASCADE, related_name="offers", db_index=False
    )
    category = models.ForeignKey(
        "catalogue.ProductCategory", on_delete=models.CASCADE, related_name="offers", db_index=False
    )
    capacity = models.DecimalField(
        max_digits=16, decimal_places=3, null=True, blank=True, help_text=_("Per year.")
    )
    unit = models.CharField(max_length=12, choices=Unit.choices, blank=True)
    moq = models.DecimalField(
        _("minimum order quantity"), max_digits=16, decimal_places=3, null=True, blank=True
    )
    # Space-separated Incoterm codes, sorted: "CPT DAP FCA".
    incoterms = models.CharField(max_length=60, blank=True)
    notes = models.TextField(blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["exporter__name"]
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
