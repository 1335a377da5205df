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

WEIGHTS = {"code": 0.5, "capacity": 0.2, "incoterm": 0.1, "certification": 0.1, "words": 0.1}
CODE_MATCH = {6: 1.0, 4: 0.7, 2: 0.35}
PER_YEAR = {"one-off": 1, "monthly": 12, "quarterly": 4, "yearly": 1, "": 1}
PER_WHAT = {"one-off": " once", "monthly": "/month", "quarterly": "/quarter", "yearly": "/year"}
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
    reasons: tuple[str, ...]


def amount(value: Decimal) -> str:
    """25000 → '25,000'; 2.5 → '2.5'."""
    text = f"{value:,.3f}".rstrip("0").rstrip(".")
    return text


def _code(offer: OfferFacts, interest: InterestFacts) -> tuple[float, str]:
    if not interest.code:
        return 0.0, "No HS code to compare yet"
    best, shared = 0.0, ""
    for code in offer.codes:
        for length in (6, 4, 2):
            if len(interest.code) >= length and code[:length] == interest.code[:length]:
                if CODE_MATCH[length] > best:
                    best, shared = CODE_MATCH[length], code[:length]
                break
    if not shared:
        return 0.0, f"Different HS chapter from {dotted(interest.code)}"
    what = {6: "Same HS code", 4: "Same HS heading", 2: "Same HS chapter"}[len(shared)]
    return best, f"{what} {dotted(shared)}"


def _capacity(offer: OfferFacts, interest: InterestFacts) -> tuple[float, str | None]:
    if interest.quantity is None:
        return 0.5, None
    per_year = interest.quantity * PER_YEAR.get(interest.frequency, 1)
    asked = f"{amount(interest.quantity)} {interest.unit}{PER_WHAT.get(interest.frequency, '')}"
    if offer.capacity is None:
        return 0.5, "Capacity not stated"
    have, need = _same_unit(offer.capacity, offer.unit, per_year, interest.unit)
    offered = f"{amount(offer.capacity)} {offer.unit}/year"
    if have is None:
        return 0.4, f"Capacity {offered}, in other units than {asked}"
    if have >= need:
        return 1.0, f"Capacity {offered} covers {asked}"
    return float(have / need), f"Capacity {offered} is less than {asked} asked"


def _same_unit(capacity, capacity_unit, quantity, quantity_unit):
    if capacity_unit == quantity_unit:
        return capacity, quantity
    a, b = UNIT_GROUPS.get(capacity_unit), UNIT_GROUPS.get(quantity_unit)
    if a and b and a[0] == b[0]:
        return capacity * a[1], quantity * b[1]
    return None, quantity


def _incoterm(offer: OfferFacts, interest: InterestFacts) -> tuple[float, str | None]:
    if not interest.incoterm:
        return 0.5, None
    if interest.incoterm in offer.incoterms:
        return 1.0, f"Offers {interest.incoterm}"
    if not offer.incoterms:
        return 0.3, "Delivery terms not stated"
    return 0.0, f"Does not offer {interest.incoterm} (offers {', '.join(offer.incoterms)})"


def _certification(offer: OfferFacts, interest: InterestFacts) -> tuple[float, str | None]:
    if not interest.certification:
        return 1.0, None
    name = interest.certification_name or interest.certification
    if interest.certification in offer.certifications:
        return 1.0, f"Holds {name}"
    return 0.0, f"No {name} certificate listed"


def words_of(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.casefold()) if w not in STOPWORDS}


def _words(offer: OfferFacts, interest: InterestFacts) -> tuple[float, str | None]:
    theirs = words_of(interest.words)
    if not theirs:
        return 0.5, None
    shared = sorted(theirs & words_of(offer.words))
    if not shared:
        return 0.0, None
    return len(shared) / len(theirs), "Matches your words: " + ", ".join(
        f"'{w}'" for w in shared[:4]
    )


def same_product(offer: OfferFacts, interest: InterestFacts) -> str | None:
    """Why the offer is the product asked for ("Same HS code 2710.19"), or None when it is
    not. A shared code is necessary, never enough: the names must agree too."""
    code = interest.code
    width = 6 if len(code) >= 6 else 4
    if len(code) < 4:
        return None
    shared = next((c for c in offer.codes if c[:width] == code[:width]), None)
    if shared is None:
        return None
    what = "Same HS code" if width == 6 else "Same HS heading"
    reason = f"{what} {dotted(shared[:width])}"
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
