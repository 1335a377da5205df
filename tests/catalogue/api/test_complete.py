"""/api/complete/: what the search box offers as a buyer types."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from catalogue.models import ProductCategory
from tests.factories import make_category

pytestmark = pytest.mark.django_db
URL = "/api/complete/"


@pytest.fixture
def catalogue(hs):
    make_category(name="Durum wheat", name_ru="Пшеница твёрдая", code="100119", slug="durum-wheat")
    make_category(
        name="Soft wheat, class 4",
        name_ru="Пшеница мягкая 4 класса",
        code="100199",
        slug="soft-wheat",
    )
    make_category(name="Wheat bran", name_ru="Отруби пшеничные", code="230230", slug="wheat-bran")
    make_category(name="Buckwheat", name_ru="Гречиха", code="100810", slug="buckwheat")
    make_category(name="Diesel fuel", name_ru="Дизельное топливо", code="271019", slug="diesel")
    call_command("reindex_search", stdout=io.StringIO())


def test_categories_and_trade_words_with_links(client, catalogue):
    response = client.get(URL, {"q": "whe"})
    assert response.status_code == 200
    assert "public" in response["Cache-Control"]
    data = response.json()
    assert data["query"] == "whe"
    first = data["results"][0]
    assert first == {
        "kind": "category",
        "label": "Durum wheat",
        "detail": "",
        "url": "http://testserver/products/durum-wheat/",
    }
    labels = [r["label"] for r in data["results"]]
    assert labels[:2] == ["Durum wheat", "Soft wheat, class 4"] and "Wheat bran" in labels
    assert "Buckwheat" not in labels
    (ago,) = client.get(URL, {"q": "AGO"}).json()["results"]
    assert ago == {
        "kind": "term",
        "label": "AGO",
        "detail": "automotive gas oil, HS 2710.19",
        "url": "http://testserver/?q=AGO",
    }


def test_russian_gives_russian_names_and_pages(client, catalogue):
    results = client.get(URL, {"q": "пше", "lang": "ru"}).json()["results"]
    durum = next(r for r in results if r["kind"] == "category")
    assert durum["label"] == "Пшеница твёрдая"
    assert durum["url"] == "http://testserver/ru/products/durum-wheat/"
    english_typed = client.get(URL, {"q": "durum", "lang": "ru"}).json()["results"][0]
    assert (english_typed["label"], english_typed["detail"]) == ("Пшеница твёрдая", "Durum wheat")
    term = next(r for r in client.get(URL, {"q": "ago", "lang": "ru"}).json()["results"])
    assert term["url"] == "http://testserver/ru/?q=AGO"


def test_kazakh_gives_kazakh_names(client, hs):
    make_category(name="Durum wheat", name_ru="Пшеница твёрдая", name_kk="Қатты бидай")
    call_command("reindex_search", stdout=io.StringIO())
    for typed in ("бид", "durum", "пшеница"):
        first = client.get(URL, {"q": typed, "lang": "kk"}).json()["results"][0]
        assert first["label"] == "Қатты бидай"


def test_a_change_to_the_catalogue_shows_at_once(
    client, catalogue, django_capture_on_commit_callbacks
):
    assert client.get(URL, {"q": "whe"}).json()["results"][0]["label"] == "Durum wheat"
    with django_capture_on_commit_callbacks(execute=True):
        wheat = ProductCategory.objects.get(slug="durum-wheat")
        wheat.is_published = False
        wheat.save()
    labels = [r["label"] for r in client.get(URL, {"q": "whe"}).json()["results"]]
    assert "Durum wheat" not in labels and "Soft wheat, class 4" in labels


@pytest.mark.parametrize(
    "params, message",
    [
        ({}, "Give what is typed so far in q"),
        ({"q": "w" * 201}, "q is longer than 200 characters."),
        ({"q": "whe", "lang": "de"}, "lang must be one of en, ru, kk."),
        ({"q": "whe\x00"}, "Parameters must not contain NUL characters."),
    ],
)
def test_bad_input_is_a_400_with_a_message(client, catalogue, params, message):
    response = client.get(URL, params)
    assert response.status_code == 400
    assert response.json()["error"].startswith(message)


def test_the_length_limit_is_the_search_box_s(client, catalogue):
    from catalogue.search import MAX_QUERY

    assert client.get(URL, {"q": "w" * MAX_QUERY}).status_code == 200


@pytest.mark.parametrize(
    "q",
    ["", " ", "w", "%", "'; DROP TABLE x; --", "\u202ewhe", "🌾" * 50, "ﷺ" * 200,
     "whe\x01\x7f", "ＷＨＥ", "\u0301" * 200, "a b c d e f g h"],
)  # fmt: skip
def test_hostile_input_gets_a_200_and_at_most_eight(client, catalogue, q):
    response = client.get(URL, {"q": q})
    assert response.status_code == 200
    assert len(response.json()["results"]) <= 8


def test_text_that_is_not_utf_8_is_read_as_best_it_can(client, catalogue):
    response = client.get(URL + "?q=wh%ff%fe%c3")
    assert response.status_code == 200
    assert response.json()["results"] == client.get(URL, {"q": "wh"}).json()["results"]


def test_a_short_query_offers_nothing(client, catalogue):
    assert client.get(URL, {"q": "w"}).json()["results"] == []
    assert client.get(URL, {"q": ""}).json()["results"] == []


def test_only_get(client, catalogue):
    assert client.post(URL, {"q": "whe"}).status_code == 405
    assert client.put(URL).status_code == 405


def test_the_api_index_points_to_it(client, catalogue):
    link = client.get(reverse("api:index")).json()["complete"]
    url = link.replace("{text}", "whe").replace("{language}", "en")
    assert client.get(url).json()["results"][0]["label"] == "Durum wheat"


def test_trade_words_for_goods_not_offered_are_not_suggested(client, catalogue):
    # PMS is petrol (2710.12): the catalogue lists no petrol, so it would lead nowhere.
    labels = [r["label"] for r in client.get(URL, {"q": "pms"}).json()["results"]]
    assert "PMS" not in labels
    ago = client.get(URL, {"q": "ago", "lang": "ru"}).json()["results"][0]
    assert (ago["label"], ago["detail"]) == ("AGO", "дизельное топливо, 2710.19")  # no English


@pytest.mark.parametrize("typed", ["du\u00adrum", "du\u200brum", "ｄｕｒｕｍ", "\ufeffdurum"])
def test_invisible_and_fullwidth_characters_complete_as_the_plain_word(client, catalogue, typed):
    labels = [r["label"] for r in client.get(URL, {"q": typed}).json()["results"]]
    assert labels[:1] == ["Durum wheat"]
