"""Read-only JSON API of the catalogue."""

from __future__ import annotations

import re
from urllib.parse import unquote, urlencode

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, JsonResponse
from django.urls import reverse
from django.utils import translation
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET

from access.models import ImportRule
from access.rules import MarketAccess, access_for
from catalogue.api.openapi import MAX_LIMIT, openapi_document
from catalogue.hscodes import MAX_CODE_TEXT, PRINTED_CODE
from catalogue.lib.normalise import clean_text, searchable_text, whole_number
from catalogue.lib.process_cache import Kept
from catalogue.models import Exporter, HSCode, Offer, ProductCategory
from catalogue.models.name_order import by_name
from catalogue.pages.entries import kept_by_category
from catalogue.pages.filters import ExporterFilter
from catalogue.pages.kept import kept_page, public_page
from catalogue.pages.listing import (
    PER_PAGE,
    current_rules,
    list_categories,
    with_listing_data,
    with_market_access,
)
from catalogue.search import MAX_QUERY, SearchOutcome, complete
from catalogue.search.completions import Completion
from catalogue.suggest.engine import Suggestion
from catalogue.suggest.service import MAX_SUGGEST_QUERY, suggest_hs

PRINTED = re.compile(PRINTED_CODE)


def json_response(data, status: int = 200) -> JsonResponse:
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})


def bad_request(message: str) -> JsonResponse:
    return json_response({"error": message}, status=400)


def read_limit(request: HttpRequest, default: int) -> int:
    """The limit query parameter; raises ValueError with a message."""
    raw = request.GET.get("limit")
    if raw is None:
        return default
    limit = whole_number(raw)
    if limit is None or not 1 <= limit <= MAX_LIMIT:
        raise ValueError(f"limit must be a whole number from 1 to {MAX_LIMIT}.")
    return limit


def _suggestion_json(s: Suggestion) -> dict:
    heading = {
        "code": s.heading,
        "description": s.heading_description,
        "description_ru": s.heading_description_ru or None,
    }
    return {
        "code": s.code,
        "level": s.level,
        "description": s.description,
        "description_ru": s.description_ru or None,
        "score": s.score,
        "reason": s.reason,
        "heading": heading if s.heading else None,
    }


@csrf_exempt  # read-only: any other method gets 405, not a CSRF 403
@require_GET
@kept_page
def hs_suggest(request: HttpRequest) -> JsonResponse:
    raw = request.GET.get("q", "")
    if "\x00" in raw:
        return bad_request("q must not contain NUL characters.")
    if len(raw) > MAX_SUGGEST_QUERY:
        return bad_request(f"q is longer than {MAX_SUGGEST_QUERY} characters.")
    query = searchable_text(raw).strip()
    if not query:
        return bad_request("Give the product to look up in q, for example ?q=sunflower+oil.")
    try:
        limit = read_limit(request, 5)
    except ValueError as error:
        return bad_request(str(error))
    return json_response(
        {"query": query, "results": [_suggestion_json(s) for s in suggest_hs(query, limit)]}
    )


@csrf_exempt  # read-only: any other method gets 405, not a CSRF 403
@require_GET
@public_page  # as the pages: a buyer's backspace asks again
def completions(request: HttpRequest) -> JsonResponse:
    """For the search box as a buyer types: categories and trade words starting so."""
    raw = request.GET.get("q")
    if raw is None:
        return bad_request("Give what is typed so far in q, for example ?q=whe.")
    if len(raw) > MAX_QUERY:
        return bad_request(f"q is longer than {MAX_QUERY} characters.")
    language = request.GET.get("lang") or settings.LANGUAGE_CODE
    if language not in dict(settings.LANGUAGES):
        return bad_request(f"lang must be one of {', '.join(dict(settings.LANGUAGES))}.")
    query = clean_text(raw)
    with translation.override(language):  # links to the pages in that language
        results = [_completion_json(request, c) for c in complete(query, language)]
    return json_response({"query": query, "results": results})


def _completion_json(request: HttpRequest, c: Completion) -> dict:
    if c.kind == "category":
        path = reverse("catalogue:category", args=[c.slug])
    else:  # a trade word: the search for it
        path = f"{reverse('catalogue:home')}?{urlencode({'q': c.label})}"
    url = request.build_absolute_uri(path)
    return {"kind": c.kind, "label": c.label, "detail": c.detail, "url": url}


def _code_json(code: HSCode) -> dict:
    """An HS code, its text in English and (where there is one) in Russian."""
    return {
        "code": code.code,
        "level": code.level,
        "description": code.description,
        "description_ru": code.description_ru or None,
    }


