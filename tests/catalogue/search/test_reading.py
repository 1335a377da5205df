"""Reading a query's product words: the head noun, its qualifiers, spellings, trade words."""

import pytest

from catalogue.search.reading import read
from catalogue.suggest.engine import GlossaryEntry
from catalogue.suggest.text import stem, stems

WORDS = (
    "iron rod rods oil sunflower palm wheat flour cement sand sharp granite diesel ago supply "
    "chicken laps frozen refined caustic soda flakes мука пшеничная масло подсолнечное "
    "пшеница aluminium ingots wire barbed rolls"
)
KNOWN = {stem(w) for w in WORDS.split()}
GLOSSARY = {
    tuple(sorted(stems(e.term))): e
    for e in [
        GlossaryEntry("ago", "automotive gas oil diesel fuel", ("271019",)),
        GlossaryEntry("iron rods", "bars rods iron non-alloy steel", ("721420",)),
        GlossaryEntry("frozen chicken", "meat fowls frozen", ("020712",)),
        GlossaryEntry("chicken laps", "meat fowls cuts frozen", ("020714",)),
        GlossaryEntry("aluminum", "aluminium"),
        GlossaryEntry("galvanized", "plated coated zinc"),
    ]
}


def reading(product: str, **more):
    return read(product, known=KNOWN, glossary=GLOSSARY, **more)


@pytest.mark.parametrize(
    ("product", "head", "qualifiers"),
    [
        ("iron rod", "rod", ["iron"]),
        ("sunflower oil", "oil", ["sunflow"]),
        ("oil, refined", "oil", []),  # a comma starts another noun phrase
        ("sunflower oil refined", "oil", ["sunflow", "refin"]),
        ("caustic soda flakes", "soda", ["caustic", "flake"]),
        ("мука пшеничная", "мук", ["пшеничн"]),
        ("подсолнечное масло", "масл", ["подсолнечн"]),
    ],
)
def test_the_head_is_the_last_english_noun_and_the_first_russian_one(product, head, qualifiers):
    found = reading(product)
    assert found.head.stem == head
    assert [q.stem for q in found.qualifiers] == qualifiers


def test_further_noun_phrases_are_more_products_not_qualifiers():
    found = reading("cement, sharp sand, granite")
    assert found.head.stem == "cement"
    assert found.qualifiers == ()
    assert [t.stem for t in found.others] == ["sharp", "sand", "granit"]


def test_a_word_counted_by_a_number_is_a_unit_unless_it_is_all_there_is():
    assert reading("2 trucks of sharp sand").head.stem == "sand"
    assert reading("200 tyres").head.stem == stem("tyres")


def test_an_unknown_word_never_becomes_the_head_while_a_known_one_can():
    found = reading("frozen chicken xyzzy")
    assert found.head.stem == "chicken"
    unknown = next(t for t in found.qualifiers if t.stem == "xyzzi")
    assert not unknown.known


def test_glossary_phrases_are_found_from_the_head_end():
    found = reading("frozen chicken laps")
    assert [p.entry.term for p in found.phrases] == ["chicken laps"]


def test_a_trade_abbreviation_means_what_its_letters_stand_for():
    found = reading("AGO")
    [phrase] = found.phrases
    assert phrase.gloss == "automotive gas oil"
    assert phrase.label == "AGO (automotive gas oil, HS 2710.19)"
    assert found.meaning == tuple(stems("automotive gas oil"))


def test_a_trade_word_for_goods_of_several_headings_is_shown_with_each():
    oil = GlossaryEntry("vegetable oil", "vegetable oils", ("151190", "150790", "151219"))
    hrc = GlossaryEntry("hrc", "hot-rolled coils", ("7208", "720839", "720838"))
    glossary = {("oil", "veget"): oil, ("hrc",): hrc}
    known = KNOWN | {"veget", "hrc"}
    [phrase] = read("vegetable oil", known=known, glossary=glossary).phrases
    assert phrase.label == "vegetable oil (HS 1511.90, 1507.90, 1512.19)"
    [phrase] = read("HRC", known=known, glossary=glossary).phrases
    assert phrase.label == "HRC (HS 7208)"
    rods = GlossaryEntry("iron rods", "bars rods iron", ("721420", "7214"))
    [phrase] = read("iron rods", known=known, glossary={("iron", "rod"): rods}).phrases
    assert phrase.label == "iron rods (HS 7214.20)"


