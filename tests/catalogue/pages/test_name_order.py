"""Lists sorted by the name the page shows, in its reader's alphabet: Kazakh letters in
their places, Ё beside Е, quotes ignored, Latin names after Cyrillic ones; the same on
SQLite and PostgreSQL, for categories saved one by one and written by an import."""

import random

import pytest
from django.urls import reverse

from catalogue.importing.service import import_catalogue_file
from catalogue.lib.collation import CYRILLIC, sort_key
from catalogue.lib.languages import translated
from catalogue.models import ProductCategory
from catalogue.models.name_order import by_name
from tests.factories import make_category, make_exporter
from tests.spreadsheets import xlsx

pytestmark = pytest.mark.django_db

HEADER = ["Product (EN)", "Russian", "Kazakh name", "HS code", "Company"]
IMPORTED = [
    ["Apples", "Яблоки", "Алма", "0808 10", "Almaty Bagy LLP"],
    ["Sugar", "Сахар", "Қант", "1701 99", "Taraz Sugar LLP"],
    ["Cheese", "Сыр", "Ірімшік", "0406 90", "Shymkent Sut LLP"],
    ["Fir trees", "Ёлки", "", "0604 20", "Burabay Orman LLP"],
]
RICE = ["Rice", "Рис", "Күріш", "1006 30", "Kyzylorda Kurish LLP"]

RUSSIAN_ORDER = [
    "«Астана» мука",
    "Духи",
    "Ёлки",
    "Ель",
    "Жом",
    "Пшеница",
    "Рис",
    "Сахар",
    "Сыр",
    "Яблоки",
    "Cement",
]
KAZAKH_ORDER = [
    "Алма",
    "Әтір",
    "Бидай",
    "Ёлки",
    "Жом",
    "Күріш",
    "Қант",
    "Ұн",
    "Шырша",
    "Ірімшік",
    "Cement",
]


@pytest.fixture
def named(hs):
    import_catalogue_file(data=xlsx(("Products", [HEADER, *IMPORTED])), file_name="a.xlsx")
    # Rice first without its Kazakh name, which a second file adds: an update.
    without_kazakh = RICE[:2] + [""] + RICE[3:]
    import_catalogue_file(data=xlsx(("Products", [HEADER, without_kazakh])), file_name="b.xlsx")
    report = import_catalogue_file(data=xlsx(("Products", [HEADER, RICE])), file_name="c.xlsx")
    assert report.total("updated") == 1
    make_category(name="Wheat", name_ru="Пшеница", name_kk="Бидай")
    make_category(name="Perfume", name_ru="Духи", name_kk="Әтір", code="330300")
    make_category(name="Flour", name_ru="«Астана» мука", name_kk="Ұн", code="110100")
    make_category(name="Spruce", name_ru="Ель", name_kk="Шырша", code="440311")
    make_category(name="Beet pulp", name_ru="Жом", name_kk="Жом", code="230320")
    make_category(name="Cement", code="252329")


def shown(response, language):
    return [
        translated(c, "name", language)[0] for c in response.context["listing"].page.object_list
    ]


@pytest.mark.parametrize(
    ("path", "language", "expected"),
    [("/ru/", "ru", RUSSIAN_ORDER), ("/kk/", "kk", KAZAKH_ORDER)],
)
def test_categories_by_name_in_the_readers_alphabet(client, named, path, language, expected):
    assert shown(client.get(path, {"sort": "name"}), language) == expected
    # The default order, without a search, is the same.
    assert shown(client.get(path, {"sector": ""}), language) == expected


def test_the_english_page_lists_by_the_english_name(client, named):
    names = shown(client.get(reverse("catalogue:home"), {"sort": "name"}), "en")
    assert names == sorted(names, key=str.casefold)


def test_a_category_renamed_in_the_admin_moves(client, named):
    fir = ProductCategory.objects.get(name="Fir trees")
    fir.name_kk = "Шырша ағашы"
    fir.save(update_fields=["name_kk"])
    names = shown(client.get("/kk/", {"sort": "name"}), "kk")
    assert names.index("Шырша ағашы") == names.index("Шырша") + 1


def test_the_api_lists_exporters_in_english_order_with_cyrillic_names_in_their_places(client):
    for name in ("ТОО Қазақ Ет", "Ёлочка", "«Ақмола Астық»", "Almaty Foods", "Жетісу"):
        make_exporter(name=name)
    response = client.get(reverse("api:exporters"))
    names = [e["name"] for e in response.json()["results"]]
    assert names == ["Almaty Foods", "«Ақмола Астық»", "Ёлочка", "Жетісу", "ТОО Қазақ Ет"]


def test_the_database_orders_keys_as_python_does():
    """Keys are digits and lower-case letters: every collation orders them as bytes."""
    chance = random.Random(11)
    letters = CYRILLIC + CYRILLIC.upper() + "abcXYZ0123 «»-'"
    for n in range(120):
        name = "".join(chance.choices(letters, k=chance.randint(1, 12)))
        make_category(name=f"Name {n}", name_ru=name, name_kk=name, code=None)
    for language in ("ru", "kk"):
        stored = list(
            ProductCategory.objects.order_by(*by_name(language)).values_list("name_ru", "pk")
        )
        expected = sorted(stored, key=lambda row: (sort_key(row[0], language), row[1]))
        assert stored == expected
