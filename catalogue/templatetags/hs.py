"""{{ code|hs_text }}, {{ code|hs_text:80 }}: the text of an HS code or section in the page's
language, as HSCode.text_in and HSSection.text_in choose it; shortened to 80 characters."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString
from django.utils.translation import get_language

register = template.Library()


@register.filter
def hs_text(item, length: int | None = None) -> SafeString:
    text = item.text_in(get_language())
    if length:
        text = text.truncated(int(length))
    return text.__html__()
