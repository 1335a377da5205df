"""Admin review queue: categories without a confirmed HS subheading, with suggestions to accept."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.admin import AdminSite
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Min, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from access.rules import access_by_key
from catalogue.hscodes import CodeError
from catalogue.lib.normalise import is_ascii_number
from catalogue.models import CategoryCode, ProductCategory
from catalogue.services import confirm_category_code, read_hs_code
from catalogue.suggest.service import current_suggester

PER_PAGE = 25
PERMISSION = "catalogue.change_productcategory"


def review_view(request: HttpRequest, site: AdminSite) -> HttpResponse:
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    queue = (
        ProductCategory.objects.needing_review()
        .annotate(
            confidence=Min(
                "codes__confidence", filter=Q(codes__status=CategoryCode.Status.SUGGESTED)
            )
        )
        .prefetch_related("codes__hs_code")
        .order_by("confidence", "name")
    )
    page = Paginator(queue, PER_PAGE).get_page(request.GET.get("page"))
    suggester = current_suggester()
    items = []
    for category in page:
        current = [c for c in category.codes.all()]
        suggestions = {}
        for text in (category.name, category.name_ru):
            for s in suggester.suggest(text, 3) if text else []:
                if s.level == 6 and (
                    s.code not in suggestions or s.score > suggestions[s.code].score
                ):
                    suggestions[s.code] = s
        ranked = sorted(suggestions.values(), key=lambda s: -s.score)[:3]
        items.append({"category": category, "current": current, "suggestions": ranked})
    # Officials see what Nigeria's prohibition list says before they confirm a code.
    access = access_by_key(
        {item["category"].pk: [c.hs_code_id for c in item["current"]] for item in items}
        | {s.code: [s.code] for item in items for s in item["suggestions"]}
    )
    for item in items:
        item["prohibitions"] = access[item["category"].pk].prohibitions
        item["suggestions"] = [(s, access[s.code].prohibitions) for s in item["suggestions"]]
    context = {
        **site.each_context(request),
        "title": gettext("HS codes to review"),
        "opts": ProductCategory._meta,
        "page": page,
        "items": items,
        "total": page.paginator.count,
    }
    return TemplateResponse(request, "admin/catalogue/review_queue.html", context)


@require_POST
def accept_view(request: HttpRequest, site: AdminSite, category_id: int) -> HttpResponse:
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    category = get_object_or_404(ProductCategory, pk=category_id)
    back = reverse("admin:catalogue_productcategory_review") + _page_suffix(request)
    try:
        hs_code = read_hs_code(request.POST.get("code", ""))
    except CodeError as error:
        messages.error(
            request,
            gettext("%(category)s: not a usable HS code: %(error)s.")
            % {"category": category.name, "error": error},
        )
        return redirect(back)
    confirm_category_code(category=category, hs_code=hs_code, user=request.user)
    messages.success(
        request,
        gettext("%(category)s: HS %(code)s confirmed.")
        % {"category": category.name, "code": hs_code.dotted},
    )
    return redirect(back)


def _page_suffix(request: HttpRequest) -> str:
    page = request.POST.get("page", "")
    return f"?page={page}" if is_ascii_number(page) else ""
