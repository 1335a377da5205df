"""The catalogue page says what it understood of a query, on the demo catalogue."""

import re
from html import unescape
from urllib.parse import unquote_plus

import pytest
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db


def page(client, query: str, **params):
    return client.get(reverse("catalogue:home"), {"q": query, **params})


def text_of(html: str, css_class: str) -> str:
    found = re.search(rf'<p class="{css_class}">(.*?)</p>', html, re.S)
    return unescape(re.sub(r"<[^>]+>", "", found.group(1))) if found else ""


def test_the_page_says_how_it_read_a_trade_word_a_size_and_a_quantity(client, demo_catalogue):
    response = page(client, "AGO 5000 tons 12mm")
    said = text_of(response.text, "understood")
    assert said.startswith("Showing AGO (automotive gas oil, HS 2710.19) · 5,000 t · 12 mm.")
    assert "Search the words as typed" in said
    assert 'href="?q=%22AGO%205000%20tons%2012mm%22"' in response.text
    assert response.context["listing"].page.object_list[0].name.startswith("Diesel fuel")


def test_a_query_read_as_typed_says_nothing_more(client, demo_catalogue):
    assert 'class="understood"' not in page(client, "wheat").text


def test_words_in_quotes_are_searched_as_typed_with_a_way_back(client, demo_catalogue):
    response = page(client, '"gasoil"')
    assert "does not offer" not in response.text  # diesel is offered, by other words
    assert "word for word" in response.text
    assert "as typed" in text_of(response.text, "understood")
    assert 'href="?q=gasoil"' in response.text


def test_a_corrected_spelling_offers_the_corrected_query(client, demo_catalogue):
    response = page(client, "sunflowr oil 20 litres")
    assert text_of(response.text, "hint") == "Did you mean sunflower oil 20 litres?"
    link = re.search(r'Did you mean <a href="\?q=([^"]+)"', response.text).group(1)
    assert unquote_plus(link) == "sunflower oil 20 litres"


def test_a_product_not_offered_shows_the_nearest_honestly(client, demo_catalogue):
    response = page(client, "palm oil 20 litres")
    assert "does not offer “palm oil”" in response.text
    assert "Not the same product, but close" in response.text
    related = [c.name for c in response.context["related"]]
    assert related and all("oil" in name.lower() for name in related)


def test_a_size_alone_asks_which_product(client, demo_catalogue):
    response = page(client, "12mm")
    assert "Which product do you need?" in response.text
    assert "does not offer" not in response.text
    assert response.context["related"] == []


def test_results_carry_the_query_to_the_category_and_its_interest_form(client, demo_catalogue):
    response = page(client, "16mm iron rod 30 tons")
    first = response.context["listing"].page.object_list[0]
    assert f'href="{first.get_absolute_url()}?q=16mm%20iron%20rod%2030%20tons"' in response.text
    category = client.get(first.get_absolute_url(), {"q": "16mm iron rod 30 tons"})
    assert f"?product={first.slug}&amp;q=16mm%20iron%20rod%2030%20tons" in category.text
    plain = page(client, "rebar")
    assert "?q=" not in re.search(r'<ol class="results">.*?</ol>', plain.text, re.S).group(0)


def test_the_russian_page_says_it_in_russian(client, demo_catalogue):
    with translation.override("ru"):
        response = client.get("/ru/", {"q": "AGO 5000 tons"})
    said = text_of(response.text, "understood")
    assert said.startswith("Показано: AGO (automotive gas oil, HS 2710.19) · 5\xa0000 т.")
    assert "Искать слова как написаны" in said


def test_the_api_says_what_it_understood(client, demo_catalogue):
    data = client.get(reverse("api:categories"), {"q": "AGO 5000 tons"}).json()
    assert data["understood"] == {
        "product": "AGO",
        "facts": [{"kind": "quantity", "label": "5000 t"}],
        "readings": ["AGO (automotive gas oil, HS 2710.19)"],
        "corrections": {},
        "found": True,
    }
    assert "understood" not in client.get(reverse("api:categories")).json()


def test_the_russian_page_says_the_facts_in_russian(client, demo_catalogue):
    with translation.override("ru"):
        response = client.get("/ru/", {"q": "wheat 5000 t in bulk for flour mills, 12.5% protein"})
    said = text_of(response.text, "understood")
    assert "5\xa0000 т · навалом · for flour mills · белок 12,5%." in said
    assert not re.search(r"\b(t|in bulk|protein)\b", said)


@pytest.mark.parametrize(
    "query",
    ["sunﬂower oil", "sun\u00adflower oil", "sun\u200bflower oil", "ｓｕｎｆｌｏｗｅｒ ｏｉｌ"],
)
def test_what_was_typed_is_never_offered_back_as_a_correction(client, demo_catalogue, query):
    response = page(client, query)
    assert text_of(response.text, "hint") == ""
    assert response.context["listing"].outcome.query == "sunflower oil"
