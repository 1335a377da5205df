"""Filters of the public catalogue and its API, as django-filter FilterSets.

A list of categories is CategoryFilter's work alone: q narrows to what search finds and
ranks it, the other filters narrow, sort orders. catalogue/api/openapi.py describes the
API's parameters from these filters, so what each accepts is stated here only.
"""

from __future__ import annotations

import django_filters
from django import forms
from django.core.cache import cache
from django.core.validators import RegexValidator
from django.db.models import CharField, Exists, OuterRef, Q, QuerySet, Subquery, TextChoices, Value
from django.db.models.functions import Cast, Concat, StrIndex, Substr
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from catalogue.choices import Incoterm, KazakhRegion
from catalogue.lib.collation import by_label
from catalogue.lib.form_fields import TextField
from catalogue.lib.languages import shown
from catalogue.lib.process_cache import Kept, cache_version
from catalogue.models import (
    NO_SECTOR,
    CategoryCode,
    Certification,
    Exporter,
    HSCode,
    Offer,
    ProductCategory,
    under_code,
)
from catalogue.models.name_order import by_name
from catalogue.pages.kept import catalogue_version
from catalogue.pages.ways_in import sector_entries
from catalogue.search import MAX_QUERY, SearchOutcome, search
from catalogue.search import VERSION_KEY as SEARCH_VERSION_KEY


