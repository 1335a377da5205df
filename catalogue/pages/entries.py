"""A list entry's details (its other name, HS code, exporters, badges and Nigeria's rules),
rendered once per catalogue version and language, and kept by each process.

A page of results then costs one query for its categories' names and slugs; only the
entries not kept yet load their codes, offers, exporters and rules, and go through the
template.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.template.loader import render_to_string
from django.utils.translation import get_language

from catalogue.lib.process_cache import Kept
from catalogue.models import ProductCategory
from catalogue.pages.kept import catalogue_version
from catalogue.pages.listing import with_listing_data, with_market_access

_kept = Kept(5000)  # about 1 KB each


def with_entries(categories: Iterable[ProductCategory]) -> list[ProductCategory]:
    """The categories, each with `entry`: its details' HTML in the active language."""
    categories = list(categories)
    version, language = catalogue_version(), get_language()
    keys = {category.pk: (*version, language, category.pk) for category in categories}
    kept = _kept.get_many(keys.values())
    missing = [pk for pk, key in keys.items() if key not in kept]
    if missing:
        loaded = with_listing_data(ProductCategory.objects.filter(pk__in=missing)).in_bulk()
        rendered = {
            keys[pk]: render_to_string("catalogue/_entry.html", {"category": category})
            for pk, category in zip(loaded, with_market_access(loaded.values()), strict=True)
        }
        _kept.set_many(rendered)
        kept.update(rendered)
    for category in categories:
        category.entry = kept.get(keys[category.pk], "")
    return categories
