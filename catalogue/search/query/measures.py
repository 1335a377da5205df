"""Numbers with units in a query. Pure.

Quantities (`5,000 MT`, `5 000 т`, `5k tonnes`, `20 litres`, `about 500 t per month`,
`1 x 40ft`), sizes (`12mm`, `Ø16`, `2"`, `500 kVA`, `1250x2500`), packed weights
(`50kg bags`, `1000 x 50kg bags`, `мешки по 50 кг`) and percentages (`12.5% protein`).
Units come from catalogue.lib.units, the importer's table.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import NamedTuple

from catalogue.lib.normalise import name_key
from catalogue.lib.units import MEASURE_BY_KEY, MULTIPLIERS, UNIT_BY_KEY
from catalogue.search.query.facts import Fact, Found, Kind, absurd, bounded, plain
from catalogue.search.query.packaging import (
    PACKAGING_LEADS,
    made_as_goods,
    packaging_at,
    read_packaging,
)
from catalogue.search.query.tokens import Tokens, number_at, phrase_at, word_table

_APPROX = word_table(
    {
        "about": ["about", "approx", "approximately", "around", "circa", "ca", "~", "≈"]
        + ["около", "примерно", "приблизительно", "порядка"],
        "up to": ["up to", "max", "maximum", "до", "не более", "максимум"],
        "at least": ["at least", "min", "minimum", "moq", "от", "не менее", "минимум"],
        "over": ["over", "above", "more than", "свыше", "более"],
    }
)
_FREQUENCY = word_table(
    {
        "per month": ["per month", "a month", "monthly", "every month", "each month", "/month"]
        + ["/mo", "pm", "в месяц", "ежемесячно", "/мес", "/месяц"],
        "per year": ["per year", "a year", "per annum", "annually", "yearly", "/year", "/yr"]
        + ["в год", "ежегодно", "/год"],
        "per week": ["per week", "a week", "weekly", "/week", "в неделю", "еженедельно"],
    }
)
_DIAMETER_WORDS = frozenset(["ø", "⌀", "ф", "dia", "diameter", "диаметр", "диам"])
_CONTAINER_SIZES = frozenset([Decimal(20), Decimal(40), Decimal(45)])
_CONTAINER_UNITS = frozenset(["ft", "feet", "foot", "'", "’", "фут", "футов", "hc", "hq", "gp"])
_HIGH_CUBE = frozenset(["hc", "hq"])
_CONTAINER_WORDS = frozenset(["container", "containers", "cont", "fcl", "контейнер"])
_CONTAINER_WORDS |= {"контейнера", "контейнеров"}
# A pack holds a weight or a volume: `50kg bags`, `25 l jerrycans`, `1 t big bags`; not
# 5,000 tons (`в мешках 5,000 tons` is bags, then a quantity).
_PACKED_UNITS = frozenset(["kg", "l", "t", "g", "ml"])
_MOST_PACKED = {"t": Decimal(2)}
_MOST_PACKED_ELSE = Decimal(1000)
_LENGTHS = frozenset(["mm", "cm", "m", "in", "ft", "µm"])
_SHOWN_AS = {"m3": "m³", "in": "inch"}
_PERCENT_NOUNS = {
    **dict.fromkeys(["protein", "белок", "белка", "протеин"], "protein"),
    **dict.fromkeys(["moisture", "влажность", "влажности"], "moisture"),
    **dict.fromkeys(["fat", "жирность", "жирности"], "fat"),
    **dict.fromkeys(["purity", "чистота", "чистоты"], "purity"),
    **dict.fromkeys(["gluten", "клейковина", "клейковины"], "gluten"),
    **dict.fromkeys(["sulphur", "sulfur", "сера", "серы"], "sulphur"),
    **dict.fromkeys(["ash", "зольность"], "ash"),
    **dict.fromkeys(["broken", "brokens", "битый", "битого", "дробленого"], "broken"),
    "fe": "Fe",
    "n": "N",
}


class _Unit(NamedTuple):
    family: str  # quantity, measure, percent or ppm
    name: str
    end: int
    per: str = ""  # a frequency glued to it: t/month


def _shown(value: Decimal, unit: str) -> str:
    return f"{plain(value)} {_SHOWN_AS.get(unit, unit)}"


def _unit_at(tokens: Tokens, at: int) -> _Unit | None:
    key = tokens.key(at).rstrip(".")
    if not key:
        return None
    if not tokens[at].pause:
        two = UNIT_BY_KEY.get(name_key(f"{key} {tokens.key(at + 1)}"))
        if two and tokens.key(at + 1):
            return _Unit("quantity", two, at + 2)
    base, slash, rest = key.partition("/")
    per = _FREQUENCY.get((f"/{rest}",), "") if slash else ""
    if slash and not per:
        return None
    if unit := UNIT_BY_KEY.get(name_key(base)) if base else None:
        return _Unit("quantity", unit, at + 1, per)
    if unit := MEASURE_BY_KEY.get(base):
        return _Unit("measure", unit, at + 1, per)
    if key in ("%", "ppm"):
        return _Unit("percent" if key == "%" else "ppm", key, at + 1)
    return None


def _container_at(tokens: Tokens, at: int) -> tuple[str, int] | None:
    """`40ft`, `40' HC`, `20 foot container`, `40hc`: a container size, label and end."""
    read = number_at(tokens, at)
    if read is None or read[0] not in _CONTAINER_SIZES:
        return None
    size, end = read
    unit = tokens.key(end)
    if unit not in _CONTAINER_UNITS:
        return None
    end += 1
    high_cube = unit in _HIGH_CUBE
    if tokens.key(end) in _HIGH_CUBE:
        high_cube, end = True, end + 1
    elif (tokens.key(end), tokens.key(end + 1)) == ("high", "cube"):
        high_cube, end = True, end + 2
    if tokens.key(end) in _CONTAINER_WORDS:
        end += 1
    return f"{plain(size)}ft{' HC' if high_cube else ''} container", end


def _packs(value: Decimal, unit: str) -> bool:
    """Whether one pack could hold this much."""
    return unit in _PACKED_UNITS and value <= _MOST_PACKED.get(unit, _MOST_PACKED_ELSE)


def _whole(value: Decimal) -> bool:
    return value == value.to_integral_value() and value > 0


def _times(tokens: Tokens, index: int, times: int, count: Decimal) -> Found | None:
    """After `N x`: containers (`1 x 40ft`), packs (`1000 x 50kg bags`) or dimensions
    (`1250 x 2500 mm`)."""
    after = times + 1
    container = _container_at(tokens, after)
    if container and _whole(count):
        label, end = container
        label = f"{plain(count)} × {label}{'s' if count != 1 else ''}"
        fact = Fact(Kind.QUANTITY, label, tokens.text(index, end), count, "containers")
        return Found((fact,), end)
    read = number_at(tokens, after)
    if read is None:
        return None
    second, at = read
    unit = _unit_at(tokens, at)
    pack = packaging_at(tokens, unit.end) if unit and _packs(second, unit.name) else None
    if unit and pack and _whole(count):
        label, end = pack
        facts = (
            Fact(Kind.QUANTITY, f"{plain(count)} {label}", tokens.text(index, after), count, label),
            Fact(
                Kind.PACKAGING,
                f"{_shown(second, unit.name)} {label}",
                tokens.text(after, end),
                second,
                unit.name,
                words=tokens.text(unit.end, end),
            ),
        )
        return Found(facts, end)
    sides = [count, second]
    while len(sides) < 3 and tokens.key(at) == "x" and (more := number_at(tokens, at + 1)):
        sides.append(more[0])
        at = more[1]
    unit = _unit_at(tokens, at)
    if unit and unit.name not in _LENGTHS:
        return None
    label = " × ".join(plain(side) for side in sides)
    if unit:
        label, at = f"{label} {_SHOWN_AS.get(unit.name, unit.name)}", unit.end
    text = tokens.text(index, at)
    if any(absurd(side) for side in sides):
        label = " ".join(text.split())
    return Found((Fact(Kind.SIZE, label, text, unit=unit.name if unit else ""),), at)


def _measure(tokens: Tokens, index: int, start: int, approx: str) -> Found | None:
    at = start
    diameter = tokens.key(at) in _DIAMETER_WORDS
    if diameter:
        at += 1
    read = number_at(tokens, at)
    if read is None:
        return None
    value, at = read
    if tokens.pause_before(at):
        if not diameter:
            return None
        fact = Fact(Kind.SIZE, f"Ø{_shown(value, 'mm')}", tokens.text(index, at), value, "mm")
        return Found((fact,), at)
    if not diameter and tokens.key(at) == "x":
        return _times(tokens, index, at, value)
    if not diameter and (container := _container_at(tokens, start)):
        return _container(tokens, index, container)
    scale = MULTIPLIERS.get(tokens.key(at).rstrip("."))
    if scale and (_unit_at(tokens, at + 1) or packaging_at(tokens, at + 1)):
        value, at = value * scale, at + 1
    prefix = f"{approx} " if approx else ""
    unit = _unit_at(tokens, at)
    if unit is None:
        pack = packaging_at(tokens, at)
        if diameter:
            fact = Fact(
                Kind.SIZE, f"{prefix}Ø{_shown(value, 'mm')}", tokens.text(index, at), value, "mm"
            )
            return Found((fact,), at)
        if _whole(value) and (pack or packaging_at(tokens, at + 1)):
            return _counted(tokens, index, at, pack, f"{prefix}{plain(value)}", value)
        return None
    end = unit.end
    if unit.family in ("percent", "ppm"):
        if unit.family == "ppm":
            label = f"{prefix}{plain(value)} ppm"
        elif noun := _PERCENT_NOUNS.get(tokens.key(end)):
            label, end = f"{prefix}{plain(value)}% {noun}", end + 1
        else:
            label = f"{prefix}{plain(value)}%"
        return Found((Fact(Kind.GRADE, label, tokens.text(index, end), value, unit.name),), end)
    shown = _shown(value, unit.name)
    packs = _packs(value, unit.name) and not diameter and not tokens.pause_before(end)
    if packs and (pack := packaging_at(tokens, end)):
        label, pack_end = pack
        fact = Fact(
            Kind.PACKAGING,
            f"{shown} {label}",
            tokens.text(index, pack_end),
            value,
            unit.name,
            words=tokens.text(end, pack_end),
        )
        return Found((fact,), pack_end)
    if unit.family == "measure" and unit.name not in ("g", "ml"):
        label = f"{prefix}{'Ø' if diameter else ''}{shown}"
        return Found((Fact(Kind.SIZE, label, tokens.text(index, end), value, unit.name),), end)
    per = unit.per
    if (
        not per
        and not tokens.pause_before(end)
        and (often := phrase_at(tokens, end, _FREQUENCY, 2))
    ):
        per, end = often
    label = f"{prefix}{shown}{' ' + per if per else ''}"
    return Found((Fact(Kind.QUANTITY, label, tokens.text(index, end), value, unit.name),), end)


def _counted(
    tokens: Tokens, index: int, at: int, pack: tuple[str, int] | None, shown: str, count: Decimal
) -> Found | None:
    """`2 000 000 bags` of flour: a number of packs. `1000 leather bags` counts goods, in
    pieces, and so do `5000 plastic drums` and `5000 bags` when no other goods are named."""
    pieces = Fact(Kind.QUANTITY, f"{shown} pcs", tokens.text(index, at), count, "pcs")
    if not pack and made_as_goods(tokens, at + 1):
        return Found((pieces,), at)
    if pack is None:
        return None
    label, end = pack
    fact = Fact(Kind.QUANTITY, f"{shown} {label}", tokens.text(index, end), count, label)
    return Found((fact,), end, fallback=Found((pieces,), at))


def _container(tokens: Tokens, index: int, container: tuple[str, int]) -> Found | None:
    """`frozen chicken 40ft HC` is packed in a container; `used 20ft container` and
    `40ft containers` alone ask for containers."""
    if made_as_goods(tokens, index):
        return None
    label, end = container
    fact = Fact(Kind.PACKAGING, label, tokens.text(index, end))
    return Found((fact,), end, fallback=Found((), index))


def _percent_of(tokens: Tokens, index: int) -> Found | None:
    """`protein 12.5%`, `влажность не более 14%`."""
    noun = _PERCENT_NOUNS.get(tokens.key(index))
    if noun is None or noun in ("Fe", "N"):
        return None
    at = index + 1
    approx = phrase_at(tokens, at, _APPROX, 2)
    if approx:
        at = approx[1]
    read = number_at(tokens, at)
    if read is None or tokens.key(read[1]) != "%":
        return None
    prefix = f"{approx[0]} " if approx else ""
    end = read[1] + 1
    label = f"{prefix}{plain(read[0])}% {noun}"
    return Found((Fact(Kind.GRADE, label, tokens.text(index, end), read[0], "%"),), end)


def read_measure(tokens: Tokens, index: int) -> Found | None:
    if found := _percent_of(tokens, index):
        return bounded(found)
    approx = phrase_at(tokens, index, _APPROX, 2)
    if approx and (found := _measure(tokens, index, approx[1], approx[0])):
        return bounded(found)
    return bounded(_measure(tokens, index, index, ""))


def read_packed(tokens: Tokens, index: int) -> Found | None:
    """Packaging, with the weight or volume of one pack before or after it: `in 50kg
    bags`, `bags of 50kg`, `мешки по 50 кг`, `в мешках 50 кг`; a packaging noun alone
    only where it packs goods (packaging.py says when)."""
    return bounded(_packed(tokens, index))


def _packed(tokens: Tokens, index: int) -> Found | None:
    lead = phrase_at(tokens, index, PACKAGING_LEADS, 3)
    if lead and not tokens.pause_before(lead[1]):
        found = _measure(tokens, lead[1], lead[1], "")
        if found and [f.kind for f in found.facts] == [Kind.PACKAGING]:
            # "in 50kg bags" says how goods are packed: no words for the product.
            fact = replace(found.facts[0], text=tokens.text(index, found.end), words="")
            return Found((fact,), found.end)
    found = read_packaging(tokens, index)
    if found is None or found.facts[0].label == "in bulk":
        return found
    fact, at = found.facts[0], found.end
    if tokens.key(at) in ("of", "по", "x") and not tokens.pause_before(at):
        at += 1
    read = number_at(tokens, at) if not tokens.pause_before(found.end) else None
    unit = _unit_at(tokens, read[1]) if read else None
    if read is None or unit is None or not _packs(read[0], unit.name):
        return _bare(tokens, index, found)
    label = f"{_shown(read[0], unit.name)} {fact.label}"
    text = tokens.text(index, unit.end)
    return Found((replace(fact, label=label, text=text, value=read[0], unit=unit.name),), unit.end)


def _bare(tokens: Tokens, index: int, found: Found) -> Found | None:
    """Packaging with no pack size: after `in` it packs the goods; without it, it is the
    goods when made as such (`paper sacks`) or when no other goods are named."""
    if not found.facts[0].words:
        return found
    if made_as_goods(tokens, index):
        return None
    return Found(found.facts, found.end, fallback=Found((), index))
