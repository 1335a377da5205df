"""The home page before a search: the ways in by sector, with counts and featured products."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalogue.models import Sector
from catalogue.sector_ranges import read_range
from catalogue.sectors import reassign_sectors
from tests.factories import make_category

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(hs):
    made = {
        "cement": make_category(name="Portland cement", code="252329"),
        "rods": make_category(name="Reinforcing bars", code="721420"),
        "ore": make_category(name="Copper ore", code="260300"),
        "lpg": make_category(name="Liquefied propane", code="271112"),
        "furniture": make_category(name="Office furniture", code="940330"),
        "hidden": make_category(name="Cement clinker", code="252310", is_published=False),
    }
    construction = Sector.objects.get(slug="construction")
    construction.featured.set([made["rods"], made["cement"], made["hidden"]])
    return made


def sectors_shown(response) -> dict[str, int]:
    return {s.slug: s.count for s in response.context["sectors"]}


def test_the_home_page_leads_in_by_sector_with_counts_of_published_products(client, catalogue):
    response = client.get(reverse("catalogue:home"))
    shown = sectors_shown(response)
    assert list(shown)[:3] == ["agriculture-and-food", "oil-and-gas", "metals-and-mining"]
    assert shown["construction"] == 2  # the unpublished clinker is not counted
    assert (shown["metals-and-mining"], shown["oil-and-gas"], shown["machinery"]) == (1, 1, 0)
    assert shown["other"] == 1  # the furniture no sector covers
    html = response.text
    assert html.index('id="id_q"') < html.index("Browse by sector") < html.index("results-title")
    assert '<a href="/?sector=construction">Construction materials</a>' in html
    assert "2 products" in html


def test_the_home_page_shows_the_published_products_officials_feature(client, catalogue):
    (construction,) = [s for s in client.get("/").context["sectors"] if s.slug == "construction"]
    assert [f.name for f in construction.featured] == ["Portland cement", "Reinforcing bars"]
    html = client.get("/").text
    assert f'<a href="{catalogue["rods"].get_absolute_url()}">Reinforcing bars</a>' in html
    assert "Cement clinker" not in html


def test_a_sector_link_lists_that_sectors_products_and_other_the_rest(client, catalogue):
    def names(params):
        response = client.get(reverse("catalogue:home"), params)
        assert response.context["sectors"] == []  # a filtered list as before
        return {c.name for c in response.context["listing"].page.object_list}

    assert names({"sector": "construction"}) == {"Portland cement", "Reinforcing bars"}
    assert names({"sector": "other"}) == {"Office furniture"}
    assert names({"sector": "no-such-sector"}) == set()
    assert names({"sector": "construction", "q": "cement"}) == {"Portland cement"}


def test_a_search_shows_no_sectors(client, catalogue):
    assert client.get(reverse("catalogue:home"), {"q": "cement"}).context["sectors"] == []


def test_the_russian_home_page_names_sectors_in_russian(client, catalogue):
    html = client.get("/ru/").text
    assert '<a href="/ru/?sector=construction">Строительные материалы</a>' in html
    assert ">Строительные материалы (2)</option>" in html  # the filter's list
    assert "Прочее" in html


def test_the_sectors_cost_no_query_once_cached(client, catalogue):
    def queries(path, params=None):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path, params or {}).status_code == 200
        return len(captured)

    cold = queries(reverse("catalogue:home"))
    warm = queries(reverse("catalogue:home"))
    assert warm <= queries(reverse("catalogue:home"), {"sort": "name"})  # no sectors there
    # The filters' lists (chapters, certifications), then sectors, counts, featured products
    # and which of those are on Nigeria's prohibition list; the footer's dates (the
    # catalogue's, the rules'); who runs the catalogue. The list's entries are kept too:
    # their categories, codes, offers with exporters, certifications, Nigeria's rules.
    assert cold <= warm + 9 + 6


def test_the_counts_follow_the_catalogue_and_the_sectors(client, catalogue, committed):
    assert sectors_shown(client.get("/"))["construction"] == 2
    committed(make_category, name="Steel angles", code="721621")
    assert sectors_shown(client.get("/"))["construction"] == 3
    construction = Sector.objects.get(slug="construction")
    before = [r.hs_range for r in construction.ranges.all()]
    construction.ranges.filter(first="7216").delete()
    committed(reassign_sectors, [*before, read_range("7216")])
    shown = sectors_shown(client.get("/"))
    assert (shown["construction"], shown["metals-and-mining"]) == (2, 2)
