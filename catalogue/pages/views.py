"""Public pages of the catalogue: search and filters, categories, exporters, HS browsing."""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from django.db.models import Count
from django.db.models.functions import Substr
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from access.rules import access_for, awaiting_range
from catalogue.lib.formatting import format_quantity
from catalogue.models import (
    CategoryCode,
    Exporter,
    HSCode,
    HSSection,
    Offer,
    ProductCategory,
    under_code,
)
from catalogue.models.name_order import by_name
from catalogue.pages.entries import with_entries
from catalogue.pages.kept import kept_page, public_page
from catalogue.pages.listing import (
    current_rules,
    list_categories,
    with_listing_data,
    with_market_access,
)
from catalogue.pages.understood import understood
from catalogue.pages.ways_in import sector_entries
from catalogue.search import MAX_QUERY, SearchOutcome, related_to, search
from catalogue.suggest.engine import Suggestion


@require_GET
@public_page
@kept_page
def catalogue(request: HttpRequest) -> HttpResponse:
    params = request.GET.copy()
    if len(params.get("q", "")) > MAX_QUERY:
        params["q"] = _beginning(params["q"])
    listing = list_categories(params, page_number=request.GET.get("page"))
    with_entries(listing.page.object_list)
    closest, closest_heading, nearby = None, None, None
    outcome = listing.outcome
    if outcome and not outcome.found and (outcome.understood.product or outcome.code):
        nearby = _nearby(outcome)
        closest = nearby.closest
        if closest:
            closest_heading = (
                HSCode.objects.select_related("parent")
                .filter(code=closest.heading or closest.code)
                .first()
            )
    # Before any search or filter, the ways in: sectors and what officials feature in each.
    first_look = outcome is None and not listing.filterset.narrowed and listing.page.number == 1
    context = {
        "listing": listing,
        "filter": listing.filterset,
        "first_look": first_look,
        "sectors": sector_entries(get_language()) if first_look else [],
        "understood": understood(listing.outcome),
        "closest": closest,  # the suggestion
        "closest_heading": closest_heading,  # its heading, to show in the page's language
        "related": with_market_access(nearby.categories) if nearby else [],
        # What Nigeria's rules say of the product asked for, offered or not.
        "closest_access": access_for([closest.code], current_rules()) if closest else None,
        "related_as_read": bool(nearby and nearby.as_read),
        "head_offered": bool(nearby and nearby.head_offered),
    }
    return render(request, "catalogue/catalogue.html", context)


RELATED = 6  # products shown when nothing answers


class Nearby(NamedTuple):
    closest: Suggestion | None  # the closest HS code
    categories: list[ProductCategory]
    as_read: bool  # the categories answer the quoted words read as trade words and spellings
    head_offered: bool  # some category has the head product, if not the qualifiers


def _nearby(outcome: SearchOutcome) -> Nearby:
    """What to offer for a query nothing answered: the closest HS code, products near it.
    For words in quotes no name holds word for word, what the same words find read as a
    buyer's query (the way back the page offers): related_to's guess at the quoted text
    alone names unrelated goods ("red sugar": fruit)."""
    if outcome.understood.literal:
        outcome = search(outcome.understood.product, language=get_language())
        if outcome.found:
            shown = outcome.ranked[:RELATED]
            found = ProductCategory.objects.published().in_bulk(shown)
            categories = [found[pk] for pk in shown if pk in found]
            closest = outcome.suggestions[0] if outcome.suggestions else None
            return Nearby(closest, categories, as_read=True, head_offered=outcome.head_offered)
    closest, categories = related_to(outcome, RELATED)
    return Nearby(closest, categories, as_read=False, head_offered=outcome.head_offered)


def _beginning(query: str) -> str:
    """A pasted text longer than the search box takes: its beginning, cut between words."""
    cut = query[:MAX_QUERY]
    if query[MAX_QUERY].isspace() or not any(c.isspace() for c in cut.strip()):
        return cut
    return cut.rsplit(maxsplit=1)[0]


