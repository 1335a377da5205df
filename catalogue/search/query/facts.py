"""What a buyer's query says besides the product: the facts, and how readers report them."""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from enum import StrEnum

from catalogue.lib.units import LARGEST_AMOUNT

# Numbers with more decimals than this are no amount anyone orders or measures.
_MOST_DECIMALS = 6


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

    label is stable English for the page (catalogue.pages.fact_labels says it in the
    page's language); text is the words as typed; value and unit are set where the fact
    is a number (codes are never numbers: see Query.code). A number too large or too fine
    to be meant (facts.absurd) has no value, and its label is the text as typed. words are
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
    """What a reader found at a token: facts, the token after them, an HS code if typed.

    fallback is a shorter reading of the same words, taken when the query would otherwise
    name no product: the words it leaves are the product's. `jumbo bags` alone asks for
    bags (fallback: nothing read), `CIF Sugar` for sugar (fallback: `CIF`)."""

    facts: tuple[Fact, ...]
    end: int
    code: str | None = None
    fallback: Found | None = None


def plain(number: Decimal) -> str:
    """5000 → '5000', 1.50 → '1.5', 5E+3 → '5000': a number as a label shows it; an
    absurd one (1E+999) keeps its exponent rather than grow a thousand digits."""
    if absurd(number):
        return str(number)
    return format(number.normalize(), "f")


def absurd(number: Decimal) -> bool:
    """Too large (over catalogue.lib.units.LARGEST_AMOUNT) or too fine to be meant."""
    if not number.is_finite():
        return True
    return abs(number) > LARGEST_AMOUNT or (number != 0 and number.adjusted() < -_MOST_DECIMALS)


def as_typed(fact: Fact) -> Fact:
    """A fact whose number is absurd: shown as the buyer typed it, and no number carried."""
    return replace(fact, label=" ".join(fact.text.split()), value=None)


def bounded(found: Found | None) -> Found | None:
    """The reading (and its fallback) with each absurd number shown as typed: `5 000 000
    000 000 000 t`, `1e30 t`."""
    if found is None:
        return None
    facts = tuple(
        as_typed(f) if f.value is not None and absurd(f.value) else f for f in found.facts
    )
    return replace(found, facts=facts, fallback=bounded(found.fallback))
