"""A list entry's details (its other name, HS code, exporters, badges and Nigeria's rules),
rendered once per catalogue version and language, and kept by each process.

A page of results then costs one query for its categories' names and slugs; only the
entries not kept yet load their codes, offers, exporters and rules, and go through the
template. Every change that alters an entry moves one of the versions in the key: the
search index's (any change to a category, its codes, offers or exporters, or to the HS
wording it shows) or the sectors' (Nigeria's import rules and their sources).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable

from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from catalogue import search, sectors
from catalogue.lib.process_cache import cache_version
from catalogue.models import ProductCategory
from catalogue.pages.listing import with_listing_data, with_market_access

KEPT = 5000  # entries per process: about 1 KB each

_kept: OrderedDict[tuple[int, int, str, int], SafeString] = OrderedDict()
_lock = threading.Lock()


def with_entries(categories: Iterable[ProductCategory]) -> list[ProductCategory]:
    """The categories, each with `entry`: its details' HTML in the active language."""
    categories = list(categories)
    version = (cache_version(search.VERSION_KEY), cache_version(sectors.VERSION_KEY))
    language = get_language()
    keys = {category.pk: (*version, language, category.pk) for category in categories}
    with _lock:
        found = {pk: _kept[key] for pk, key in keys.items() if key in _kept}
        for pk in found:
            _kept.move_to_end(keys[pk])
    missing = [pk for pk in keys if pk not in found]
    if missing:
        loaded = with_listing_data(ProductCategory.objects.filter(pk__in=missing)).in_bulk()
        with_market_access(loaded.values())
        rendered = {
            pk: render_to_string("catalogue/_entry.html", {"category": category})
            for pk, category in loaded.items()
        }
        found.update(rendered)
        with _lock:
            for pk, html in rendered.items():
                _kept[keys[pk]] = html
            while len(_kept) > KEPT:
                _kept.popitem(last=False)
    for category in categories:
        category.entry = found.get(category.pk, "")
    return categories
