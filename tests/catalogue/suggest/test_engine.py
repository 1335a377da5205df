"""The suggester's core, without a database."""

import pytest

from catalogue.suggest.engine import Confirmed, Suggester
from catalogue.suggest.knowledge import bundled_knowledge
from catalogue.suggest.text import MAX_SPELLED, Speller


@pytest.fixture(scope="module")
def suggester():
    return Suggester(bundled_knowledge())


def top(suggester, text, n=1):
    return [s.code for s in suggester.suggest(text, n)]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Аммофос", "310540"),
        ("Ferro chrome", "720241"),
        ("AGO", "271019"),
        ("PMS", "271012"),
        ("iron rods", "721420"),
        ("roofing sheets", "721041"),
        ("pp granules", "390210"),
        ("baby formula", "190110"),
        ("sunflowr oil", "151219"),
        ("copper cathodes", "740311"),
        ("Карбамид", "310210"),
        ("ферросиликомарганец", "720230"),
        ("мука пшеничная", "110100"),
        ("пшеничная мука", "110100"),
        ("Portland cement", "252329"),
        ("crude oil", "270900"),
    ],
)
def test_trade_words_russian_and_typos_find_the_right_subheading(suggester, text, code):
    assert top(suggester, text) == [code]


@pytest.mark.parametrize("text", ["IRON RODS", "Iron Rod", "iron  rods!"])
def test_case_plurals_and_punctuation_do_not_matter(suggester, text):
    assert top(suggester, text) == ["721420"]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("7214.20", "721420"),
        ("2710.19.00", "271019"),
        ("1001 99 000 0", "100199"),
        ("1001990000", "100199"),
    ],
)
def test_codes_typed_as_text_resolve_directly(suggester, text, code):
    first = suggester.suggest(text, 3)[0]
    assert (first.code, first.score) == (code, 1.0)
    assert "typed" in first.reason


def test_a_typed_heading_lists_the_heading_then_its_subheadings(suggester):
    codes = top(suggester, "1512", 10)
    assert codes[0] == "1512"
    assert set(codes[1:]) == {"151211", "151219", "151221", "151229"}


def test_words_an_hs_text_excludes_count_against_it(suggester):
    # 1001.99 is "wheat and meslin, other than durum wheat".
    assert top(suggester, "durum wheat") == ["100119"]


def test_each_suggestion_says_why(suggester):
    ago = suggester.suggest("AGO", 1)[0]
    assert ago.reason.startswith("AGO = automotive gas oil")
    typo = suggester.suggest("sunflowr", 1)[0]
    assert "read 'sunflowr' as 'sunflower'" in typo.reason
    plain = suggester.suggest("unwrought zinc", 1)[0]
    assert plain.reason.startswith("matched 'unwrought', 'zinc'")


def test_suggestions_carry_their_heading_and_a_score_between_0_and_1(suggester):
    for s in suggester.suggest("refined sunflower oil", 5):
        assert 0 < s.score <= 1
        assert s.heading == s.code[:4] and s.heading_description


def test_scores_are_ranked(suggester):
    scores = [s.score for s in suggester.suggest("galvanised steel sheet", 5)]
    assert scores == sorted(scores, reverse=True)


@pytest.mark.parametrize("text", ["", "   ", "xq zzv", "!!!", "9999.99", "a" * 5000])
def test_nonsense_gets_no_suggestion_and_no_error(suggester, text):
    assert all(s.score < 0.5 for s in suggester.suggest(text, 5))


def test_an_officials_confirmation_teaches_the_suggester():
    knowledge = bundled_knowledge()
    before = Suggester(knowledge).suggest("Кнопка-999 удобрение", 1)
    taught = Suggester(knowledge, [Confirmed("Кнопка-999 удобрение", "310520")])
    first = taught.suggest("кнопка-999 удобрение", 1)[0]
    assert first.code == "310520"
    assert first.reason == "confirmed by an official for 'Кнопка-999 удобрение'"
    assert first.score > 0.95
    assert not before or before[0].code != "310520"
    # Close variants too: other word order and another word form.
    assert taught.suggest("удобрения кнопка-999", 1)[0].code == "310520"


def test_a_confirmation_for_an_unknown_code_is_ignored():
    taught = Suggester(bundled_knowledge(), [Confirmed("wheat", "999999")])
    assert "999999" not in top(taught, "wheat", 5)


def test_the_speller_leaves_a_word_longer_than_any_word_alone():
    speller = Speller(["wheat" + "x" * (MAX_SPELLED - 5)])
    assert speller.correct("wheat" + "x" * (MAX_SPELLED - 6) + "y") is not None
    # A pasted run of 970 letters would cost millions of deletions to look up.
    assert speller.correct("キロメートル" * 160) is None