def test_a_spelling_the_glossary_gives_is_a_synonym_a_definition_is_not():
    assert reading("aluminum ingots").qualifiers[0].synonyms == (stem("aluminium"),)
    assert reading("galvanized").head.synonyms == ()


def test_misspellings_are_corrected_and_marked_as_guesses():
    found = read("sunflowr oil", known=KNOWN, correct={"sunflowr": "sunflow"}.get)
    assert found.corrections == {"sunflowr": "sunflow"}
    assert found.qualifiers[0].guessed


@pytest.mark.parametrize(
    ("typed", "compound"),
    [("water melon", "watermelon"), ("buck wheat", "buckwheat"), ("sun flower oil", "sunflower")],
)
def test_a_compound_typed_apart_is_read_as_the_compound_and_finds_it_written_apart(typed, compound):
    known = KNOWN | {stem(w) for w in ("water", "melon", "watermelon", "buckwheat")}
    found = read(typed, known=known, glossary=GLOSSARY)
    joined = next(t for t in found.product_terms if t.stem == stem(compound))
    first, second = typed.split()[:2]
    assert f" {stem(first)} {stem(second)} " in joined.needles
    assert {stem(first), stem(second)} <= set(found.searched)
    assert found.corrections == {}


def test_two_words_that_are_a_trade_phrase_apart_stay_apart():
    gas_oil = GlossaryEntry("gas oil", "gas oil diesel", ("271019",))
    glossary = {**GLOSSARY, ("gas", "oil"): gas_oil}
    found = read("marine gas oil", known=KNOWN | {"gas", "gasoil", "marin"}, glossary=glossary)
    assert [t.stem for t in found.product_terms] == ["marin", "gas", "oil"]
    assert [p.entry.term for p in found.phrases] == ["gas oil"]


@pytest.mark.parametrize(("typed", "meant"), [("iron rood", "rod"), ("irn rods", "iron")])
def test_a_misspelling_beside_a_word_it_makes_a_trade_phrase_with_is_read_so(typed, meant):
    # The speller alone would take the commoner word: roofing for "rood".
    found = read(typed, known=KNOWN | {"roof"}, glossary=GLOSSARY, correct=lambda s: "roof")
    assert stem(meant) in found.corrections.values()
    [phrase] = found.phrases
    assert phrase.label == "iron rods (HS 7214.20)"  # not misspelt


def test_russian_typed_in_latin_letters_is_read_in_cyrillic():
    found = reading("pshenitsa")
    assert found.head.stem == stem("пшеница")
    assert found.corrections == {"pshenitsa": stem("пшеница")}


def test_purposes_and_grades_are_kept_apart_from_the_product():
    found = read("flour", "bakery", "premium grade", known=KNOWN)
    assert [t.stem for t in found.product_terms] == ["flour"]
    assert [t.stem for t in found.purposes] == ["bakeri"]
    assert [t.stem for t in found.specs] == ["premium", "grade"]


def test_nothing_to_read_gives_no_head():
    assert reading("").head is None
    assert reading("42").head is None


def test_a_purpose_with_the_product_may_be_a_trade_phrase():
    generator_fuel = GlossaryEntry("generator fuel", "diesel fuel gas oil", ("271019",))
    glossary = {("fuel", "generat"): generator_fuel}
    found = read("fuel", "generator", known=KNOWN | {"fuel", "generat"}, glossary=glossary)
    assert [p.entry.term for p in found.purpose_phrases] == ["generator fuel"]
    assert found.phrases == ()  # the product alone is not the phrase: it only ranks


def test_a_hyphenated_word_is_read_by_its_parts_and_its_joined_form_is_not_respelled():
    found = read("sunflower-oil", known=KNOWN, correct=lambda s: "sunflow")
    assert [t.stem for t in found.product_terms] == ["sunflow", "oil"]
    assert found.corrections == {}


def test_a_russian_word_also_finds_the_shorter_stem_its_other_forms_have():
    known = KNOWN | {stem("цыплят"), stem("цыплята")}
    [term] = read("цыплята", known=known).product_terms
    assert stem("цыплят") in term.synonyms and f" {stem('цыплят')} " in term.needles
    # Not a stem too short to mean one word: медью is not мёд.
    [copper] = read("медью", known=KNOWN | {"мед", "медь"}).product_terms
    assert "мед" not in copper.synonyms
