"""How fresh the catalogue's data is, for the footer of every page: when a published
category last changed, and when officials last checked the import rules."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.cache import cache
from django.db.models import Count, Max, Q
from django.utils import timezone

from access.models import ImportRule
from catalogue.lib.process_cache import cache_version
from catalogue.models import ProductCategory
from catalogue.search import VERSION_KEY as CATALOGUE_VERSION_KEY

# Every catalogue change moves the catalogue's version, so the date follows at once; rule
# checks move no version, so the rules' dates may lag this long.
RULES_LAG_SECONDS = 600


@dataclass(frozen=True)
class Freshness:
    catalogue_updated_on: date | None  # the last change to a published category
    rules_checked_on: date | None  # the last check of a rule by an official
    rules_unchecked: int  # rules no official has checked yet,
    rules_unchecked_source_date: date | None  # as their latest source gives them


def freshness() -> Freshness:
    """Two queries a catalogue version (or RULES_LAG_SECONDS), none otherwise."""
    key = f"freshness:{cache_version(CATALOGUE_VERSION_KEY)}"
    found = cache.get(key)
    if found is None:
        found = _measure()
        cache.set(key, found, timeout=RULES_LAG_SECONDS)
    return found


def _measure() -> Freshness:
    updated = ProductCategory.objects.published().aggregate(at=Max("updated_at"))["at"]
    # Rules awaiting a range apply to nothing and are shown nowhere; they are not counted.
    unchecked = Q(checked_on=None)
    rules = (
        ImportRule.objects.filter(is_active=True)
        .exclude(hs_from="")
        .aggregate(
            last_check=Max("checked_on"),
            unchecked=Count("pk", filter=unchecked),
            unchecked_source=Max("source__date", filter=unchecked),
        )
    )
    return Freshness(
        catalogue_updated_on=timezone.localdate(updated) if updated else None,
        rules_checked_on=rules["last_check"],
        rules_unchecked=rules["unchecked"],
        rules_unchecked_source_date=rules["unchecked_source"],
    )
