"""A query cut into tokens once; every reader scans the tokens, none the text. Pure.

A token is a word as typed, with the punctuation around it trimmed, and a number glued
to its unit or to a multiplication sign cut off it: `12mm` → 12 | mm,
`1x40ft` → 1 | x | 40 | ft, `Ø16` → Ø | 16. Designations stay whole: `Y16`, `AI-92`,
`15-15-15`, `3rd`. The scan visits each character a bounded number of times.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from typing import TypeVar

from catalogue.lib.normalise import ascii_digits, fold
from catalogue.lib.units import read_number

_CHUNK = re.compile(r"\S+")
_OPENERS = frozenset("([{«\"'“„‘‹")
_CLOSERS = frozenset(")]}»\"'”“’›,;:!?.")
# After these a phrase ("for flour mills") does not run on into the next words.
_PAUSES = frozenset(",;)]}»")
_INCH_MARKS = frozenset("\"″”'")
_GLUED_TO_NUMBERS = frozenset("%\"″”°'")
_TIMES = frozenset("xX×*хХ")
_DIAMETER_SIGNS = frozenset("øØ⌀фФ")
_BEFORE_NUMBERS = _DIAMETER_SIGNS | _TIMES | frozenset("~≈")
_ORDINAL_ENDINGS = frozenset(["st", "nd", "rd", "th"])
_NUMBER_CHARACTERS = frozenset("0123456789.,/")

# Words that join others and mean nothing alone: dropped at the edges of the product.
FILLER = frozenset(
    [
        "a",
        "an",
        "the",
        "some",
        "any",
        "of",
        "for",
        "in",
        "to",
        "with",
        "from",
        "and",
        "or",
        "&",
        "+",
        "on",
        "at",
        "by",
        "per",
        "x",
        "х",  # Cyrillic, read as x: "40 х 40"
        "as",
        "into",
        "also",
        "is",
        "are",
        "i",
        "we",
        "me",
        "us",
        "my",
        "our",
        "you",
        "your",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "what",
        "which",
        "etc",
        "-",
        "/",
        "в",
        "во",
        "на",
        "с",
        "со",
        "из",
        "для",
        "по",
        "и",
        "или",
        "а",
        "к",
        "до",
        "от",
        "у",
        "за",
        "же",
    ]
)

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Token:
    text: str  # as typed
    key: str  # folded, ASCII digits: what the tables are matched against
    start: int  # offsets in the query
    end: int
    pause: bool = False  # a comma, semicolon or closing bracket follows it
    glued: bool = False  # cut from a longer word: 12 | mm


class Tokens:
    """The tokens of one query, and the query they came from."""

    def __init__(self, source: str, items: list[Token]):
        self.source = source
        self.items = items
        self.texts = [item.text for item in items]
        # Words as written between spaces; a piece of one ("12" of "12mm") is blank here.
        self.words = ["" if item.glued else item.text for item in items]

    def __len__(self) -> int:
        return len(self.items)

    def __getitem__(self, index: int) -> Token:
        return self.items[index]

    def key(self, index: int) -> str:
        """The token's key, or '' past either end: readers look ahead without bounds checks."""
        return self.items[index].key if 0 <= index < len(self.items) else ""

    def text(self, start: int, end: int) -> str:
        """The query as typed from token start up to (not including) token end."""
        return self.source[self.items[start].start : self.items[end - 1].end]

    def pause_before(self, index: int) -> bool:
        return index > 0 and self.items[index - 1].pause


def _key(text: str) -> str:
    key = fold(ascii_digits(text))
    return "x" if key in ("×", "*", "х") else key


def _number_end(text: str, at: int, end: int) -> int:
    """Where the number starting at `at` ends: 5,000 1.5 2710.19.00 1/2."""
    while at < end and text[at].isdecimal():
        at += 1
        if at + 1 < end and text[at] in ".,/" and text[at + 1].isdecimal():
            at += 1
    return at


