"""A fact of a buyer's query as the page's language says it: `12 mm` → «12 мм», `50 kg
bags` → «мешки по 50 кг», `in bulk` → «навалом», `to Apapa port` → «доставка: порт Апапа».

The query reader is pure and writes each fact's label in stable English from a closed
vocabulary (catalogue.search.query); this module reads that label back into its parts and
says them through Django's translations. What it does not recognise, and what the buyer
wrote in their own words (a purpose, a designation such as B500, a quantity too large to
be meant, shown as typed), is shown as it is.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext, ngettext, pgettext, pgettext_lazy

from catalogue.lib.formatting import plural_count
from catalogue.search.query import Fact, Kind

_NUMBER = r"[0-9]+(?:\.[0-9]+)?"
_APPROX = r"(?:(about|up to|at least|over) )?"
_CONTAINER = re.compile(r"(20|40|45)ft( HC)? containers?")

_UNITS = {
    "t": pgettext_lazy("unit symbol", "t"),
    "kg": pgettext_lazy("unit symbol", "kg"),
    "bbl": pgettext_lazy("unit symbol", "bbl"),
    "m³": pgettext_lazy("unit symbol", "m³"),
    "l": pgettext_lazy("unit symbol", "l"),
    "pcs": pgettext_lazy("unit symbol", "pcs"),
    "mm": pgettext_lazy("unit symbol", "mm"),
    "cm": pgettext_lazy("unit symbol", "cm"),
    "m": pgettext_lazy("unit symbol", "m"),
    "inch": pgettext_lazy("unit symbol", "inch"),
    "ft": pgettext_lazy("unit symbol", "ft"),
    "µm": pgettext_lazy("unit symbol", "µm"),
    "g": pgettext_lazy("unit symbol", "g"),
    "ml": pgettext_lazy("unit symbol", "ml"),
    "kW": pgettext_lazy("unit symbol", "kW"),
    "kV": pgettext_lazy("unit symbol", "kV"),
    "kVA": pgettext_lazy("unit symbol", "kVA"),
    "W": pgettext_lazy("unit symbol", "W"),
    "V": pgettext_lazy("unit symbol", "V"),
    "hp": pgettext_lazy("unit symbol", "hp"),
    "ppm": pgettext_lazy("unit symbol", "ppm"),
}
_UNIT = "(" + "|".join(re.escape(unit) for unit in [*_UNITS, "containers"]) + ")"
_APPROXIMATELY = {
    "about": pgettext_lazy("amount", "about"),
    "up to": pgettext_lazy("amount", "up to"),
    "at least": pgettext_lazy("amount", "at least"),
    "over": pgettext_lazy("amount", "over"),
}
_OFTEN = {
    "per month": pgettext_lazy("amount", "per month"),
    "per year": pgettext_lazy("amount", "per year"),
    "per week": pgettext_lazy("amount", "per week"),
}
_PACKS = {
    "bags": pgettext_lazy("packaging", "bags"),
    "big bags": pgettext_lazy("packaging", "big bags"),
    "jumbo bags": pgettext_lazy("packaging", "jumbo bags"),
    "bulk bags": pgettext_lazy("packaging", "bulk bags"),
    "drums": pgettext_lazy("packaging", "drums"),
    "jerrycans": pgettext_lazy("packaging", "jerrycans"),
    "cartons": pgettext_lazy("packaging", "cartons"),
    "boxes": pgettext_lazy("packaging", "boxes"),
    "bottles": pgettext_lazy("packaging", "bottles"),
    "cans": pgettext_lazy("packaging", "cans"),
    "tins": pgettext_lazy("packaging", "tins"),
    "sachets": pgettext_lazy("packaging", "sachets"),
    "pouches": pgettext_lazy("packaging", "pouches"),
    "pallets": pgettext_lazy("packaging", "pallets"),
    "bales": pgettext_lazy("packaging", "bales"),
    "bundles": pgettext_lazy("packaging", "bundles"),
    "coils": pgettext_lazy("packaging", "coils"),
    "crates": pgettext_lazy("packaging", "crates"),
    "pails": pgettext_lazy("packaging", "pails"),
    "flexitanks": pgettext_lazy("packaging", "flexitanks"),
    "IBC totes": pgettext_lazy("packaging", "IBC totes"),
    "containers": pgettext_lazy("packaging", "containers"),
}
_MATERIALS = {
    "jumbo": pgettext_lazy("packaging material", "jumbo"),
    "big": pgettext_lazy("packaging material", "big"),
    "bulk": pgettext_lazy("packaging material", "bulk"),
    "PP": pgettext_lazy("packaging material", "PP"),
    "woven": pgettext_lazy("packaging material", "woven"),
    "paper": pgettext_lazy("packaging material", "paper"),
    "kraft": pgettext_lazy("packaging material", "kraft"),
    "plastic": pgettext_lazy("packaging material", "plastic"),
    "PET": pgettext_lazy("packaging material", "PET"),
    "HDPE": pgettext_lazy("packaging material", "HDPE"),
    "jute": pgettext_lazy("packaging material", "jute"),
    "laminated": pgettext_lazy("packaging material", "laminated"),
    "steel": pgettext_lazy("packaging material", "steel"),
}
_PLACES = {
    "Lagos": pgettext_lazy("place", "Lagos"),
    "Apapa": pgettext_lazy("place", "Apapa"),
    "Tin Can Island": pgettext_lazy("place", "Tin Can Island"),
    "Onne": pgettext_lazy("place", "Onne"),
    "Lekki": pgettext_lazy("place", "Lekki"),
    "Port Harcourt": pgettext_lazy("place", "Port Harcourt"),
    "Calabar": pgettext_lazy("place", "Calabar"),
    "Warri": pgettext_lazy("place", "Warri"),
    "Kano": pgettext_lazy("place", "Kano"),
    "Abuja": pgettext_lazy("place", "Abuja"),
    "Ibadan": pgettext_lazy("place", "Ibadan"),
    "Onitsha": pgettext_lazy("place", "Onitsha"),
    "Kaduna": pgettext_lazy("place", "Kaduna"),
    "Ikeja": pgettext_lazy("place", "Ikeja"),
    "Cotonou": pgettext_lazy("place", "Cotonou"),
    "Nigeria": pgettext_lazy("place", "Nigeria"),
}
_PERCENT_OF = {
    "protein": pgettext_lazy("percent of", "protein"),
    "moisture": pgettext_lazy("percent of", "moisture"),
    "fat": pgettext_lazy("percent of", "fat"),
    "purity": pgettext_lazy("percent of", "purity"),
    "gluten": pgettext_lazy("percent of", "gluten"),
    "sulphur": pgettext_lazy("percent of", "sulphur"),
    "ash": pgettext_lazy("percent of", "ash"),
    "broken": pgettext_lazy("percent of", "broken"),
    "Fe": "Fe",
    "N": "N",
}
_GRADE_WORDS = {
    "grade": pgettext_lazy("grade", "grade %(value)s"),
    "class": pgettext_lazy("grade", "class %(value)s"),
    "type": pgettext_lazy("grade", "type %(value)s"),
}
_QUALITIES = {
    "premium grade": pgettext_lazy("grade", "premium grade"),
    "extra grade": pgettext_lazy("grade", "extra grade"),
    "premium class": pgettext_lazy("grade", "premium class"),
    "extra class": pgettext_lazy("grade", "extra class"),
    "export quality": pgettext_lazy("grade", "export quality"),
    "high quality": pgettext_lazy("grade", "high quality"),
    "premium quality": pgettext_lazy("grade", "premium quality"),
    "good quality": pgettext_lazy("grade", "good quality"),
    "best quality": pgettext_lazy("grade", "best quality"),
    "top quality": pgettext_lazy("grade", "top quality"),
    "milling quality": pgettext_lazy("grade", "milling quality"),
    "food grade": pgettext_lazy("grade", "food grade"),
    "feed grade": pgettext_lazy("grade", "feed grade"),
    "industrial grade": pgettext_lazy("grade", "industrial grade"),
    "technical grade": pgettext_lazy("grade", "technical grade"),
}
_STANDARDS = {
    "GOST R": pgettext_lazy("standard", "GOST R"),
    "GOST": pgettext_lazy("standard", "GOST"),
    "ST RK": pgettext_lazy("standard", "ST RK"),
    "TU": pgettext_lazy("standard", "TU"),
}
_EURO = re.compile(r"Euro ([2-6])")
_ORIGINS = {"from Kazakhstan": pgettext_lazy("origin", "from Kazakhstan")}

_AMOUNT = re.compile(rf"{_APPROX}({_NUMBER}) {_UNIT}(?: (per month|per year|per week))?")
_PACK_COUNT = re.compile(rf"{_APPROX}({_NUMBER}) ([A-Za-z ]+)")
_CONTAINER_COUNT = re.compile(rf"({_NUMBER}) × (20|40|45)ft( HC)? containers?")
_PACKED = re.compile(rf"({_NUMBER}) {_UNIT} ([A-Za-z ]+)")
_SIZE = re.compile(rf"{_APPROX}(Ø?)({_NUMBER}) {_UNIT}")
_SIDES = re.compile(rf"({_NUMBER}(?: × {_NUMBER}){{1,2}})(?: {_UNIT})?")
_REBAR = re.compile(r"(Y[0-9]{1,2}) \(([0-9]{1,2}) mm\)")
_PERCENT = re.compile(rf"{_APPROX}({_NUMBER})%(?: ([A-Za-z]+))?")
_GRADED = re.compile(r"(grade|class|type) ([0-9A-Za-z.]{1,5})")
_STANDARD = re.compile(r"(GOST R|GOST|ST RK|TU) (.{1,40})")
_DESTINATION = re.compile(r"to (.{1,100})")
_TERMS = re.compile(r"([A-Z]{3}) (.{1,100})")
_CODE = re.compile(r"HS (chapter )?([0-9.]{2,14})")


def fact_label(fact: Fact, *, grouped: bool = True) -> str:
    """The fact in the active language; grouped: quantities with thousands grouped
    (5,000 t, 5 000 т), as the page shows them."""
    if _as_typed(fact):
        return fact.label
    say = _SAYERS.get(fact.kind)
    return (say(fact.label, grouped) if say else None) or fact.label


def _as_typed(fact: Fact) -> bool:
    """A number too large to be meant, which the query reader shows as the buyer typed it
    (catalogue.search.query.facts.as_typed)."""
    return (
        fact.kind in (Kind.QUANTITY, Kind.SIZE, Kind.GRADE)
        and fact.value is None
        and bool(fact.unit)
        and fact.label == " ".join(fact.text.split())
    )


def _number(text: str, grouped: bool = False) -> str:
    return number_format(Decimal(text), force_grouping=grouped)


def _approx(word: str | None, said: str) -> str:
    return f"{_APPROXIMATELY[word]} {said}" if word else said


def _unit(unit: str) -> str:
    return str(_UNITS[unit])


def _pack(label: str) -> str | None:
    """`PP woven bags` → «полипропиленовые тканые мешки»; None for no pack."""
    if label in _PACKS:
        return str(_PACKS[label])
    *materials, noun = label.split(" ")
    if noun not in _PACKS or not all(m in _MATERIALS for m in materials):
        return None
    return " ".join([*(str(_MATERIALS[m]) for m in materials), str(_PACKS[noun])])


def _container(size: str, high_cube: bool) -> str:
    if high_cube:
        return gettext("%(size)sft HC container") % {"size": size}
    return gettext("%(size)sft container") % {"size": size}


def _quantity(label: str, grouped: bool) -> str | None:
    if match := _AMOUNT.fullmatch(label):
        approx, number, unit, often = match.groups()
        amount = _number(number, grouped)
        said = _containers(number, amount) if unit == "containers" else f"{amount} {_unit(unit)}"
        said = _approx(approx, said)
        return f"{said} {_OFTEN[often]}" if often else said
    if match := _CONTAINER_COUNT.fullmatch(label):
        number, size, high_cube = match.groups()
        return _containers_of(number, _number(number, grouped), size, bool(high_cube))
    if match := _PACK_COUNT.fullmatch(label):
        approx, number, pack = match.groups()
        said = _pack(pack)
        amount = _approx(approx, _number(number, grouped))
        if said:
            return gettext("%(amount)s %(pack)s") % {"amount": amount, "pack": said}
    return None


def _count(number: str) -> int:
    return plural_count(Decimal(number))


def _containers(number: str, amount: str) -> str:
    said = ngettext("%(amount)s container", "%(amount)s containers", _count(number))
    return said % {"amount": amount}


def _containers_of(number: str, amount: str, size: str, high_cube: bool) -> str:
    """`2 × 40ft HC containers`."""
    values = {"amount": amount, "size": size}
    if high_cube:
        said = ngettext(
            "%(amount)s × %(size)sft HC container",
            "%(amount)s × %(size)sft HC containers",
            _count(number),
        )
    else:
        said = ngettext(
            "%(amount)s × %(size)sft container",
            "%(amount)s × %(size)sft containers",
            _count(number),
        )
    return said % values


def _packaging(label: str, grouped: bool) -> str | None:
    if label == "in bulk":
        return gettext("in bulk")
    if match := _CONTAINER.fullmatch(label):
        return _container(match.group(1), bool(match.group(2)))
    if match := _PACKED.fullmatch(label):
        number, unit, pack = match.groups()
        said = _pack(pack)
        weight = f"{_number(number)} {_unit(unit)}"
        if said:
            return gettext("%(weight)s %(pack)s") % {"weight": weight, "pack": said}
        return None
    return _pack(label)


def _size(label: str, grouped: bool) -> str | None:
    if match := _SIZE.fullmatch(label):
        approx, diameter, number, unit = match.groups()
        return _approx(approx, f"{diameter}{_number(number)} {_unit(unit)}")
    if match := _SIDES.fullmatch(label):
        sides, unit = match.groups()
        said = " × ".join(_number(side) for side in sides.split(" × "))
        return f"{said} {_unit(unit)}" if unit else said
    if match := _REBAR.fullmatch(label):
        return f"{match.group(1)} ({_number(match.group(2))} {_unit('mm')})"
    return None


def _grade(label: str, grouped: bool) -> str | None:
    if label in _QUALITIES:
        return str(_QUALITIES[label])
    if match := _PERCENT.fullmatch(label):
        approx, number, noun = match.groups()
        percent = _approx(approx, f"{_number(number)}%")
        if noun is None:
            return percent
        if noun in _PERCENT_OF:
            return gettext("%(percent)s %(noun)s") % {
                "percent": percent,
                "noun": _PERCENT_OF[noun],
            }
        return None
    if match := _SIZE.fullmatch(label):  # 10 ppm
        approx, _, number, unit = match.groups()
        return _approx(approx, f"{_number(number)} {_unit(unit)}")
    if match := _GRADED.fullmatch(label):
        return str(_GRADE_WORDS[match.group(1)]) % {"value": match.group(2)}
    return None


def _standard(label: str, grouped: bool) -> str | None:
    if match := _EURO.fullmatch(label):
        return pgettext("standard", "Euro %(class)s") % {"class": match.group(1)}
    match = _STANDARD.fullmatch(label)
    return f"{_STANDARDS[match.group(1)]} {match.group(2)}" if match else None


def _place(name: str) -> str:
    """`Apapa port` → «порт Апапа»; a place the buyer named and we do not know, as named."""
    for suffix, said in (
        (" port", pgettext_lazy("place", "%(place)s port")),
        (" state", pgettext_lazy("place", "%(place)s state")),
    ):
        if name.endswith(suffix):
            return str(said) % {"place": _place(name.removesuffix(suffix))}
    return str(_PLACES.get(name, name))


def _destination(label: str, grouped: bool) -> str | None:
    match = _DESTINATION.fullmatch(label)
    return gettext("to %(place)s") % {"place": _place(match.group(1))} if match else None


def _terms(label: str, grouped: bool) -> str | None:
    match = _TERMS.fullmatch(label)
    return f"{match.group(1)} {_place(match.group(2))}" if match else None


def _origin(label: str, grouped: bool) -> str | None:
    return str(_ORIGINS[label]) if label in _ORIGINS else None


def _code(label: str, grouped: bool) -> str | None:
    match = _CODE.fullmatch(label)
    if match is None:
        return None
    if match.group(1):
        return pgettext("fact", "HS chapter %(code)s") % {"code": match.group(2)}
    return pgettext("fact", "HS %(code)s") % {"code": match.group(2)}


def container_of(fact: Fact) -> str | None:
    """The container a count of containers names: `2 × 40ft HC containers` → «40ft HC
    container»; None when the count names no size (`5 containers`)."""
    match = _CONTAINER_COUNT.fullmatch(fact.label)
    return _container(match.group(2), bool(match.group(3))) if match else None


def packs_of(count: Fact, size: Fact | None = None) -> str | None:
    """The pack a count of packs names, with its size when another fact gives one:
    `2000 jerrycans` and `25 l` → «25 l jerrycans» («канистры по 25 л»); None when the
    count is of no pack (`5000 t`)."""
    match = _PACK_COUNT.fullmatch(count.label)
    pack = match.group(3) if match else ""
    if not _pack(pack):
        return None
    if size is not None and re.fullmatch(rf"{_NUMBER} {_UNIT}", size.label):
        return _packaging(f"{size.label} {pack}", False)
    return _pack(pack)


# Purposes and buyer phrases are the buyer's own words: shown as they are.
_SAYERS: dict[Kind, Callable[[str, bool], str | None]] = {
    Kind.QUANTITY: _quantity,
    Kind.PACKAGING: _packaging,
    Kind.SIZE: _size,
    Kind.GRADE: _grade,
    Kind.STANDARD: _standard,
    Kind.DESTINATION: _destination,
    Kind.TERMS: _terms,
    Kind.ORIGIN: _origin,
    Kind.CODE: _code,
}
