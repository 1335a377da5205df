"""Filters of the public catalogue and its API, as django-filter FilterSets."""

from __future__ import annotations

import django_filters
from django import forms
from django.core.cache import cache
from django.core.validators import RegexValidator
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Substr
from django.utils.translation import gettext_lazy as _

from catalogue.choices import Incoterm, KazakhRegion
from catalogue.lib.form_fields import TextField
from catalogue.lib.process_cache import cache_version
from catalogue.models import (
    CategoryCode,
    Certification,
    HSCode,
    HSSection,
    Offer,
    ProductCategory,
    under_code,
)
from catalogue.search import MAX_QUERY
from catalogue.search import VERSION_KEY as SEARCH_VERSION_KEY


def choices_in_use() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The chapters and certifications the catalogue holds, cached until the catalogue changes."""
    key = f"filter-choices:{cache_version(SEARCH_VERSION_KEY)}"
    found = cache.get(key)
    if found is None:
        used = CategoryCode.objects.annotate(chapter=Substr("hs_code_id", 1, 2)).values("chapter")
        chapters = [
            (c.code, f"{c.code} {c.description[:60]}")
            for c in HSCode.objects.chapters().filter(code__in=used).order_by("code")
        ]
        certifications = list(
            Certification.objects.filter(exporters__isnull=False)
            .distinct()
            .values_list("code", "name")
        )
        found = (chapters, certifications)
        cache.set(key, found, timeout=3600)
    return found


def _active_offers():
    return Offer.objects.filter(category=OuterRef("pk"), is_active=True, exporter__is_active=True)


class TextFilter(django_filters.CharFilter):
    field_class = TextField


class CategoryFilter(django_filters.FilterSet):
    """Every filter narrows to categories with at least one active offer that satisfies it."""

    q = TextFilter(label=_("Search"), method="filter_nothing", max_length=MAX_QUERY)
    sector = django_filters.ModelChoiceFilter(
        label=_("Sector"), queryset=HSSection.objects.all(), field_name="sector"
    )
    # Chapter and certification accept any value (one that exists nowhere matches nothing);
    # the page shows them as lists of the values in use.
    chapter = django_filters.CharFilter(
        label=_("HS chapter"),
        method="filter_chapter",
        widget=forms.Select,
        validators=[RegexValidator(r"^[0-9]{2}$", _("An HS chapter is two digits."))],
    )
    region = django_filters.ChoiceFilter(
        label=_("Exporter region"), choices=KazakhRegion.choices, method="filter_region"
    )
    certification = django_filters.CharFilter(
        label=_("Certification"),
        method="filter_certification",
        widget=forms.Select,
        validators=[RegexValidator(r"^[-a-z0-9]{0,40}$", _("Not a certification code."))],
    )
    incoterm = django_filters.ChoiceFilter(
        label=_("Incoterm"), choices=Incoterm.choices, method="filter_incoterm"
    )
    offered = django_filters.ChoiceFilter(
        label=_("Exporters"),
        choices=[("true", _("only with active exporters")), ("false", _("any"))],
        empty_label=_("any"),
        method="filter_offered",
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        choices=[("relevance", _("relevance")), ("name", _("name")), ("code", _("HS code"))],
        method="filter_nothing",
        empty_label=None,
    )

    class Meta:
        model = ProductCategory
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        chapters, certifications = choices_in_use()
        self.form.fields["chapter"].widget.choices = [("", "---------"), *chapters]
        self.form.fields["certification"].widget.choices = [("", "---------"), *certifications]

    def filter_nothing(self, queryset, name, value):
        # q and sort are applied by catalogue.pages.listing, which ranks as well as filters.
        return queryset

    def filter_chapter(self, queryset, name, chapter):
        codes = CategoryCode.objects.filter(under_code(chapter), category=OuterRef("pk"))
        return queryset.filter(Exists(codes))

    def filter_region(self, queryset, name, value):
        return queryset.filter(Exists(_active_offers().filter(exporter__region=value)))

    def filter_certification(self, queryset, name, code):
        return queryset.filter(Exists(_active_offers().filter(exporter__certifications__code=code)))

    def filter_incoterm(self, queryset, name, value):
        # Offer.incoterms holds space-separated rules: "CPT DAP FCA".
        held = Q(incoterms=value) | Q(incoterms__startswith=f"{value} ")
        held |= Q(incoterms__endswith=f" {value}") | Q(incoterms__contains=f" {value} ")
        return queryset.filter(Exists(_active_offers().filter(held)))

    def filter_offered(self, queryset, name, value):
        if value == "true":
            return queryset.filter(Exists(_active_offers()))
        return queryset
