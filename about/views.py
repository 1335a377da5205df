"""The About page: who runs the catalogue and how its data is checked."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from about.models import AboutPage


@require_GET
@cache_control(public=True, max_age=300)
def about(request: HttpRequest) -> HttpResponse:
    sections = AboutPage.current().sections(get_language())
    context = {"sections": sections, "incomplete": not all(s.provided for s in sections)}
    return render(request, "about/about.html", context)
