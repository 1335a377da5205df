"""Text as a search reads it: nothing invisible, compatibility forms folded."""

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from catalogue.lib.normalise import searchable_text


@pytest.mark.parametrize(
    "invisible",
    ["\u00ad", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u200e", "\u200f", "\u061c"]
    + ["\u202a", "\u202e", "\u2066", "\u2069", "\ufe0f", "\U000e0041"],
)
def test_invisible_characters_are_removed(invisible):
    assert searchable_text(f"sun{invisible}flower{invisible} oil") == "sunflower oil"


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("ﬁne ﬂour", "fine flour"),
        ("ｍａｉｚｅ", "maize"),
        ("２５ｋｇ", "25kg"),
        ("Ｍ５００", "M500"),
        ("ПЦ\u3000400", "ПЦ 400"),  # an ideographic space
        ("м³", "м3"),
        ("P₂O₅", "P2O5"),
        ("ℓ", "l"),
        ("¾ inch", "3/4 inch"),
        ("2¼ inch", "2 1/4 inch"),
        ("Dangote®", "Dangote"),
    ],
)
def test_compatibility_forms_are_folded(typed, read):
    assert searchable_text(typed) == read


@pytest.mark.parametrize(("typed", "read"), [("❶ rice", "  rice"), ("⑴", " "), ("⒈", " ")])
def test_list_marks_are_no_numbers(typed, read):
    assert searchable_text(typed) == read


@pytest.mark.parametrize(("typed", "read"), [("wheat ¹", "wheat "), ("²⁷", ""), ("10³", "10")])
def test_a_superscript_not_after_a_letter_is_a_footnote_mark(typed, read):
    assert searchable_text(typed) == read


def test_every_format_character_is_removed():
    format_characters = [chr(c) for c in range(0x110000) if unicodedata.category(chr(c)) == "Cf"]
    assert searchable_text("a" + "".join(format_characters) + "b") == "ab"


@given(st.text(max_size=300))
def test_the_text_read_is_stable_and_shows_nothing_invisible(text):
    once = searchable_text(text)
    assert searchable_text(once) == once
    assert unicodedata.normalize("NFKC", once) == once
    assert not any(unicodedata.category(c) in ("Cc", "Cf", "Cs") for c in once)


@pytest.mark.parametrize(
    ("typed", "read"),
    [("мукa", "мука"), ("cемена льна", "семена льна"), ("whеat flour", "wheat flour")],
)
def test_a_word_typed_across_a_keyboard_switch_is_read_in_one_script(typed, read):
    assert searchable_text(typed) == read


@pytest.mark.parametrize("typed", ["B500 арматура", "АИ-92", "AI-92 бензин", "Y12 rods"])
def test_words_each_in_one_script_are_left_as_typed(typed):
    assert searchable_text(typed) == typed
