"""Public pages of the catalogue: search and filters, categories, exporters, HS browsing."""

from __future__ import annotations

from django.db.models import Count
from django.db.models.functions import Substr
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from catalogue.models import (
    CategoryCode,
    Exporter,
    HSCode,
    HSSection,
    Offer,
    ProductCategory,
    under_code,
)
from catalogue.pages.listing import list_categories, with_listing_data
from catalogue.pages.understood import understood
from catalogue.search import MAX_QUERY, related_to

public_page = cache_control(public=True, max_age=300)


@require_GET
@public_page
def catalogue(request: HttpRequest) -> HttpResponse:
    params = request.GET.copy()
    if len(params.get("q", "")) > MAX_QUERY:
        params["q"] = _beginning(params["q"])
    listing = list_categories(params, page_number=request.GET.get("page"))
    closest, closest_heading, related = None, None, []
    outcome = listing.outcome
    if outcome and not outcome.found and (outcome.understood.product or outcome.code):
        closest, related = related_to(outcome)
        if closest:
            closest_heading = (
                HSCode.objects.select_related("parent")
                .filter(code=closest.heading or closest.code)
                .first()
            )
    context = {
        "listing": listing,
        "filter": listing.filterset,
        "understood": understood(listing.outcome),
        "closest": closest,  # the suggestion
        "closest_heading": closest_heading,  # its heading, to show in the page's language
        "related": related,
    }
    return render(request, "catalogue/catalogue.html", context)


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
def category(request: HttpRequest, slug: str) -> HttpResponse:
    queryset = with_listing_data(ProductCategory.objects.published())
    found = get_object_or_404(queryset, slug=slug)
    codes = [(code, code.hs_code.ancestors()) for code in found.codes.all()]
    context = {
        "category": found,
        "codes": codes,
        "offers": found.active_offers,
        "related": related_categories(found),
        # The search that led here: its sizes and quantities carry over to the interest form.
        "query": request.GET.get("q", "")[:MAX_QUERY],
    }
    return render(request, "catalogue/category.html", context)


@require_GET
@public_page
def exporter(request: HttpRequest, slug: str) -> HttpResponse:
    found = get_object_or_404(
        Exporter.objects.active().prefetch_related("certifications"), slug=slug
    )
    offers = (
        Offer.objects.filter(exporter=found, is_active=True, category__is_published=True)
        .select_related("category")
        .order_by("category__name")
    )
    return render(request, "catalogue/exporter.html", {"exporter": found, "offers": offers})


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
def hs_code(request: HttpRequest, code: str) -> HttpResponse:
    """The page of a chapter, heading or subheading; a national code of 8 or 10 digits
    (`hs:` in urls.py takes only codes) shows its subheading."""
    found = HSCode.objects.select_related("section").filter(code=code[:6]).first()
    if found is None:
        raise Http404("No such HS code")
    counts = _counts(found.level + 2) if found.level < 6 else {}
    children = [(child, counts.get(child.code, 0)) for child in found.children.order_by("code")]
    categories = with_listing_data(
        ProductCategory.objects.published()
        .filter(under_code(found.code, "codes__hs_code_id"))
        .distinct()
        .order_by("name")
    )
    context = {
        "code": found,
        "trail": found.ancestors(),
        "children": children,
        "categories": categories[:100] if found.level >= 4 else [],
    }
    return render(request, "catalogue/hs_code.html", context)
