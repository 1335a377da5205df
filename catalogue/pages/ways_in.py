"""The ways into the catalogue before a search: its sectors, each with how many published
products it holds and the products officials feature in it. The home page lists them and
the sector filter offers them."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count
from django.utils.translation import override, pgettext

from catalogue.lib.process_cache import cache_version
from catalogue.models import MAX_FEATURED, NO_SECTOR, ProductCategory, Sector
from catalogue.search import VERSION_KEY as SEARCH_VERSION_KEY
from catalogue.sectors import VERSION_KEY as SECTORS_VERSION_KEY


@dataclass(frozen=True)
class Featured:
    name: str
    url: str
    prohibited: bool = False  # on Nigeria's prohibition list since officials chose it


@dataclass(frozen=True)
class SectorEntry:
    slug: str  # what the catalogue's sector filter takes
    name: str  # in the page's language
    count: int  # published products
    featured: tuple[Featured, ...] = ()


def sector_entries(language: str) -> list[SectorEntry]:
    """The sectors in their order, then Other (no sector) when it holds any product:
    four queries, cached until the catalogue, a sector or an import rule changes."""
    versions = f"{cache_version(SEARCH_VERSION_KEY)}:{cache_version(SECTORS_VERSION_KEY)}"
    key = f"sector-entries:{language}:{versions}"
    found = cache.get(key)
    if found is None:
        with override(language):
            found = _entries()
        cache.set(key, found, timeout=3600)
    return found


def _entries() -> list[SectorEntry]:
    counts = dict(
        ProductCategory.objects.published().values_list("sector").annotate(n=Count("pk")).order_by()
    )
    featured: dict[int, list[Featured]] = {}
    chosen = Sector.featured.through.objects.filter(productcategory__is_published=True)
    prohibited = set(
        ProductCategory.objects.under_prohibition()
        .filter(pk__in=chosen.values("productcategory"))
        .values_list("pk", flat=True)
    )
    for link in chosen.select_related("productcategory").order_by("productcategory__name"):
        category = link.productcategory
        named = Featured(
            category.display_name, category.get_absolute_url(), category.pk in prohibited
        )
        featured.setdefault(link.sector_id, []).append(named)
    entries = [
        SectorEntry(
            s.slug,
            s.display_name,
            counts.get(s.pk, 0),
            tuple(featured.get(s.pk, [])[:MAX_FEATURED]),
        )
        for s in Sector.objects.all()
    ]
    if counts.get(None):
        entries.append(SectorEntry(NO_SECTOR, pgettext("sector", "Other"), counts[None]))
    return entries
