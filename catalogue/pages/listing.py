"""The catalogue list behind the home page and /api/categories/: a page of what
CategoryFilter finds (filtered, searched, sorted), with what each entry shows."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, QuerySet
from django.http import QueryDict

from catalogue.models import CategoryCode, Offer, ProductCategory
from catalogue.pages.filters import CategoryFilter
from catalogue.search import SearchOutcome

PER_PAGE = 20  # results a page, on the pages and in the API


def with_listing_data(queryset: QuerySet) -> QuerySet:
    """What a list entry shows: codes with their HS texts, active offers with exporters."""
    return queryset.select_related("sector").prefetch_related(
        # A subheading with no Russian text shows its heading's (HSCode.text_in).
        Prefetch("codes", queryset=CategoryCode.objects.select_related("hs_code__parent")),
        Prefetch(
            "offers",
            queryset=Offer.objects.filter(is_active=True, exporter__is_active=True)
            .select_related("exporter")
            .prefetch_related("exporter__certifications"),
            to_attr="active_offers",
        ),
    )


@dataclass
class Listing:
    filterset: CategoryFilter
    page: Page

    @property
    def outcome(self) -> SearchOutcome | None:
        return self.filterset.outcome

    @property
    def query(self) -> str:
        return self.outcome.query if self.outcome else ""


def list_categories(params: QueryDict, *, page_number: str | None) -> Listing:
    filterset = CategoryFilter(params, queryset=ProductCategory.objects.published())
    page = Paginator(with_listing_data(filterset.qs), PER_PAGE).get_page(page_number)
    return Listing(filterset, page)
