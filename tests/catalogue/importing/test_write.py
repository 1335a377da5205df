"""The importer's bulk writes put every value in the column named for it."""

import pytest

from catalogue.importing.service import import_catalogue_file
from catalogue.models import CategoryCode, Exporter, Offer, ProductCategory
from tests.spreadsheets import xlsx

pytestmark = pytest.mark.django_db

HEADER = ["Product", "Russian", "HS code", "Description", "Exporter", "BIN", "Region", "Website",
          "Contacts", "Certifications", "Capacity", "MOQ", "Unit", "Incoterms"]  # fmt: skip
# Every cell differs from every other, so a value written to the wrong column shows.
WHEAT = ["Durum wheat", "Пшеница твёрдая", "1001 19 000 0", "Hard amber grain, class 3",
         "Kostanay Astyk LLP", "123456789012", "Костанайская область", "astyk.kz",
         "Aigerim Nurlanovna, sales@astyk.kz, +7 7142 50 12 34", "Halal", "250000", "25", "t",
         "FCA"]  # fmt: skip
OIL = ["Sunflower oil, refined", "Масло подсолнечное", "", "", "", "", "", "", "", "", "", "", "",
       ""]  # fmt: skip


def test_every_written_value_is_in_the_column_named_for_it(hs, admin_user):
    data = xlsx(("Products", [HEADER, WHEAT, OIL]))
    report = import_catalogue_file(data=data, file_name="two.xlsx", user=admin_user)
    assert report.written and not report.errors
    exporter = Exporter.objects.values(
        "name", "name_key", "slug", "bin", "region", "website", "email", "phone", "contact_name",
        "is_active", "certifications__code",
    ).get()  # fmt: skip
    assert exporter == {
        "name": "Kostanay Astyk LLP",
        "name_key": "kostanay astyk llp",
        "slug": "kostanay-astyk-llp",
        "bin": "123456789012",
        "region": "kostanay",
        "website": "https://astyk.kz",
        "email": "sales@astyk.kz",
        "phone": "+7 7142 50 12 34",
        "contact_name": "Aigerim Nurlanovna",
        "is_active": True,
        "certifications__code": "halal",
    }
    wheat = ProductCategory.objects.values(
        "name", "name_ru", "description", "slug", "code_key", "name_key", "sector__slug",
        "is_published", "import_batch",
    ).get(name="Durum wheat")  # fmt: skip
    assert wheat == {
        "name": "Durum wheat",
        "name_ru": "Пшеница твёрдая",
        "description": "Hard amber grain, class 3",
        "slug": "durum-wheat",
        "code_key": "100119",
        "name_key": "durum wheat",
        "sector__slug": "agriculture-and-food",
        "is_published": True,
        "import_batch": report.batch_id,
    }
    codes = CategoryCode.objects.order_by("category__name").values_list(
        "category__name", "hs_code", "status", "is_primary", "confirmed_by"
    )
    assert codes[0] == ("Durum wheat", "100119", "confirmed", True, admin_user.pk)
    oil, _, status, _, confirmed_by = codes[1]
    assert (oil, status, confirmed_by) == ("Sunflower oil, refined", "suggested", None)
    offer = Offer.objects.values(
        "exporter__name", "category__name", "capacity", "unit", "moq", "incoterms", "notes",
        "is_active",
    ).get()  # fmt: skip
    assert offer == {
        "exporter__name": "Kostanay Astyk LLP",
        "category__name": "Durum wheat",
        "capacity": 250000,
        "unit": "t",
        "moq": 25,
        "incoterms": "FCA",
        "notes": "",
        "is_active": True,
    }
