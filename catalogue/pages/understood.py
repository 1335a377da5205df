"""What the catalogue page says it understood of a query: "Showing AGO (automotive gas
oil, HS 2710.19) · 12 mm · 5,000 t", a link to search the words as typed, and "did you
mean" for corrected spellings."""

from __future__ import annotations

from dataclasses import dataclass

from catalogue.pages.fact_labels import fact_label
from catalogue.search import SearchOutcome
from catalogue.search.query import Kind

# Facts that only say how the buyer asks ("pls", "price", "urgent"): not worth repeating.
_NOT_SHOWN = frozenset([Kind.BUYER_PHRASE])


@dataclass(frozen=True)
class Understood:
    product: str  # the product words, with what trade words were read as
    facts: tuple[str, ...]  # sizes, quantities, grades, places... in the page's language
    as_typed: str  # the query that searches the words as typed: in double quotes
    corrected: str  # the query with its spellings corrected, or ""
    literal: bool = False  # the query was in double quotes: its words were searched as typed

    @property
    def parts(self) -> tuple[str, ...]:
        return tuple(p for p in (self.product, *self.facts) if p)


def understood(outcome: SearchOutcome | None) -> Understood | None:
    """What to say above the results, or None when the query was read as it was typed."""
    if outcome is None or not outcome.query:
        return None
    query = outcome.understood
    facts = tuple(fact_label(f) for f in query.facts if f.kind not in _NOT_SHOWN)
    readings = [p.label for p in outcome.readings]
    product = query.product
    if readings:
        shown = "; ".join(readings)
        product = f"{product} — {shown}" if _more_than(readings, product) else shown
    corrected = outcome.corrected_query if outcome.corrections else ""
    interpreted = bool(facts or readings or corrected)
    if query.literal:
        return Understood(product, (), query.text, "", literal=True)
    if not interpreted:
        return None
    return Understood(product, facts, f'"{query.text}"', corrected)


def _more_than(readings: list[str], product: str) -> bool:
    """Whether the product has words the trade-word readings do not show."""
    shown = " ".join(readings).casefold()
    return any(word.casefold() not in shown for word in product.split())
