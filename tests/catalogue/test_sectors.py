"""Each category's sector: the seeded sectors, the most specific range, codes that change."""

import pytest

from catalogue.models import CategoryCode, ProductCategory, Sector, SectorRange
from catalogue.sector_ranges import read_range
from catalogue.sectors import assign_sectors, reassign_sectors
from catalogue.services import confirm_category_code, read_hs_code
from tests.factories import make_category

pytestmark = pytest.mark.django_db


def sector_of(category: ProductCategory) -> str | None:
    category.refresh_from_db()
    return category.sector.slug if category.sector else None


@pytest.mark.parametrize(
    ("code", "sector"),
    [
        ("252329", "construction"),  # Portland cement: heading 2523 beats chapter 25
        ("260300", "metals-and-mining"),  # copper ores
        ("251010", "metals-and-mining"),  # natural phosphates, chapter 25
        ("721420", "construction"),  # "iron rods"
        ("720241", "metals-and-mining"),  # ferrochromium
        ("271112", "oil-and-gas"),  # LPG
        ("310210", "chemicals-and-fertilisers"),  # urea
        ("860610", "machinery"),  # wagons
        ("520100", "light-industry"),  # cotton
        ("100119", "agriculture-and-food"),
        ("940360", None),  # furniture: no sector ("Other")
    ],
)
def test_the_seeded_sectors_cover_codes_by_their_most_specific_range(hs, code, sector):
    assert sector_of(make_category(name=f"Product {code}", code=code)) == sector


def test_the_primary_code_decides_else_the_first_code(hs):
    category = make_category(name="Cement and clinker", code="252329")
    CategoryCode.objects.create(category=category, hs_code_id="252310", is_primary=False)
    CategoryCode.objects.filter(category=category, hs_code_id="252329").update(is_primary=False)
    CategoryCode.objects.create(category=category, hs_code_id="100119", is_primary=True)
    assign_sectors([category.pk])
    assert sector_of(category) == "agriculture-and-food"
    CategoryCode.objects.filter(category=category, hs_code_id="100119").delete()
    assign_sectors([category.pk])  # no primary now: 252310 comes first
    assert sector_of(category) == "construction"
    category.codes.all().delete()
    assign_sectors([category.pk])
    assert sector_of(category) is None


def test_confirming_another_primary_code_moves_the_category(hs, admin_user):
    category = make_category(name="Sulphur", code="250300")
    assert sector_of(category) == "metals-and-mining"
    confirm_category_code(category=category, hs_code=read_hs_code("2802"), user=admin_user)
    assert category.sector.slug == "chemicals-and-fertilisers"  # the instance follows too


def test_changed_ranges_move_only_the_categories_they_concern(hs, django_assert_max_num_queries):
    cement = make_category(name="Cement", code="252329")
    furniture = make_category(name="Office furniture", code="940330")
    wheat = make_category(name="Wheat", code="100119")
    construction = Sector.objects.get(slug="construction")
    before = [r.hs_range for r in construction.ranges.all()]
    construction.ranges.filter(first="2520").delete()
    SectorRange.objects.create(sector=construction, first="9401", last="9403")
    with django_assert_max_num_queries(6):
        moved = reassign_sectors([*before, read_range("9401-9403")])
    assert moved == 2
    assert (sector_of(cement), sector_of(furniture), sector_of(wheat)) == (
        "metals-and-mining",
        "construction",
        "agriculture-and-food",
    )


def test_assigning_many_categories_writes_only_those_that_change(hs, django_assert_num_queries):
    categories = [make_category(name=f"Rods {n}", code="721420") for n in range(30)]
    with django_assert_num_queries(2):  # the ranges; the categories' codes: nothing to write
        assert assign_sectors(c.pk for c in categories) == 0
    ProductCategory.objects.update(sector=None)
    with django_assert_num_queries(3):  # and one UPDATE for the sector they all move to
        assert assign_sectors() == 30
    assert {sector_of(c) for c in categories} == {"construction"}
