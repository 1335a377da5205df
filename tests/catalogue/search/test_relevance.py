"""Buyers' queries against the demo catalogue: the right products come first, on both databases."""

import pytest

from catalogue.models import CategoryCode, ProductCategory
from catalogue.search import search


def names(query: str, n: int) -> list[str]:
    ranked = search(query).ranked[:n]
    found = ProductCategory.objects.in_bulk(ranked)
    return [found[pk].name for pk in ranked]


RELEVANCE = [
    # Nigerian trade words
    ("AGO", "Diesel fuel (automotive gas oil)", 3),
    ("PMS", "Motor gasoline AI-92", 3),
    ("DPK", "Kerosene (illuminating and heating)", 5),
    ("LPG", "Liquefied petroleum gases (propane-butane mixture)", 3),
    ("cooking gas", "Liquefied petroleum gases (propane-butane mixture)", 5),
    ("iron rods", "Reinforcing bars (rebar)", 3),
    ("roofing sheets", "Galvanised corrugated roofing sheet", 3),
    ("cooking oil", "Sunflower oil, refined", 3),
    ("vegetable oil", "Sunflower oil, refined", 3),
    ("tin tomatoes", "Canned tomatoes", 3),
    ("maize", "Maize (corn)", 3),
    ("corn", "Maize (corn)", 3),
    ("powdered milk", "Whole milk powder", 5),
    ("frozen chicken", "Broiler chicken, whole, frozen", 3),
    ("pp granules", "Polypropylene granules (homopolymer)", 3),
    ("HDPE", "High-density polyethylene", 3),
    ("caustic soda", "Caustic soda, solid", 3),
    ("toilet roll", "Toilet paper", 3),
    # plain product words
    ("wheat", "Soft wheat, class 3 (milling)", 5),
    ("durum wheat", "Durum wheat", 1),
    ("copper cathodes", "Copper cathodes", 1),
    ("urea fertilizer", "Urea", 3),
    ("NPK", "NPK compound fertiliser", 3),
    ("tomato paste", "Tomato paste", 1),
    ("power cables", "Power cables up to 1 kV", 3),
    ("tractors", "Wheeled tractors, 75-130 kW", 3),
    ("paracetamol", "Paracetamol tablets", 1),
    ("buckwheat", "Buckwheat", 3),
    ("lentils", "Lentils, dried", 3),
    ("chickpeas", "Chickpeas, dried", 3),
    ("vodka", "Vodka", 1),
    ("crude oil", "Crude oil", 1),
    ("coking coal", "Coking coal", 1),
    ("seamless pipes", "Seamless steel pipes", 3),
    ("railway tank wagons", "Railway tank wagons", 1),
    # typos
    ("sunflowr oil", "Sunflower oil, refined", 3),
    ("portand cement", "Portland cement CEM I 42.5", 5),
    ("ferro chrome", "High-carbon ferrochrome", 3),
    ("galvanized steel coil", "Hot-dip galvanised steel coil", 3),
    # Russian
    ("пшеница", "Soft wheat, class 3 (milling)", 5),
    ("мука пшеничная", "Wheat flour, premium grade", 5),
    ("масло подсолнечное", "Sunflower oil, refined", 3),
    ("цемент", "Portland cement CEM I 42.5", 5),
    ("арматура", "Reinforcing bars (rebar)", 3),
    ("карбамид", "Urea", 1),
    ("аммофос", "Monoammonium phosphate (ammophos)", 1),
    ("сахар", "White sugar", 3),
    # codes: HS, dotted, TN VED and ECOWAS 10-digit, by HS prefix
    ("7214.20", "Reinforcing bars (rebar)", 1),
    ("2710.19.00", "Diesel fuel (automotive gas oil)", 5),
    ("1512", "Sunflower oil, refined", 5),
    ("1001 99 000 0", "Soft wheat, class 3 (milling)", 5),
    ("1512190000", "Sunflower oil, refined", 5),
]


