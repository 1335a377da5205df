"""Text normalisation shared by imports, forms, search and HS suggestions. Pure."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_NON_WORD = re.compile(r"[^\w]+")
# C0 and C1 controls, lone surrogates and the two non-characters: never meant as text, and
# what XML (so xlsx) and PostgreSQL cannot store. Tabs and line breaks are handled apart.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_LINE_BREAKS = re.compile(r"[\t\n\r\u2028\u2029]")
# Bidirectional embeddings, overrides and isolates: in a one-line name they serve only to
# make it read otherwise than it is stored.
_BIDI_CONTROLS = re.compile(r"[\u202a-\u202e\u2066-\u2069]")
# Name keys are stored in columns of this length; NFKC can make a name longer (one
# character of U+FDFA becomes eighteen), so a key is cut to fit rather than overflow.
NAME_KEY_LENGTH = 300


def clean_text(text: str, *, multiline: bool = False) -> str:
    """Text from outside as it may be stored and exported: control characters removed;
    tabs and line breaks kept where text may span lines, else turned into spaces (and
    bidirectional controls removed)."""
    text = _CONTROL.sub("", text)
    if multiline:
        return text.replace("\r\n", "\n").replace("\r", "\n")
    return _LINE_BREAKS.sub(" ", _BIDI_CONTROLS.sub("", text))


# Characters that show nothing besides the format characters (category Cf: the soft
# hyphen, zero-width spaces and joiners, the byte order mark, word joiners, bidirectional
# marks): the combining grapheme joiner, Hangul fillers, Khmer and Mongolian vowel signs
# that are not written, variation selectors. Pasted text carries them unseen.
_INVISIBLE = re.compile(
    "[\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u3164\ufe00-\ufe0f\uffa0\U000e0100-\U000e01ef]"
)


def visible(text: str) -> str:
    """The characters of a text that show: without format characters (zero-width spaces,
    the soft hyphen...) and the invisible ones above."""
    return "".join(c for c in _INVISIBLE.sub("", text) if unicodedata.category(c) != "Cf")


# Trade marks say nothing of the goods, and NFKC would spell ™ as the letters TM.
_MARKS = re.compile("[\u00a9\u00ae\u2120\u2122]")


def _number_sign(char: str, before: str) -> str:
    """A digit that is no decimal digit (category No) as a search reads it: an exponent
    after a letter (m², P₂O₅) is folded, a fraction (1½) parted from the number before it;
    a stray superscript is a footnote mark, and ①, ⑴, ❶ mark a list: neither is a number."""
    kind = unicodedata.decomposition(char).partition(" ")[0]
    if kind in ("<super>", "<sub>"):
        return char if before.isalpha() else ""
    if kind == "<fraction>":
        return f" {char}" if before.isdecimal() else char
    return " "


def _visible(char: str, before: str) -> str:
    category = unicodedata.category(char)
    if category == "Cf":
        return ""
    return _number_sign(char, before) if category == "No" else char


def searchable_text(text: str) -> str:
    """Text typed into a search box as search reads it, and as it is shown back: controls,
    format characters and other invisible ones removed, compatibility forms folded by NFKC
    (ﬁ → fi, ｗｈｅａｔ → wheat, １２ｍｍ → 12mm, m² → m2), signs like ①, ² and ½ read as
    _number_sign says. Case and spacing are kept: "did you mean" compares with this."""
    text = _MARKS.sub("", _INVISIBLE.sub("", clean_text(text)))
    text = "".join(_visible(c, text[i - 1] if i else "") for i, c in enumerate(text))
    text = unicodedata.normalize("NFKC", text).replace("\u2044", "/")
    return _MIXED_WORD.sub(_one_script, text)


# Letters that look alike in Latin and Cyrillic: a word typed across a keyboard switch
# ("мукa" with a Latin a, "cемена") is read in the script most of its letters are in.
_LOOKALIKES = "aAcCeEoOpPxXyBHKMTk", "аАсСеЕоОрРхХуВНКМТк"
_TO_CYRILLIC = str.maketrans(*_LOOKALIKES)
_TO_LATIN = str.maketrans(_LOOKALIKES[1], _LOOKALIKES[0])
_MIXED_WORD = re.compile(r"\b(?=\w*[a-zA-Z])(?=\w*[а-яёА-ЯЁ])\w+")


def _one_script(match: re.Match) -> str:
    word = match.group(0)
    cyrillic = sum("а" <= c.lower() <= "я" or c in "ёЁ" for c in word)
    latin = sum(c.isascii() and c.isalpha() for c in word)
    return word.translate(_TO_CYRILLIC if cyrillic >= latin else _TO_LATIN)


def ascii_digits(text: str) -> str:
    """Digits of any script or form as ASCII: '١٢٣', '１２３' and '¹²³' become '123'.

    Python's str.isdigit() and regex \\d accept every script's digits (and '²'), which
    databases and int() do not all take; codes and numbers are read through this first.
    """
    if text.isascii():
        return text
    text = unicodedata.normalize("NFKC", text)
    return "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in text)


def is_ascii_number(text: str) -> bool:
    """A whole number written with the digits 0-9 only (not '²', not '١٢')."""
    return text.isascii() and text.isdigit()


NUMBER_CAP = 10**18


def whole_number(text: str) -> int | None:
    """A query-string or form number as an int, or None if it is not ASCII digits; numbers
    of more than 18 digits read as 10^18, more than anything is asked for (int() would
    refuse one of 4,300 digits)."""
    if not is_ascii_number(text):
        return None
    return int(text) if len(text) <= 18 else NUMBER_CAP


def fold(text: str) -> str:
    """Lower case, ё as е, compatibility forms unified (ﬁ, full-width digits)."""
    text = unicodedata.normalize("NFKC", text or "").casefold()
    return text.replace("ё", "е")


@lru_cache(maxsize=65536)
def name_key(text: str) -> str:
    """The identity of a name: case, punctuation and spacing do not count."""
    key = " ".join(_NON_WORD.sub(" ", fold(text)).replace("_", " ").split())
    return key[:NAME_KEY_LENGTH].rstrip()
