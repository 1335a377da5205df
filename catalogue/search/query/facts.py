"""What a buyer's query says besides the product: the facts, and how readers report them."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum


class Kind(StrEnum):
    SIZE = "size"
    GRADE = "grade"
    STANDARD = "standard"
    QUANTITY = "quantity"
    PACKAGING = "packaging"
    PURPOSE = "purpose"
    DESTINATION = "destination"
    TERMS = "terms"
    ORIGIN = "origin"
    BUYER_PHRASE = "buyer phrase"
    CODE = "code"


@dataclass(frozen=True)
class Fact:
    """One thing a query says: `50kg bags` → packaging, label "50 kg bags", 50 kg.

    label is stable English for the page; text is the words as typed; value and unit are
    set where the fact is a number (codes are never numbers: see Query.code). words are
    the words of the fact that full-text search may use: a trade designation that names
    goods (B500, AI-92, Y16, CEM II 42.5), packaging that may be the goods themselves
    (jumbo bags), the use a purpose names (flour mills); empty for the rest.
    """

    kind: Kind
    label: str
    text: str
    value: Decimal | None = None
    unit: str = ""
    words: str = ""


@dataclass(frozen=True)
class Found:
    """What a reader found at a token: facts, the token after them, an HS code if typed."""

    facts: tuple[Fact, ...]
    end: int
    code: str | None = None


def plain(number: Decimal) -> str:
    """5000 → '5000', 1.50 → '1.5', 5E+3 → '5000': a number as a label shows it."""
    return format(number.normalize(), "f")