# Sizes, quantities and packaging never have to be in a category, the site's own way of
# printing codes is read, trade words are read through the glossary.
UNDERSTOOD = [
    ("12mm rod", "Reinforcing bars (rebar)", 1),
    ("16mm iron rod", "Reinforcing bars (rebar)", 1),
    ("rebar 12mm", "Reinforcing bars (rebar)", 1),
    ("sunflower oil 20 litres", "Sunflower oil, refined", 1),
    ("HS 7214.20", "Reinforcing bars (rebar)", 1),
    ("gasoil", "Diesel fuel (automotive gas oil)", 3),
    ("Y16", "Reinforcing bars (rebar)", 1),
    ("galvanized pipe", "Welded steel pipes", 1),
    ("AGO", "Diesel fuel (automotive gas oil)", 1),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("query", "expected", "within"), RELEVANCE + UNDERSTOOD)
def test_buyer_queries_find_the_right_products_first(demo_catalogue, query, expected, within):
    assert expected in names(query, within)


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["groundnut oil", "palm oil", "cocoa beans"])
def test_products_not_offered_find_nothing(demo_catalogue, query):
    assert search(query).ranked == []


@pytest.mark.django_db
def test_codes_match_by_prefix_only(demo_catalogue):
    found = names("1001", 50)
    assert found and all("wheat" in name.lower() for name in found)
    assert "Wheat flour, premium grade" not in found


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["Kostanay wheat", "костанайская пшеница"])
def test_a_region_in_either_language_narrows_to_its_exporters(demo_catalogue, query):
    found = ProductCategory.objects.filter(pk__in=search(query).ranked[:10])
    assert found
    for category in found:
        regions = {o.exporter.region for o in category.offers.select_related("exporter")}
        assert "kostanay" in regions, category.name


def primary_codes(ids: list[int]) -> list[str]:
    primary = dict(
        CategoryCode.objects.filter(category_id__in=ids, is_primary=True).values_list(
            "category_id", "hs_code_id"
        )
    )
    return [primary[pk] for pk in ids]


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["72", "chapter 72", "HS chapter 72"])
def test_a_chapter_typed_any_way_lists_its_categories(demo_catalogue, query):
    found = primary_codes(search(query).ranked)
    assert len(found) > 10 and all(code.startswith("72") for code in found)


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["flour", "мука", "50kg bags of flour"])
def test_flour_means_wheat_flour_first(demo_catalogue, query):
    assert primary_codes(search(query).ranked[:1]) == ["110100"]


@pytest.mark.django_db
def test_a_trade_word_is_explained_and_what_it_means_comes_first(demo_catalogue):
    outcome = search("AGO 5,000 tons 12mm")
    assert [p.label for p in outcome.readings] == ["AGO (automotive gas oil, HS 2710.19)"]
    assert [f.label for f in outcome.understood.facts] == ["5000 t", "12 mm"]
    assert names("AGO 5,000 tons 12mm", 1) == ["Diesel fuel (automotive gas oil)"]


@pytest.mark.django_db
def test_other_oils_are_the_nearest_to_an_oil_not_offered(demo_catalogue):
    outcome = search("palm oil")
    assert not outcome.found and outcome.head_offered
    nearest = ProductCategory.objects.in_bulk(outcome.nearest)
    assert nearest and all("oil" in c.name.lower() for c in nearest.values())


@pytest.mark.django_db
def test_words_in_double_quotes_are_searched_as_typed(demo_catalogue):
    assert search('"gasoil"').ranked == []  # no category says gasoil; the glossary knows it
    assert search("gasoil").ranked
    found = names('"wheat flour"', 5)  # every word in the category, its HS texts included
    assert len(found) == 5 and all("wheat flour" in n.lower() for n in found)


@pytest.mark.django_db
def test_a_misspelling_is_read_and_said(demo_catalogue):
    outcome = search("sunflowr oil")
    assert outcome.corrections == {"sunflowr": "sunflower"}
    assert outcome.corrected_query == "sunflower oil"
