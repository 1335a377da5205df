"""The About page's first words, for the home page's line on who runs the catalogue."""

from __future__ import annotations

from django import template
from django.core.cache import cache
from django.utils.text import Truncator
from django.utils.translation import get_language

from about.models import AboutPage
from catalogue.lib.languages import Shown

register = template.Library()
LENGTH = 240  # characters of the home page's line


@register.simple_tag
def who_runs() -> Shown:
    """The first paragraph of "Who runs this catalogue", in the page's language (else the
    one it falls back on), shortened to LENGTH characters; "" until officials have written
    it. Kept as long as pages are (five minutes): the home page asks no query for it."""
    language = get_language()

    def first_paragraph() -> Shown:
        text = AboutPage.current().sections(language)[0].text
        return Shown(Truncator(text.split("\n\n")[0]).chars(LENGTH), text.language)

    return cache.get_or_set(f"about:who-runs:{language}", first_paragraph, timeout=300)
