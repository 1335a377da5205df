"""Staff views in the admin: the interest report download and the dashboard."""

from __future__ import annotations

from functools import partial

from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext

from catalogue.lib.formatting import format_date
from catalogue.lib.languages import translated
from catalogue.models import ProductCategory
from jobs.admin import follow
from matching.charts import bar_chart
from matching.jobs import may_export_interests, start_report
from matching.models import Interest, InterestLine
from matching.nigeria import State

IGNORED_PARAMS = {"p", "o", "e", "_changelist_filters"}


def describe_filters(request: HttpRequest) -> list[tuple[str, str]]:
    """The admin list's filters and search, as the report's cover shows them."""
    filters = []
    for name, value in request.GET.items():
        if name in IGNORED_PARAMS or value == "":
            continue
        label = name.replace("__exact", "").replace("__", " ")
        filters.append((gettext("search") if name == "q" else label, value))
    return filters


def queue_report(request: HttpRequest, interests, filters: list[tuple[str, str]]):
    """A worker writes the report; the official follows it on its job's page."""
    if not may_export_interests(request.user):
        raise PermissionDenied
    return follow(request, lambda: start_report(interests, filters=filters, user=request.user))


def dashboard_view(request: HttpRequest, site) -> TemplateResponse:
    if not request.user.has_perm("matching.view_interest"):
        raise PermissionDenied
    statuses = dict(Interest.Status.choices)
    by_status = Interest.objects.values("status").annotate(n=Count("pk")).order_by("-n")
    top_categories = (
        InterestLine.objects.exclude(category=None)
        .values("category")
        .annotate(n=Count("pk"))
        .order_by("-n", "category__name")[:10]
    )
    categories = ProductCategory.objects.in_bulk(r["category"] for r in top_categories)
    language = get_language()
    states = dict(State.choices)
    top_states = Interest.objects.values("buyer__state").annotate(n=Count("pk")).order_by("-n")[:10]
    months = (
        Interest.objects.annotate(month=TruncMonth("created_at"))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by("month")
    )
    chart = partial(bar_chart, empty=gettext("Nothing yet."))
    charts = [
        chart(
            [(str(statuses[r["status"]]), r["n"]) for r in by_status],
            title=gettext("Interests by status"),
        ),
        chart(
            [
                (translated(categories[r["category"]], "name", language)[0], r["n"])
                for r in top_categories
            ],
            title=gettext("Most asked-for products"),
        ),
        chart(
            [(str(states.get(r["buyer__state"], "")), r["n"]) for r in top_states],
            title=gettext("Buyers' states"),
        ),
        chart(
            [(format_date(r["month"], "YEAR_MONTH_FORMAT"), r["n"]) for r in months],
            title=gettext("Interests by month"),
            colour="#006b3f",
        ),
    ]
    context = {
        **site.each_context(request),
        "opts": Interest._meta,
        "title": gettext("Interest dashboard"),
        "charts": [mark_safe(chart) for chart in charts],  # built from escaped text
        "total": Interest.objects.count(),
    }
    return TemplateResponse(request, "admin/matching/dashboard.html", context)
