"""Alphabetical order of names for a reader of English, Russian or Kazakh, as a sort key.
Pure.

sort_key() turns a name into a string of digits and lower-case Latin letters whose plain
byte order is the order a reader expects. Every collation (C, glibc, ICU) orders such
strings as bytes, so a database sorts by a stored key with an ordinary index, the same on
SQLite and PostgreSQL whatever the database's collation, and Python sorts by it too. By
the names themselves, SQLite's byte order puts Ё before А and the Kazakh letters after Я,
and PostgreSQL's depends on how the database was created.

The order, level by level:
1. Letters, digits and word breaks: case and accents do not count, punctuation and
   quotes are ignored («Астана» sorts under А), any run of spaces, dashes, slashes or
   commas is one word break, which sorts before everything (Мука before Мукомольный).
   Digits come first, digit by digit; then the letters of the reader's script; then the
   other script's; then letters of any other script, by code point.
   Cyrillic follows the Kazakh alphabet, of which the Russian one is the part without
   Ә Ғ Қ Ң Ө Ұ Ү Һ І: А Ә Б В Г Ғ Д Е Ё Ж З И Й К Қ Л М Н Ң О Ө П Р С Т У Ұ Ү Ф Х Һ Ц Ч
   Ш Щ Ъ Ы І Ь Э Ю Я. For Russian, Ё is Е at this level (as Russian dictionaries have
   it); for Kazakh it is a letter of its own after Е (as the Kazakh alphabet has it).
   The reader's own script comes first: an English reader sees Latin names before
   Cyrillic ones, a Russian or Kazakh reader Latin names (brands) after Cyrillic ones.
2. Accents, and Ё against Е for Russian: the plain letter first (Елка before Ёлка).
3. Case: lower case first.
Only the first KEY_LETTERS letters and digits count; the database breaks the rare tie
beyond them by id.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from catalogue.lib.languages import LANGUAGES, field_for, page_language, translated

KEY_LETTERS = 80
# Longest key: two characters a letter, and one each for accents and case, with the two
# level marks.
KEY_LENGTH = 4 * KEY_LETTERS + 2

CYRILLIC = "аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя"
LATIN = "abcdefghijklmnopqrstuvwxyz"
# Keys are written with digits and lower-case Latin letters alone, which every collation
# orders as bytes: a column needs no collation of its own. A weight is two characters of
# these, "0" aside: 35 × 35 weights.
_SYMBOLS = "123456789abcdefghijklmnopqrstuvwxyz"
_BASE = len(_SYMBOLS)
_LAST = _BASE * _BASE - 1
# Ends a level: below every weight, so a name that is the start of another sorts first.
_LEVEL_END = "0"
_BREAK = re.compile(r"[\s\-\u2010-\u2015\u2212/\\,;:|+&]+")
_WORD_BREAK, _FIRST_DIGIT, _FIRST_LETTER = 0, 1, 11
# Accents and case: the plain letter and lower case are "1", the lowest mark of a level,
# left off its end (it orders the same, shorter).
_PLAIN, _E_WITH_DIAERESIS, _ACCENTED = "1", "2", "3"
_LOWER, _UPPER = "1", "2"


def _weights(language: str) -> dict[str, int]:
    letters = CYRILLIC + LATIN if language in ("ru", "kk") else LATIN + CYRILLIC
    if language == "ru":
        letters = letters.replace("ё", "")
    weights = {letter: _FIRST_LETTER + i for i, letter in enumerate(letters)}
    if language == "ru":
        weights["ё"] = weights["е"]
    return weights


_WEIGHTS = {language: _weights(language) for language in ("en", "ru", "kk")}
_OTHER_LETTERS = _FIRST_LETTER + len(CYRILLIC) + len(LATIN)


def _encoded(weight: int) -> str:
    weight = min(weight, _LAST)
    return _SYMBOLS[weight // _BASE] + _SYMBOLS[weight % _BASE]


def _primary(char: str, weights: dict[str, int]) -> tuple[int, str] | None:
    """The weight of a folded character and its accent mark, or None for a character
    ignored (punctuation, symbols)."""
    if char in weights:
        russian_yo = char == "ё" and weights[char] == weights["е"]
        return weights[char], _E_WITH_DIAERESIS if russian_yo else _PLAIN
    if char.isdecimal():
        return _FIRST_DIGIT + unicodedata.decimal(char), _PLAIN
    base = unicodedata.normalize("NFKD", char)[:1]
    if base != char and base in weights:
        return weights[base], _ACCENTED
    if char.isalpha():
        return _OTHER_LETTERS + ord(char), _PLAIN
    return None


def sort_key(text: str, language: str | None) -> str:
    """The key that orders `text` among names for a reader of `language` (en, ru or kk;
    "ru-RU" as ru, anything else as en). Keys compare correctly as plain bytes."""
    # Composed first: "Ё" typed as Е and a combining diaeresis sorts as the letter Ё.
    return _sort_key(unicodedata.normalize("NFC", text or ""), page_language(language))


@lru_cache(maxsize=65536)
def _sort_key(text: str, language: str) -> str:
    seen = _WORDS[language]
    primary: list[str] = []
    accents: list[str] = []
    case: list[str] = []
    for part in _BREAK.split(text):
        found = seen.get(part)
        if found is None:
            found = _word_levels(part, language)
            if len(part) <= _WORD_KEPT_LENGTH:
                if len(seen) >= _WORDS_KEPT:
                    seen.clear()  # words that never recur (a hostile file) make way
                seen[part] = found
        if found[0]:  # a part of punctuation alone is no word
            primary.append(found[0])
            accents.append(found[1])
            case.append(found[2])
    # Two characters a letter on the first level, one on the others; a word break is the
    # lowest weight, and plain, lower case.
    levels = (
        _encoded(_WORD_BREAK).join(primary)[: 2 * KEY_LETTERS],
        _PLAIN.join(accents)[:KEY_LETTERS].rstrip(_PLAIN),
        _LOWER.join(case)[:KEY_LETTERS].rstrip(_LOWER),
    )
    return _LEVEL_END.join(levels)


# The levels of each word, per language, worked out when first seen: names share most of
# their words. Bounded, so that no file of names can grow it without end.
_WORDS: dict[str, dict[str, tuple[str, str, str]]] = {language: {} for language in _WEIGHTS}
_WORDS_KEPT, _WORD_KEPT_LENGTH = 50_000, 40


def _word_levels(word: str, language: str) -> tuple[str, str, str]:
    """A word's letters and digits on each level: weights, accents, case."""
    seen = _CHARACTERS[language]
    primary, accents, case = [], [], []
    for char in word:
        found = seen.get(char)
        if found is None:
            found = _character(char, _WEIGHTS[language])
            if len(seen) < _CHARACTERS_KEPT:
                seen[char] = found
        for weight, accent, letter_case in found:
            primary.append(weight)
            accents.append(accent)
            case.append(letter_case)
    return "".join(primary), "".join(accents), "".join(case)


