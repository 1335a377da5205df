"""Officials edit sectors in the admin: ranges, featured products; categories follow."""

import pytest
from django.urls import reverse

from catalogue.models import Sector
from tests.factories import make_category

pytestmark = pytest.mark.django_db


def sector_form(sector: Sector, ranges: list[tuple[str, str]], **changes) -> dict:
    """The change form's data: the sector as it is, with `ranges` as its whole list (the
    ranges it has kept, the others deleted, new ones added)."""
    existing = list(sector.ranges.all())
    added = [r for r in ranges if r not in {(old.first, old.last) for old in existing}]
    data = {
        "name": sector.name,
        "name_ru": sector.name_ru,
        "slug": sector.slug,
        "position": sector.position,
        "featured": [c.pk for c in sector.featured.all()],
        "ranges-TOTAL_FORMS": len(existing) + len(added),
        "ranges-INITIAL_FORMS": len(existing),
        "ranges-MIN_NUM_FORMS": 0,
        "ranges-MAX_NUM_FORMS": 1000,
    }
    for n, old in enumerate(existing):
        data |= {f"ranges-{n}-id": old.pk, f"ranges-{n}-sector": sector.pk,
                 f"ranges-{n}-first": old.first, f"ranges-{n}-last": old.last}  # fmt: skip
        if (old.first, old.last) not in ranges:
            data[f"ranges-{n}-DELETE"] = "on"
    for n, (first, last) in enumerate(added, start=len(existing)):
        data |= {f"ranges-{n}-sector": sector.pk, f"ranges-{n}-first": first,
                 f"ranges-{n}-last": last}  # fmt: skip
    return data | changes


def test_the_sector_list_shows_names_order_ranges_and_counts(admin_client, hs):
    make_category(name="Cement", code="252329")
    make_category(name="Rods", code="721420")
    response = admin_client.get(reverse("admin:catalogue_sector_changelist"))
    rows = [(s.name, s.categories_count) for s in response.context["cl"].result_list]
    assert rows[0] == ("Agriculture and food", 0)
    assert ("Construction materials", 2) in rows
    assert "2520–2523, 68–70, 7213–7214, 7216, 7308" in response.text
    assert "Строительные материалы" in response.text


def test_editing_a_sectors_ranges_moves_its_categories(admin_client, hs):
    cement = make_category(name="Cement", code="252329")
    furniture = make_category(name="Office furniture", code="940330")
    construction = Sector.objects.get(slug="construction")
    url = reverse("admin:catalogue_sector_change", args=[construction.pk])
    data = sector_form(construction, [("68", "70"), ("7213", "7214"), ("7216", ""),
                                      ("7308", ""), ("9401", "9403")])  # fmt: skip
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    cement.refresh_from_db()
    furniture.refresh_from_db()
    assert cement.sector.slug == "metals-and-mining"  # chapter 25 covers it now
    assert furniture.sector == construction


def test_deleting_a_sector_hands_its_categories_to_the_next_covering_range(admin_client, hs):
    cement = make_category(name="Cement", code="252329")
    construction = Sector.objects.get(slug="construction")
    url = reverse("admin:catalogue_sector_delete", args=[construction.pk])
    assert admin_client.post(url, {"post": "yes"}).status_code == 302
    cement.refresh_from_db()
    assert cement.sector.slug == "metals-and-mining"


@pytest.mark.parametrize(
    ("ranges", "error"),
    [
        ([("1", "24")], "is not an HS chapter"),
        ([("25", "2523")], "not codes of one level"),
        ([("70", "68")], "comes after"),
        ([("27", "")], "already exists"),  # oil and gas has it: one range, one sector
    ],
)
def test_a_range_must_be_codes_of_one_level_in_order_and_nobody_elses(
    admin_client, hs, ranges, error
):
    construction = Sector.objects.get(slug="construction")
    url = reverse("admin:catalogue_sector_change", args=[construction.pk])
    response = admin_client.post(url, sector_form(construction, ranges))
    assert response.status_code == 200
    assert error in response.text


def test_a_sector_features_published_products_and_at_most_six(admin_client, hs):
    food = Sector.objects.get(slug="agriculture-and-food")
    url = reverse("admin:catalogue_sector_change", args=[food.pk])
    kept = [(r.first, r.last) for r in food.ranges.all()]
    products = [make_category(name=f"Flour {n}", code="110100") for n in range(7)]
    hidden = make_category(name="Vodka", code="220860", is_published=False)
    too_many = sector_form(food, kept, featured=[p.pk for p in products])
    assert "at most 6" in admin_client.post(url, too_many).text
    unpublished = sector_form(food, kept, featured=[hidden.pk])
    assert "Select a valid choice" in admin_client.post(url, unpublished).text
    chosen = sector_form(food, kept, featured=[p.pk for p in products[:3]])
    assert admin_client.post(url, chosen).status_code == 302
    assert set(food.featured.all()) == set(products[:3])
    search = reverse("admin:autocomplete")
    params = {"app_label": "catalogue", "model_name": "sector", "field_name": "featured"}
    found = admin_client.get(search, params | {"term": "vodka"}).json()["results"]
    assert found == []  # the autocomplete offers published products only


def test_a_range_names_codes_of_hs_2022(admin_client, hs):
    food = Sector.objects.get(slug="agriculture-and-food")
    url = reverse("admin:catalogue_sector_change", args=[food.pk])
    kept = [(r.first, r.last) for r in food.ranges.all()]
    refused = admin_client.post(url, sector_form(food, [*kept, ("000000", "999999")]))
    assert "Not a code of HS 2022: 000000, 999999." in refused.text
    assert not food.ranges.filter(first="000000").exists()
