"""Normalise HS and TN VED codes as people and spreadsheets write them. Pure.

Codes are text. A spreadsheet may hand us `0201 10 000 2` (TN VED, spaced),
`3004.90` (dotted HS), `20500` (a number that lost its leading zero),
`402210000.0` or `4.0221E+08` (numbers with a float's habits). Every HS
chapter below 10 starts with a zero, and real codes have an even number of
digits, so an odd count means a lost zero.
"""

from __future__ import annotations

import re
from collections.abc import Container, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from catalogue.lib.messages import gettext_noop
from catalogue.lib.normalise import ascii_digits, fold, is_ascii_number

_SEPARATORS = re.compile(r"[\s.\-/_,\u00a0\u2007\u202f]+")
# A decimal comma is a decimal point written the Russian way: 402210000,0 and 3004,9.
_FLOAT_TEXT = re.compile(r"^\d+[.,]0$")
# An exponent of two digits at most: 1e9999999 would make a number of ten million digits.
_SCIENTIFIC = re.compile(r"^\d+(\.\d+)?[eE][+]?\d{1,2}$")
# The longest way of writing a code people use ("0201 10 000 2", "HS 7214.20.00.00"), with room.
MAX_CODE_TEXT = 40
# A code as printed, in an address: a chapter; a heading with up to three pairs of digits
# (7214.20.00.00); or a TN VED code grouped 4-2-3-1. ASCII digits, dots or single spaces
# between groups; fixed-length groups, no nested repetition: linear time.
PRINTED_CODE = (
    r"[0-9]{2}|[0-9]{4}(?:[. ]?[0-9]{2}){0,3}|[0-9]{4}[. ]?[0-9]{2}[. ]?[0-9]{3}[. ]?[0-9]"
)
_DOTTED_NUMBER = re.compile(r"^(\d{3,4})[.,](\d{1,5})$")
_ZEROS_FORMAT = re.compile(r'^(?:0|\\.|"[^"]*"|[ \-])+$')
_CODE_LIKE = re.compile(r"^\s*\d[\d\s.\-\u00a0]*\d\s*$")


class CodeError(ValueError):
    """The value cannot be read as an HS code; the message says why, in plain English
    words, and template % params is that message to translate where it is shown."""

    def __init__(self, template: str, **params: object) -> None:
        super().__init__(template % params if params else template)
        self.template, self.params = template, params


@dataclass(frozen=True)
class HSCodeReading:
    """An HS code read from a cell: a 6-digit subheading or a 4-digit heading."""

    code: str
    notes: tuple[str, ...] = ()

    @property
    def is_heading(self) -> bool:
        return len(self.code) == 4

    @property
    def dotted(self) -> str:
        return dotted(self.code)


def dotted(code: str) -> str:
    """0402 → 0402, 040221 → 0402.21, 0201100002 → 0201.10.000.2."""
    if len(code) <= 4:
        return code
    if len(code) == 6:
        return f"{code[:4]}.{code[4:]}"
    return f"{code[:4]}.{code[4:6]}.{code[6:]}"


def zero_pad_width(number_format: str | None) -> int:
    """Digits a number format like `0000` or `0000" "00" "000" "0` pads to; 0 if none."""
    if not number_format or not _ZEROS_FORMAT.match(number_format):
        return 0
    return re.sub(r'"[^"]*"|\\.', "", number_format).count("0")


def _digits_from_number(value: int | float, number_format: str | None) -> tuple[str, list[str]]:
    notes: list[str] = []
    if isinstance(value, float) and not value.is_integer():
        # A dotted code typed as a number: 3004.9 was 3004.90, 402.1 was 0402.10.
        heading, _, fraction = f"{value:.6f}".rstrip("0").partition(".")
        fraction += "0" * (len(fraction) % 2)
        if len(heading) == 3:
            notes.append("restored a lost leading zero")
        return heading.zfill(4) + fraction, notes
    digits = str(int(value))
    width = zero_pad_width(number_format)
    if width > len(digits):
        notes.append(f"restored leading zeros from the cell format {number_format!r}")
        digits = digits.zfill(width)
    return digits, notes


