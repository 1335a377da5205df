"""The filters' fields are rendered once per catalogue version, language and values."""

import pytest

from catalogue.pages.filters import CategoryFilter
from tests.factories import make_category, make_exporter, make_offer

pytestmark = pytest.mark.django_db


@pytest.fixture
def offered(committed):
    exporter = committed(make_exporter, "Steppe Grain LLP", region="kostanay")
    committed(make_offer, exporter, committed(make_category, "Durum wheat", "100119"))


def selected(html: str, name: str) -> str:
    start = html.index(f'name="{name}"')
    select = html[start : html.index("</select>", start)]
    return select.split(" selected>")[0].rsplit('value="', 1)[1].split('"')[0]


def test_the_values_chosen_stay_chosen(client, offered):
    assert selected(client.get("/", {"region": "kostanay"}).text, "region") == "kostanay"
    assert selected(client.get("/", {"region": "pavlodar"}).text, "region") == "pavlodar"
    assert selected(client.get("/", {"region": "kostanay"}).text, "region") == "kostanay"


def test_a_refused_value_shows_its_error_every_time(client, offered):
    for _ in range(2):
        html = client.get("/", {"chapter": "7x"}).text
        assert "An HS chapter is two digits." in html


def test_a_new_chapter_appears_once_the_catalogue_changes(client, offered, committed):
    assert 'value="72"' not in client.get("/").text
    committed(make_category, "Iron rods", "721420")
    assert 'value="72"' in client.get("/").text


def test_each_language_gets_its_own_fields(client, offered):
    assert "Exporter region" in client.get("/").text
    assert "Exporter region" not in client.get("/ru/").text


def test_rendering_twice_gives_the_same_html(rf, offered):
    request_data = {"region": "kostanay", "sort": "name"}
    first = CategoryFilter(request_data).fields_html()
    assert first == CategoryFilter(request_data).fields_html()
    assert 'value="name" selected' in first
