"""Small builders for test data; each takes keyword overrides."""

from __future__ import annotations

from itertools import count

from django.utils.text import slugify

from catalogue.lib.normalise import name_key
from catalogue.models import CategoryCode, Exporter, Offer, ProductCategory
from catalogue.sectors import assign_sectors
from matching.models import Buyer, Interest, InterestLine

_serial = count(1)


def make_category(
    name: str = "Durum wheat", code: str | None = "100119", **fields
) -> ProductCategory:
    n = next(_serial)
    category = ProductCategory.objects.create(
        name=name,
        slug=fields.pop("slug", f"{slugify(name)}-{n}"),
        code_key=code or "",
        name_key=name_key(name),
        **fields,
    )
    if code:
        CategoryCode.objects.create(
            category=category, hs_code_id=code, status=CategoryCode.Status.CONFIRMED
        )
        if "sector" not in fields:
            assign_sectors([category.pk])
            category.refresh_from_db(fields=["sector"])
    return category


def make_exporter(name: str | None = None, **fields) -> Exporter:
    n = next(_serial)
    name = name or f"Kostanay Grain {n} LLP"
    return Exporter.objects.create(
        name=name,
        name_key=name_key(name),
        slug=fields.pop("slug", f"{slugify(name)}-{n}"),
        **fields,
    )


def make_offer(
    exporter: Exporter | None = None, category: ProductCategory | None = None, **fields
) -> Offer:
    return Offer.objects.create(
        exporter=exporter or make_exporter(), category=category or make_category(), **fields
    )


def make_buyer(**fields) -> Buyer:
    n = next(_serial)
    defaults = {
        "company_name": f"Lagos Mills {n} Ltd",
        "state": "LA",
        "city": "Ikeja",
        "contact_name": "Ada Obi",
        "email": f"buyer{n}@example.ng",
        "phone": "+2348031234567",
    }
    return Buyer.objects.create(**{**defaults, **fields})


def make_interest(buyer: Buyer | None = None, lines: int = 1, **fields) -> Interest:
    interest = Interest.objects.create(buyer=buyer or make_buyer(), **fields)
    for _ in range(lines):
        InterestLine.objects.create(interest=interest, free_text="wheat", quantity=500, unit="t")
    return interest