# Each character's part of the levels, per language, worked out when first seen; no more
# than a few scripts' worth of them is kept.
_CHARACTERS: dict[str, dict[str, tuple[tuple[str, str, str], ...]]] = {
    language: {} for language in _WEIGHTS
}
_CHARACTERS_KEPT = 20_000


def _character(char: str, weights: dict[str, int]) -> tuple[tuple[str, str, str], ...]:
    """(weight, accent, case) of each letter a character folds to ("ß" is two); nothing
    for a character ignored."""
    letter_case = _UPPER if char.isupper() else _LOWER
    found = []
    for folded in char.casefold():
        weighed = _primary(folded, weights)
        if weighed is not None:
            found.append((_encoded(weighed[0]), weighed[1], letter_case))
    return tuple(found)


def name_orders(named: object) -> dict[str, str]:
    """The sort keys of an object with a name (and perhaps name_ru, name_kk), by field:
    name_order, name_order_ru, name_order_kk, each the key of the name a page in that
    language shows (catalogue.lib.languages.translated)."""
    return {
        field_for("name_order", language): sort_key(
            translated(named, "name", language)[0], language
        )
        for language in LANGUAGES
    }


def by_label(choices: Iterable[tuple[Any, Any]], language: str | None) -> list[tuple[Any, Any]]:
    """Choices (value, label) in the alphabetical order of their labels as a reader of the
    language sees them; a lazy label is read in the active language."""
    return sorted(choices, key=lambda choice: sort_key(str(choice[1]), language))