def _digits_from_text(text: str) -> tuple[str, list[str]]:
    notes: list[str] = []
    text = ascii_digits(text).strip().strip("'\"")
    if len(text) > MAX_CODE_TEXT:
        raise CodeError(
            gettext_noop("longer than the %(most)s characters a code takes"), most=MAX_CODE_TEXT
        )
    if _FLOAT_TEXT.match(text):
        return text[:-2], notes
    if _SCIENTIFIC.match(text):
        notes.append("written in scientific notation: check that no digits were lost")
        return str(int(Decimal(text))), notes
    match = _DOTTED_NUMBER.match(text)
    if match and len(match.group(2)) % 2:
        heading, fraction = match.groups()
        return heading.zfill(4) + fraction + "0", notes
    groups = [g for g in _SEPARATORS.split(text) if g]
    if len(groups) > 1 and len(groups[0]) == 3 and groups[0].isdigit():
        groups[0] = "0" + groups[0]
        notes.append("restored a lost leading zero")
    return "".join(groups), notes


def code_digits(
    value: str | int | float, number_format: str | None = None
) -> tuple[str, list[str]]:
    """The digits of a code as written, with notes on what was repaired."""
    if isinstance(value, bool):
        raise CodeError(gettext_noop("a true/false value is not a code"))
    if isinstance(value, int | float):
        digits, notes = _digits_from_number(value, number_format)
    else:
        try:
            digits, notes = _digits_from_text(str(value))
        except CodeError:
            raise
        except (InvalidOperation, ValueError):
            raise CodeError(gettext_noop("not a number")) from None
    if not digits:
        raise CodeError(gettext_noop("empty"))
    if not is_ascii_number(digits):
        raise CodeError(gettext_noop("an HS code has only digits, spaces and dots"))
    if len(digits) % 2 and len(digits) < 10:
        digits = "0" + digits
        notes.append("restored a lost leading zero")
    return digits, notes


# What stands between the codes of a list in one cell: a semicolon, a slash, a line break,
# "и", "and" or "&". A comma too, unless it is a decimal comma (see split_codes).
_LIST_SEPARATOR = re.compile(r"[;/\n\r&]|(?<!\w)(?:и|and)(?!\w)", re.I)
_BARE_NUMBER = re.compile(r"\d{1,10}")
_DECIMALS = re.compile(r"\d{1,3}\s*")


def split_codes(text: str) -> list[str]:
    """The codes of a list written in one cell, each as written: '3102 10, 3102 30',
    '8701 21 100 1; 8701 22 100 1', '1001 99 и 1001 19', '2710 19 / 2710 20', one per line.

    A comma between two numbers with no space around it, after a number with no spaces or
    dots and before fewer than four digits, is a decimal comma inside one code: '1001,99'
    and '402210000,0' are one code each; '3102 10,3102 30' is two. A part of a few digits
    continues the code before it ('3102 10/30'). Blank parts are dropped. Linear in the
    length of the text.
    """
    parts = []
    for part in _LIST_SEPARATOR.split(text):
        pieces = part.split(",")
        merged = [pieces[0]]
        for piece in pieces[1:]:
            before = merged[-1]
            if _BARE_NUMBER.fullmatch(before.lstrip()) and _DECIMALS.fullmatch(piece):
                merged[-1] = f"{before},{piece}"
            else:
                merged.append(piece)
        parts += [p.strip() for p in merged if p.strip()]
    return _shorthand_read(parts)


_SHORT_PART = re.compile(r"\d{1,3}")


def _shorthand_read(parts: list[str]) -> list[str]:
    """A part of one to three digits after a code continues it: '3102 10/30' is 3102 10
    and 3102 30 (the last digits replaced), '0201/10' is 0201 10 (a heading's subheading)."""
    read: list[str] = []
    digits = ""  # of the last code read
    for part in parts:
        if not (read and _SHORT_PART.fullmatch(part)):
            read.append(part)
            digits = re.sub(r"\D", "", part)
        elif len(digits) >= 6:
            digits = digits[: -len(part)] + part
            read.append(digits)
        elif len(digits) < 10:
            read[-1] = f"{read[-1]} {part}"
            digits += part
        else:  # too long to be a code anyway; checked as written
            read.append(part)
    return read