@csrf_exempt  # read-only: any other method gets 405, not a CSRF 403
@require_GET
def hs_detail(request: HttpRequest, code: str) -> JsonResponse:
    if not PRINTED.fullmatch(code):
        return bad_request(
            f"{code[:MAX_CODE_TEXT]!r} is not an HS code: 2 to 10 digits, as printed "
            "(7214, 7214.20, 7214 20, 1001 99 000 0)."
        )
    digits = code.replace(".", "").replace(" ", "")
    digits = digits[:6]  # TN VED and ECOWAS codes: their HS6
    found = HSCode.objects.select_related("section").filter(code=digits).first()
    if found is None:
        return json_response({"error": f"No HS 2022 code {digits}."}, status=404)
    return json_response(
        {
            **_code_json(found),
            "section": {
                "number": found.section.roman,
                "title": found.section.title,
                "title_ru": found.section.title_ru or None,
            },
            "parents": [_code_json(p) for p in found.ancestors()],
            "children": [_code_json(c) for c in found.children.order_by("code")],
            "market_access": _market_access_json(access_for([found.code])),
        }
    )


def invalid_filters(filterset) -> JsonResponse:
    return json_response({"error": "Invalid filters.", "fields": filterset.errors}, status=400)


def _page_json(request: HttpRequest, page: Page, results: list[dict]) -> dict:
    def link(number: int) -> str:
        params = request.GET.copy()
        params["page"] = str(number)
        return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")

    return {
        "count": page.paginator.count,
        "next": link(page.next_page_number()) if page.has_next() else None,
        "previous": link(page.previous_page_number()) if page.has_previous() else None,
        "results": results,
    }


def _page_number(request: HttpRequest) -> int:
    raw = request.GET.get("page", "1")
    page = whole_number(raw)
    if page is None or page < 1:
        raise ValueError("page must be a whole number from 1.")
    return page


# The JSON of list entries, kept by each process per catalogue version and language.
_kept_entries = Kept(5000)


def _entries(ids: list[int]) -> dict[int, dict]:
    """The JSON entries of these categories: codes without their HS texts, active offers
    with their exporters, no certifications."""
    active = Offer.objects.filter(is_active=True, exporter__is_active=True)
    loaded = (
        ProductCategory.objects.filter(pk__in=ids)
        .select_related("sector")
        .prefetch_related(
            "codes", Prefetch("offers", active.select_related("exporter"), to_attr="active_offers")
        )
        .in_bulk()
    )
    return {
        category.pk: _category_entry(category) for category in with_market_access(loaded.values())
    }


def _category_json(request: HttpRequest, category: ProductCategory) -> dict:
    return _with_address(request, _category_entry(category))


def _with_address(request: HttpRequest, entry: dict) -> dict:
    """An entry with its page's full address, as the request reached the site."""
    return {**entry, "url": request.build_absolute_uri(entry["url"])}


def _category_entry(category: ProductCategory) -> dict:
    return {
        "id": category.pk,
        "slug": category.slug,
        "name": category.name,
        "name_ru": category.name_ru,
        "hs_codes": [c.hs_code_id for c in category.codes.all()],
        "sector": category.sector.name if category.sector else None,
        "sector_ru": (category.sector.name_ru or None) if category.sector else None,
        "sector_slug": category.sector.slug if category.sector else None,
        "exporters": [
            {"name": o.exporter.name, "region": o.exporter.get_region_display() or None}
            for o in category.active_offers
        ],
        "market_access": _market_access_json(category.market_access),
        "url": category.get_absolute_url(),
    }


def _market_access_json(access: MarketAccess) -> dict:
    return {
        "status": access.status,
        "prohibitions": [_rule_json(rule) for rule in access.prohibitions],
        "requirements": [_rule_json(rule) for rule in access.requirements],
    }


def _rule_json(rule: ImportRule) -> dict:
    return {
        "id": rule.pk,
        "kind": rule.kind,
        "goods": rule.item,
        "hs_from": rule.hs_from or None,
        "hs_to": rule.hs_to or None,
        "excluding": rule.excluding.split(),
        "conditions": rule.conditions,
        "source": {
            "title": rule.source.title,
            "url": rule.source.url or None,
            "date": rule.source.date.isoformat(),
        },
        "checked_on": rule.checked_on.isoformat() if rule.checked_on else None,
    }


@csrf_exempt  # read-only: any other method gets 405, not a CSRF 403
@require_GET
def import_rules(request: HttpRequest) -> JsonResponse:
    """Nigeria's active import rules, or those on one code (on any subheading of a chapter
    or heading). Rules awaiting an official's HS range are listed (hs_from null) but cover
    no code."""
    rules = ImportRule.objects.filter(is_active=True).select_related("source")
    code = request.GET.get("code", "")
    if code:
        if not PRINTED.fullmatch(code):
            return bad_request(
                f"{code[:MAX_CODE_TEXT]!r} is not an HS code: 2 to 10 digits, as printed "
                "(15, 1512, 1512.19, 1512 19 900 0)."
            )
        digits = code.replace(".", "").replace(" ", "")
        rules = [rule for rule in rules if rule.covers(digits)]
    return json_response({"results": [_rule_json(rule) for rule in rules]})


