"""How the understood line says trade words, from search outcomes built by hand: no database."""

from django.utils import translation

from catalogue.pages.understood import understood
from catalogue.search import SearchOutcome
from catalogue.search.query import Fact, Kind, Query
from catalogue.search.reading import Phrase
from catalogue.suggest.engine import GlossaryEntry


def phrase(term: str, *codes: str, means: str = "", typed: str = "") -> Phrase:
    entry = GlossaryEntry(term, means, codes)
    return Phrase(entry, frozenset(term.split()), typed or term)


def line(product: str, *readings: Phrase, facts: tuple[Fact, ...] = (), **outcome) -> str:
    query = Query(product, product, facts)
    found = SearchOutcome(product, query, ranked=[1], readings=readings, **outcome)
    return " · ".join(understood(found).parts)


def test_a_code_within_or_around_one_listed_before_is_not_listed_again():
    hrc = phrase("hot coil", "7208", "720839")
    plate = phrase("steel plate", "720839", "720851")
    assert line("hot coil steel plate", hrc, plate) == "hot coil (HS 7208); steel plate"


def test_a_later_trade_word_lists_only_the_codes_not_said():
    gas = phrase("cooking gas", "271112", "271113")
    propane = phrase("propane gas", "271113", "271112", "271119")
    said = line("cooking gas propane gas", gas, propane)
    assert said == "cooking gas (HS 2711.12, 2711.13); propane gas (HS 2711.19)"


def test_a_typed_code_a_trade_word_lists_is_not_repeated_as_a_fact():
    fact = Fact(Kind.CODE, "HS 2711.12", "2711.12")
    gas = phrase("cooking gas", "271112", "271113")
    assert line("cooking gas", gas, facts=(fact,)) == "cooking gas (HS 2711.12, 2711.13)"
    other = Fact(Kind.CODE, "HS 2711.19", "2711.19")
    assert line("cooking gas", gas, facts=(other,)).endswith(" · HS 2711.19")


def test_the_buyer_capitals_are_kept_else_the_words_as_read():
    avgas = phrase("avgas 100ll", "271012")
    assert line("Avgas 100LL, drums", avgas) == "Avgas 100LL, drums — Avgas 100LL (HS 2710.12)"
    assert line("avgas 100ll", avgas) == "avgas 100ll (HS 2710.12)"


def test_a_misspelt_word_is_shown_as_corrected():
    said = line("whaet flour", corrections={"whaet": "wheat"})
    assert said == "wheat flour"


def test_hs_is_said_in_the_page_language():
    with translation.override("ru"):
        assert line("hhk", phrase("hhk", "271019")) == "HHK (ГС 2710.19)"
