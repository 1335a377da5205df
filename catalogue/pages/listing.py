"""The catalogue list behind the home page and /api/categories/: filter, search, sort, page."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import OuterRef, Prefetch, QuerySet, Subquery
from django.http import QueryDict

from catalogue.models import CategoryCode, Offer, ProductCategory
from catalogue.pages.filters import CategoryFilter
from catalogue.search import SearchOutcome, search

PER_PAGE = 20


def with_listing_data(queryset: QuerySet) -> QuerySet:
    """What a list entry shows: codes with their HS texts, active offers with exporters."""
    return queryset.select_related("sector").prefetch_related(
        Prefetch("codes", queryset=CategoryCode.objects.select_related("hs_code")),
        Prefetch(
            "offers",
            queryset=Offer.objects.filter(is_active=True, exporter__is_active=True)
            .select_related("exporter")
            .prefetch_related("exporter__certifications"),
            to_attr="active_offers",
        ),
    )


def _with_primary_code(queryset: QuerySet) -> QuerySet:
    primary = CategoryCode.objects.filter(category=OuterRef("pk"), is_primary=True)
    return queryset.annotate(primary_hs=Subquery(primary.values("hs_code_id")[:1]))


ORDERINGS = {"name": ["name", "pk"], "code": ["primary_hs", "name", "pk"]}


def _filtering(filterset: CategoryFilter) -> bool:
    data = filterset.form.cleaned_data
    return any(
        data.get(name) not in (None, "") for name in filterset.filters if name not in ("q", "sort")
    )


@dataclass
class Listing:
    filterset: CategoryFilter
    page: Page
    outcome: SearchOutcome | None = None

    @property
    def query(self) -> str:
        return self.outcome.query if self.outcome else ""


def list_categories(
    params: QueryDict, *, page_number: str | None, per_page: int = PER_PAGE
) -> Listing:
    filterset = CategoryFilter(params, queryset=ProductCategory.objects.published())
    queryset = filterset.qs
    filterset.is_valid()
    data = filterset.form.cleaned_data  # the valid fields, as filterset.qs applies them
    query = (data.get("q") or "").strip()
    sort = data.get("sort") or ("relevance" if query else "name")
    outcome = search(query) if query else None
    if outcome is None:
        ordered = _with_primary_code(queryset).order_by(*ORDERINGS.get(sort, ORDERINGS["name"]))
        page = Paginator(with_listing_data(ordered), per_page).get_page(page_number)
        return Listing(filterset, page)
    matching = queryset.filter(pk__in=outcome.ranked)
    if sort in ORDERINGS:
        ids = list(
            _with_primary_code(matching).order_by(*ORDERINGS[sort]).values_list("pk", flat=True)
        )
    elif _filtering(filterset):
        allowed = set(matching.values_list("pk", flat=True))
        ids = [pk for pk in outcome.ranked if pk in allowed]
    else:
        ids = outcome.ranked  # search finds published categories only
    page = Paginator(ids, per_page).get_page(page_number)
    found = with_listing_data(
        ProductCategory.objects.published().filter(pk__in=page.object_list)
    ).in_bulk()
    page.object_list = [found[pk] for pk in page.object_list if pk in found]
    return Listing(filterset, page, outcome)
