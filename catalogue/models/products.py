from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Substr
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from access.models import ImportRule
from catalogue.lib.languages import Shown, also_shown, shown
from catalogue.models.hs import under_code
from catalogue.models.name_order import OrderedByName, by_name, name_order_field, name_order_indexes
from catalogue.models.naming import KeyedByName


class ProductCategoryQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def near(self, code: str, limit: int) -> list[ProductCategory]:
        """Up to `limit` of these categories under the code's heading, then its chapter."""
        found: list[ProductCategory] = []
        for prefix in (code[:4], code[:2]):
            more = self.filter(under_code(prefix, "codes__hs_code_id")).exclude(
                pk__in=[c.pk for c in found]
            )
            found += more.distinct().order_by(*by_name(get_language()))[: limit - len(found)]
            if len(found) >= limit:
                break
        return found

    def under_prohibition(self):
        """Those with a code an active prohibition of Nigeria covers (ImportRule.covers)."""
        return self.filter(models.Exists(_prohibited_codes()))

    def importable(self):
        return self.exclude(models.Exists(_prohibited_codes()))

    def with_prohibition_flag(self):
        """Each with on_prohibition_list: whether under_prohibition() holds it."""
        return self.annotate(on_prohibition_list=models.Exists(_prohibited_codes()))

    def needing_review(self):
        """No confirmed subheading yet: no code, only suggestions, or only a 4-digit heading."""
        confirmed_subheading = CategoryCode.objects.filter(
            category=models.OuterRef("pk"),
            status=CategoryCode.Status.CONFIRMED,
            hs_code__level=6,
        )
        return self.exclude(models.Exists(confirmed_subheading))


def _prohibited_codes():
    """The codes of the outer category that an active prohibition covers."""
    prohibiting = ImportRule.objects.prohibitions().covering(models.OuterRef("hs6"))
    return (
        CategoryCode.objects.filter(category=models.OuterRef("pk"))
        .alias(hs6=Substr("hs_code_id", 1, 6))
        .filter(models.Exists(prohibiting))
    )


class ProductCategory(KeyedByName, OrderedByName, models.Model):
    """A product Kazakhstan offers for export, mapped to one or more HS codes."""

    name = models.CharField(_("name (English)"), max_length=300)
    name_ru = models.CharField(_("name (Russian)"), max_length=300, blank=True)
    name_kk = models.CharField(_("name (Kazakh)"), max_length=300, blank=True)
    slug = models.SlugField(_("name in web addresses"), max_length=140, unique=True)
    description = models.TextField(_("description (English)"), blank=True)
    description_ru = models.TextField(_("description (Russian)"), blank=True)
    description_kk = models.TextField(_("description (Kazakh)"), blank=True)
    # Identity used by imports: the code the spreadsheet gave (blank when it
    # gave none) and the name with case, punctuation and spacing normalised.
    code_key = models.CharField(
        _("HS code as imports compare it"), max_length=6, blank=True, editable=False
    )
    name_key = models.CharField(_("name as imports compare it"), max_length=300, editable=False)
    # The order of the names each language's pages show (catalogue.models.name_order).
    name_order = name_order_field()
    name_order_ru = name_order_field()
    name_order_kk = name_order_field()
    # Set by catalogue.sectors from the codes and the sectors' ranges, never by hand.
    sector = models.ForeignKey(
        "catalogue.Sector",
        verbose_name=_("sector"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="categories",
        help_text=_("The sector whose HS ranges cover the primary code."),
    )
    hs_codes = models.ManyToManyField(
        "catalogue.HSCode",
        through="catalogue.CategoryCode",
        related_name="categories",
        verbose_name=_("HS codes"),
    )
    is_published = models.BooleanField(_("published"), default=True)
    import_batch = models.ForeignKey(
        "catalogue.ImportBatch",
        verbose_name=_("import batch"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="categories",
        help_text=_("The import that created or last changed this category."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ProductCategoryQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("product category")
        verbose_name_plural = _("product categories")
        constraints = [
            models.UniqueConstraint(
                fields=["code_key", "name_key"], name="category_unique_code_and_name"
            ),
            models.CheckConstraint(condition=~models.Q(name=""), name="category_name_not_blank"),
        ]
        indexes = [
            # The public catalogue lists published categories by sector.
            models.Index(fields=["is_published", "sector"], name="category_published_sector_idx"),
            # Search leaves out the few unpublished categories.
            models.Index(
                fields=["id"],
                condition=models.Q(is_published=False),
                name="category_unpublished_idx",
            ),
            # The public catalogue and the API list published categories by name.
            *name_order_indexes("category", models.Q(is_published=True)),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("catalogue:category", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        if self.name_taken(ProductCategory.objects.filter(code_key=self.code_key)):
            raise ValidationError({"name": _("Another product category has this name.")})

    @property
    def primary_code(self) -> CategoryCode | None:
        """The primary HS code (uses prefetched codes when there are)."""
        return next((c for c in self.codes.all() if c.is_primary), None)

    @property
    def offered_certifications(self) -> set[str]:
        """Codes of the certifications its active exporters hold (from with_listing_data)."""
        return {c.code for o in self.active_offers for c in o.exporter.certifications.all()}

    @property
    def offer_regions(self) -> list[str]:
        """The regions of its active exporters, each once, in the order they come (from
        with_listing_data); "" for an exporter without one."""
        return list(dict.fromkeys(o.exporter.get_region_display() for o in self.active_offers))

    @property
    def display_name(self) -> Shown:
        """The name a page in the active language shows (catalogue.lib.languages)."""
        return shown(self, "name", get_language())

    @property
    def other_name(self) -> Shown:
        """The name in another language, when it differs: shown under the title."""
        return also_shown(self, "name", get_language())

    @property
    def display_description(self) -> Shown:
        return shown(self, "description", get_language())


class CategoryCode(models.Model):
    """One HS code of a category: confirmed by an official, or suggested with a confidence."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("confirmed")
        SUGGESTED = "suggested", _("suggested")

    # Served by the (category, hs_code) unique index.
    category = models.ForeignKey(
        ProductCategory,
        verbose_name=_("product category"),
        on_delete=models.CASCADE,
        related_name="codes",
        db_index=False,
    )
    hs_code = models.ForeignKey(
        "catalogue.HSCode",
        verbose_name=_("HS code"),
        on_delete=models.PROTECT,
        related_name="category_codes",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SUGGESTED
    )
    confidence = models.FloatField(_("confidence"), default=1.0, help_text=_("0 to 1."))
    is_primary = models.BooleanField(_("primary"), default=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("confirmed on"), null=True, blank=True)

    class Meta:
        ordering = ["-is_primary", "hs_code_id"]
        verbose_name = _("category HS code")
        verbose_name_plural = _("category HS codes")
        constraints = [
            models.UniqueConstraint(
                fields=["category", "hs_code"], name="categorycode_unique_pair"
            ),
            models.UniqueConstraint(
                fields=["category"],
                condition=models.Q(is_primary=True),
                name="categorycode_one_primary",
            ),
            models.CheckConstraint(
                condition=models.Q(confidence__gte=0, confidence__lte=1),
                name="categorycode_confidence_0_to_1",
            ),
        ]
        indexes = [
            # The review queue lists suggested and low-confidence codes.
            models.Index(fields=["status", "confidence"], name="categorycode_review_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.category} → {self.hs_code_id} ({self.get_status_display()})"
