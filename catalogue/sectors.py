"""Each category's sector: the curated sector whose most specific HS range covers the
category's sector code, its primary code (or its first code when none is primary).

assign_sectors() is the one function that sets ProductCategory.sector. It runs where
codes change (the importer, catalogue.services, the category admin) and, through
reassign_sectors(), where officials change the ranges (the sector admin). Search and
matching read no sector, so this stays off catalogue.changes' road: pages that show
sectors cache what they show under VERSION_KEY, which both functions move.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery

from catalogue.lib.bulk_insert import BATCH
from catalogue.lib.process_cache import bump_version
from catalogue.models import CategoryCode, ProductCategory, SectorRange
from catalogue.sector_ranges import HSRange, covering

VERSION_KEY = "sectors:version"


def sector_ranges() -> list[tuple[HSRange, int]]:
    """Every range with its sector's id, the sectors in their order."""
    rows = SectorRange.objects.order_by("sector__position", "sector__name", "first")
    return [
        (HSRange(first, last or first), sector)
        for first, last, sector in rows.values_list("first", "last", "sector_id")
    ]


def ranges_of(sector_ids: Iterable[int]) -> list[HSRange]:
    """The ranges these sectors cover now."""
    rows = SectorRange.objects.filter(sector__in=list(sector_ids)).values_list("first", "last")
    return [HSRange(first, last or first) for first, last in rows]


def assign_sectors(category_ids: Iterable[int | None] | None = None) -> int:
    """Set the sector of these categories (of all when None) from their codes and the
    sectors' ranges; returns how many changed. Call after writing their codes."""
    if category_ids is None:
        return _assign(ProductCategory.objects.all())
    ids = sorted(set(category_ids) - {None})
    return sum(
        _assign(ProductCategory.objects.filter(pk__in=ids[start : start + BATCH]))
        for start in range(0, len(ids), BATCH)
    )


def reassign_sectors(ranges: Iterable[HSRange]) -> int:
    """Call after sectors' ranges changed, or sectors were deleted, with the ranges they
    covered before and after: only categories with a code in those can change sector."""
    within = Q()
    for hs_range in set(ranges):
        within |= Q(hs_code_id__gte=hs_range.first, hs_code_id__lt=hs_range.last + ":")
    bump_version(VERSION_KEY)  # names and featured products may have changed too
    if not within:
        return 0
    codes = CategoryCode.objects.filter(within, category=OuterRef("pk"))
    return _assign(ProductCategory.objects.filter(Exists(codes)))


def _assign(categories: QuerySet) -> int:
    ranges = sector_ranges()
    moving: dict[int | None, list[int]] = defaultdict(list)
    for pk, code, current in _sector_codes(categories):
        sector = covering(code, ranges) if code else None
        if sector != current:
            moving[sector].append(pk)
    for sector, ids in moving.items():
        for start in range(0, len(ids), BATCH):
            ProductCategory.objects.filter(pk__in=ids[start : start + BATCH]).update(sector=sector)
    if moving:
        bump_version(VERSION_KEY)
    return sum(len(ids) for ids in moving.values())


def _sector_codes(categories: QuerySet) -> Iterator[tuple[int, str | None, int | None]]:
    """(id, sector code, sector now) of each category: one query, a subquery a row that
    the (category, hs_code) index serves."""
    # By the code column itself: "hs_code" would order by HSCode's ordering, through a join.
    first = CategoryCode.objects.filter(category=OuterRef("pk"))
    first = first.order_by("-is_primary", "hs_code_id")
    rows = categories.order_by().annotate(sector_code=Subquery(first.values("hs_code_id")[:1]))
    return rows.values_list("pk", "sector_code", "sector_id").iterator(chunk_size=BATCH)
