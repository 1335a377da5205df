"""What the admin's home page tells officials about the catalogue."""

from __future__ import annotations

from django import template

from access.rules import access_by_key
from catalogue.models import ProductCategory

register = template.Library()


@register.simple_tag
def published_under_prohibition(limit: int = 10) -> dict:
    """The published categories Nigeria's prohibition list covers: how many, and the first
    few by name with the rules on each."""
    found = ProductCategory.objects.published().under_prohibition().order_by("name")
    shown = list(found.prefetch_related("codes")[:limit])
    access = access_by_key({c.pk: [code.hs_code_id for code in c.codes.all()] for c in shown})
    return {
        "count": found.count() if len(shown) == limit else len(shown),
        "categories": [(category, access[category.pk].prohibitions) for category in shown],
    }
