"""How well an exporter's offer serves one line of a buyer's interest. Pure.

same_product() says whether the offer is the product asked for at all: the same HS
subheading (or heading, when the buyer gave only that) and a name that agrees, with no
differing qualifier (crude vs refined, gas oil vs lubricating oil), even inside one HS6.
score_offer() then weighs five things and says each in plain words:
- the HS code: the same subheading, heading or chapter;
- capacity against the quantity asked for, both turned into a year;
- the Incoterms rule the buyer wants;
- a certification the buyer requires (halal, ISO...);
- the buyer's own words found in the product or exporter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from catalogue.hscodes import dotted
from catalogue.importing.product_names import read_name, same_word
from catalogue.importing.same_product import Verdict, compare_names
from catalogue.lib.messages import Message, Quantity, gettext_noop

WEIGHTS = {"code": 0.5, "capacity": 0.2, "incoterm": 0.1, "certification": 0.1, "words": 0.1}
CODE_MATCH = {6: 1.0, 4: 0.7, 2: 0.35}
PER_YEAR = {"one-off": 1, "monthly": 12, "quarterly": 4, "yearly": 1, "": 1}
# A quantity asked for, by how often.
PER_WHAT = {
    "one-off": gettext_noop("%(quantity)s once"),
    "monthly": gettext_noop("%(quantity)s/month"),
    "quarterly": gettext_noop("%(quantity)s/quarter"),
    "yearly": gettext_noop("%(quantity)s/year"),
}
# A shared HS code, by its length.
SAME_CODE = {
    6: gettext_noop("Same HS code %(code)s"),
    4: gettext_noop("Same HS heading %(code)s"),
    2: gettext_noop("Same HS chapter %(code)s"),
}
# Units that convert into one another: factor to the first unit of each group.
UNIT_GROUPS = {
    "t": ("t", 1),
    "kg": ("t", Decimal("0.001")),
    "m3": ("m3", 1),
    "l": ("m3", Decimal("0.001")),
}
STOPWORDS = frozenset(
    {"and", "for", "from", "the", "with", "need", "want", "buy", "per", "our", "please"}
)
_WORD = re.compile(r"[^\W\d_]{3,}")


@dataclass(frozen=True)
class OfferFacts:
    codes: tuple[str, ...]
    capacity: Decimal | None = None
    unit: str = ""
    incoterms: tuple[str, ...] = ()
    certifications: dict[str, str] = field(default_factory=dict)  # code → name
    words: str = ""  # product and exporter names
    category_id: int | None = None
    names: tuple[str, ...] = ()  # the product's names, English and Russian


@dataclass(frozen=True)
class InterestFacts:
    code: str = ""  # the HS code asked for: the category's, or one suggested for free text
    quantity: Decimal | None = None
    unit: str = ""
    frequency: str = ""
    incoterm: str = ""
    certification: str = ""  # code of a required certification
    certification_name: str = ""
    words: str = ""  # the buyer's own words: free text and notes
    category_id: int | None = None  # the catalogue product asked for
    # The product asked for: its names in the catalogue, or the buyer's product words.
    names: tuple[str, ...] = ()


@dataclass(frozen=True)
class Score:
    value: float
    # Kept with the match (Message.as_data) and shown in the language of whoever reads it.
    reasons: tuple[Message, ...]


def _code(offer: OfferFacts, interest: InterestFacts) -> tuple[float, Message]:
    if not interest.code:
        return 0.0, Message(gettext_noop("No HS code to compare yet"))
    best, shared = 0.0, ""
    for code in offer.codes:
        for length in (6, 4, 2):
            if len(interest.code) >= length and code[:length] == interest.code[:length]:
                if CODE_MATCH[length] > best:
                    best, shared = CODE_MATCH[length], code[:length]
                break
    if not shared:
        different = gettext_noop("Different HS chapter from %(code)s")
        return 0.0, Message(different, code=dotted(interest.code))
    return best, Message(SAME_CODE[len(shared)], code=dotted(shared))


def _capacity(offer: OfferFacts, interest: InterestFacts) -> tuple[float, Message | None]:
    if interest.quantity is None:
        return 0.5, None
    per_year = interest.quantity * PER_YEAR.get(interest.frequency, 1)
    asked: Quantity | Message = Quantity(interest.quantity, interest.unit)
    if interest.frequency in PER_WHAT:
        asked = Message(PER_WHAT[interest.frequency], quantity=asked)
    if offer.capacity is None:
        return 0.5, Message(gettext_noop("Capacity not stated"))
    have, need = _same_unit(offer.capacity, offer.unit, per_year, interest.unit)
    said = {"offered": Quantity(offer.capacity, offer.unit), "asked": asked}
    if have is None:
        other = gettext_noop("Capacity %(offered)s/year, in other units than %(asked)s")
        return 0.4, Message(other, **said)
    if have >= need:
        return 1.0, Message(gettext_noop("Capacity %(offered)s/year covers %(asked)s"), **said)
    less = gettext_noop("Capacity %(offered)s/year is less than %(asked)s asked")
    return float(have / need), Message(less, **said)


def _same_unit(capacity, capacity_unit, quantity, quantity_unit):
    if capacity_unit == quantity_unit:
        return capacity, quantity
    a, b = UNIT_GROUPS.get(capacity_unit), UNIT_GROUPS.get(quantity_unit)
    if a and b and a[0] == b[0]:
        return capacity * a[1], quantity * b[1]
    return None, quantity


def _incoterm(offer: OfferFacts, interest: InterestFacts) -> tuple[float, Message | None]:
    if not interest.incoterm:
        return 0.5, None
    if interest.incoterm in offer.incoterms:
        return 1.0, Message(gettext_noop("Offers %(incoterm)s"), incoterm=interest.incoterm)
    if not offer.incoterms:
        return 0.3, Message(gettext_noop("Delivery terms not stated"))
    return 0.0, Message(
        gettext_noop("Does not offer %(incoterm)s (offers %(offered)s)"),
        incoterm=interest.incoterm,
        offered=", ".join(offer.incoterms),
    )


def _certification(offer: OfferFacts, interest: InterestFacts) -> tuple[float, Message | None]:
    if not interest.certification:
        return 1.0, None
    name = interest.certification_name or interest.certification
    if interest.certification in offer.certifications:
        return 1.0, Message(gettext_noop("Holds %(certification)s"), certification=name)
    missing = gettext_noop("No %(certification)s certificate listed")
    return 0.0, Message(missing, certification=name)


def words_of(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.casefold()) if w not in STOPWORDS}


def _words(offer: OfferFacts, interest: InterestFacts) -> tuple[float, Message | None]:
    theirs = words_of(interest.words)
    if not theirs:
        return 0.5, None
    shared = sorted(theirs & words_of(offer.words))
    if not shared:
        return 0.0, None
    words = ", ".join(f"'{w}'" for w in shared[:4])
    return len(shared) / len(theirs), Message(
        gettext_noop("Matches your words: %(words)s"), words=words
    )


def same_product(offer: OfferFacts, interest: InterestFacts) -> Message | None:
    """Why the offer is the product asked for ("Same HS code 2710.19"), or None when it is
    not. A shared code is necessary, never enough: the names must agree too."""
    code = interest.code
    width = 6 if len(code) >= 6 else 4
    if len(code) < 4:
        return None
    shared = next((c for c in offer.codes if c[:width] == code[:width]), None)
    if shared is None:
        return None
    reason = Message(SAME_CODE[width], code=dotted(shared[:width]))
    if interest.category_id is not None and interest.category_id == offer.category_id:
        return reason
    if not any(n.strip() for n in interest.names):
        return None
    verdict = compare_names(interest.names, offer.names)
    if verdict == Verdict.SAME or (
        verdict == Verdict.POSSIBLE and _asks_for_less(interest.names, offer.names)
    ):
        return reason
    return None


def _asks_for_less(asked: tuple[str, ...], offered: tuple[str, ...]) -> bool:
    """Every word of the product asked for is in the offer's name (in one language), sizes
    and numbers aside: "wheat" for "Durum wheat", not "gas oil" for "Lubricating oil"."""
    offers = [read_name(name) for name in offered if name.strip()]
    for name in asked:
        ours = read_name(name)
        words = [t for t in ours.tokens if not t.number]
        for theirs in offers:
            if (
                words
                and theirs.russian == ours.russian
                and all(
                    any(same_word(t.stem, u.stem) and t.negated == u.negated for u in theirs.tokens)
                    for t in words
                )
            ):
                return True
    return False


def score_offer(offer: OfferFacts, interest: InterestFacts) -> Score:
    """A score from 0 to 1 and its reasons, most important first."""
    parts = {
        "code": _code(offer, interest),
        "capacity": _capacity(offer, interest),
        "incoterm": _incoterm(offer, interest),
        "certification": _certification(offer, interest),
        "words": _words(offer, interest),
    }
    value = sum(WEIGHTS[name] * part for name, (part, _) in parts.items())
    reasons = tuple(reason for _, reason in parts.values() if reason)
    return Score(round(min(1.0, value), 3), reasons)
