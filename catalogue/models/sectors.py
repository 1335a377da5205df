from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import Exact
from django.utils.text import format_lazy
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from catalogue.lib.languages import Shown, shown
from catalogue.models.hs import HSCode
from catalogue.sector_ranges import RANGE_END, HSRange, RangeError

MAX_FEATURED = 6  # products a sector features on the home page
# What the catalogue's sector filter takes for categories no sector covers.
NO_SECTOR = "other"


class Sector(models.Model):
    """A sector of the economy buyers browse by (oil and gas, construction...), over ranges
    of HS codes; officials edit the list. A category's sector is the one whose most
    specific range covers its primary code (catalogue.sectors)."""

    name = models.CharField(_("name (English)"), max_length=100)
    name_ru = models.CharField(_("name (Russian)"), max_length=100, blank=True)
    name_kk = models.CharField(_("name (Kazakh)"), max_length=100, blank=True)
    slug = models.SlugField(_("name in web addresses"), max_length=60, unique=True)
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Sectors are listed from the lowest.")
    )
    featured = models.ManyToManyField(
        "catalogue.ProductCategory",
        blank=True,
        related_name="featured_in",
        limit_choices_to={"is_published": True},
        verbose_name=_("featured products"),
        help_text=format_lazy(
            _("Up to {count} published products the home page shows under the sector."),
            count=MAX_FEATURED,
        ),
    )

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")
        constraints = [
            models.UniqueConstraint(fields=["name"], name="sector_unique_name"),
            models.CheckConstraint(condition=~models.Q(name=""), name="sector_name_not_blank"),
            models.CheckConstraint(
                condition=~models.Q(slug=NO_SECTOR), name="sector_slug_not_the_no_sector_value"
            ),
        ]

    def __str__(self) -> str:
        # In the active language: the admin's lists and filters name sectors by it.
        return str(self.display_name)

    @property
    def display_name(self) -> Shown:
        """The name a page in the active language shows (catalogue.lib.languages)."""
        return shown(self, "name", get_language())


class SectorRange(models.Model):
    """HS codes a sector covers: chapters 01–24, or heading 2523 alone."""

    sector = models.ForeignKey(
        Sector, verbose_name=_("sector"), on_delete=models.CASCADE, related_name="ranges"
    )
    first = models.CharField(
        pgettext_lazy("HS range", "from"),
        max_length=6,
        help_text=_("An HS chapter, heading or subheading: 01, 2523."),
    )
    last = models.CharField(
        pgettext_lazy("HS range", "to"),
        max_length=6,
        blank=True,
        help_text=_("A code of the same level; empty for the first code alone."),
    )

    class Meta:
        ordering = ["first", "last"]
        verbose_name = _("HS range")
        verbose_name_plural = _("HS ranges")
        constraints = [
            # One range, one sector: where ranges overlap, the more specific decides.
            models.UniqueConstraint(fields=["first", "last"], name="sectorrange_unique_range"),
            models.CheckConstraint(
                condition=models.Q(first__regex=rf"^({RANGE_END})$"),
                name="sectorrange_first_is_code",
            ),
            models.CheckConstraint(
                condition=models.Q(last="")
                | models.Q(last__regex=rf"^({RANGE_END})$", first__lte=models.F("last")),
                name="sectorrange_last_is_code_after_first",
            ),
            models.CheckConstraint(
                condition=models.Q(last="") | Exact(Length("last"), Length("first")),
                name="sectorrange_ends_of_one_level",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first}–{self.last}" if self.last else self.first

    @property
    def hs_range(self) -> HSRange:
        return HSRange(self.first, self.last or self.first)

    def clean(self):
        super().clean()
        if self.last == self.first:
            self.last = ""
        try:
            self.hs_range  # noqa: B018 - validates
        except RangeError as error:
            raise ValidationError(str(error)) from None
        ends = {self.first, self.last or self.first}
        known = set(HSCode.objects.filter(code__in=ends).values_list("code", flat=True))
        if unknown := sorted(ends - known):
            raise ValidationError(
                _("Not a code of HS 2022: %(codes)s.") % {"codes": ", ".join(unknown)}
            )