def normalise_hs_code(value: str | int | float, number_format: str | None = None) -> HSCodeReading:
    """Read an HS, TN VED or ECOWAS code down to its HS6 subheading (or HS4 heading).

    Raises CodeError with a message fit to show the user.
    """
    digits, notes = code_digits(value, number_format)
    if len(digits) == 2:
        raise CodeError(
            gettext_noop("%(code)s is only an HS chapter; give at least the 4-digit heading"),
            code=digits,
        )
    if len(digits) > 10:
        raise CodeError(
            gettext_noop("%(digits)s digits is too long for an HS or TN VED code (at most 10)"),
            digits=len(digits),
        )
    if digits[:2] == "00":
        raise CodeError(gettext_noop("no HS chapter starts with 00 (%(code)s)"), code=digits)
    if len(digits) > 6:
        notes.append(f"{len(digits)}-digit national code read as HS {dotted(digits[:6])}")
        digits = digits[:6]
    return HSCodeReading(digits, tuple(notes))


def check_known(reading: HSCodeReading, known: Container[str]) -> None:
    """Raise CodeError unless the code exists in the nomenclature given."""
    if reading.code in known:
        return
    heading = reading.code[:4]
    if len(reading.code) == 6 and heading in known:
        raise CodeError(
            gettext_noop(
                "%(code)s is not an HS 2022 subheading (heading %(heading)s exists; "
                "the code may be from an older HS edition)"
            ),
            code=reading.dotted,
            heading=heading,
        )
    raise CodeError(
        gettext_noop("%(code)s is not in the HS 2022 nomenclature"), code=reading.dotted
    )


def looks_like_code(text: str) -> bool:
    """True for text that is a code rather than words: `7214.20`, `0201 10 000 2`."""
    return bool(_CODE_LIKE.match(text or "")) and sum(c.isdigit() for c in text) >= 4


def code_prefix(text: str) -> str | None:
    """The HS prefix (4 or 6 digits) a code typed in a search box stands for, or None."""
    if not looks_like_code(text):
        return None
    try:
        return normalise_hs_code(text).code
    except CodeError:
        return None


class TypedCode(NamedTuple):
    """An HS code typed among words: its digits (a 2-digit chapter, a 4-digit heading or a
    6-digit subheading) and how many words it took."""

    code: str
    words: int


# Words that say a code follows ("HS 7214.20", "ТН ВЭД 1001 99 000 0"), folded.
_CODE_LABELS = frozenset(
    ["hs", "h.s", "hscode", "hs-code", "code", "код", "hts", "cet", "tnved", "тнвэд", "тн-вэд"]
)
_CODE_LABEL_PAIRS = frozenset(
    [("hs", "code"), ("tn", "ved"), ("тн", "вэд"), ("ecowas", "cet"), ("hs", "chapter")]
)
_CHAPTER_WORDS = frozenset(["chapter", "chap", "ch", "глава", "гл", "группа"])
_LABEL_PUNCTUATION = ".:#№-"
# "1001 99 000 0" is four groups; a fifth would be no code anyone writes.
_MAX_GROUPS = 4


def _label_key(word: str) -> str:
    return fold(word).rstrip(_LABEL_PUNCTUATION)


def _is_digit_group(word: str) -> bool:
    """7214, 7214.20, 2710-19: digits, with dots or dashes between them."""
    word = ascii_digits(word)
    return (
        word[:1].isdigit()
        and word[-1:].isdigit()
        and word.isascii()
        and all(c.isdigit() or c in ".-" for c in word)
    )