def choices_in_use(language: str) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The chapters (named in the page's language) and certifications the catalogue holds,
    cached until the catalogue changes."""
    key = f"filter-choices:{language}:{cache_version(SEARCH_VERSION_KEY)}"
    found = cache.get(key)
    if found is None:
        used = CategoryCode.objects.annotate(chapter=Substr("hs_code_id", 1, 2)).values("chapter")
        chapters = [
            (c.code, f"{c.code} {c.text_in(language).truncated(60)}")
            for c in HSCode.objects.chapters().filter(code__in=used).order_by("code")
        ]
        certifications = by_label(
            [
                (c.code, str(shown(c, "name", language)))
                for c in Certification.objects.filter(exporters__isnull=False).distinct()
            ],
            language,
        )
        found = (chapters, certifications)
        cache.set(key, found, timeout=3600)
    return found


# The filters' fields by catalogue version, language and values chosen, in each process.
_kept_fields = Kept(500)


def _active_offers():
    return Offer.objects.filter(category=OuterRef("pk"), is_active=True, exporter__is_active=True)


class TextFilter(django_filters.CharFilter):
    field_class = TextField


class SortOrder(TextChoices):
    # Read after "Sort by": Russian and Kazakh say each as "by ..." («по коду ГС»).
    RELEVANCE = "relevance", _("relevance")
    NAME = "name", _("name")
    CODE = "code", pgettext_lazy("sort order", "HS code")


# The empty choice of a filter's list, which narrows nothing; Django's "---------" says
# nothing to a buyer. One word for every filter, so it must agree with none of their
# nouns: Russian says «все», not «любой» («Отрасль: любой»).
ANY = pgettext_lazy("filter", "any")


def _in_ranked_order(ids: list[int]) -> StrIndex:
    """Each category's place in a ranked list of ids, as SQL: where ",<its id>," falls in
    ",7,3,12,". One parameter however long the list, the same SQL on both databases."""
    listed = Value(f",{','.join(map(str, ids))},")
    return StrIndex(listed, Concat(Value(","), Cast("pk", CharField()), Value(",")))


class CategoryFilter(django_filters.FilterSet):
    """Every filter narrows to categories with at least one active offer that satisfies it.

    Categories come by name, unless q ranks them or sort asks for another order. The filters
    run in the order declared: q first, sort last.
    """

    q = TextFilter(label=_("Search"), method="filter_search", max_length=MAX_QUERY)
    # Sector, chapter and certification accept any value (one that exists nowhere matches
    # nothing); the page shows them as lists of the values in use. A sector by its slug, or
    # "other" for the categories no sector covers.
    sector = django_filters.CharFilter(
        label=_("Sector"),
        method="filter_sector",
        widget=forms.Select,
        validators=[RegexValidator(r"^[-a-zA-Z0-9_]{0,60}$", _("Not a sector."))],
    )
    chapter = django_filters.CharFilter(
        label=_("HS chapter"),
        method="filter_chapter",
        widget=forms.Select,
        validators=[RegexValidator(r"^[0-9]{2}$", _("An HS chapter is two digits."))],
    )
    region = django_filters.ChoiceFilter(
        label=_("Exporter region"),
        choices=KazakhRegion.choices,
        method="filter_region",
        empty_label=ANY,
    )
    certification = django_filters.CharFilter(
        label=_("Certification"),
        method="filter_certification",
        widget=forms.Select,
        validators=[RegexValidator(r"^[-a-z0-9]{0,40}$", _("Not a certification code."))],
    )
    incoterm = django_filters.ChoiceFilter(
        label=_("Incoterm"), choices=Incoterm.choices, method="filter_incoterm", empty_label=ANY
    )
    # "false" narrows nothing, as the empty choice does: accepted, but not offered twice.
    offered = django_filters.ChoiceFilter(
        label=_("Exporters"),
        choices=[("true", _("only with active exporters")), ("false", ANY)],
        empty_label=ANY,
        method="filter_offered",
    )
    importable = django_filters.ChoiceFilter(
        label=_("Importable into Nigeria"),
        choices=[("true", _("importable only"))],
        empty_label=ANY,
        method="filter_importable",
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"), choices=SortOrder.choices, method="sort_by", empty_label=None
    )

    class Meta:
        model = ProductCategory
        fields = []

    def __init__(self, data=None, queryset: QuerySet | None = None, **kwargs):
        queryset = ProductCategory.objects.published() if queryset is None else queryset
        language = get_language()
        # Categories by the name the page shows, in its language's alphabet.
        self.by_name = by_name(language)
        self.language = language
        super().__init__(data, queryset.order_by(*self.by_name), **kwargs)
        self.outcome: SearchOutcome | None = None  # what q found, once self.qs is read
        chapters, certifications = choices_in_use(language)
        self.form.fields["chapter"].widget.choices = [("", ANY), *chapters]
        # The sectors with their counts, from the cache: no query to list them.
        self.form.fields["sector"].widget.choices = [
            ("", ANY),
            *((s.slug, f"{s.name} ({s.count})") for s in sector_entries(language)),
        ]
        self.form.fields["certification"].widget.choices = [("", ANY), *certifications]
        self.form.fields["offered"].widget.choices = [
            choice for choice in self.form.fields["offered"].choices if choice[0] != "false"
        ]
        self.form.fields["region"].choices = by_label(KazakhRegion.choices, language)

    def filter_search(self, queryset, name, query):
        self.outcome = search(query, language=self.language)
        ranked = self.outcome.ranked
        return (
            queryset.filter(pk__in=ranked).alias(place=_in_ranked_order(ranked)).order_by("place")
        )

    def filter_sector(self, queryset, name, slug):
        if slug == NO_SECTOR:
            return queryset.filter(sector__isnull=True)
        return queryset.filter(sector__slug=slug)

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

    def filter_importable(self, queryset, name, value):
        return queryset.importable()

    @property
    def narrowed(self) -> bool:
        """Whether the buyer chose a filter or an order of their own: what opens the filters
        panel. The search form sends every field, so an empty one or the default order is
        no choice."""
        data = self.form.cleaned_data if self.is_valid() else {}
        chosen = {name for name, value in data.items() if value not in (None, "")}
        if data.get("sort") == SortOrder.RELEVANCE:
            chosen.discard("sort")
        return bool(chosen - {"q"}) or bool(self.form.errors)

    def fields_html(self) -> SafeString:
        """The filters (q aside) as the page shows them: rendered once per catalogue
        version, language and values chosen, unless a value was refused."""
        if self.form.errors:
            return render_to_string("catalogue/_filter_fields.html", {"filter": self})
        data = self.data or {}
        chosen = (data.get(name, "") for name in self.form.fields if name != "q")
        key = (*catalogue_version(), self.language, *chosen)
        kept = _kept_fields.get_many([key])
        if not kept:
            kept = {key: render_to_string("catalogue/_filter_fields.html", {"filter": self})}
            _kept_fields.set_many(kept)
        return kept[key]

    def sort_by(self, queryset, name, order):
        if order == SortOrder.NAME:
            return queryset.order_by(*self.by_name)
        if order == SortOrder.CODE:
            primary = CategoryCode.objects.filter(category=OuterRef("pk"), is_primary=True)
            primary_code = Subquery(primary.values("hs_code_id")[:1])
            return queryset.alias(primary_hs=primary_code).order_by("primary_hs", *self.by_name)
        return queryset  # relevance: as q ranked them, or by name without q


class ExporterFilter(django_filters.FilterSet):
    region = django_filters.ChoiceFilter(
        label=_("Region"), choices=KazakhRegion.choices, empty_label=ANY
    )

    class Meta:
        model = Exporter
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.form.fields["region"].choices = by_label(KazakhRegion.choices, get_language())