def related_categories(category: ProductCategory, limit: int = 8) -> list[ProductCategory]:
    """Categories under the same heading, then the same chapter."""
    primary = category.primary_code
    if primary is None:
        return []
    others = ProductCategory.objects.published().exclude(pk=category.pk)
    return others.near(primary.hs_code_id, limit)


@require_GET
@public_page
@kept_page
def category(request: HttpRequest, slug: str) -> HttpResponse:
    queryset = with_listing_data(ProductCategory.objects.published())
    found = get_object_or_404(queryset, slug=slug)
    codes = [(code, code.hs_code.ancestors()) for code in found.codes.all()]
    context = {
        "category": found,
        "codes": codes,
        "offers": _rows(found.active_offers),
        "related": with_market_access(related_categories(found)),
        # What Nigeria's import rules say of its codes, with their sources.
        "market_access": access_for((code.hs_code_id for code, _trail in codes), current_rules()),
        "awaiting_range": awaiting_range(),
        # The search that led here: its sizes and quantities carry over to the interest form.
        "query": request.GET.get("q", "")[:MAX_QUERY],
    }
    return render(request, "catalogue/category.html", context)


@require_GET
@public_page
def exporter(request: HttpRequest, slug: str) -> HttpResponse:
    found = get_object_or_404(
        Exporter.objects.active().prefetch_related("certifications", "certificates_seen"),
        slug=slug,
    )
    offers = (
        Offer.objects.filter(exporter=found, is_active=True, category__is_published=True)
        .select_related("category")
        .order_by(*by_name(get_language(), "category__"))
    )
    with_market_access(offer.category for offer in offers)
    seen, declared = found.certificates_by_check()
    context = {
        "exporter": found,
        "certificates_seen": seen,
        "certificates_declared": declared,
        "offers": _rows(offers),
    }
    return render(request, "catalogue/exporter.html", context)


class OfferRow(NamedTuple):
    offer: Offer
    capacity: str  # per year, in the page's language ("910 000 тонн"); "" when not given
    moq: str  # the minimum order, likewise


def _rows(offers: Iterable[Offer]) -> list[OfferRow]:
    return [
        OfferRow(o, format_quantity(o.capacity, o.unit), format_quantity(o.moq, o.unit))
        for o in offers
    ]


def _counts(length: int) -> dict[str, int]:
    """Published categories per HS prefix of this length (2: chapters, 4: headings)."""
    rows = (
        CategoryCode.objects.filter(category__is_published=True)
        .annotate(prefix=Substr("hs_code_id", 1, length))
        .values("prefix")
        .annotate(n=Count("category", distinct=True))
    )
    return {row["prefix"]: row["n"] for row in rows}


@require_GET
@public_page
@kept_page
def hs_index(request: HttpRequest) -> HttpResponse:
    counts = _counts(2)
    chapters = HSCode.objects.chapters().order_by("code")
    sections = []
    for section in HSSection.objects.all():
        entries = [(c, counts.get(c.code, 0)) for c in chapters if c.section_id == section.number]
        sections.append((section, entries, sum(n for _, n in entries)))
    return render(request, "catalogue/hs_index.html", {"sections": sections})


@require_GET
@public_page
@kept_page
def hs_code(request: HttpRequest, code: str) -> HttpResponse:
    """The page of a chapter, heading or subheading; a national code of 8 or 10 digits
    (`hs:` in urls.py takes only codes) shows its subheading."""
    found = HSCode.objects.select_related("section").filter(code=code[:6]).first()
    if found is None:
        raise Http404("No such HS code")
    counts = _counts(found.level + 2) if found.level < 6 else {}
    children = [(child, counts.get(child.code, 0)) for child in found.children.order_by("code")]
    categories = (
        ProductCategory.objects.published()
        .filter(under_code(found.code, "codes__hs_code_id"))
        .distinct()
        .order_by(*by_name(get_language()))
    )
    context = {
        "code": found,
        "trail": found.ancestors(),
        "children": children,
        "categories": with_entries(categories[:100]) if found.level >= 4 else [],
    }
    return render(request, "catalogue/hs_code.html", context)
