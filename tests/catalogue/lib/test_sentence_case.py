"""Sentence case for the official Russian texts, published in capitals. No database."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from catalogue.lib.sentence_case import sentence_case


@pytest.mark.parametrize(
    ("published", "readable"),
    [
        ("ЛОШАДИ, ОСЛЫ, МУЛЫ И ЛОШАКИ ЖИВЫЕ", "Лошади, ослы, мулы и лошаки живые"),
        ("МОЛОЧНАЯ ПРОДУКЦИЯ; ЯЙЦА ПТИЦ;  МЕД", "Молочная продукция; яйца птиц; мед"),
        # Abbreviations: listed, or without a vowel.
        ("ТОВАРЫ ИЗ ЕАЭС ПО ТН ВЭД", "Товары из ЕАЭС по ТН ВЭД"),
        ("ТРУБЫ ИЗ ПВХ", "Трубы из ПВХ"),
        ("ИСТОЧНИКИ СВЕТА СВЕТОДИОДНЫЕ (LED)", "Источники света светодиодные (LED)"),
        ("ПЛИТЫ С ОРИЕНТИРОВАННОЙ СТРУЖКОЙ (OSB)", "Плиты с ориентированной стружкой (OSB)"),
        # Roman numerals stay, letters of a note's items do not.
        ("ТОВАРЫ РАЗДЕЛА XVI", "Товары раздела XVI"),
        (
            "КРОМЕ ИСКЛЮЧЕННЫХ ПРИМЕЧАНИЕМ 1 (Б) ИЛИ 1 (В)",
            "Кроме исключенных примечанием 1 (б) или 1 (в)",
        ),
        # Chemical formulae, even with a Cyrillic Е typed for a Latin E.
        ("В ПЕРЕСЧЕТЕ НА FЕ2O3", "В пересчете на Fe2O3"),
        ("НЕ БОЛЕЕ 85 МАС.% H3BO3", "Не более 85 мас.% H3BO3"),
        # Units written against the number.
        ("ШИРИНОЙ 600ММ ИЛИ БОЛЕЕ", "Шириной 600 мм или более"),
        ("СОДЕРЖАЩИЕ 70МАС.% ИЛИ БОЛЕЕ", "Содержащие 70 мас.% или более"),
        ("С ЧИСТОТОЙ 99,94МАС.%", "С чистотой 99,94 мас.%"),
        ("НА НАПРЯЖЕНИЕ БОЛЕЕ 1000В", "На напряжение более 1000 В"),
        ("ДЛЯ ПЕРЕВОЗКИ 10ЧЕЛОВЕК ИЛИ БОЛЕЕ", "Для перевозки 10 человек или более"),
        # Latin names of plants and animals: the genus capitalised, the rest not.
        ("КУРЫ ДОМАШНИЕ (GALLUS DOMESTICUS)", "Куры домашние (Gallus domesticus)"),
        ("ЦИКОРИЙ (CICHORIUM SPP.)", "Цикорий (Cichorium spp.)"),
        ("ПЕНЬКА (CANNABIS SATIVA L.)", "Пенька (Cannabis sativa L.)"),
        ("ПЕРЕЦ РОДА PIPER; ПЛОДЫ РОДА CAPSICUM", "Перец рода Piper; плоды рода Capsicum"),
        ("ПОКРЫТИЯ (ВКЛЮЧАЯ ЩЕТИНИСТЫЕ (TURF))", "Покрытия (включая щетинистые (turf))"),
    ],
)
def test_sentence_case_keeps_capitals_that_mean_something(published, readable):
    assert sentence_case(published) == readable


@given(
    st.lists(
        st.text(alphabet="АБВГДЕЖЗИКЛМНОПРСТУФХЦЧШЩЫЭЮЯ", min_size=1, max_size=12), max_size=12
    ).map(lambda words: ", ".join(words))
)
def test_sentence_case_of_plain_capitals_changes_only_the_case(text):
    result = sentence_case(text)
    assert result.upper() == text
    assert result == sentence_case(result.upper())
