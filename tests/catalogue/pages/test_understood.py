"""The catalogue page says what it understood of a query, on the demo catalogue."""

import re
from html import unescape
from urllib.parse import parse_qs, unquote_plus

import pytest
from django.urls import reverse
from django.utils import translation

from catalogue.pages.understood import understood
from catalogue.search import SearchOutcome
from catalogue.search.query import understand
from catalogue.search.reading import Phrase
from catalogue.suggest.engine import GlossaryEntry
from catalogue.suggest.knowledge import read_glossary

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
    assert 'href="?q=%22AGO%22"' in response.text  # the product words; a size is no name
    assert response.context["listing"].page.object_list[0].name.startswith("Diesel fuel")


def test_a_query_read_as_typed_says_nothing_more(client, demo_catalogue):
    assert 'class="understood"' not in page(client, "wheat").text


def test_words_in_quotes_are_searched_as_typed_with_a_way_back(client, demo_catalogue):
    response = page(client, '"gasoil"')
    assert "does not offer" not in response.text  # diesel is offered, by other words
    assert "word for word" in response.text
    assert "as typed" in text_of(response.text, "understood")
    assert 'href="?q=gasoil"' in response.text


def test_a_corrected_spelling_is_shown_as_read_without_asking_again(client, demo_catalogue):
    response = page(client, "sunflowr oil 20 litres")
    assert text_of(response.text, "understood").startswith("Showing sunflower oil · 20 l.")
    assert text_of(response.text, "hint") == ""  # the line says it: no "did you mean"
    link = re.search(r'<a href="\?q=([^"]+)">Search the words as typed', response.text).group(1)
    assert unquote_plus(link) == '"sunflowr oil"'


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
    assert said.startswith("Показано: AGO (дизельное топливо, ГС 2710.19) · 5\xa0000 т.")
    assert "Искать слова как написаны" in said


def test_the_kazakh_page_explains_a_trade_word_in_kazakh(client, demo_catalogue):
    with translation.override("kk"):
        response = client.get("/kk/", {"q": "AGO"})
    assert text_of(response.text, "understood").startswith(
        "Көрсетілген: AGO (дизель отыны, HS коды 2710.19)."
    )


def test_an_explanation_in_another_language_than_the_page_s_says_which():
    entry = GlossaryEntry("ago", "automotive gas oil", ("271019",), gloss_ru="дизельное топливо")
    outcome = SearchOutcome(
        "AGO", understand("AGO"), readings=(Phrase(entry, frozenset(["ago"]), "ago"),)
    )
    with translation.override("kk"):
        kazakh = understood(outcome).product
    with translation.override("en"):
        english = understood(outcome).product
    assert kazakh == 'AGO (<span lang="ru">дизельное топливо</span>, HS коды 2710.19)'
    assert english == "AGO (automotive gas oil, HS 2710.19)"


def test_every_abbreviation_spelled_out_in_english_is_explained_in_russian_and_kazakh():
    entries = read_glossary()
    explained = {e.term for e in entries if e.gloss}
    assert {e.term for e in entries if e.gloss_ru and e.gloss_kk} == explained
    assert not [e.term for e in entries if (e.gloss_ru or e.gloss_kk) and not e.gloss]
    # One name each: a comma would read as a second explanation inside "(…, ГС 2710.19)".
    assert not [e.term for e in entries if "," in e.gloss_ru + e.gloss_kk]


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


def as_typed_link(html: str) -> str | None:
    found = re.search(r'<a href="\?([^"]+)">Search the words as typed', html)
    return unescape(found.group(1)) if found else None


@pytest.mark.parametrize("query", ["chapter 10", "HS 1001.99", "25 t", "3 x 20ft", "12mm"])
def test_a_code_or_sizes_alone_offer_no_search_of_the_words_as_typed(client, demo_catalogue, query):
    # Quoted, a code or a size names no product: a dead end.
    assert as_typed_link(page(client, query).text) is None


def test_the_words_as_typed_quote_the_product_words_alone(client, demo_catalogue):
    link = as_typed_link(page(client, "Whaet flour 20 t CIF Lagos").text)
    assert parse_qs(link) == {"q": ['"Whaet flour"']}


def test_a_quoted_query_is_quoted_once_in_the_heading(client, demo_catalogue):
    response = page(client, '"durum wheat"')
    heading = text_of(response.text.replace("<h1", "<p").replace("</h1>", "</p>"), "results-title")
    assert heading.endswith("products for “durum wheat”")


FILTERS = {
    "sector": "agriculture-and-food",
    "region": "kostanay",
    "incoterm": "FCA",
    "sort": "name",
}


def test_the_ways_between_the_readings_keep_the_filters_chosen(client, demo_catalogue):
    response = page(client, "whaet flour 20 t", page="1", **FILTERS)
    link = parse_qs(as_typed_link(response.text))
    assert link == {"q": ['"whaet flour"'], **{name: [value] for name, value in FILTERS.items()}}
    literal = page(client, '"whaet flour"', **FILTERS)
    back = re.search(r'<a href="\?([^"]+)">Search with trade words', literal.text).group(1)
    assert parse_qs(unescape(back)) == link | {"q": ["whaet flour"]}


def test_quoted_words_no_name_holds_offer_what_they_find_read_as_trade_words(
    client, demo_catalogue
):
    response = page(client, '"refined sunflowr oil"')
    assert "word for word" in response.text
    assert "Found with trade words and spellings read" in response.text
    assert [c.name for c in response.context["related"]][:1] == ["Sunflower oil, refined"]


def test_quoted_words_found_nowhere_offer_only_products_near_their_words(client, demo_catalogue):
    related = page(client, '"white crystal sugar"').context["related"]
    assert related and all("sugar" in c.name.lower() for c in related)


@pytest.mark.parametrize(
    ("query", "line"),
    [
        ("whaet flour", "Showing wheat flour."),  # as read, not as typed
        ("iron rodz", "Showing iron rods (HS 7214.20)."),  # no "did you mean iron rods"
        ("macaroni spagetti", "Showing macaroni (HS 1902.19); spaghetti."),
    ],
)
def test_a_corrected_word_is_shown_as_read_and_not_asked_about(client, demo_catalogue, query, line):
    response = page(client, query)
    assert text_of(response.text, "understood").startswith(line)
    assert text_of(response.text, "hint") == ""


@pytest.mark.parametrize(
    ("query", "code"),
    [("PMS petrol", "2710.12"), ("HHK DPK", "2710.19"), ("AGO 2710.19 10 t", "2710.19")],
)
def test_a_code_is_listed_once_on_the_line(client, demo_catalogue, query, code):
    said = text_of(page(client, query).text, "understood")
    assert said.count(code) == 1


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ("Iron Rods 16mm", "Iron Rods (HS 7214.20)"),  # the buyer's capitals
        ("Hrc coils", "HRC (HS 7208)"),  # the glossary's abbreviation
        ("atk", "ATK (aviation turbine kerosene, HS 2710.19)"),
    ],
)
def test_a_trade_word_keeps_its_capitals(client, demo_catalogue, query, shown):
    assert text_of(page(client, query).text, "understood").startswith(f"Showing {shown}")


def test_the_russian_page_says_hs_as_russian_does(client, demo_catalogue):
    with translation.override("ru"):
        response = client.get("/ru/", {"q": "дизель"})
    said = text_of(response.text, "understood")
    assert said.startswith("Показано: дизель (ГС 2710.19).")
    cards = re.findall(r'<span class="hs">([^<]+)</span>', response.text)
    assert cards and all(card.startswith("ГС ") for card in cards)
