"""Names in the order a reader of Russian, Kazakh or English expects, from keys that sort as
plain bytes."""

import random
import string

import pytest

from catalogue.lib.collation import KEY_LENGTH, name_orders, sort_key
from catalogue.lib.languages import translated

RUSSIAN = "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ"
KAZAKH = "АӘБВГҒДЕЁЖЗИЙКҚЛМНҢОӨПРСТУҰҮФХҺЦЧШЩЪЫІЬЭЮЯ"


def in_order(names, language):
    return sorted(names, key=lambda name: sort_key(name, language))


def shuffled(names):
    names = list(names)
    random.Random(7).shuffle(names)
    return names


def test_the_russian_alphabet_in_its_order_with_yo_beside_ye():
    words = [f"{letter}ра" for letter in RUSSIAN]
    ordered = in_order(shuffled(words), "ru")
    # Ё is Е at the first level: Ёра ties with Ера there, and comes after it.
    assert ordered == words


def test_yo_sorts_with_ye_for_a_russian_reader_and_after_the_plain_letter_at_a_tie():
    assert in_order(["Ель", "Ёлка", "Елка", "Ежевика"], "ru") == [
        "Ежевика",
        "Елка",
        "Ёлка",
        "Ель",
    ]


def test_the_kazakh_alphabet_in_its_order_with_yo_a_letter_of_its_own():
    words = [f"{letter}ра" for letter in KAZAKH]
    assert in_order(shuffled(words), "kk") == words
    assert in_order(["Ёлка", "Ель", "Жом"], "kk") == ["Ель", "Ёлка", "Жом"]


def test_kazakh_letters_sit_beside_their_russian_neighbours_not_after_ya():
    names = ["Яблоко", "Ірімшік", "Ұн", "Қант", "Әтір", "Бидай", "Ыдыс", "Ь", "Үкі"]
    expected = ["Әтір", "Бидай", "Қант", "Ұн", "Үкі", "Ыдыс", "Ірімшік", "Ь", "Яблоко"]
    assert in_order(names, "kk") == expected
    assert in_order(names, "ru") == expected


def test_case_does_not_count_and_lower_case_comes_first_at_a_tie():
    assert in_order(["мука", "Масло", "МЁД", "Мед"], "ru") == ["Масло", "Мед", "МЁД", "мука"]
    assert in_order(["Мука", "мука", "МУКА"], "ru") == ["мука", "Мука", "МУКА"]


def test_quotes_and_punctuation_are_ignored():
    names = ["«Астана» мука", "Бидай", '"Ақ Дала" ұны', "(Алма)", "Әтір"]
    assert in_order(names, "kk") == ['"Ақ Дала" ұны', "(Алма)", "«Астана» мука", "Әтір", "Бидай"]


def test_a_word_sorts_before_longer_ones_it_begins():
    assert in_order(["Мукомольный", "Мука ржаная", "Мука"], "ru") == [
        "Мука",
        "Мука ржаная",
        "Мукомольный",
    ]
    assert in_order(["Cement-clinker", "Cement clinker", "Cementite"], "en")[-1] == "Cementite"


def test_digits_come_before_letters():
    assert in_order(["Сталь", "10 мм", "Ä", "2 мм", "Cement"], "ru")[:2] == ["10 мм", "2 мм"]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("ru", ["Бидай", "Цемент", "Cement", "Sugar"]),
        ("kk", ["Бидай", "Цемент", "Cement", "Sugar"]),
        ("en", ["Cement", "Sugar", "Бидай", "Цемент"]),
    ],
)
def test_the_readers_own_script_first_then_the_other(language, expected):
    assert in_order(["Sugar", "Цемент", "Cement", "Бидай"], language) == expected


def test_accents_count_only_at_a_tie():
    assert in_order(["cafe", "Café", "Cafes", "Cafe"], "en") == ["cafe", "Cafe", "Café", "Cafes"]


def test_letters_of_other_scripts_come_last():
    assert in_order(["Ωmega", "Zinc", "Алма"], "en") == ["Zinc", "Алма", "Ωmega"]


def test_keys_are_lower_case_ascii_digits_and_letters_that_fit_their_column():
    text = "".join(random.Random(3).choices(KAZAKH + string.printable + "«»ёЁéß", k=900))
    for language in ("en", "ru", "kk"):
        key = sort_key(text, language)
        assert len(key) <= KEY_LENGTH
        assert set(key) <= set(string.digits + string.ascii_lowercase)


def test_an_empty_or_unknown_language_reads_as_english():
    assert sort_key("Бидай", "de") == sort_key("Бидай", "en") == sort_key("Бидай", None)
    assert sort_key("Бидай", "ru-RU") == sort_key("Бидай", "ru")
    assert sort_key("", "ru") < sort_key("А", "ru")


class Named:
    def __init__(self, name, name_ru="", name_kk=""):
        self.name, self.name_ru, self.name_kk = name, name_ru, name_kk


def test_each_languages_key_is_of_the_name_that_language_shows():
    both = Named("Durum wheat", "Пшеница твёрдая", "Қатты бидай")
    russian_only = Named("Durum wheat", "Пшеница твёрдая")
    for named in (both, russian_only):
        keys = name_orders(named)
        assert keys == {
            field: sort_key(translated(named, "name", language)[0], language)
            for field, language in (
                ("name_order", "en"),
                ("name_order_ru", "ru"),
                ("name_order_kk", "kk"),
            )
        }
    assert name_orders(russian_only)["name_order_kk"] == sort_key("Пшеница твёрдая", "kk")


def test_a_letter_typed_with_a_combining_mark_sorts_as_the_composed_letter():
    for language in ("ru", "kk", "en"):
        assert sort_key("Е\u0308лка", language) == sort_key("Ёлка", language)


def test_keys_hold_after_a_flood_of_words_that_never_recur():
    """Words are remembered once seen, within a bound: a file of random names cannot grow
    that memory without end, nor change a key."""
    from catalogue.lib import collation

    names = ["Пшеница твёрдая, 2-й класс", "Durum wheat", "Қатты бидай"]
    before = [sort_key(name, language) for name in names for language in ("en", "ru", "kk")]
    rng = random.Random(3)
    for n in range(collation._WORDS_KEPT + 10):
        sort_key(f"{''.join(rng.choices(string.ascii_letters, k=12))} {n}", "en")
    assert len(collation._WORDS["en"]) <= collation._WORDS_KEPT
    collation._sort_key.cache_clear()
    assert [sort_key(name, language) for name in names for language in ("en", "ru", "kk")] == before
