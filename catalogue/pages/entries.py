"""A list entry's details (its other name, HS code, exporters, badges and Nigeria's rules),
rendered once per catalogue version and language, and kept by each process; the API keeps
its entries the same way (kept_by_category).

A page of results then costs one query for its categories' names and slugs; only the
entries not kept yet load their codes, offers, exporters and rules, and go through the
template.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.template.loader import render_to_string
from django.utils.translation import get_language

from catalogue.lib.process_cache import Kept
from catalogue.models import ProductCategory
from catalogue.pages.kept import catalogue_version
from catalogue.pages.listing import with_listing_data, with_market_access

_kept = Kept(5000)  # about 1 KB each


def kept_by_category(
    kept: Kept, ids: Iterable[int], build: Callable[[list[int]], dict[int, Any]]
) -> dict[int, Any]:
    """Each category's entry in the active language as `kept` holds it for the catalogue's
    version; those it lacks built by build(their ids) and kept."""
    version, language = catalogue_version(), get_language()
    keys = {pk: (*version, language, pk) for pk in ids}
    found = kept.get_many(keys.values())
    missing = [pk for pk, key in keys.items() if key not in found]
    if missing:
        built = {keys[pk]: entry for pk, entry in build(missing).items()}
        kept.set_many(built)
        found.update(built)
    return {pk: found[key] for pk, key in keys.items() if key in found}


def with_entries(categories: Iterable[ProductCategory]) -> list[ProductCategory]:
    """The categories, each with `entry`: its details' HTML in the active language."""
    categories = list(categories)
    entries = kept_by_category(_kept, [category.pk for category in categories], _rendered)
    for category in categories:
        category.entry = entries.get(category.pk, "")
    return categories


def _rendered(ids: list[int]) -> dict[int, str]:
    loaded = with_listing_data(ProductCategory.objects.filter(pk__in=ids)).in_bulk()
    return {
        category.pk: render_to_string("catalogue/_entry.html", {"category": category})
        for category in with_market_access(loaded.values())
    }
