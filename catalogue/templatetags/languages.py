"""Translated texts shown in another language than the page's (a Kazakh page showing a
Russian name) say so for screen readers, search engines and hyphenation:
<h1{{ category.display_name|lang_attr }}> gives the element a lang attribute, and
{{ cert.display_name|lang_span }} wraps the text in a span that has one. Neither adds
anything to a text in the page's language."""

from __future__ import annotations

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from catalogue.lib.languages import page_language

register = template.Library()


def _other_language(text) -> str:
    language = getattr(text, "language", "")
    return "" if language == page_language(get_language()) else language


@register.filter
def lang_attr(text) -> SafeString:
    language = _other_language(text)
    return format_html(' lang="{}"', language) if language else SafeString("")


@register.filter
def lang_span(text) -> SafeString:
    language = _other_language(text)
    if not language:
        return conditional_escape(text)
    return format_html('<span lang="{}">{}</span>', language, text)
