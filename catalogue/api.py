"""Read-only JSON API of the catalogue."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from catalogue.hscodes import CodeError, code_digits
from catalogue.models import HSCode
from catalogue.suggest.engine import Suggestion
from catalogue.suggest.service import suggest_hs

MAX_QUERY = 300
MAX_LIMIT = 20


def json_response(data, status: int = 200) -> JsonResponse:
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})


def bad_request(message: str) -> JsonResponse:
    return json_response({"error": message}, status=400)


def read_limit(request: HttpRequest, default: int) -> int:
    """The limit query parameter; raises ValueError with a message."""
    raw = request.GET.get("limit", "").strip()
    if not raw:
        return default
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_LIMIT:
        raise ValueError(f"limit must be a whole number from 1 to {MAX_LIMIT}.")
    return int(raw)


def _suggestion_json(s: Suggestion) -> dict:
    return {
        "code": s.code,
        "level": s.level,
        "description": s.description,
        "score": s.score,
        "reason": s.reason,
        "heading": {"code": s.heading, "description": s.heading_description} if s.heading else None,
    }


@require_GET
def hs_suggest(request: HttpRequest) -> JsonResponse:
    query = request.GET.get("q", "").strip()
    if not query:
        return bad_request("Give the product to look up in q, for example ?q=sunflower+oil.")
    if len(query) > MAX_QUERY:
        return bad_request(f"q is longer than {MAX_QUERY} characters.")
    try:
        limit = read_limit(request, 5)
    except ValueError as error:
        return bad_request(str(error))
    return json_response(
        {"query": query, "results": [_suggestion_json(s) for s in suggest_hs(query, limit)]}
    )


def _code_json(code: HSCode) -> dict:
    return {"code": code.code, "level": code.level, "description": code.description}


@require_GET
def hs_detail(request: HttpRequest, code: str) -> JsonResponse:
    try:
        digits, _ = code_digits(code)
    except CodeError as error:
        return bad_request(f"{code!r} is not an HS code: {error}.")
    digits = digits[:6]  # TN VED and ECOWAS codes: their HS6
    found = HSCode.objects.select_related("section").filter(code=digits).first()
    if found is None:
        return json_response({"error": f"No HS 2022 code {digits}."}, status=404)
    return json_response(
        {
            **_code_json(found),
            "section": {"number": found.section.roman, "title": found.section.title},
            "parents": [_code_json(p) for p in found.ancestors()],
            "children": [_code_json(c) for c in found.children.order_by("code")],
        }
    )
