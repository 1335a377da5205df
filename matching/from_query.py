"""A register-interest line from what a buyer searched for: "30 tons of 12mm iron rod CIF
Apapa" becomes product "iron rod", 30 t, CIF, Apapa, and "12 mm" in the specifications (the
sizes, grades and standards search understood), in the language of the page («12 мм» on
/ru/).

A quantity the form would refuse (none, a pack size, more than MAX_QUANTITY, a number the
query reader found absurd and kept as typed) goes to the notes, never to the quantity. What
the unit cannot say goes to the notes beside it: the size of the containers counted ("1 x
40ft": 1 container, "40ft container"); a count of packs is a count of pieces, the pack in the
notes ("25 litres 2000 jerrycans": 2000 pcs, "25 l jerrycans"). Nothing is dropped."""

from __future__ import annotations

from decimal import Decimal

from catalogue.choices import Incoterm, Unit
from catalogue.pages.fact_labels import container_of, fact_label, packs_of
from catalogue.search.query import Fact, Kind, Query
from matching.models import MAX_QUANTITY, InterestLine
from matching.nigeria import Port

# Facts that are the product's specifications, and those kept in the line's notes.
_SPECIFIED = (Kind.SIZE, Kind.GRADE, Kind.STANDARD)
_NOTED = (Kind.PACKAGING, Kind.PURPOSE)
_FREQUENCIES = {
    "per month": InterestLine.Frequency.MONTHLY,
    "per year": InterestLine.Frequency.YEARLY,
}
# The ports understand() names, as the form's choices; "Lagos" alone has three.
_PORTS = {
    "apapa": Port.APAPA,
    "tin can island": Port.TIN_CAN,
    "lekki": Port.LEKKI,
    "onne": Port.ONNE,
    "port harcourt": Port.PORT_HARCOURT,
    "calabar": Port.CALABAR,
    "warri": Port.WARRI,
}


# The most a single pack holds, as buyers name packs: "sunflower oil 20 litres" asks for
# 20-litre jerrycans, "flour 50kg" for 50 kg bags, not for one of them.
PACK_AT_MOST = {Unit.LITRE: Decimal(50), Unit.KILOGRAM: Decimal(100)}


def _orderable(value: Decimal | None, unit: str) -> bool:
    """Whether a quantity read from the query can stand as the line's quantity."""
    if value is None or unit not in Unit.values or not 0 < value <= MAX_QUANTITY:
        return False
    if value != value.quantize(Decimal("0.001")):
        return False
    return not value <= PACK_AT_MOST.get(unit, Decimal(0))


def _counts_packs(fact: Fact) -> bool:
    """Whether the fact is a whole number of packs the form can take as pieces: `2000
    jerrycans`, `1000 bags`."""
    value = fact.value
    return (
        fact.kind == Kind.QUANTITY
        and fact.unit not in Unit.values
        and packs_of(fact) is not None
        and _orderable(value, Unit.PIECE)
        and value == value.to_integral_value()
    )


def _pack_size(fact: Fact) -> bool:
    """Whether the fact is the size of one pack: `25 litres`, `50kg`."""
    most = PACK_AT_MOST.get(fact.unit)
    return fact.kind == Kind.QUANTITY and most is not None and 0 < (fact.value or 0) <= most


def _port(place: str) -> str:
    name = place.removeprefix("to ").removesuffix(" port").casefold()
    return _PORTS.get(name, "")


def line_from_query(query: Query) -> dict[str, object]:
    """The initial values of a line for this query: product, quantity, unit, frequency,
    incoterm, port, specifications and notes, as far as the query says them."""
    line: dict[str, object] = {"product": query.product or query.text}
    notes: list[str] = []
    specifications: list[str] = []
    # The first quantity that can be ordered is what is asked for; a pack size or a later one
    # ("1000 bags of cement 50kg") says more of it, in the notes.
    first = next(
        (f for f in query.facts if f.kind == Kind.QUANTITY and _orderable(f.value, f.unit)),
        None,
    )
    # Failing that, a count of packs: the pack said by the packaging ("2000 x 25l
    # jerrycans"), else with the size another fact may give ("25 litres 2000 jerrycans").
    packs = None if first else next((f for f in query.facts if _counts_packs(f)), None)
    packed = packs is not None and any(
        f.kind == Kind.PACKAGING and f.label.endswith(packs.unit) for f in query.facts
    )
    size = next((f for f in query.facts if _pack_size(f)), None) if packs and not packed else None
    for fact in query.facts:
        if fact is first:
            line["quantity"], line["unit"] = fact.value, fact.unit
            every = next((f for per, f in _FREQUENCIES.items() if per in fact.label), "")
            if every:
                line["frequency"] = every
            elif " per " in fact.label:
                notes.append(_said(fact))  # "per week": no such choice
            if container := container_of(fact):
                notes.append(container)
        elif fact is packs:
            line["quantity"], line["unit"] = fact.value, Unit.PIECE.value
            if not packed:
                notes.append(packs_of(fact, size))
        elif fact is size:
            continue  # said with the packs
        elif fact.kind == Kind.TERMS and "incoterm" not in line:
            rule, _, place = fact.label.partition(" ")
            if rule in Incoterm.values:
                line["incoterm"] = rule
            if place and _port(place):
                line["port"] = _port(place)
            elif place:
                notes.append(_said(fact))
        elif fact.kind == Kind.DESTINATION and _port(fact.label) and "port" not in line:
            line["port"] = _port(fact.label)
        elif fact.kind in _SPECIFIED:
            specifications.append(_said(fact))
        elif fact.kind in (*_NOTED, Kind.QUANTITY, Kind.DESTINATION):
            notes.append(_said(fact))
    if specifications:
        line["specifications"] = "; ".join(specifications)
    if notes:
        line["notes"] = "; ".join(notes)
    return line


def _said(fact: Fact) -> str:
    """A fact as the notes say it: in the page's language, numbers as the buyer wrote them."""
    return fact_label(fact, grouped=False)
