"""The catalogue list behind the home page and /api/categories/: a page of what
CategoryFilter finds (filtered, searched, sorted), with what each entry shows."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, QuerySet, prefetch_related_objects
from django.http import QueryDict

from access.rules import access_by_key, ranged_rules
from catalogue.lib.process_cache import Versioned
from catalogue.models import CategoryCode, Offer, ProductCategory
from catalogue.pages.filters import CategoryFilter
from catalogue.search import SearchOutcome
from catalogue.sectors import VERSION_KEY as SECTORS_VERSION_KEY

PER_PAGE = 20  # results a page, on the pages and in the API

# Nigeria's rules that cover codes, read again once a rule or its source changes (which
# moves the sectors' version: catalogue.receivers).
current_rules = Versioned(SECTORS_VERSION_KEY, ranged_rules).get


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

    @property
    def words(self) -> str:
        """The query as a heading quotes it: a query in quotes by its words alone."""
        if self.outcome and self.outcome.understood.literal:
            return self.outcome.understood.product
        return self.query


def list_categories(params: QueryDict, *, page_number: str | None) -> Listing:
    """A page of what the filters find: the categories' own rows (their entries are kept
    apart, catalogue.pages.entries)."""
    filterset = CategoryFilter(params, queryset=ProductCategory.objects.published())
    found = filterset.qs
    if filterset.outcome is None:
        page = Paginator(found, PER_PAGE).get_page(page_number)
        page.object_list = list(page.object_list)
    else:
        # A search narrows to the few hundred categories it ranked: their ids, filtered and
        # in the order asked, in one query; then the page's categories alone. No COUNT, and
        # no second query over every id ranked.
        page = Paginator(list(found.values_list("pk", flat=True)), PER_PAGE).get_page(page_number)
        shown = ProductCategory.objects.filter(pk__in=page.object_list).in_bulk()
        page.object_list = [shown[pk] for pk in page.object_list if pk in shown]
    return Listing(filterset, page)


def with_market_access(categories: Iterable[ProductCategory]) -> list[ProductCategory]:
    """The categories, each with its market_access (what Nigeria's rules say of its codes):
    one query for the codes not prefetched yet; the rules as this process keeps them."""
    categories = list(categories)
    prefetch_related_objects(categories, "codes")
    codes = {c: [code.hs_code_id for code in c.codes.all()] for c in categories}
    access = access_by_key(codes, current_rules())
    for category in categories:
        category.market_access = access[category]
    return categories
