"""On a Russian or Kazakh page, search ranks what is named in that language first; Kazakh
names are searched as written."""

import pytest

from catalogue.search import search
from tests.factories import make_category

pytestmark = pytest.mark.django_db


@pytest.fixture
def cables(hs):
    # Named in Russian alone, and in Kazakh alone: "кабель" is a word of both languages.
    russian = make_category(name="Power cable", name_ru="Кабель силовой", code="854449")
    kazakh = make_category(name="Cable", name_kk="Кабель", code="854449")
    return russian, kazakh


def ranked(query, language):
    return search(query, language=language).ranked


def test_a_kazakh_page_ranks_the_category_named_in_kazakh_first(cables):
    russian, kazakh = cables
    assert ranked("кабель", "kk")[:2] == [kazakh.pk, russian.pk]


def test_a_russian_page_ranks_the_category_named_in_russian_first(cables):
    russian, kazakh = cables
    assert ranked("кабель", "ru")[:2] == [russian.pk, kazakh.pk]


def test_english_ranking_takes_no_account_of_the_page_language(cables):
    assert ranked("cable", "en") == ranked("cable", "kk") == ranked("cable", "ru")
    assert ranked("кабель", "en") == search("кабель").ranked


def test_a_shared_word_ranks_the_kazakh_name_first_where_both_have_the_russian(hs):
    plain = make_category(name="Cement", name_ru="Цемент", code="252329")
    bagged = make_category(
        name="Cement in bags", name_ru="Цемент в мешках", name_kk="Қаптағы цемент", code="252329"
    )
    assert ranked("цемент", "ru")[0] == plain.pk
    assert ranked("цемент", "kk")[0] == bagged.pk


def test_a_kazakh_name_is_found_by_its_words_unstemmed(hs):
    wheat = make_category(name="Durum wheat", name_ru="Пшеница твёрдая", name_kk="Қатты бидай")
    flour = make_category(
        name="Wheat flour", name_ru="Мука пшеничная", name_kk="Бидай ұны", code="110100"
    )
    assert ranked("ұны", "kk") == [flour.pk]
    assert set(ranked("бидай", "kk")) == {wheat.pk, flour.pk}
    assert ranked("қатты бидай", "kk")[0] == wheat.pk


def test_the_kazakh_page_searches_in_kazakh_first(client, cables):
    russian, kazakh = cables
    response = client.get("/kk/", {"q": "кабель"})
    shown = [c.pk for c in response.context["listing"].page.object_list]
    assert shown[:2] == [kazakh.pk, russian.pk]


def readings(query, language):
    return [p.typed for p in search(query, language=language).readings]


def test_a_trade_word_only_a_hidden_name_has_is_still_explained(hs):
    # "дизель" is a word of the Kazakh name alone: English and Russian pages do not show it.
    make_category(
        name="Diesel fuel", name_ru="Дизельное топливо", name_kk="Дизель отыны", code="271019"
    )
    assert readings("дизель", "en") == readings("дизель", "ru") == ["дизель"]
    assert readings("дизель", "kk") == []  # the Kazakh name says it


def test_a_name_pasted_with_characters_that_show_nothing_is_found(hs):
    # A soft hyphen and a zero-width joiner, as documents carry them.
    flour = make_category(name="Wheat flour", name_kk="Би\u00adдай ұ\u200dны", code="110100")
    assert flour.pk in ranked("бидай ұны", "kk")
    assert flour.pk in ranked("бидай", "kk")
