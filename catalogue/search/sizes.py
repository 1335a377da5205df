"""Sizes in category names, and whether a size or quantity a query asks for falls in them.
Pure.

Names give ranges: "Distribution transformers up to 650 kVA", "Power cables above 1 kV",
"Wheeled tractors, 75-130 kW", "Trucks, GVW over 20 t". A buyer's "transformer 500 kVA",
"33kV cable", "tractor 150 hp" or "truck 25 ton" falls in one of them; horsepower is read
as kilowatts.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

# The units a range in a name is given in, as understand() writes them.
_UNITS = {"kva": "kVA", "kv": "kV", "kw": "kW", "w": "W", "v": "V", "t": "t", "mm": "mm"}
_INTO = {"hp": ("kW", Decimal("0.7457"))}
_NUMBER = r"\d{1,7}(?:[.,]\d{1,3})*"
# "up to 650 kVA", "over 10,000 kVA", "650-10,000 kVA", "5-20 t", "0.75-75 kW".
_RANGE = re.compile(
    rf"(?:(?P<bound>up to|over|above|under|below)\s+)?(?P<low>{_NUMBER})"
    rf"(?:\s*[-–]\s*(?P<high>{_NUMBER}))?\s*(?P<unit>kva|kv|kw|w|v|t|mm)\b",
    re.IGNORECASE,
)
MAX_NAME = 300


class Range(NamedTuple):
    low: Decimal | None
    high: Decimal | None
    unit: str

    def holds(self, value: Decimal) -> bool:
        return (self.low is None or value >= self.low) and (self.high is None or value <= self.high)


def _number(text: str) -> Decimal | None:
    # Names write thousands with commas ("10,000") and decimals with points ("0.75").
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None


def ranges_in(name: str) -> list[Range]:
    found = []
    for match in _RANGE.finditer(name[:MAX_NAME]):
        low, high = _number(match["low"]), _number(match["high"] or "")
        unit = _UNITS[match["unit"].lower()]
        bound = (match["bound"] or "").lower()
        if low is None:
            continue
        if bound in ("up to", "under", "below"):
            found.append(Range(None, low, unit))
        elif bound in ("over", "above"):
            found.append(Range(low, None, unit))
        elif match["high"]:
            found.append(Range(low, high, unit))
        else:
            found.append(Range(low, low, unit))
    return found


def in_range(name: str, sizes: list[tuple[Decimal, str]]) -> bool:
    """Whether a size asked for (value, unit as understand() writes it) falls in a range
    the name gives in that unit."""
    ranges = ranges_in(name)
    for value, unit in sizes:
        unit, factor = _INTO.get(unit, (unit, Decimal(1)))
        if any(r.unit == unit and r.holds(value * factor) for r in ranges):
            return True
    return False
