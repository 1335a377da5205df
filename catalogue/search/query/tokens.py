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
_NUMBER_CHARACTERS = frozenset("0123456789.,/'’")
_GROUP_MARKS = frozenset("'’")  # 5'000, as Swiss and some Russian price lists write it
_EXPONENT = re.compile(r"e[+-]?[0-9]{1,3}")

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
        # The words a code may be read from: a code is written in ASCII digits (the query
        # is NFKC-folded first, so full-width ones are ASCII by then); ٧٢١٤ is no code.
        self.code_words = [w if _ascii_digits_only(w) else "" for w in self.words]
        self._group_ends = self._find_group_ends()

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

    def group_end(self, index: int) -> int:
        """The token after the groups of three digits that follow this one: `5 000 000 t`
        → the index of t. Found for every token at once, from the end: linear time."""
        return self._group_ends[index]

    def _continues_number(self, index: int) -> bool:
        key = self.key(index)
        return len(key) == 3 and key.isdigit() and not self.pause_before(index)

    def _find_group_ends(self) -> list[int]:
        ends = list(range(1, len(self.items) + 2))
        for index in range(len(self.items) - 1, -1, -1):
            if self._continues_number(index + 1):
                ends[index] = ends[index + 1]
        return ends


def _ascii_digits_only(word: str) -> bool:
    return all(c.isascii() or not c.isdigit() for c in word)


def _key(text: str) -> str:
    key = fold(ascii_digits(text))
    return "x" if key in ("×", "*", "х") else key


def _number_end(text: str, at: int, end: int) -> int:
    """Where the number starting at `at` ends: 5,000 1.5 2710.19.00 1/2."""
    while at < end and text[at].isdecimal():
        at += 1
        if _joins_digits(text, at, end):
            at += 1
    return at


def _joins_digits(text: str, at: int, end: int) -> bool:
    """Whether the mark at `at` joins the digits around it into one number: the dot of 1.5,
    the comma of 5,000, the slash of 1/2; an apostrophe only before a group of exactly
    three digits (5'000, not the 5'6" of feet and inches)."""
    if at + 1 >= end or not text[at + 1].isdecimal():
        return False
    if text[at] in ".,/":
        return True
    after = at + 4
    return (
        text[at] in _GROUP_MARKS
        and after <= end
        and text[at + 1 : after].isdecimal()
        and not text[after : after + 1].isdecimal()
    )


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
        return read_number(key, dot_groups=True)
    except InvalidOperation:
        return None


# Groups of three digits read digit by digit; more make a number over any limit anyway.
_GROUPS_READ = 6


def number_at(tokens: Tokens, index: int) -> tuple[Decimal, int] | None:
    """The number at the token and the token after it: `5 000` and `5 000 000 000` (groups
    of three, however many) are one, and so is `1e30`. The number may be absurd: readers
    say so (catalogue.search.query.facts.absurd), they do not read it otherwise."""
    key = tokens.key(index)
    value = number(key)
    if value is None:
        return None
    end = index + 1
    if (exponent := _exponent(tokens, end)) is not None:
        return value.scaleb(exponent), end + 1
    if key.isdigit() and len(key) <= 3:
        end = tokens.group_end(index)
        if end - index > _GROUPS_READ:
            # Far beyond any amount meant: its size is all that counts, and reading the
            # digits from every token of a long run would take quadratic time.
            value = value.scaleb(3 * (end - index - 1))
        else:
            value = Decimal("".join(tokens.key(k) for k in range(index, end)))
    return value, end


def _exponent(tokens: Tokens, at: int) -> int | None:
    """The exponent glued to a number (the e30 of 1e30), or None."""
    if at >= len(tokens) or tokens[at].start != tokens[at - 1].end:
        return None
    key = tokens.key(at)
    return int(key[1:]) if _EXPONENT.fullmatch(key) else None


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