@csrf_exempt  # read-only: any other method gets 405, not a CSRF 403
@require_GET
@kept_page
def categories(request: HttpRequest) -> JsonResponse:
    try:
        page_number = _page_number(request)
    except ValueError as error:
        return bad_request(str(error))
    listing = list_categories(request.GET, page_number=str(page_number))
    if not listing.filterset.is_valid():
        return invalid_filters(listing.filterset)
    page = listing.page
    if page_number > page.paginator.num_pages:
        return json_response({"error": f"There is no page {page_number}."}, status=404)
    entries = kept_by_category(_kept_entries, [c.pk for c in page.object_list], _entries)
    results = [_with_address(request, entries[c.pk]) for c in page.object_list if c.pk in entries]
    data = _page_json(request, page, results)
    if listing.outcome is not None:
        data["understood"] = _understood_json(listing.outcome)
    return json_response(data)


def _understood_json(outcome: SearchOutcome) -> dict:
    return {
        "product": outcome.understood.product,
        "facts": [{"kind": f.kind.value, "label": f.label} for f in outcome.understood.facts],
        "readings": [p.label for p in outcome.readings],
        "corrections": outcome.corrections,
        "found": outcome.found,
    }


@csrf_exempt  # read-only: any other method gets 405, not a CSRF 403
@require_GET
@kept_page
def category(request: HttpRequest, slug: str) -> JsonResponse:
    found = with_listing_data(ProductCategory.objects.published()).filter(slug=slug).first()
    if found is None:
        return json_response({"error": f"No product {slug!r}."}, status=404)
    found.market_access = access_for((c.hs_code_id for c in found.codes.all()), current_rules())
    data = _category_json(request, found)
    data["description"] = found.description
    data["codes"] = [
        {
            "code": c.hs_code_id,
            "description": c.hs_code.description,
            "description_ru": c.hs_code.description_ru or None,
            "status": c.status,
            "confidence": c.confidence,
        }
        for c in found.codes.all()
    ]
    data["offers"] = [
        {
            "exporter": o.exporter.name,
            "exporter_url": request.build_absolute_uri(o.exporter.get_absolute_url()),
            "region": o.exporter.get_region_display() or None,
            "capacity": float(o.capacity) if o.capacity is not None else None,
            "moq": float(o.moq) if o.moq is not None else None,
            "unit": o.unit or None,
            "incoterms": o.incoterm_list,
            "certifications": [c.name for c in o.exporter.certifications.all()],
        }
        for o in found.active_offers
    ]
    return json_response(data)


@csrf_exempt  # read-only: any other method gets 405, not a CSRF 403
@require_GET
def exporters(request: HttpRequest) -> JsonResponse:
    try:
        page_number = _page_number(request)
    except ValueError as error:
        return bad_request(str(error))
    filterset = ExporterFilter(
        request.GET,
        queryset=Exporter.objects.active().order_by(*by_name(translation.get_language())),
    )
    if not filterset.is_valid():
        return invalid_filters(filterset)
    queryset = filterset.qs.prefetch_related("certifications").annotate(
        products=Count("offers", filter=Q(offers__is_active=True))
    )
    paginator = Paginator(queryset, PER_PAGE)
    if page_number > paginator.num_pages:
        return json_response({"error": f"There is no page {page_number}."}, status=404)
    page = paginator.page(page_number)
    results = [
        {
            "id": e.pk,
            "slug": e.slug,
            "name": e.name,
            "region": e.get_region_display() or None,
            "certifications": [c.name for c in e.certifications.all()],
            "products": e.products,
            "url": request.build_absolute_uri(e.get_absolute_url()),
        }
        for e in page.object_list
    ]
    return json_response(_page_json(request, page, results))


@csrf_exempt  # read-only: any other method gets 405, not a CSRF 403
@require_GET
def openapi(request: HttpRequest) -> JsonResponse:
    return json_response(openapi_document(request.build_absolute_uri("/api/")))


@csrf_exempt  # read-only: any other method gets 405, not a CSRF 403
@require_GET
def index(request: HttpRequest) -> JsonResponse:
    """Where to start: the endpoints, with the OpenAPI description that details them."""
    absolute = request.build_absolute_uri
    return json_response(
        {
            "description": absolute(reverse("api:openapi")),
            "categories": absolute(reverse("api:categories")) + "?q={query}",
            "exporters": absolute(reverse("api:exporters")),
            "hs_suggest": absolute(reverse("api:hs-suggest")) + "?q={text}",
            "complete": absolute(reverse("api:complete")) + "?q={text}&lang={language}",
            "hs_code": unquote(absolute(reverse("api:hs-detail", args=["{code}"]))),
            "import_rules": absolute(reverse("api:import-rules")) + "?code={code}",
        }
    )
