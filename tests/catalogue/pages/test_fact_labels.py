"""Facts of a query as the page says them, in English and in Russian."""

import re

import pytest
from django.utils import translation

from catalogue.pages.fact_labels import container_of, fact_label, packs_of
from catalogue.search.query import Kind, understand
from catalogue.search.query.packaging import PACKAGING_NOUNS
from catalogue.search.query.places import PLACES


def said(query: str, language: str) -> list[str]:
    with translation.override(language):
        return [fact_label(f) for f in understand(query).facts if f.kind != Kind.BUYER_PHRASE]


@pytest.mark.parametrize(
    ("query", "english", "russian"),
    [
        ("8mm wire rod", ["8 mm"], ["8 мм"]),
        ("palm oil 25 litres", ["25 l"], ["25 л"]),
        ("beans 25 kg sacks", ["25 kg bags"], ["мешки по 25 кг"]),
        ("maize in 1 t big bags", ["1 t big bags"], ["биг-бэги по 1 т"]),
        ("urea in bulk", ["in bulk"], ["навалом"]),
        ("soya for poultry farms", ["for poultry farms"], ["for poultry farms"]),
        ("about 200 t per year maize", ["about 200 t per year"], ["около 200 т в год"]),
        ("barley 12000 tons", ["12,000 t"], ["12\xa0000 т"]),
        ("2.5 t", ["2.5 t"], ["2,5 т"]),
        ("6 containers", ["6 containers"], ["6 контейнеров"]),
        ("3 x 40ft HC", ["3 × 40ft HC containers"], ["3 × 40-футовых контейнера HC"]),
        ("chicken 20ft", ["20ft container"], ["20-футовый контейнер"]),
        ("maize 14% moisture", ["14% moisture"], ["влажность 14%"]),
        ("class II cement", ["class II"], ["класс II"]),
        ("food grade salt", ["food grade"], ["пищевой"]),
        ("rebar ГОСТ Р 52544", ["GOST R 52544"], ["ГОСТ Р 52544"]),
        ("diesel Euro 4", ["Euro 4"], ["Евро-4"]),
        ("salt to Onne port", ["to Onne port"], ["доставка: порт Онне"]),
        ("salt CFR Abuja", ["CFR Abuja"], ["CFR Абуджа"]),
        ("kazakh barley", ["from Kazakhstan"], ["из Казахстана"]),
        ("HS 1003.90", ["HS 1003.90"], ["ГС 1003.90"]),
        ("глава 10", ["HS chapter 10"], ["группа ГС 10"]),
        ("Y20 rebar", ["Y20 (20 mm)"], ["Y20 (20 мм)"]),
        ("pipe 3/4 inch", ["0.75 inch"], ["0,75 дюйм."]),
        ("20 kW motor", ["20 kW"], ["20 кВт"]),
        ("A500C rebar", ["A500C"], ["A500C"]),
        # A number too large to be meant is the buyer's own words.
        ("2 000 000 000 000 000 t salt", ["2 000 000 000 000 000 t"], ["2 000 000 000 000 000 t"]),
    ],
)
def test_facts_are_said_in_the_page_language(query, english, russian):
    assert said(query, "en") == english
    assert said(query, "ru") == russian


def test_notes_keep_numbers_as_written():
    [fact] = understand("barley 12000 tons").facts
    with translation.override("ru"):
        assert fact_label(fact, grouped=False) == "12000 т"


def test_every_packaging_and_place_the_reader_names_has_a_russian_name():
    with translation.override("ru"):
        for label in set(PACKAGING_NOUNS.values()):
            fact = understand(f"rice in 50 kg {label.lower()}").facts_of(Kind.PACKAGING)
            shown = fact_label(fact[0])
            assert re.search("[а-я]", shown), (label, shown)
        for label in set(PLACES.values()):
            shown = fact_label(understand(f"delivered to {label}").facts[0])
            assert re.search("[а-я]", shown), (label, shown)


def test_a_count_of_packs_names_its_pack_with_the_size_given_apart():
    count, size = understand("sunflower oil 600 cartons 5 l").facts_of(Kind.QUANTITY)
    assert (packs_of(count, size), packs_of(count), packs_of(size)) == (
        "5 l cartons",
        "cartons",
        None,
    )
    with translation.override("ru"):
        assert packs_of(count, size) == "коробки по 5 л"


def test_a_count_of_containers_names_their_size():
    [sized] = understand("maize 3 x 20ft").facts
    [unsized] = understand("maize 3 containers").facts
    assert (container_of(sized), container_of(unsized)) == ("20ft container", None)
