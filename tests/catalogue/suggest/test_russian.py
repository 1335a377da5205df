"""The suggester learns from the Russian nomenclature too, and English stays as it was.
No database."""

import dataclasses

import pytest

from catalogue.suggest.engine import HSKnowledge, Suggester, _russian_root
from catalogue.suggest.knowledge import bundled_knowledge, read_glossary
from catalogue.suggest.text import clause_stems, stem


@pytest.fixture(scope="module")
def with_russian():
    return Suggester(bundled_knowledge())


@pytest.fixture(scope="module")
def english_only():
    """The same knowledge without its Russian texts, as the suggester was before them."""
    entries = [
        dataclasses.replace(e, description_ru="") for e in bundled_knowledge().entries.values()
    ]
    return Suggester(HSKnowledge(entries, read_glossary()))


@pytest.mark.parametrize(
    ("text", "heading"),
    [
        ("лошади живые", "0101"),  # official text of a heading with no Russian subheading
        ("якоря", "7316"),  # the project's text of a heading the official extract lacks
        ("спички", "3605"),
        ("копра", "1203"),
    ],
)
def test_a_russian_name_no_glossary_knows_finds_its_heading(
    with_russian, english_only, text, heading
):
    assert english_only.suggest(text) == []
    assert with_russian.suggest(text)[0].code[:4] == heading


def test_without_the_glossary_russian_texts_rank_the_right_subheading_first():
    suggester = Suggester(HSKnowledge(bundled_knowledge().entries.values(), []))
    # 1001.11 "Пшеница твердая семенная" has a word the query lacks; 1001.19 "Пшеница
    # твердая, кроме семенной" does not.
    assert [s.code for s in suggester.suggest("пшеница твердая", 2)] == ["100119", "100111"]


def test_russian_exclusions_negate_and_with_or_without_does_not():
    assert clause_stems("Пшеница твердая, кроме семенной") == [
        ("пшениц", False),
        ("тверд", False),
        ("семен", True),
    ]
    assert not any(
        negated for _, negated in clause_stems("с добавлением или без добавления сахара")
    )
    assert ("начинк", True) in clause_stems("Макаронные изделия без начинки")


@pytest.mark.parametrize(
    "text",
    ["LED television", "LED lamps", "MDF board", "live chickens Gallus domesticus", "durum wheat"],
)
def test_english_suggestions_do_not_change(with_russian, english_only, text):
    def ranked(suggester):
        return [(s.code, s.score, s.reason) for s in suggester.suggest(text)]

    assert ranked(with_russian) == ranked(english_only)


def test_suggestions_carry_the_russian_texts(with_russian):
    (flour,) = with_russian.suggest("110100", 1)
    assert flour.description_ru == "Мука пшеничная или пшенично-ржаная"
    assert flour.heading_description_ru == flour.description_ru


def test_copper_and_honey_are_told_apart_though_their_stems_were_one(with_russian):
    assert with_russian.suggest("медь")[0].code[:2] == "74"
    assert with_russian.suggest("медь рафинированная")[0].code[:2] == "74"
    assert with_russian.suggest("мёд натуральный")[0].code[:4] == "0409"


@pytest.mark.parametrize(
    ("word", "noun"),
    [("арахисовая", "арахис"), ("шерстяная", "шерст"), ("томатная", "томат")],
)
def test_a_russian_adjective_is_read_as_the_noun_it_is_made_from_too(word, noun):
    known = {stem(word), noun}
    assert _russian_root(word, stem(word), known) == (noun,)
    assert _russian_root("паста", stem("паста"), known | {stem("паста")}) == ()
