"""Workflows of the catalogue that touch several objects."""

from __future__ import annotations

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from catalogue.changes import propagate_change
from catalogue.hscodes import check_known, normalise_hs_code
from catalogue.models import CategoryCode, HSCode, ProductCategory
from catalogue.sectors import assign_sectors


def read_hs_code(text: str) -> HSCode:
    """An HS code typed by a person, as a 6-digit subheading or 4-digit heading of HS 2022.

    Raises CodeError with a message fit to show.
    """
    reading = normalise_hs_code(text)
    known = set(
        HSCode.objects.filter(code__in=[reading.code, reading.code[:4]]).values_list(
            "code", flat=True
        )
    )
    check_known(reading, known)
    return HSCode.objects.get(code=reading.code)


@transaction.atomic
def confirm_category_code(
    *, category: ProductCategory, hs_code: HSCode, user, primary: bool = True
) -> CategoryCode:
    """An official confirms an HS code of the category (from the review queue or the
    category's page). A primary code becomes the only one and sets the sector; a
    secondary one leaves both as they are.

    Suggestions for the category are dropped; confirmed secondary codes stay.
    The confirmation teaches the suggester (see catalogue.receivers).
    """
    category.codes.filter(status=CategoryCode.Status.SUGGESTED).exclude(hs_code=hs_code).delete()
    if primary:
        category.codes.exclude(hs_code=hs_code).update(is_primary=False)
    confirmed, _ = CategoryCode.objects.update_or_create(
        category=category,
        hs_code=hs_code,
        defaults={
            "status": CategoryCode.Status.CONFIRMED,
            "confidence": 1.0,
            "is_primary": primary or not category.codes.filter(is_primary=True).exists(),
            "confirmed_by": user,
            "confirmed_at": timezone.now(),
        },
    )
    assign_sectors([category.pk])
    category.refresh_from_db(fields=["sector"])
    return confirmed


@transaction.atomic
def set_published(*, categories: QuerySet[ProductCategory], published: bool) -> int:
    """Publish or unpublish categories at once; returns how many changed."""
    changing = categories.exclude(is_published=published)
    ids = list(changing.values_list("pk", flat=True))
    changing.update(is_published=published, updated_at=timezone.now())
    propagate_change(ids)  # search shows or hides them; matching follows
    return len(ids)