def _glued(word: str) -> tuple[str, str]:
    """'hs:7214' → ('code', '7214'), 'ch27' → ('chapter', '27'), else ('', '')."""
    key = fold(word)
    letters = 0
    while letters < len(key) and (key[letters].isalpha() or key[letters] == "."):
        letters += 1
    label, digits = key[:letters].rstrip("."), key[letters:].lstrip(_LABEL_PUNCTUATION)
    if not digits or not _is_digit_group(digits):
        return "", ""
    if label in _CHAPTER_WORDS:
        return "chapter", digits
    if label in _CODE_LABELS:
        return "code", digits
    return "", ""


def _label_at(words: Sequence[str], start: int) -> tuple[str, int]:
    """The kind of label at words[start] ("code", "chapter" or "") and where digits start."""
    first = _label_key(words[start])
    second = _label_key(words[start + 1]) if start + 1 < len(words) else ""
    if (first, second) in _CODE_LABEL_PAIRS:
        return ("chapter" if second == "chapter" else "code"), start + 2
    if first in _CHAPTER_WORDS:
        return "chapter", start + 1
    if first in _CODE_LABELS:
        return "code", start + 1
    return "", start


def _chapter(group: str) -> str | None:
    if not (group.isdigit() and len(group) <= 2 and 1 <= int(group) <= 97):
        return None
    return group.zfill(2)


def _clearly_a_code(groups: list[str]) -> bool:
    """Unlabelled digits in a sentence that can only be a code: 7214.20, 2710.19.00,
    1512190000, 1001 99 000 0. A bare 7214 or 72 there is more often a quantity or a year."""
    if len(groups) == 1:
        parts = groups[0].split(".")
        if len(parts) > 1:
            return len(parts[0]) == 4 and all(len(p) >= 2 and p.isdigit() for p in parts)
        return groups[0].isdigit() and 6 <= len(groups[0]) <= 10
    return (
        len(groups) >= 3
        and len(groups[0]) == 4
        and all(g.isdigit() and len(g) <= 3 for g in groups[1:])
    )


def _read(label: str, groups: list[str], whole: bool) -> str | None:
    text = " ".join(groups)
    if label == "chapter":
        return _chapter(groups[0]) if len(groups) == 1 else None
    if label == "code" or whole:
        if len(groups) == 1 and groups[0].isdigit() and len(groups[0]) == 2:
            return _chapter(groups[0])
        if label != "code":
            return code_prefix(text)
    elif not _clearly_a_code(groups):
        return None
    try:
        return normalise_hs_code(text).code
    except CodeError:
        return None


def code_at(words: Sequence[str], start: int = 0, *, alone: bool = False) -> TypedCode | None:
    """The HS code typed at words[start], or None.

    Reads `HS 7214.20`, `HS code 1001`, `hs:7214`, `ТН ВЭД 1001 99 000 0`, `chapter 72`,
    `ch. 27`, `ch27`, `глава 72`, `группа 72`, `72 группа`, and unlabelled `7214.20`, `2710.19.00`,
    `1512190000`, `1001 99 000 0`. A bare heading (`7214`) or chapter (`72`) counts only
    when it is all that was typed (alone, and nothing follows it). National codes of
    8 or 10 digits give their HS6.
    """
    if start >= len(words):
        return None
    label, glued = _glued(words[start])
    if label:
        groups, end = [glued], start + 1
    else:
        label, end = _label_at(words, start)
        groups = []
    while end < len(words) and len(groups) < _MAX_GROUPS and _is_digit_group(words[end]):
        groups.append(ascii_digits(words[end]))
        end += 1
    # A chapter named after its number: "72 группа", "27 chapter".
    named_after = not label and len(groups) == 1 and len(groups[0]) <= 2 and end < len(words)
    if (
        named_after
        and _label_key(words[end]) in _CHAPTER_WORDS
        and (chapter := _chapter(groups[0]))
    ):
        return TypedCode(chapter, end + 1 - start)
    # Digits after the code ("HS 7214 20 tons") may belong to what follows: back off.
    while groups:
        whole = alone and not label and end == len(words)
        if label or whole or not alone:
            code = _read(label, groups, whole)
            if code:
                return TypedCode(code, end - start)
        groups.pop()
        end -= 1
    return None
