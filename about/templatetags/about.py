"""The About page's first words, for the home page's line on who runs the catalogue."""

from __future__ import annotations

from django import template
from django.core.cache import cache
from django.utils.translation import get_language

from about.models import AboutPage

register = template.Library()


@register.simple_tag
def who_runs() -> str:
    """The first paragraph of "Who runs this catalogue", in the page's language; "" until
    officials have written it. Kept as long as pages are (five minutes): the home page
    asks no query for it."""
    language = get_language()

    def first_paragraph() -> str:
        return AboutPage.current().sections(language)[0].text.split("\n\n")[0]

    return cache.get_or_set(f"about:who-runs:{language}", first_paragraph, timeout=300)