def _pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    pieces = []
    at = start
    while at < end:
        here = text[at]
        follows_digit = at + 1 < end and text[at + 1].isdecimal()
        if here in _BEFORE_NUMBERS and follows_digit:
            pieces.append((at, at + 1))
            at += 1
            continue
        if not here.isdecimal():
            break
        after = _number_end(text, at, end)
        rest = text[after:end]
        glued = rest[:1].isalpha() or rest[:1] in _GLUED_TO_NUMBERS
        if not rest or not glued or fold(rest) in _ORDINAL_ENDINGS:
            break
        pieces.append((at, after))
        at = after
    if at < end:
        pieces.append((at, end))
    return pieces


def tokenise(text: str) -> Tokens:
    items: list[Token] = []
    for chunk in _CHUNK.finditer(text):
        start, end = chunk.span()
        while start < end and text[start] in _OPENERS:
            start += 1
        pause = False
        while end > start and text[end - 1] in _CLOSERS:
            if text[end - 1] in _INCH_MARKS and end - 2 >= start and text[end - 2].isdecimal():
                break
            pause = pause or text[end - 1] in _PAUSES
            end -= 1
        if start == end:
            if items and any(c in _PAUSES for c in chunk.group()):
                items[-1] = replace(items[-1], pause=True)
            continue
        pieces = _pieces(text, start, end)
        for n, (a, b) in enumerate(pieces):
            last = n == len(pieces) - 1
            glued = len(pieces) > 1
            items.append(Token(text[a:b], _key(text[a:b]), a, b, pause and last, glued))
    return Tokens(text, items)


def number(key: str) -> Decimal | None:
    """The number a token's key is: '5,000', '1,5', '12.5', '1/2'; None if it is none."""
    if not key[:1].isdigit() or not key[-1:].isdigit() or not set(key) <= _NUMBER_CHARACTERS:
        return None
    if "/" in key:
        top, _, bottom = key.partition("/")
        if not (top.isdigit() and bottom.isdigit() and len(top) <= 3 and len(bottom) <= 3):
            return None
        if int(bottom) == 0:
            return None
        return (Decimal(top) / Decimal(bottom)).quantize(Decimal("0.001")).normalize()
    try:
        return read_number(key)
    except InvalidOperation:
        return None


def number_at(tokens: Tokens, index: int) -> tuple[Decimal, int] | None:
    """The number at the token and the token after it; `5 000` (groups of three) is one."""
    key = tokens.key(index)
    value = number(key)
    if value is None:
        return None
    end = index + 1
    if key.isdigit() and len(key) <= 3:
        groups = [key]
        while (
            len(groups) < 5
            and len(tokens.key(end)) == 3
            and tokens.key(end).isdigit()
            and not tokens.pause_before(end)
        ):
            groups.append(tokens.key(end))
            end += 1
        value = Decimal("".join(groups))
    return value, end


def phrase_at(
    tokens: Tokens, index: int, table: Mapping[tuple[str, ...], T], longest: int
) -> tuple[T, int] | None:
    """The longest phrase of the table (keys as word tuples) at the token, with its end."""
    for size in range(min(longest, len(tokens) - index), 0, -1):
        if any(tokens[k].pause for k in range(index, index + size - 1)):
            continue
        found = table.get(tuple(tokens.key(k) for k in range(index, index + size)))
        if found is not None:
            return found, index + size
    return None


def word_table(groups: Mapping[str, Iterable[str]]) -> dict[tuple[str, ...], str]:
    """{label: phrases} → {phrase as a tuple of words: label}, for phrase_at."""
    return {tuple(phrase.split()): label for label, phrases in groups.items() for phrase in phrases}


def longest(table: Mapping[tuple[str, ...], object]) -> int:
    return max(len(key) for key in table)


def word_forms(stem: str, endings: str) -> list[str]:
    """Russian forms of a word: word_forms("мешк", "и,ах") → ['мешки', 'мешках']."""
    return [stem + ending for ending in endings.split(",")]
